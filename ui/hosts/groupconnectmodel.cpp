#include "ui/hosts/groupconnectmodel.h"

#include "core/connect/target.h"

#include <QBrush>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QPalette>
#include <QTimer>

Q_LOGGING_CATEGORY(lcGroupConnect, "econtext.hosts.group", QtWarningMsg)

namespace Econtext {

GroupConnectModel::GroupConnectModel(Broker *broker, QObject *parent)
    : QAbstractTableModel(parent)
    , m_broker(broker)
{}

GroupConnectModel::~GroupConnectModel() = default;

void GroupConnectModel::setMaxParallel(int count)
{
    m_maxParallel = qMax(1, count);
    schedulePump();
}

void GroupConnectModel::addHost(const ConnectOptions &options, const QString &title)
{
    Entry entry;
    entry.options = options;
    entry.title = !title.isEmpty() ? title : !options.name.isEmpty() ? options.name : options.host;
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.append(entry);
    endInsertRows();
    m_finishedEmitted = false;
    Q_EMIT progressChanged();
    schedulePump();
}

void GroupConnectModel::start()
{
    m_started = true;
    schedulePump();
}

void GroupConnectModel::schedulePump()
{
    if (!m_started || m_pumpQueued)
        return;
    m_pumpQueued = true;
    // Coalesces the many state changes that arrive together into one pass.
    QTimer::singleShot(0, this, [this] {
        m_pumpQueued = false;
        pump();
    });
}

int GroupConnectModel::runningCount() const
{
    return int(std::count_if(m_entries.cbegin(), m_entries.cend(), [](const Entry &e) {
        return e.state == HostState::Connecting;
    }));
}

void GroupConnectModel::pump()
{
    int running = runningCount();
    for (int row = 0; row < m_entries.size() && running < m_maxParallel; ++row) {
        if (m_entries.at(row).state != HostState::Waiting)
            continue;
        startEntry(row);
        ++running;
    }
    if (isFinished() && !m_finishedEmitted && !m_entries.isEmpty()) {
        m_finishedEmitted = true;
        Q_EMIT finished();
    }
}

void GroupConnectModel::startEntry(int row)
{
    Entry &entry = m_entries[row];
    if (!m_broker) {
        setState(row, HostState::Failed, tr("The application is shutting down."));
        return;
    }
    const int attempt = ++entry.attempt;
    entry.error.clear();
    Context *context = m_broker->connectContext(entry.options);
    entry.context = context;
    entry.contextId = context->id();
    setState(row, HostState::Connecting);
    qCDebug(lcGroupConnect) << "connecting" << entry.title << "as context" << entry.contextId;
    // The context lives on the broker thread: its signals arrive here queued.
    connect(context,
            &Context::stateChanged,
            this,
            [this, row, attempt](ContextState state, const QString &reason) {
                onContextState(row, attempt, state, reason);
            });
    // It may have settled before the connection above existed.
    const ContextState now = context->state();
    if (now != ContextState::Connecting && now != ContextState::Bootstrapping)
        onContextState(row, attempt, now, context->errorString());
}

void GroupConnectModel::onContextState(int row,
                                       int attempt,
                                       ContextState state,
                                       const QString &reason)
{
    if (row < 0 || row >= m_entries.size())
        return;
    const Entry &entry = m_entries.at(row);
    if (entry.attempt != attempt)
        return;
    switch (state) {
    case ContextState::Connecting:
    case ContextState::Bootstrapping:
        return;
    case ContextState::Connected:
        if (entry.state == HostState::Connecting)
            setState(row, HostState::Connected);
        break;
    case ContextState::Failed:
        if (entry.state == HostState::Connecting || entry.state == HostState::Connected) {
            setState(row,
                     HostState::Failed,
                     reason.isEmpty() ? tr("The connection failed.") : reason);
        }
        break;
    case ContextState::Disconnected:
        if (entry.state == HostState::Connecting) {
            setState(row,
                     HostState::Failed,
                     reason.isEmpty() ? tr("The context disconnected while connecting.") : reason);
        } else if (entry.state == HostState::Connected) {
            setState(row, HostState::Disconnected, reason);
        }
        break;
    }
    schedulePump();
}

void GroupConnectModel::setState(int row, HostState state, const QString &error)
{
    Entry &entry = m_entries[row];
    if (entry.state == state && entry.error == error)
        return;
    entry.state = state;
    entry.error = error;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    Q_EMIT progressChanged();
}

void GroupConnectModel::cancelAll()
{
    for (int row = 0; row < m_entries.size(); ++row) {
        Entry &entry = m_entries[row];
        if (entry.state == HostState::Waiting) {
            setState(row, HostState::Cancelled, tr("Cancelled before it started."));
        } else if (entry.state == HostState::Connecting) {
            ++entry.attempt; // what that context says from now on does not count
            if (Context *c = entry.context.data())
                c->disconnectNow();
            setState(row, HostState::Cancelled, tr("Cancelled while connecting."));
        }
    }
    schedulePump();
    if (!m_started && !m_finishedEmitted && !m_entries.isEmpty()) {
        m_finishedEmitted = true;
        Q_EMIT finished();
    }
}

void GroupConnectModel::retryFailed()
{
    bool any = false;
    for (int row = 0; row < m_entries.size(); ++row) {
        const HostState s = m_entries.at(row).state;
        if (s == HostState::Failed || s == HostState::Cancelled || s == HostState::Disconnected) {
            setState(row, HostState::Waiting);
            any = true;
        }
    }
    if (any) {
        m_finishedEmitted = false;
        m_started = true;
        schedulePump();
    }
}

int GroupConnectModel::connectedCount() const
{
    return int(std::count_if(m_entries.cbegin(), m_entries.cend(), [](const Entry &e) {
        return e.state == HostState::Connected;
    }));
}

int GroupConnectModel::failedCount() const
{
    return int(std::count_if(m_entries.cbegin(), m_entries.cend(), [](const Entry &e) {
        return e.state == HostState::Failed || e.state == HostState::Cancelled
               || e.state == HostState::Disconnected;
    }));
}

int GroupConnectModel::pendingCount() const
{
    return int(std::count_if(m_entries.cbegin(), m_entries.cend(), [](const Entry &e) {
        return e.state == HostState::Waiting || e.state == HostState::Connecting;
    }));
}

GroupConnectModel::HostState GroupConnectModel::hostState(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).state : HostState::Waiting;
}

QString GroupConnectModel::errorString(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).error : QString();
}

Context *GroupConnectModel::context(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).context.data() : nullptr;
}

QString GroupConnectModel::stateText(HostState state)
{
    switch (state) {
    case HostState::Waiting:
        return tr("Waiting");
    case HostState::Connecting:
        return tr("Connecting");
    case HostState::Connected:
        return tr("Connected");
    case HostState::Failed:
        return tr("Failed");
    case HostState::Cancelled:
        return tr("Cancelled");
    case HostState::Disconnected:
        return tr("Disconnected");
    }
    return {};
}

int GroupConnectModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int GroupConnectModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GroupConnectModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return entry.title;
        case TargetColumn:
            return formatTarget(entry.options);
        case StateColumn:
            return stateText(entry.state);
        case ErrorColumn:
            return entry.error;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (!entry.error.isEmpty())
            return entry.error;
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StateColumn || index.column() == ErrorColumn) {
            if (entry.state == HostState::Failed)
                return QBrush(QColor(0xc0, 0x1c, 0x28));
            if (entry.state == HostState::Connected)
                return QBrush(QColor(0x26, 0xa2, 0x69));
        }
        return {};
    case HostStateRole:
        return int(entry.state);
    case ContextIdRole:
        return entry.contextId;
    default:
        return {};
    }
}

QVariant GroupConnectModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Host");
    case TargetColumn:
        return tr("Target");
    case StateColumn:
        return tr("State");
    case ErrorColumn:
        return tr("Error");
    default:
        return {};
    }
}

} // namespace Econtext
