#include "ui/multirun/multirunmodel.h"

#include "core/broker/stopladder.h"
#include "ui/icons.h"

#include <QCryptographicHash>
#include <QLocale>
#include <QTimer>

#include <algorithm>

namespace Econtext {

namespace {
constexpr int kChangeIntervalMs = 50;
constexpr int kMaxNamesInToolTip = 20;
} // namespace

MultiRunModel::MultiRunModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_changeTimer(new QTimer(this))
{
    m_changeTimer->setSingleShot(true);
    m_changeTimer->setInterval(kChangeIntervalMs);
    connect(m_changeTimer, &QTimer::timeout, this, &MultiRunModel::flushChanges);
}

MultiRunModel::~MultiRunModel() = default;

// ------------------------------------------------------------------ entries

int MultiRunModel::addEntry(const QString &contextName, quint32 contextId)
{
    const int entry = int(m_entries.size());
    Entry e;
    e.name = contextName;
    e.contextId = contextId;
    if (!m_grouped)
        beginInsertRows({}, entry, entry);
    m_entries.append(e);
    if (!m_grouped)
        endInsertRows();
    regroup(entry);
    return entry;
}

void MultiRunModel::clear()
{
    beginResetModel();
    m_entries.clear();
    m_groups.clear();
    m_dirty.clear();
    m_changeTimer->stop();
    endResetModel();
}

QString MultiRunModel::entryName(int entry) const
{
    return m_entries.value(entry).name;
}

MultiRunModel::RunState MultiRunModel::entryState(int entry) const
{
    return m_entries.value(entry).state;
}

QString MultiRunModel::entryOutput(int entry) const
{
    return m_entries.value(entry).output;
}

bool MultiRunModel::isFinished() const
{
    return std::all_of(m_entries.cbegin(), m_entries.cend(), [](const Entry &e) {
        return e.state == RunState::Done || e.state == RunState::Failed;
    });
}

void MultiRunModel::setRunning(int entry)
{
    if (entry < 0 || entry >= m_entries.size())
        return;
    m_entries[entry].state = RunState::Running;
    entryChanged(entry, true);
}

void MultiRunModel::appendOutput(int entry, const QString &text)
{
    if (entry < 0 || entry >= m_entries.size() || text.isEmpty())
        return;
    Entry &e = m_entries[entry];
    if (e.truncated)
        return;
    const qsizetype room = MaxOutputPerEntry - e.output.size();
    if (text.size() > room) {
        e.output += QStringView(text).left(std::max<qsizetype>(room, 0));
        e.truncated = true;
    } else {
        e.output += text;
    }
    entryChanged(entry, false);
}

void MultiRunModel::setDone(int entry, int exitStatus, bool hasExitStatus, qint64 durationMs)
{
    if (entry < 0 || entry >= m_entries.size())
        return;
    Entry &e = m_entries[entry];
    e.state = RunState::Done;
    e.exitStatus = exitStatus;
    e.hasExitStatus = hasExitStatus;
    e.durationMs = durationMs;
    entryChanged(entry, true);
}

void MultiRunModel::setFailed(int entry, const QString &error, qint64 durationMs)
{
    if (entry < 0 || entry >= m_entries.size())
        return;
    Entry &e = m_entries[entry];
    e.state = RunState::Failed;
    e.hasExitStatus = false;
    e.durationMs = durationMs;
    if (!e.output.isEmpty() && !e.output.endsWith(u'\n'))
        e.output += u'\n';
    e.output += error;
    entryChanged(entry, true);
}

// ------------------------------------------------------------------ grouping

QByteArray MultiRunModel::groupKey(const Entry &e) const
{
    // Contexts still at work are never grouped: their output is not final yet.
    if (e.state == RunState::Pending || e.state == RunState::Running)
        return QByteArrayLiteral("running:") + e.name.toUtf8();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(e.output.toUtf8());
    QByteArray key = e.state == RunState::Failed ? QByteArrayLiteral("failed:")
                                                 : QByteArrayLiteral("done:");
    key += e.hasExitStatus ? QByteArray::number(e.exitStatus) : QByteArrayLiteral("-");
    key += ':' + hash.result().toHex();
    if (e.truncated)
        key += ":truncated";
    return key;
}

int MultiRunModel::groupRow(quint32 groupId) const
{
    for (int i = 0; i < m_groups.size(); ++i) {
        if (m_groups.at(i).id == groupId)
            return i;
    }
    return -1;
}

void MultiRunModel::regroup(int entry)
{
    Entry &e = m_entries[entry];
    const QByteArray key = groupKey(e);
    const int oldRow = e.groupId ? groupRow(e.groupId) : -1;
    if (oldRow >= 0 && m_groups.at(oldRow).key == key)
        return;

    if (oldRow >= 0) {
        const int pos = int(m_groups.at(oldRow).members.indexOf(entry));
        if (m_groups.at(oldRow).members.size() == 1) {
            if (m_grouped)
                beginRemoveRows({}, oldRow, oldRow);
            m_groups.removeAt(oldRow);
            if (m_grouped)
                endRemoveRows();
        } else {
            if (m_grouped)
                beginRemoveRows(index(oldRow, 0), pos, pos);
            m_groups[oldRow].members.removeAt(pos);
            if (m_grouped) {
                endRemoveRows();
                Q_EMIT dataChanged(index(oldRow, 0), index(oldRow, ColumnCount - 1));
            }
        }
        e.groupId = 0;
    }

    int row = -1;
    for (int i = 0; i < m_groups.size(); ++i) {
        if (m_groups.at(i).key == key) {
            row = i;
            break;
        }
    }
    if (row < 0) {
        row = int(m_groups.size());
        Group g;
        g.id = m_nextGroupId++;
        g.key = key;
        g.members.append(entry);
        if (m_grouped)
            beginInsertRows({}, row, row);
        m_groups.append(g);
        e.groupId = g.id;
        if (m_grouped)
            endInsertRows();
        return;
    }
    // Members stay in the order the contexts were given, not the order they finished in.
    const QList<int> &members = m_groups.at(row).members;
    const int pos
            = int(std::lower_bound(members.cbegin(), members.cend(), entry) - members.cbegin());
    if (m_grouped)
        beginInsertRows(index(row, 0), pos, pos);
    m_groups[row].members.insert(pos, entry);
    e.groupId = m_groups.at(row).id;
    if (m_grouped) {
        endInsertRows();
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

void MultiRunModel::entryChanged(int entry, bool keyMayChange)
{
    if (keyMayChange) {
        regroup(entry);
        m_dirty.remove(entry);
        Q_EMIT dataChanged(entryIndex(entry, 0), entryIndex(entry, ColumnCount - 1));
        if (m_grouped) {
            const int row = groupRow(m_entries.at(entry).groupId);
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
        return;
    }
    m_dirty.insert(entry);
    if (!m_changeTimer->isActive())
        m_changeTimer->start();
}

void MultiRunModel::flushChanges()
{
    m_changeTimer->stop();
    const QSet<int> dirty = std::exchange(m_dirty, {});
    for (const int entry : dirty) {
        if (entry >= m_entries.size())
            continue;
        Q_EMIT dataChanged(entryIndex(entry, 0), entryIndex(entry, ColumnCount - 1));
        if (m_grouped) {
            const int row = groupRow(m_entries.at(entry).groupId);
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
}

void MultiRunModel::setGrouped(bool grouped)
{
    if (grouped == m_grouped)
        return;
    beginResetModel();
    m_grouped = grouped;
    endResetModel();
}

// ------------------------------------------------------------------ model

QModelIndex MultiRunModel::entryIndex(int entry, int column) const
{
    if (entry < 0 || entry >= m_entries.size())
        return {};
    if (!m_grouped)
        return createIndex(entry, column, quintptr(0));
    const quint32 groupId = m_entries.at(entry).groupId;
    const int row = groupRow(groupId);
    if (row < 0)
        return {};
    return createIndex(int(m_groups.at(row).members.indexOf(entry)), column, quintptr(groupId));
}

QModelIndex MultiRunModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid()) {
        const qsizetype rows = m_grouped ? m_groups.size() : m_entries.size();
        return row < rows ? createIndex(row, column, quintptr(0)) : QModelIndex();
    }
    if (!m_grouped || parent.internalId() != 0 || parent.row() >= m_groups.size())
        return {};
    const Group &g = m_groups.at(parent.row());
    return row < g.members.size() ? createIndex(row, column, quintptr(g.id)) : QModelIndex();
}

QModelIndex MultiRunModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    const int row = groupRow(quint32(child.internalId()));
    return row < 0 ? QModelIndex() : createIndex(row, 0, quintptr(0));
}

int MultiRunModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_grouped ? m_groups.size() : m_entries.size());
    if (!m_grouped || parent.internalId() != 0 || parent.column() != 0
        || parent.row() >= m_groups.size())
        return 0;
    return int(m_groups.at(parent.row()).members.size());
}

int MultiRunModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant MultiRunModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() != 0) {
        const int row = groupRow(quint32(index.internalId()));
        if (row < 0)
            return {};
        const Group &g = m_groups.at(row);
        return entryData(m_entries.at(g.members.at(index.row())), index.column(), role);
    }
    if (m_grouped)
        return groupData(m_groups.at(index.row()), index.column(), role);
    return entryData(m_entries.at(index.row()), index.column(), role);
}

QVariant MultiRunModel::entryData(const Entry &e, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case ContextColumn:
            return e.name;
        case StateColumn:
            if (e.state == RunState::Done && e.hasExitStatus && e.exitStatus < 0)
                return StopLadder::endedBy(-e.exitStatus);
            return stateName(e.state);
        case ExitColumn:
            if (e.state != RunState::Done)
                return QString();
            if (e.hasExitStatus && e.exitStatus < 0)
                return StopLadder::signalName(-e.exitStatus);
            return e.hasExitStatus ? QString::number(e.exitStatus) : QStringLiteral("—");
        case DurationColumn:
            return e.durationMs < 0 ? QString() : formatDuration(e.durationMs);
        case OutputColumn:
            return firstLine(e.output);
        }
        return {};
    case Qt::ToolTipRole:
        return column == OutputColumn ? firstLine(e.output) : QVariant();
    case Qt::DecorationRole:
        if (column != StateColumn)
            return {};
        switch (e.state) {
        case RunState::Pending:
        case RunState::Running:
            return Icons::stateIcon(ContextState::Connecting);
        case RunState::Done:
            return Icons::stateIcon(!e.hasExitStatus || e.exitStatus == 0 ? ContextState::Connected
                                                                          : ContextState::Failed);
        case RunState::Failed:
            return Icons::stateIcon(ContextState::Failed);
        }
        return {};
    case Qt::TextAlignmentRole:
        if (column == ExitColumn || column == DurationColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case FullOutputRole:
        return e.truncated ? e.output + u'\n' + tr("[output truncated]") : e.output;
    case RunStateRole:
        return int(e.state);
    case ExitStatusRole:
        return e.state == RunState::Done && e.hasExitStatus ? QVariant(e.exitStatus) : QVariant();
    case IsGroupRole:
        return false;
    case MemberCountRole:
        return 1;
    case ContextIdRole:
        return e.contextId;
    case ContextNamesRole:
        return QStringList{e.name};
    default:
        return {};
    }
}

QVariant MultiRunModel::groupData(const Group &g, int column, int role) const
{
    const Entry &first = m_entries.at(g.members.constFirst());
    const int n = int(g.members.size());
    switch (role) {
    case Qt::DisplayRole:
        if (column == ContextColumn)
            return n == 1 ? first.name : tr("%n context(s)", nullptr, n);
        if (column == DurationColumn) {
            qint64 lo = first.durationMs;
            qint64 hi = first.durationMs;
            for (const int m : g.members) {
                lo = std::min(lo, m_entries.at(m).durationMs);
                hi = std::max(hi, m_entries.at(m).durationMs);
            }
            if (lo < 0)
                return QString();
            if (formatDuration(lo) == formatDuration(hi))
                return formatDuration(hi);
            return tr("%1 – %2").arg(formatDuration(lo), formatDuration(hi));
        }
        return entryData(first, column, role);
    case Qt::ToolTipRole:
        if (column == ContextColumn && n > 1) {
            QStringList names;
            for (int i = 0; i < std::min(n, kMaxNamesInToolTip); ++i)
                names.append(m_entries.at(g.members.at(i)).name);
            if (n > kMaxNamesInToolTip)
                names.append(tr("… and %n more", nullptr, n - kMaxNamesInToolTip));
            return names.join(u'\n');
        }
        return entryData(first, column, role);
    case IsGroupRole:
        return true;
    case MemberCountRole:
        return n;
    case ContextIdRole:
        return n == 1 ? QVariant(first.contextId) : QVariant();
    case ContextNamesRole: {
        QStringList names;
        for (const int m : g.members)
            names.append(m_entries.at(m).name);
        return names;
    }
    default:
        return entryData(first, column, role);
    }
}

QVariant MultiRunModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ContextColumn:
        return tr("Context");
    case StateColumn:
        return tr("State");
    case ExitColumn:
        return tr("Exit");
    case DurationColumn:
        return tr("Duration");
    case OutputColumn:
        return tr("Output");
    default:
        return {};
    }
}

QString MultiRunModel::stateName(RunState state)
{
    switch (state) {
    case RunState::Pending:
        return tr("pending");
    case RunState::Running:
        return tr("running");
    case RunState::Done:
        return tr("done");
    case RunState::Failed:
        return tr("failed");
    }
    return {};
}

QString MultiRunModel::formatDuration(qint64 ms)
{
    const QLocale locale;
    if (ms < 60000)
        return tr("%1 s").arg(locale.toString(double(ms) / 1000.0, 'f', ms < 10000 ? 2 : 1));
    return tr("%1 min %2 s").arg(ms / 60000).arg((ms / 1000) % 60, 2, 10, QLatin1Char('0'));
}

QString MultiRunModel::firstLine(const QString &text)
{
    const QStringView view = QStringView(text).trimmed();
    const qsizetype nl = view.indexOf(u'\n');
    return (nl < 0 ? view : view.left(nl)).trimmed().toString();
}

} // namespace Econtext
