// GroupConnectModel: connects many hosts at once (a folder, a tag, a selection) and is the
// table the group connect panel shows, one row per host with its state and error. Connects
// go through Broker::connectContext() and are asynchronous; at most maxParallel() are in
// flight, and each one that settles (connected, failed) lets the next start, so fifty hosts
// never start fifty handshakes in one go and the GUI thread only handles state signals.
// Failed hosts stay with their error and can be retried; cancelAll() stops what is waiting
// and drops what is still connecting.
#pragma once

#include "core/broker/broker.h"
#include "core/connect/connectoptions.h"

#include <QAbstractTableModel>
#include <QList>
#include <QPointer>

namespace Econtext {

class GroupConnectModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GroupConnectModel)
public:
    enum Column { NameColumn, TargetColumn, StateColumn, ErrorColumn, ColumnCount };
    enum class HostState { Waiting, Connecting, Connected, Failed, Cancelled, Disconnected };
    Q_ENUM(HostState)
    enum Role {
        HostStateRole = Qt::UserRole + 1, // HostState as int
        ContextIdRole,                    // quint32, 0 before the connect starts
    };

    static constexpr int DefaultMaxParallel = 16;

    explicit GroupConnectModel(Broker *broker, QObject *parent = nullptr);
    ~GroupConnectModel() override;

    void setMaxParallel(int count);
    int maxParallel() const { return m_maxParallel; }

    // Adds hosts to connect (before or after start()); title is what the row shows.
    void addHost(const ConnectOptions &options, const QString &title = QString());
    // Starts connecting what is waiting.
    void start();
    // Stops everything that has not connected yet: waiting hosts are not started, hosts
    // still connecting are disconnected. Connected ones stay connected.
    void cancelAll();
    // Queues every failed, cancelled or dropped host again.
    void retryFailed();

    int total() const { return int(m_entries.size()); }
    int connectedCount() const;
    int failedCount() const;  // failed, cancelled or disconnected: not connected, not pending
    int pendingCount() const; // waiting or connecting
    bool isFinished() const { return pendingCount() == 0; }

    HostState hostState(int row) const;
    QString errorString(int row) const;
    Context *context(int row) const;
    static QString stateText(HostState state);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // Counts changed (a host started, connected, failed, was cancelled or queued again).
    void progressChanged();
    // Nothing is waiting or connecting any more.
    void finished();

private:
    struct Entry
    {
        ConnectOptions options;
        QString title;
        HostState state = HostState::Waiting;
        QString error;
        QPointer<Context> context;
        quint32 contextId = 0;
        int attempt = 0; // signals of an older attempt are ignored
    };

    void schedulePump();
    void pump();
    void startEntry(int row);
    void onContextState(int row, int attempt, ContextState state, const QString &reason);
    void setState(int row, HostState state, const QString &error = QString());
    int runningCount() const;

    QPointer<Broker> m_broker;
    QList<Entry> m_entries;
    int m_maxParallel = DefaultMaxParallel;
    bool m_started = false;
    bool m_pumpQueued = false;
    bool m_finishedEmitted = false;
};

} // namespace Econtext
