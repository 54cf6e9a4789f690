#include "core/session/session.h"

#include "core/broker/broker.h"
#include "core/connect/target.h"

#include <QDateTime>
#include <QHash>
#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>
#include <functional>

Q_LOGGING_CATEGORY(lcReconnect, "econtext.reconnect", QtWarningMsg)

namespace Econtext {

namespace {

bool isOver(ContextState state)
{
    return state == ContextState::Failed || state == ContextState::Disconnected;
}

// A reason to quote inside one of our sentences: its last line, where a remote traceback
// says what went wrong.
QString lastLine(const QString &reason)
{
    const QStringList lines = reason.split(u'\n', Qt::SkipEmptyParts);
    return lines.isEmpty() ? QString() : lines.constLast().trimmed();
}

} // namespace

int ReconnectPolicy::delayMs(int attempt) const
{
    // 1 s, 2 s, 4 s ... doubling until the cap; the shift stops long before overflow.
    const int shift = std::clamp(attempt, 0, 16);
    const qint64 delay = qint64(std::max(firstDelayMs, 0)) << shift;
    return int(std::min<qint64>(delay, maxDelayMs));
}

Session::Session(Broker *broker, QObject *parent)
    : QObject(parent)
    , m_broker(broker)
{
    if (!m_broker)
        return;
    // Contexts started by others (a group connect, a test) are listed too. Those this
    // session starts arrive here while start() waits for the broker: m_binding says whose.
    QObject::connect(m_broker, &Broker::contextAdded, this, &Session::adopt);
    const QList<Context *> existing = m_broker->contexts();
    for (Context *context : existing)
        adopt(context);
}

Session::~Session()
{
    close();
}

Broker *Session::broker() const
{
    return m_broker.data();
}

void Session::setPolicy(const ReconnectPolicy &policy)
{
    m_policy = policy;
    if (m_policy.automatic)
        return;
    const QList<SessionContext *> all = m_contexts;
    for (SessionContext *sc : all) {
        if (sc->m_pendingAttempt >= 0 && sc->reconnectPending()) {
            stopWaiting(sc);
            note(sc, tr("Automatic reconnect stopped."), 20);
            settle(sc, sc->m_reason);
        }
    }
}

// ---------------------------------------------------------------- contexts

SessionContext *Session::connectContext(const ConnectOptions &options)
{
    if (!m_broker)
        return nullptr;
    SessionContext *via = options.viaContextId != 0 ? find(options.viaContextId) : nullptr;
    auto *sc = new SessionContext(options, via, this);
    m_contexts.append(sc);
    m_binding = sc;
    Context *context = m_broker->connectContext(options);
    m_binding = nullptr;
    if (context && sc->m_context != context)
        bind(sc, context);
    return sc;
}

void Session::adopt(Context *context)
{
    if (!context)
        return;
    if (SessionContext *sc = m_binding) {
        m_binding = nullptr;
        bind(sc, context);
        return;
    }
    if (find(context->id()))
        return;
    auto *sc = new SessionContext(optionsOf(context), find(context->parentId()), this);
    m_contexts.append(sc);
    bind(sc, context);
}

ConnectOptions Session::optionsOf(Context *context) const
{
    // Started elsewhere: the options as far as the context tells them.
    ConnectOptions options;
    options.method = context->method();
    if (options.method != ConnectMethod::Local) {
        if (const Result<Target> target = parseTarget(context->description()))
            target->applyTo(options);
    } else {
        options.python = context->facts().executable;
    }
    options.name = context->name();
    options.viaContextId = context->parentId();
    return options;
}

void Session::bind(SessionContext *sc, Context *context)
{
    Context *previous = sc->m_context.data();
    if (previous)
        QObject::disconnect(previous, nullptr, this, nullptr);
    sc->m_context = context;
    sc->m_name = context->name();
    sc->m_options.name = sc->m_name;
    sc->m_options.viaContextId = context->parentId();
    sc->m_hasParent = sc->m_hasParent || context->parentId() != 0;
    sc->m_state = context->state();
    sc->m_upSinceMs = context->connectedSinceMs();
    QPointer<SessionContext> guard(sc);
    QPointer<Context> from(context);
    QObject::connect(context,
                     &Context::stateChanged,
                     this,
                     [this, guard, from](ContextState state, const QString &reason) {
                         if (guard && from)
                             onStateChanged(guard, from, state, reason);
                     });
    qCDebug(lcReconnect) << sc->m_name << "is now context" << context->id();
    if (previous)
        Q_EMIT sc->contextChanged(context, previous);
    else
        Q_EMIT contextAdded(sc);
}

void Session::start(SessionContext *sc)
{
    stopWaiting(sc);
    ConnectOptions options = sc->m_options;
    options.viaContextId = 0;
    if (sc->m_via) {
        Context *parent = sc->m_via->context();
        if (!parent || !sc->m_via->isUp()) {
            giveUp(sc,
                   tr("Cannot reconnect %1: it is reached through %2, which is not connected.")
                           .arg(sc->m_name, sc->m_via->m_name));
            return;
        }
        options.viaContextId = parent->id();
    } else if (sc->m_hasParent) {
        giveUp(sc,
               tr("Cannot reconnect %1: the context it was reached through was removed from the "
                  "list.")
                       .arg(sc->m_name));
        return;
    }
    Context *old = sc->m_context.data();
    if (old && !isOver(old->state())) {
        // What is reached through it goes down with it, and comes back after it.
        std::function<void(SessionContext *)> holdBelow = [&](SessionContext *parent) {
            for (SessionContext *child : childrenOf(parent)) {
                if (child->isUp() || child->isConnecting()) {
                    child->m_pendingAttempt = -1;
                    setWaiting(child, SessionContext::Waiting::Parent);
                    holdBelow(child);
                }
            }
        };
        holdBelow(sc);
        old->disconnectNow();
    }
    sc->m_attempts = sc->m_pendingAttempt >= 0 ? sc->m_pendingAttempt + 1 : 0;
    sc->m_pendingAttempt = -1;
    m_binding = sc;
    Context *context = m_broker->connectContext(options, old ? old->id() : 0);
    m_binding = nullptr;
    if (context && sc->m_context != context)
        bind(sc, context);
}

void Session::reconnect(SessionContext *sc)
{
    if (!sc || !m_broker)
        return;
    QList<SessionContext *> chain;
    for (SessionContext *hop = sc; hop; hop = hop->m_via)
        chain.prepend(hop);
    for (SessionContext *hop : std::as_const(chain)) {
        hop->m_stoppedByUser = false;
        hop->m_pendingAttempt = -1;
        stopWaiting(hop);
    }
    // The first hop that is not up; everything after it waits for the one before.
    const auto first = std::find_if(
            chain.cbegin(), chain.cend(), [](const SessionContext *hop) { return !hop->isUp(); });
    if (first == chain.cend() || *first == sc) {
        start(sc);
        return;
    }
    SessionContext *hop = *first;
    for (auto it = first + 1; it != chain.cend(); ++it)
        setWaiting(*it, SessionContext::Waiting::Parent);
    note(sc, tr("Reconnecting %1 first: this context is reached through it.").arg(hop->m_name), 20);
    if (!hop->isConnecting())
        start(hop);
}

void Session::disconnectNow(SessionContext *sc)
{
    if (!sc)
        return;
    cancel(sc);
    if (Context *context = sc->context())
        context->disconnectNow();
}

void Session::shutdown(SessionContext *sc)
{
    if (!sc)
        return;
    cancel(sc);
    if (Context *context = sc->context())
        context->shutdown();
}

Session::Cancelled Session::cancel(SessionContext *sc)
{
    if (!sc)
        return Cancelled::Nothing;
    const bool pending = sc->reconnectPending();
    sc->m_stoppedByUser = true;
    sc->m_pendingAttempt = -1;
    if (pending) {
        stopWaiting(sc);
        note(sc, tr("Automatic reconnect stopped."), 20);
    }
    Context *context = sc->context();
    const bool connecting = context
                            && (sc->isConnecting() || context->state() == ContextState::Connecting
                                || context->state() == ContextState::Bootstrapping);
    if (connecting) {
        context->disconnectNow();
        return Cancelled::Connecting;
    }
    if (pending) {
        settle(sc, sc->m_reason);
        return Cancelled::Reconnect;
    }
    return Cancelled::Nothing;
}

void Session::remove(SessionContext *sc)
{
    if (!sc || !m_contexts.contains(sc))
        return;
    stopWaiting(sc);
    // What waits for it to come back waits in vain.
    settle(sc, tr("it was removed from the list"));
    // Those reached through it stay listed, at the top; they cannot be reconnected.
    for (SessionContext *child : childrenOf(sc))
        child->m_via = nullptr;
    m_contexts.removeOne(sc);
    Q_EMIT contextRemoved(sc);
    sc->deleteLater();
}

void Session::close()
{
    m_closed = true;
    const QList<SessionContext *> all = m_contexts;
    for (SessionContext *sc : all) {
        stopWaiting(sc);
        if (!sc->m_context) {
            m_contexts.removeOne(sc);
            sc->deleteLater();
        }
    }
}

QList<SessionContext *> Session::contexts() const
{
    QList<SessionContext *> out;
    std::function<void(const SessionContext *)> visit = [&](const SessionContext *parent) {
        for (SessionContext *sc : m_contexts) {
            if (sc->m_via == parent && sc->m_context) {
                out.append(sc);
                visit(sc);
            }
        }
    };
    visit(nullptr);
    return out;
}

SessionContext *Session::find(quint32 contextId) const
{
    if (contextId == 0)
        return nullptr;
    for (SessionContext *sc : m_contexts) {
        if (sc->contextId() == contextId)
            return sc;
    }
    return nullptr;
}

QList<SessionContext *> Session::childrenOf(const SessionContext *sc) const
{
    QList<SessionContext *> out;
    for (SessionContext *child : m_contexts) {
        if (child->m_via == sc)
            out.append(child);
    }
    return out;
}

QList<SessionContext *> Session::waitingFor(const SessionContext *parent) const
{
    QList<SessionContext *> out;
    for (SessionContext *child : childrenOf(parent)) {
        if (child->m_waiting == SessionContext::Waiting::Parent)
            out.append(child);
    }
    return out;
}

// ---------------------------------------------------------------- losses

void Session::onStateChanged(SessionContext *sc,
                             Context *context,
                             ContextState state,
                             const QString &reason)
{
    if (context != sc->m_context)
        return; // from a Context a reconnect replaced
    const ContextState before = sc->m_state;
    if (before == state && (reason.isEmpty() || reason == sc->m_reason))
        return;
    sc->m_state = state;
    if (!reason.isEmpty())
        sc->m_reason = reason;
    if (state == ContextState::Connected) {
        sc->m_upSinceMs = context->connectedSinceMs();
        if (sc->m_upSinceMs <= 0)
            sc->m_upSinceMs = QDateTime::currentMSecsSinceEpoch();
    }
    Q_EMIT sc->stateChanged(state, sc->m_reason);

    if (state == ContextState::Connected) {
        // The next hops of a chain, and contexts restored behind this one.
        const QList<SessionContext *> children = waitingFor(sc);
        for (SessionContext *child : children) {
            if (child->m_pendingAttempt >= 0) {
                note(child,
                     tr("Reconnect attempt %1 (%2 is back).")
                             .arg(child->m_pendingAttempt + 1)
                             .arg(sc->m_name),
                     30);
            }
            start(child);
        }
    } else if (isOver(state) && !isOver(before)) {
        onLost(sc,
               sc->m_upSinceMs > 0,
               sc->m_reason.isEmpty() ? contextStateName(state) : sc->m_reason);
    }
}

void Session::onLost(SessionContext *sc, bool wasUp, const QString &reason)
{
    if (m_closed)
        return;
    if (sc->m_stoppedByUser || !m_policy.automatic) {
        settle(sc, reason);
        return;
    }
    int attempt = sc->m_attempts;
    if (wasUp) {
        if (QDateTime::currentMSecsSinceEpoch() - sc->m_upSinceMs >= m_policy.stableMs)
            attempt = 0; // it was stable: the delays start over
    } else if (sc->m_attempts == 0) {
        // A first connection (or one made by hand) that failed keeps its error for the
        // person to read.
        settle(sc, reason);
        return;
    }
    scheduleOrWait(sc, attempt, reason);
}

bool Session::willComeBack(const SessionContext *sc) const
{
    return sc->isUp() || sc->isConnecting() || sc->reconnectPending();
}

void Session::scheduleOrWait(SessionContext *sc, int attempt, const QString &reason)
{
    sc->m_pendingAttempt = attempt;
    if (sc->m_via && !sc->m_via->isUp()) {
        if (willComeBack(sc->m_via)) {
            note(sc,
                 tr("Will reconnect once %1, which it is reached through, is back.")
                         .arg(sc->m_via->m_name),
                 30);
            setWaiting(sc, SessionContext::Waiting::Parent);
        } else {
            giveUp(sc,
                   tr("Cannot reconnect %1: it is reached through %2, which is not connected.")
                           .arg(sc->m_name, sc->m_via->m_name));
        }
        return;
    }
    const int delayMs = m_policy.delayMs(attempt);
    delete sc->m_timer;
    sc->m_timer = new QTimer(sc);
    sc->m_timer->setSingleShot(true);
    sc->m_timer->setInterval(delayMs);
    QObject::connect(sc->m_timer, &QTimer::timeout, this, [this, sc] { runAttempt(sc); });
    sc->m_timer->start();
    setWaiting(sc, SessionContext::Waiting::Delay);
    note(sc,
         tr("Reconnecting in %n s (attempt %1) because: %2", nullptr, delayMs / 1000)
                 .arg(attempt + 1)
                 .arg(lastLine(reason)),
         30);
}

void Session::runAttempt(SessionContext *sc)
{
    stopWaiting(sc);
    if (m_closed || !m_policy.automatic || sc->m_stoppedByUser)
        return;
    if (sc->m_via && !sc->m_via->isUp()) {
        // Its parent went down meanwhile.
        scheduleOrWait(sc, sc->m_pendingAttempt, sc->m_reason);
        return;
    }
    note(sc,
         tr("Reconnect attempt %1 (%2).").arg(sc->m_pendingAttempt + 1).arg(lastLine(sc->m_reason)),
         30);
    start(sc);
}

void Session::setWaiting(SessionContext *sc, SessionContext::Waiting waiting)
{
    if (sc->m_waiting == waiting)
        return;
    sc->m_waiting = waiting;
    Q_EMIT sc->waitingChanged();
}

void Session::stopWaiting(SessionContext *sc)
{
    if (sc->m_timer) {
        sc->m_timer->stop();
        sc->m_timer->deleteLater(); // it may be the one calling
        sc->m_timer = nullptr;
    }
    setWaiting(sc, SessionContext::Waiting::Nothing);
}

void Session::settle(SessionContext *sc, const QString &reason)
{
    const QList<SessionContext *> children = waitingFor(sc);
    const QString cause = lastLine(reason);
    for (SessionContext *child : children) {
        if (!child->m_context) {
            giveUp(child,
                   tr("Could not restore %1: it is reached through %2, which did not connect.")
                           .arg(child->m_name, sc->m_name));
        } else if (cause.isEmpty()) {
            giveUp(child,
                   tr("Cannot reconnect %1: it is reached through %2, which is not connected.")
                           .arg(child->m_name, sc->m_name));
        } else {
            giveUp(child,
                   tr("Cannot reconnect %1: it is reached through %2, which is not connected "
                      "(%3).")
                           .arg(child->m_name, sc->m_name, cause));
        }
    }
}

void Session::giveUp(SessionContext *sc, const QString &message)
{
    stopWaiting(sc);
    sc->m_pendingAttempt = -1;
    qCInfo(lcReconnect) << message;
    if (!sc->m_context) {
        // A context of a saved session that never started: it is not listed anywhere.
        Q_EMIT restoreFailed(message);
        settle(sc, message);
        m_contexts.removeOne(sc);
        sc->deleteLater();
        return;
    }
    note(sc, message, 40);
    settle(sc, message);
}

void Session::note(SessionContext *sc, const QString &message, int level)
{
    qCDebug(lcReconnect) << sc->m_name << message;
    Q_EMIT sc->noted(message, level);
}

// ---------------------------------------------------------------- saved sessions

QList<SessionEntry> Session::entries() const
{
    QList<SessionEntry> out;
    QHash<const SessionContext *, int> saved; // where each one went in out
    const QList<SessionContext *> all = contexts();
    for (const SessionContext *sc : all) {
        if (!sc->isUp())
            continue;
        if (sc->m_via ? !saved.contains(sc->m_via) : sc->m_hasParent)
            continue; // its parent is not saved (or was removed): it could not come back
        SessionEntry entry;
        entry.options = sc->m_options;
        entry.options.viaContextId = 0;
        entry.options.passwordFile.clear();
        entry.options.acceptNewHostKey = false;
        entry.options.name = sc->m_name;
        entry.parentIndex = sc->m_via ? saved.value(sc->m_via) : -1;
        saved.insert(sc, int(out.size()));
        out.append(entry);
    }
    return out;
}

int Session::restore(const QList<SessionEntry> &entries)
{
    if (!m_broker)
        return 0;
    m_closed = false;
    QList<SessionContext *> made(entries.size(), nullptr);
    int taken = 0;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const SessionEntry &entry = entries.at(i);
        ConnectOptions options = entry.options;
        options.viaContextId = 0;
        if (entry.parentIndex >= 0) {
            SessionContext *parent = entry.parentIndex < i ? made.at(entry.parentIndex) : nullptr;
            if (!parent)
                continue; // its parent was not restored: neither is it
            auto *sc = new SessionContext(options, parent, this);
            m_contexts.append(sc);
            made[i] = sc;
            ++taken;
            if (parent->isUp())
                start(sc);
            else
                setWaiting(sc, SessionContext::Waiting::Parent);
            continue;
        }
        // The default local context (started by the application) is used, not doubled.
        const auto existing = std::find_if(
                m_contexts.cbegin(), m_contexts.cend(), [&](const SessionContext *sc) {
                    return !sc->m_hasParent && sc->m_context && sc->m_name == options.name
                           && sc->m_options.method == options.method && !isOver(sc->m_state)
                           && !made.contains(sc);
                });
        made[i] = existing != m_contexts.cend() ? *existing : connectContext(options);
        ++taken;
    }
    return taken;
}

} // namespace Econtext
