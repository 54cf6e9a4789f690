// SessionContext: a context as a person knows it, across reconnects — its name, the
// context it is reached through, the options it was connected with — and the Context
// that stands for it now (a new one after every reconnect). Owned and driven by Session;
// views (the tree, a tab and its panes) follow it instead of a context id.
#pragma once

#include "core/broker/context.h"
#include "core/connect/connectoptions.h"

#include <QObject>
#include <QPointer>
#include <QString>

class QTimer;

namespace Econtext {

class Session;

class SessionContext : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionContext)
public:
    // What it waits for before it connects again.
    enum class Waiting {
        Nothing,
        Delay,  // an automatic reconnect after a delay
        Parent, // the context it is reached through, which is connecting or will be
    };

    ~SessionContext() override;

    // Kept by every reconnect.
    QString name() const { return m_name; }
    // The context it is reached through; null when the master starts it itself.
    SessionContext *via() const { return m_via; }
    // The Context standing for it now (the latest; it may be over); null until the first
    // one is started (a restored context waiting for its parent).
    Context *context() const { return m_context.data(); }
    quint32 contextId() const { return m_context ? m_context->id() : 0; }
    // The options it connects with; viaContextId is that of the parent's current Context.
    ConnectOptions options() const { return m_options; }
    // The state of context() as the session last heard it.
    ContextState state() const { return m_state; }
    bool isUp() const { return m_state == ContextState::Connected; }
    bool isConnecting() const
    {
        return m_context
               && (m_state == ContextState::Connecting || m_state == ContextState::Bootstrapping);
    }
    Waiting waiting() const { return m_waiting; }
    bool reconnectPending() const { return m_waiting != Waiting::Nothing; }
    // Automatic reconnects in a row that led to the current Context (0: started by a person).
    int attempts() const { return m_attempts; }
    // The user stopped it: it is not reconnected automatically until reconnected by hand.
    bool stoppedByUser() const { return m_stoppedByUser; }

Q_SIGNALS:
    // A reconnect put a new Context in its place; `previous` is over or being dropped.
    void contextChanged(Econtext::Context *context, Econtext::Context *previous);
    // The state of context() changed (after state() was updated).
    void stateChanged(Econtext::ContextState state, const QString &reason);
    // waiting() changed.
    void waitingChanged();
    // What the session did or could not do for it, in one sentence for its log; the level
    // is a logging level (20 info, 30 warning, 40 error).
    void noted(const QString &message, int level);

private:
    friend class Session;
    explicit SessionContext(const ConnectOptions &options, SessionContext *via, QObject *parent);

    QString m_name;
    QPointer<SessionContext> m_via;
    QPointer<Context> m_context;
    ConnectOptions m_options;
    ContextState m_state = ContextState::Connecting;
    QString m_reason;
    qint64 m_upSinceMs = 0; // when context() connected; 0 if it never did
    Waiting m_waiting = Waiting::Nothing;
    QTimer *m_timer = nullptr; // while waiting for a delay
    int m_attempts = 0;
    int m_pendingAttempt = -1; // the automatic attempt it waits to make; -1: asked for by hand
    bool m_stoppedByUser = false;
    bool m_hasParent = false; // reached through another (even one removed from the list)
};

} // namespace Econtext
