#include "ui/contexts/contexttreemodel.h"

#include "core/broker/broker.h"
#include "ui/icons.h"

#include <QBrush>
#include <QCoreApplication>
#include <QDateTime>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>
#include <QTimer>

#include <algorithm>
#include <array>

namespace Econtext {

struct ContextTreeModel::Node
{
    Row row;
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;
    std::array<QString, ColumnCount> text; // what the view was last told
};

namespace {
QString stateText(ContextState state)
{
    return contextStateName(state);
}
} // namespace

ContextTreeModel::ContextTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
    , m_timer(new QTimer(this))
    , m_startedMs(QDateTime::currentMSecsSinceEpoch())
{
    m_root->row.state = ContextState::Connected;
    m_root->row.attached = true;
    m_root->row.connectedSinceMs = m_startedMs;
    m_timer->setInterval(RefreshIntervalMs);
    m_timer->setTimerType(Qt::CoarseTimer);
    connect(m_timer, &QTimer::timeout, this, &ContextTreeModel::refresh);
    m_timer->start();
    for (int c = 0; c < ColumnCount; ++c)
        m_root->text[std::size_t(c)] = masterData(c, Qt::DisplayRole).toString();
}

ContextTreeModel::~ContextTreeModel() = default;

void ContextTreeModel::setBroker(Broker *broker)
{
    if (m_broker)
        disconnect(m_broker, nullptr, this, nullptr);
    m_broker = broker;
    if (!broker)
        return;
    connect(broker, &Broker::contextAdded, this, &ContextTreeModel::addContext);
    connect(broker, &Broker::contextRemoved, this, &ContextTreeModel::detachContext);
    const QList<Context *> existing = broker->contexts();
    for (Context *context : existing)
        addContext(context);
}

Broker *ContextTreeModel::broker() const
{
    return m_broker.data();
}

ContextTreeModel::Node *ContextTreeModel::nodeFor(quint32 id) const
{
    if (id == 0)
        return m_root.get();
    return m_nodes.value(id, nullptr);
}

ContextTreeModel::Node *ContextTreeModel::nodeFromIndex(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    return static_cast<Node *>(index.internalPointer());
}

int ContextTreeModel::rowOf(const Node *node) const
{
    if (!node->parent)
        return 0;
    const auto &siblings = node->parent->children;
    for (std::size_t i = 0; i < siblings.size(); ++i) {
        if (siblings[i].get() == node)
            return int(i);
    }
    return -1;
}

QModelIndex ContextTreeModel::indexForNode(const Node *node, int column) const
{
    if (!node)
        return {};
    return createIndex(rowOf(node), column, const_cast<Node *>(node));
}

QModelIndex ContextTreeModel::indexForId(quint32 id, int column) const
{
    return indexForNode(nodeFor(id), column);
}

quint32 ContextTreeModel::idForIndex(const QModelIndex &index) const
{
    const Node *node = nodeFromIndex(index);
    return node ? node->row.id : 0;
}

Context *ContextTreeModel::contextForIndex(const QModelIndex &index) const
{
    const Node *node = nodeFromIndex(index);
    if (!node || node == m_root.get() || !node->row.attached)
        return nullptr;
    return node->row.context.data();
}

const ContextTreeModel::Row *ContextTreeModel::row(quint32 id) const
{
    const Node *node = nodeFor(id);
    return node ? &node->row : nullptr;
}

QList<quint32> ContextTreeModel::contextIds() const
{
    QList<quint32> ids = m_nodes.keys();
    std::sort(ids.begin(), ids.end());
    return ids;
}

int ContextTreeModel::stateCount(ContextState state) const
{
    int n = 0;
    for (const Node *node : m_nodes) {
        if (node->row.state == state)
            ++n;
    }
    return n;
}

void ContextTreeModel::addContext(Context *context)
{
    if (!context)
        return;
    const quint32 id = context->id();
    if (id == 0)
        return;
    if (Node *existing = m_nodes.value(id, nullptr)) {
        // The broker reuses no ids, but a reconnect may hand the same object again.
        existing->row.context = context;
        existing->row.attached = true;
        return;
    }

    auto node = std::make_unique<Node>();
    Row &r = node->row;
    r.id = id;
    r.parentId = context->parentId();
    r.context = context;
    r.attached = true;
    r.name = context->name();
    r.method = context->method();
    r.description = context->description();
    r.state = context->state();
    r.reason = context->errorString();
    r.facts = context->facts();
    r.stats = context->stats();
    r.connectedSinceMs = context->connectedSinceMs();
    pollWaiting(r, context);

    Node *parentNode = nodeFor(r.parentId);
    if (!parentNode)
        parentNode = m_root.get(); // its parent is not (or no longer) listed
    node->parent = parentNode;
    for (int c = 0; c < ColumnCount; ++c)
        node->text[std::size_t(c)] = displayData(node.get(), c).toString();

    Node *raw = node.get();
    const int position = int(parentNode->children.size());
    beginInsertRows(indexForNode(parentNode, 0), position, position);
    parentNode->children.push_back(std::move(node));
    m_nodes.insert(id, raw);
    endInsertRows();

    // Children that arrived before their parent move under it now.
    for (int i = int(m_root->children.size()) - 1; i >= 0; --i) {
        Node *orphan = m_root->children[std::size_t(i)].get();
        if (orphan == raw || orphan->row.parentId != id)
            continue;
        const QModelIndex rootIndex = indexForNode(m_root.get(), 0);
        const QModelIndex newParent = indexForNode(raw, 0);
        const int to = int(raw->children.size());
        beginMoveRows(rootIndex, i, i, newParent, to);
        std::unique_ptr<Node> moved = std::move(m_root->children[std::size_t(i)]);
        m_root->children.erase(m_root->children.begin() + i);
        moved->parent = raw;
        raw->children.push_back(std::move(moved));
        endMoveRows();
    }

    follow(context);

    Q_EMIT contextStateChanged(id, r.state, r.reason);
    emitRowChanged(m_root.get(), MessagesColumn, ImportsColumn);
}

void ContextTreeModel::follow(Context *context)
{
    const quint32 id = context->id();
    connect(context,
            &Context::stateChanged,
            this,
            [this, id](ContextState state, const QString &reason) {
                onStateChanged(id, state, reason);
            });
    connect(context, &Context::factsReceived, this, [this, id](const ContextFacts &facts) {
        onFactsReceived(id, facts);
    });
}

void ContextTreeModel::replaceContext(quint32 oldId, Context *fresh)
{
    Node *node = m_nodes.value(oldId, nullptr);
    if (!fresh || fresh->id() == 0 || m_nodes.contains(fresh->id()))
        return;
    if (!node) {
        addContext(fresh);
        return;
    }
    if (Context *old = node->row.context.data())
        disconnect(old, nullptr, this, nullptr);
    const quint32 id = fresh->id();
    m_nodes.remove(oldId);
    m_nodes.insert(id, node);
    Row &r = node->row;
    r.id = id;
    r.parentId = fresh->parentId();
    r.context = fresh;
    r.attached = true;
    r.name = fresh->name();
    r.method = fresh->method();
    r.description = fresh->description();
    r.state = fresh->state();
    r.reason = fresh->errorString();
    r.facts = fresh->facts();
    r.stats = fresh->stats();
    r.connectedSinceMs = fresh->connectedSinceMs();
    r.endedMs = 0;
    pollWaiting(r, fresh);
    for (const std::unique_ptr<Node> &child : node->children)
        child->row.parentId = id;
    follow(fresh);
    emitRowChanged(node, 0, ColumnCount - 1, true);
    Q_EMIT contextStateChanged(id, r.state, r.reason);
    emitRowChanged(m_root.get(), MessagesColumn, ImportsColumn);
}

void ContextTreeModel::detachContext(quint32 id)
{
    Node *node = m_nodes.value(id, nullptr);
    if (!node)
        return;
    Row &r = node->row;
    if (r.context) {
        // Take the last word from the context while it is still reachable.
        r.stats = r.context->stats();
        const ContextState state = r.context->state();
        if (state != r.state)
            onStateChanged(id, state, r.context->errorString());
    }
    r.context = nullptr;
    r.attached = false;
    if (r.state != ContextState::Failed && r.state != ContextState::Disconnected)
        onStateChanged(id, ContextState::Disconnected, r.reason);
    emitRowChanged(node, 0, ColumnCount - 1, true);
}

void ContextTreeModel::removeContext(quint32 id)
{
    Node *node = m_nodes.value(id, nullptr);
    if (!node)
        return;
    Node *parentNode = node->parent;
    const QModelIndex nodeIndex = indexForNode(node, 0);
    const QModelIndex parentIndex = indexForNode(parentNode, 0);
    // Its children stay listed: they move up to its parent.
    while (!node->children.empty()) {
        const int to = int(parentNode->children.size());
        beginMoveRows(nodeIndex, 0, 0, parentIndex, to);
        std::unique_ptr<Node> moved = std::move(node->children.front());
        node->children.erase(node->children.begin());
        moved->parent = parentNode;
        parentNode->children.push_back(std::move(moved));
        endMoveRows();
    }
    const int position = rowOf(node);
    beginRemoveRows(parentIndex, position, position);
    m_nodes.remove(id);
    parentNode->children.erase(parentNode->children.begin() + position);
    endRemoveRows();
    emitRowChanged(m_root.get(), MessagesColumn, ImportsColumn);
}

bool ContextTreeModel::isFinished(quint32 id) const
{
    const Node *node = m_nodes.value(id, nullptr);
    if (!node)
        return false;
    return !node->row.attached || node->row.state == ContextState::Failed
           || node->row.state == ContextState::Disconnected;
}

void ContextTreeModel::removeFinished()
{
    const QList<quint32> ids = contextIds();
    for (quint32 id : ids) {
        if (isFinished(id))
            removeContext(id);
    }
}

void ContextTreeModel::onStateChanged(quint32 id, ContextState state, const QString &reason)
{
    Node *node = m_nodes.value(id, nullptr);
    if (!node)
        return;
    Row &r = node->row;
    if (r.state == state && r.reason == reason)
        return;
    const bool wasConnected = r.state == ContextState::Connected;
    r.state = state;
    if (!reason.isEmpty() || state == ContextState::Connected)
        r.reason = reason;
    if (state == ContextState::Connected && r.context) {
        r.connectedSinceMs = r.context->connectedSinceMs();
        if (r.facts.pythonVersion.isEmpty())
            r.facts = r.context->facts();
    }
    if (wasConnected && state != ContextState::Connected)
        r.endedMs = QDateTime::currentMSecsSinceEpoch();
    if (state != ContextState::Connecting && state != ContextState::Bootstrapping) {
        r.waitingFor.clear();
        r.waitingSinceMs = 0;
    }
    emitRowChanged(node, 0, ColumnCount - 1, true);
    Q_EMIT contextStateChanged(id, state, r.reason);
}

void ContextTreeModel::onFactsReceived(quint32 id, const ContextFacts &facts)
{
    Node *node = m_nodes.value(id, nullptr);
    if (!node)
        return;
    node->row.facts = facts;
    emitRowChanged(node, 0, ColumnCount - 1);
}

void ContextTreeModel::emitRowChanged(const Node *cnode,
                                      int firstColumn,
                                      int lastColumn,
                                      bool forceState)
{
    auto *node = const_cast<Node *>(cnode);
    int first = ColumnCount;
    int last = -1;
    for (int c = firstColumn; c <= lastColumn; ++c) {
        const QString text = node == m_root.get() ? masterData(c, Qt::DisplayRole).toString()
                                                  : displayData(node, c).toString();
        if (text != node->text[std::size_t(c)]) {
            node->text[std::size_t(c)] = text;
            first = std::min(first, c);
            last = std::max(last, c);
        }
    }
    // The state column also carries the icon and reason, which text alone may not show.
    if (forceState && node != m_root.get()) {
        first = std::min(first, int(StateColumn));
        last = std::max(last, int(StateColumn));
    }
    if (last < 0)
        return;
    Q_EMIT dataChanged(indexForNode(node, first), indexForNode(node, last));
}

void ContextTreeModel::pollWaiting(Row &r, Context *context)
{
    if (!context
        || (r.state != ContextState::Connecting && r.state != ContextState::Bootstrapping)) {
        r.waitingFor.clear();
        r.waitingSinceMs = 0;
        return;
    }
    r.waitingFor = context->waitingFor();
    r.waitingSinceMs = r.waitingFor.isEmpty() ? 0 : context->waitingSinceMs();
}

QString ContextTreeModel::waitingText(const Row &r) const
{
    if (r.waitingFor.isEmpty())
        return {};
    const qint64 ms
            = r.waitingSinceMs > 0 ? QDateTime::currentMSecsSinceEpoch() - r.waitingSinceMs : 0;
    return tr("waiting for %1 (%2)").arg(r.waitingFor, formatAge(ms));
}

QString ContextTreeModel::waitingText(quint32 id) const
{
    const Node *node = m_nodes.value(id, nullptr);
    return node ? waitingText(node->row) : QString();
}

bool ContextTreeModel::isHiddenByDefault(int column)
{
    return column == OldestCallColumn || column == ImportsColumn;
}

QString ContextTreeModel::formatAge(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms / 1000);
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return tr("%1 h %2 min").arg(s / 3600).arg((s / 60) % 60);
}

void ContextTreeModel::refresh()
{
    for (Node *node : std::as_const(m_nodes)) {
        Row &r = node->row;
        Context *context = r.attached ? r.context.data() : nullptr;
        if (context) {
            r.stats = context->stats();
            // Signals are queued; a state we have not heard of yet still shows.
            const ContextState state = context->state();
            if (state != r.state)
                onStateChanged(r.id, state, context->errorString());
            if (r.state == ContextState::Connected && r.facts.pythonVersion.isEmpty())
                r.facts = context->facts();
            if (!r.connectedSinceMs)
                r.connectedSinceMs = context->connectedSinceMs();
            pollWaiting(r, context);
        }
        emitRowChanged(node, 0, ColumnCount - 1);
    }
    emitRowChanged(m_root.get(), 0, ColumnCount - 1);
}

ContextStats ContextTreeModel::totalStats() const
{
    ContextStats total;
    for (const Node *node : m_nodes) {
        total.messagesIn += node->row.stats.messagesIn;
        total.messagesOut += node->row.stats.messagesOut;
        total.bytesIn += node->row.stats.bytesIn;
        total.bytesOut += node->row.stats.bytesOut;
        total.importRequests += node->row.stats.importRequests;
        if (node->row.attached) {
            total.callsInFlight += node->row.stats.callsInFlight;
            const qint64 oldest = node->row.stats.oldestCallStartedMs;
            if (oldest > 0
                && (total.oldestCallStartedMs == 0 || oldest < total.oldestCallStartedMs))
                total.oldestCallStartedMs = oldest;
        }
    }
    return total;
}

QString ContextTreeModel::formatBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

QString ContextTreeModel::formatDuration(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms / 1000);
    const qint64 days = s / 86400;
    const QString hms = QStringLiteral("%1:%2:%3")
                                .arg((s / 3600) % 24)
                                .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
                                .arg(s % 60, 2, 10, QLatin1Char('0'));
    if (days > 0)
        return tr("%Ln d", nullptr, int(days)) + QLatin1Char(' ') + hms;
    return hms;
}

QVariant ContextTreeModel::displayData(const Node *node, int column) const
{
    const Row &r = node->row;
    const QLocale locale;
    switch (column) {
    case NameColumn:
        if (!r.name.isEmpty())
            return r.name;
        if (!r.description.isEmpty())
            return r.description;
        return tr("context %1").arg(r.id);
    case StateColumn:
        if (!r.waitingFor.isEmpty() && r.waitingSinceMs > 0)
            return tr("%1 (%2)").arg(
                    stateText(r.state),
                    formatAge(QDateTime::currentMSecsSinceEpoch() - r.waitingSinceMs));
        return stateText(r.state);
    case MethodColumn:
        return methodName(r.method);
    case PythonColumn:
        return r.facts.pythonVersion;
    case PidColumn:
        return r.facts.pid > 0 ? QString::number(r.facts.pid) : QString();
    case UptimeColumn:
        if (r.state != ContextState::Connected || r.connectedSinceMs <= 0)
            return QString();
        return formatDuration(QDateTime::currentMSecsSinceEpoch() - r.connectedSinceMs);
    case MessagesColumn:
        return QStringLiteral("%1 / %2").arg(locale.toString(r.stats.messagesIn),
                                             locale.toString(r.stats.messagesOut));
    case BytesColumn:
        return QStringLiteral("%1 / %2").arg(formatBytes(r.stats.bytesIn),
                                             formatBytes(r.stats.bytesOut));
    case CallsColumn:
        return r.attached ? locale.toString(r.stats.callsInFlight) : QString();
    case OldestCallColumn:
        if (!r.attached || r.stats.callsInFlight <= 0 || r.stats.oldestCallStartedMs <= 0)
            return QString();
        return formatAge(QDateTime::currentMSecsSinceEpoch() - r.stats.oldestCallStartedMs);
    case ImportsColumn:
        return locale.toString(r.stats.importRequests);
    default:
        return {};
    }
}

QVariant ContextTreeModel::masterData(int column, int role) const
{
    if (role == Qt::DisplayRole) {
        const QLocale locale;
        switch (column) {
        case NameColumn:
            return tr("master (this machine)");
        case StateColumn:
            return tr("Running");
        case MethodColumn:
            return QString();
        case PythonColumn:
            return QString();
        case PidColumn:
            return QString::number(QCoreApplication::applicationPid());
        case UptimeColumn:
            return formatDuration(QDateTime::currentMSecsSinceEpoch() - m_startedMs);
        case MessagesColumn: {
            const ContextStats t = totalStats();
            return QStringLiteral("%1 / %2").arg(locale.toString(t.messagesIn),
                                                 locale.toString(t.messagesOut));
        }
        case BytesColumn: {
            const ContextStats t = totalStats();
            return QStringLiteral("%1 / %2").arg(formatBytes(t.bytesIn), formatBytes(t.bytesOut));
        }
        case CallsColumn:
            return locale.toString(totalStats().callsInFlight);
        case OldestCallColumn: {
            const ContextStats t = totalStats();
            if (t.callsInFlight <= 0 || t.oldestCallStartedMs <= 0)
                return QString();
            return formatAge(QDateTime::currentMSecsSinceEpoch() - t.oldestCallStartedMs);
        }
        case ImportsColumn:
            return locale.toString(totalStats().importRequests);
        default:
            return {};
        }
    }
    if (role == Qt::DecorationRole && column == NameColumn)
        return Icons::masterIcon();
    if (role == Qt::ToolTipRole) {
        if (column == MessagesColumn)
            return tr("Messages received / sent by all contexts");
        if (column == BytesColumn)
            return tr("Bytes received / sent by all contexts");
        if (column == CallsColumn)
            return tr("Calls in flight in all contexts");
        if (column == OldestCallColumn)
            return tr("How long the oldest call in flight in any context has been running");
        if (column == ImportsColumn)
            return tr("Module requests served to all contexts");
        return tr("This program, which started and routes for every context");
    }
    return {};
}

QString ContextTreeModel::details(quint32 id) const
{
    const Node *node = nodeFor(id);
    if (!node || node == m_root.get())
        return {};
    const Row &r = node->row;
    QStringList lines;
    auto add = [&lines](const QString &label, const QString &value) {
        if (!value.isEmpty())
            lines.append(label + QStringLiteral(": ") + value);
    };
    add(tr("Name"), displayData(node, NameColumn).toString());
    add(tr("Id"), QString::number(r.id));
    if (r.parentId)
        add(tr("Parent"), QString::number(r.parentId));
    add(tr("Method"), methodName(r.method));
    add(tr("Target"), r.description);
    add(tr("State"), stateText(r.state));
    add(tr("Reason"), r.reason);
    add(tr("Python"),
        r.facts.pythonFull.isEmpty() ? r.facts.pythonVersion : r.facts.pythonFull.simplified());
    add(tr("Executable"), r.facts.executable);
    if (r.facts.pid > 0)
        add(tr("PID"), QString::number(r.facts.pid));
    if (!r.facts.user.isEmpty() || !r.facts.host.isEmpty())
        add(tr("User and host"), r.facts.user + QLatin1Char('@') + r.facts.host);
    add(tr("Platform"), r.facts.platform);
    add(tr("Uptime"), displayData(node, UptimeColumn).toString());
    add(tr("Messages in / out"), displayData(node, MessagesColumn).toString());
    add(tr("Bytes in / out"), displayData(node, BytesColumn).toString());
    add(tr("Calls in flight"), displayData(node, CallsColumn).toString());
    add(tr("Oldest call"), displayData(node, OldestCallColumn).toString());
    add(tr("Imports served"), displayData(node, ImportsColumn).toString());
    add(tr("Waiting"), waitingText(r));
    if (const Context *context = r.attached ? r.context.data() : nullptr) {
        const QList<BootstrapStage> stages = context->timeline();
        if (!stages.isEmpty()) {
            QStringList parts;
            for (const BootstrapStage &stage : stages)
                parts.append(tr("%1 %2 ms").arg(stage.name).arg(stage.msSinceStart));
            add(tr("Bootstrap"), parts.join(QStringLiteral(", ")));
        }
    }
    return lines.join(QLatin1Char('\n'));
}

QModelIndex ContextTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row == 0 ? createIndex(0, column, m_root.get()) : QModelIndex();
    if (parent.column() != 0)
        return {};
    const Node *parentNode = nodeFromIndex(parent);
    if (!parentNode || row >= int(parentNode->children.size()))
        return {};
    return createIndex(row, column, parentNode->children[std::size_t(row)].get());
}

QModelIndex ContextTreeModel::parent(const QModelIndex &child) const
{
    const Node *node = nodeFromIndex(child);
    if (!node || !node->parent)
        return {};
    return indexForNode(node->parent, 0);
}

int ContextTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return 1;
    if (parent.column() != 0)
        return 0;
    const Node *node = nodeFromIndex(parent);
    return node ? int(node->children.size()) : 0;
}

int ContextTreeModel::columnCount(const QModelIndex &parent) const
{
    Q_UNUSED(parent)
    return ColumnCount;
}

Qt::ItemFlags ContextTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QVariant ContextTreeModel::data(const QModelIndex &index, int role) const
{
    const Node *node = nodeFromIndex(index);
    if (!node || index.column() >= ColumnCount)
        return {};
    const bool master = node == m_root.get();
    const Row &r = node->row;
    const int column = index.column();

    switch (role) {
    case Qt::DisplayRole:
        return node->text[std::size_t(column)];
    case Qt::TextAlignmentRole:
        if (column >= PidColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case ContextIdRole:
        return r.id;
    case StateRole:
        return master ? -1 : int(r.state);
    case IsMasterRole:
        return master;
    case IsAttachedRole:
        return r.attached;
    case ReasonRole:
        return r.reason;
    case WaitingRole:
        return master ? QString() : waitingText(r);
    default:
        break;
    }
    if (master)
        return masterData(column, role);

    if (role == Qt::DecorationRole && column == StateColumn)
        return Icons::stateIcon(r.state);
    if (role == Qt::ToolTipRole) {
        switch (column) {
        case StateColumn:
            if (!r.waitingFor.isEmpty())
                return QString(stateText(r.state) + QStringLiteral(": ") + waitingText(r));
            if (!r.reason.isEmpty())
                return QString(stateText(r.state) + QStringLiteral(": ") + r.reason);
            return stateText(r.state);
        case MessagesColumn:
            return tr("Messages received: %1, sent: %2")
                    .arg(QLocale().toString(r.stats.messagesIn),
                         QLocale().toString(r.stats.messagesOut));
        case BytesColumn:
            return tr("Bytes received: %1, sent: %2")
                    .arg(formatBytes(r.stats.bytesIn), formatBytes(r.stats.bytesOut));
        case CallsColumn:
        case OldestCallColumn:
            if (r.stats.callsInFlight > 0 && r.stats.oldestCallStartedMs > 0)
                return tr("%n call(s) in flight; the oldest has run for %1",
                          nullptr,
                          int(r.stats.callsInFlight))
                        .arg(formatAge(QDateTime::currentMSecsSinceEpoch()
                                       - r.stats.oldestCallStartedMs));
            return tr("No call in flight");
        case ImportsColumn:
            return tr("Module requests served to this context: %1")
                    .arg(QLocale().toString(r.stats.importRequests));
        case PythonColumn:
            return r.facts.pythonFull.isEmpty() ? QVariant() : QVariant(r.facts.pythonFull);
        default: {
            QString tip = r.description;
            if (!r.facts.user.isEmpty() || !r.facts.host.isEmpty())
                tip += QLatin1Char('\n') + r.facts.user + QLatin1Char('@') + r.facts.host;
            if (!r.facts.executable.isEmpty())
                tip += QLatin1Char('\n') + r.facts.executable;
            if (!r.attached)
                tip += QLatin1Char('\n') + tr("No longer connected; its log stays open.");
            return tip.trimmed();
        }
        }
    }
    if (role == Qt::ForegroundRole && !r.attached && column != StateColumn)
        return QBrush(QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
    return {};
}

QVariant ContextTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NameColumn:
            return tr("Name");
        case StateColumn:
            return tr("State");
        case MethodColumn:
            return tr("Method");
        case PythonColumn:
            return tr("Python");
        case PidColumn:
            return tr("PID");
        case UptimeColumn:
            return tr("Uptime");
        case MessagesColumn:
            return tr("Messages in/out");
        case BytesColumn:
            return tr("Bytes in/out");
        case CallsColumn:
            return tr("Calls");
        case OldestCallColumn:
            return tr("Oldest call");
        case ImportsColumn:
            return tr("Imports");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case CallsColumn:
            return tr("Calls in flight");
        case OldestCallColumn:
            return tr("How long the oldest call in flight has been running");
        case ImportsColumn:
            return tr("Module requests served");
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && section >= PidColumn)
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    return {};
}

} // namespace Econtext
