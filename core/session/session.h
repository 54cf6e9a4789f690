// Session: the contexts a person works with, and the policy that keeps them. Each context
// has one identity (SessionContext) for as long as it is listed: a reconnect keeps its name,
// its place under the context it is reached through, and whatever follows it (a tab).
// Reconnecting a context reached through others starts again from the first hop that is
// lost, each hop once the one before is up. Lost contexts come back by themselves when
// automatic reconnects are on, after delays that double up to a cap; a saved session is
// connected again parents first. The main window shows what it does; the CLI and tests can
// drive it without a widget. Lives in the thread that makes it; it starts every context it
// knows through its Broker and adopts those others start there.
#pragma once

#include "core/broker/context.h"
#include "core/connect/connectoptions.h"
#include "core/session/sessioncontext.h"

#include <QList>
#include <QObject>
#include <QPointer>

namespace Econtext {

class Broker;

// When lost contexts come back by themselves.
struct ReconnectPolicy
{
    bool automatic = false;
    int firstDelayMs = 1000;
    int maxDelayMs = 60000;
    qint64 stableMs = 60000; // up this long: the delays start over
    // The delay before automatic attempt number `attempt` (0 for the first): doubling
    // from firstDelayMs up to maxDelayMs.
    int delayMs(int attempt) const;
};

// One context of a saved session: its options (never a password or a password file) and,
// for a context reached through another, the index of that parent in the same list
// (parents come first).
struct SessionEntry
{
    ConnectOptions options;
    int parentIndex = -1;
};

class Session : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)
public:
    // Adopts the contexts the broker has already, and every one started there later.
    explicit Session(Broker *broker, QObject *parent = nullptr);
    ~Session() override;

    Broker *broker() const;
    ReconnectPolicy policy() const { return m_policy; }
    // Applies to losses from now on; turning automatic reconnects off stops pending ones.
    void setPolicy(const ReconnectPolicy &policy);

    // Starts a new context. options.viaContextId, when set, is the id of the current
    // Context of the one it is reached through. Null without a broker.
    SessionContext *connectContext(const ConnectOptions &options);
    // Connects it again by hand, with the same name, options and place: from the first
    // context of its chain that is not up, each hop once the one before is up; a hop that
    // is connecting already is waited for. A context that is up is dropped and started
    // again. The automatic delays start over.
    void reconnect(SessionContext *context);
    // The person ends it (at once, or after its output): no automatic reconnect for it.
    void disconnectNow(SessionContext *context);
    void shutdown(SessionContext *context);
    // Stops connecting it, or a reconnect it waits for; either way no further automatic
    // attempt is made. Returns what was stopped.
    enum class Cancelled { Nothing, Connecting, Reconnect };
    Cancelled cancel(SessionContext *context);
    // Forgets a context that is over; contexts reached through it stay, under its parent.
    void remove(SessionContext *context);
    // Stops every automatic reconnect and restore for good (the window closes); contexts
    // lost afterwards stay lost.
    void close();

    // Parents before the contexts reached through them, otherwise in the order they came.
    QList<SessionContext *> contexts() const;
    // The one whose current Context has this id; null if none.
    SessionContext *find(quint32 contextId) const;

    // What restore() would connect if called now: the contexts that are up, parents first,
    // without secrets.
    QList<SessionEntry> entries() const;
    // Connects the entries of a saved session: parents first, each child once its parent is
    // up. A context the broker has already with the same name and method (the default local
    // one) is used instead of a second one. Returns how many entries it took.
    int restore(const QList<SessionEntry> &entries);

Q_SIGNALS:
    // A new context, with its first Context (started here or adopted from the broker).
    void contextAdded(Econtext::SessionContext *context);
    // Removed by remove(); deleted later.
    void contextRemoved(Econtext::SessionContext *context);
    // A context of a saved session could not be connected again; one sentence naming it.
    void restoreFailed(const QString &message);

private:
    void adopt(Context *context);
    void bind(SessionContext *sc, Context *context);
    void start(SessionContext *sc);
    void
    onStateChanged(SessionContext *sc, Context *context, ContextState state, const QString &reason);
    void onLost(SessionContext *sc, bool wasUp, const QString &reason);
    void scheduleOrWait(SessionContext *sc, int attempt, const QString &reason);
    void runAttempt(SessionContext *sc);
    void setWaiting(SessionContext *sc, SessionContext::Waiting waiting);
    void stopWaiting(SessionContext *sc);
    // sc is lost and will not come back by itself: whatever waits for it gives up.
    void settle(SessionContext *sc, const QString &reason);
    void giveUp(SessionContext *sc, const QString &message);
    QList<SessionContext *> childrenOf(const SessionContext *sc) const;
    QList<SessionContext *> waitingFor(const SessionContext *parent) const;
    bool willComeBack(const SessionContext *sc) const;
    ConnectOptions optionsOf(Context *context) const;
    void note(SessionContext *sc, const QString &message, int level);

    QPointer<Broker> m_broker;
    ReconnectPolicy m_policy;
    QList<SessionContext *> m_contexts;  // owned (QObject children), in the order they came
    SessionContext *m_binding = nullptr; // set while start() calls the broker
    bool m_closed = false;
};

} // namespace Econtext
