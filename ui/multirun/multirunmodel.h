// MultiRunModel: the results of one command run on several contexts at once —
// a row per context (name, state, exit status, duration, first line of output)
// or, in grouped mode, a row per group of contexts that agree (same outcome,
// exit status and full output) with the contexts as children, so a hundred
// hosts that agree show as one row. Fed by MultiRunner; shown by MultiRunDialog.
#pragma once

#include <QAbstractItemModel>
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>

class QTimer;

namespace Econtext {

class MultiRunModel : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MultiRunModel)
public:
    enum Column {
        ContextColumn,
        StateColumn,
        ExitColumn,
        DurationColumn,
        OutputColumn,
        ColumnCount
    };
    enum class RunState { Pending, Running, Done, Failed };
    Q_ENUM(RunState)
    enum Role {
        FullOutputRole = Qt::UserRole + 1, // QString: all output of the entry or group
        RunStateRole,                      // int (RunState)
        ExitStatusRole,                    // int, or invalid when there is none
        IsGroupRole,                       // bool
        MemberCountRole,                   // int: contexts in the group (1 for an entry)
        ContextIdRole,                     // uint, entries only
        ContextNamesRole,                  // QStringList: the entry's or group's contexts
    };

    // Output kept per context; beyond it the tail is dropped with a note.
    static constexpr qsizetype MaxOutputPerEntry = 2 * 1024 * 1024;

    explicit MultiRunModel(QObject *parent = nullptr);
    ~MultiRunModel() override;

    // Entries: one per context of the run, addressed by the number addEntry returned.
    int addEntry(const QString &contextName, quint32 contextId);
    void clear();
    int entryCount() const { return int(m_entries.size()); }
    QString entryName(int entry) const;
    RunState entryState(int entry) const;
    QString entryOutput(int entry) const;
    bool isFinished() const; // no entry is pending or running

    void setRunning(int entry);
    void appendOutput(int entry, const QString &text);
    // Done: exitStatus < 0 means none (a Python expression); otherwise the command's status.
    void setDone(int entry, int exitStatus, bool hasExitStatus, qint64 durationMs);
    // Failed: the call itself failed or raised; the error text becomes the output.
    void setFailed(int entry, const QString &error, qint64 durationMs);

    bool isGrouped() const { return m_grouped; }
    void setGrouped(bool grouped);
    int groupCount() const { return int(m_groups.size()); }

    // Emits the coalesced dataChanged of streamed output now (tests, and before reading).
    void flushChanges();

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString stateName(RunState state);
    static QString formatDuration(qint64 ms);

private:
    struct Entry
    {
        QString name;
        quint32 contextId = 0;
        RunState state = RunState::Pending;
        int exitStatus = 0;
        bool hasExitStatus = false;
        qint64 durationMs = -1;
        QString output;
        bool truncated = false;
        quint32 groupId = 0;
    };
    struct Group
    {
        quint32 id = 0;
        QByteArray key;
        QList<int> members; // entry numbers
    };

    QByteArray groupKey(const Entry &e) const;
    int groupRow(quint32 groupId) const;
    // Puts the entry into the group its key says, moving it out of its old group.
    void regroup(int entry);
    void entryChanged(int entry, bool keyMayChange);
    QModelIndex entryIndex(int entry, int column) const;
    QVariant entryData(const Entry &e, int column, int role) const;
    QVariant groupData(const Group &g, int column, int role) const;
    static QString firstLine(const QString &text);

    QList<Entry> m_entries;
    QList<Group> m_groups;
    quint32 m_nextGroupId = 1;
    bool m_grouped = false;
    QSet<int> m_dirty;
    QTimer *m_changeTimer = nullptr;
};

} // namespace Econtext
