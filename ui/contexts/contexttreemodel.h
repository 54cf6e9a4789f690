// ContextTreeModel: the master at the root and every context of a Broker below
// it, children under their parents, with state, facts and traffic. Driven by
// Broker::contextAdded/contextRemoved (or by whoever calls addContext() and
// replaceContext(), as the main window does for its Session) and each Context's signals; traffic
// and uptime are polled once a second and only changed cells are reported. Cells are served from a
// cache, so painting never calls into a context. Used by the main window's Contexts dock.
#pragma once

#include "core/broker/context.h"

#include <QAbstractItemModel>
#include <QPointer>

#include <memory>
#include <vector>

class QTimer;

namespace Econtext {

class Broker;

class ContextTreeModel : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ContextTreeModel)
public:
    enum Column {
        NameColumn,
        StateColumn,
        MethodColumn,
        PythonColumn,
        PidColumn,
        UptimeColumn,
        MessagesColumn,
        BytesColumn,
        CallsColumn,      // calls in flight
        OldestCallColumn, // age of the oldest call in flight ("12 s")
        ImportsColumn,    // module requests served
        ColumnCount
    };
    enum Role {
        ContextIdRole = Qt::UserRole + 1, // quint32; 0 for the master row
        StateRole,                        // int(ContextState); -1 for the master
        IsMasterRole,                     // bool
        IsAttachedRole,                   // bool: the Broker still has this context
        ReasonRole,                       // why it failed or disconnected
        WaitingRole, // while connecting: "waiting for the first stage to start (3 s)"
    };

    // Rows kept after their Context is gone, so a failure stays readable.
    struct Row
    {
        quint32 id = 0;
        quint32 parentId = 0;
        QPointer<Context> context;
        bool attached = false;
        QString name;
        ConnectMethod method = ConnectMethod::Local;
        QString description;
        ContextState state = ContextState::Connecting;
        QString reason;
        ContextFacts facts;
        ContextStats stats;
        qint64 connectedSinceMs = 0;
        qint64 endedMs = 0; // when it stopped being connected
        QString waitingFor; // while connecting, what the bootstrap waits for
        qint64 waitingSinceMs = 0;
    };

    explicit ContextTreeModel(QObject *parent = nullptr);
    ~ContextTreeModel() override;

    // Follows this broker: lists its contexts now and every one added later.
    void setBroker(Broker *broker);
    Broker *broker() const;

    // Idempotent; also called for contexts the main window starts itself.
    void addContext(Context *context);
    // The context left the broker: the row stays (detached) if it failed or
    // disconnected, so its reason remains visible; otherwise it goes.
    void detachContext(quint32 id);
    // A reconnect: the fresh context takes the row of the one it replaces, with its place
    // and the rows below it; the old one's signals are no longer followed.
    void replaceContext(quint32 oldId, Context *fresh);
    // Removes the row of a context for good (children move up to its parent).
    void removeContext(quint32 id);
    // Whether a row shows a context that is over (failed, disconnected or gone).
    bool isFinished(quint32 id) const;
    // Removes every finished row.
    void removeFinished();

    QModelIndex indexForId(quint32 id, int column = 0) const;
    quint32 idForIndex(const QModelIndex &index) const;
    Context *contextForIndex(const QModelIndex &index) const;
    const Row *row(quint32 id) const;
    QList<quint32> contextIds() const;
    int stateCount(ContextState state) const;

    // Polls stats, uptime and what connecting contexts wait for now (the timer does it
    // every RefreshIntervalMs; only changed cells are reported).
    void refresh();
    static constexpr int RefreshIntervalMs = 500;
    // "waiting for the first stage to start (3 s)", or empty when not waiting.
    QString waitingText(quint32 id) const;
    // Columns a new tree hides until the user shows them from the header's menu.
    static bool isHiddenByDefault(int column);
    // Multi-line, plain-text description of a context for the clipboard.
    QString details(quint32 id) const;

    static QString formatBytes(qint64 bytes);
    static QString formatDuration(qint64 ms);
    static QString formatAge(qint64 ms); // "12 s", "3 min 4 s", "2 h 5 min"

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

Q_SIGNALS:
    // A context's state changed (after the row was updated).
    void contextStateChanged(quint32 id, Econtext::ContextState state, const QString &reason);

private:
    struct Node;
    Node *nodeFor(quint32 id) const;
    void follow(Context *context);
    Node *nodeFromIndex(const QModelIndex &index) const;
    QModelIndex indexForNode(const Node *node, int column) const;
    int rowOf(const Node *node) const;
    void onStateChanged(quint32 id, ContextState state, const QString &reason);
    void onFactsReceived(quint32 id, const ContextFacts &facts);
    QVariant displayData(const Node *node, int column) const;
    QVariant masterData(int column, int role) const;
    ContextStats totalStats() const;
    // Emits dataChanged for the cells whose text changed; forceState adds the state
    // cell, whose icon and tooltip may change while its text does not.
    void emitRowChanged(const Node *node, int firstColumn, int lastColumn, bool forceState = false);
    QString waitingText(const Row &row) const;
    void pollWaiting(Row &row, Context *context);

    QPointer<Broker> m_broker;
    std::unique_ptr<Node> m_root; // the master
    QHash<quint32, Node *> m_nodes;
    QTimer *m_timer = nullptr;
    qint64 m_startedMs = 0;
};

} // namespace Econtext
