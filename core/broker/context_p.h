// Private state of a Context, shared between the Context (any thread) and its link and
// handlers on the broker thread (ContextServices). Snapshot fields are guarded by mutex.
#pragma once

#include "core/broker/context.h"
#include "core/connect/connectoptions.h"

#include <QMutex>
#include <QPromise>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>

namespace Econtext {

class Router;
struct ContextServices;

// A call waiting for its reply. Finishing twice is harmless; a call that is
// dropped unfinished (e.g. the broker stops) ends with a "disconnected" error,
// so no future ever hangs.
class PendingCall
{
public:
    PendingCall() { m_promise.start(); }
    ~PendingCall();
    Q_DISABLE_COPY_MOVE(PendingCall)
    QFuture<CallResult> future() { return m_promise.future(); }
    void finish(CallResult result);
    bool isFinished() const { return m_done; }
    // Set (and waiters woken once) when finish() has run: a blocking caller waits on it
    // without keeping the call alive, so a call the broker drops still finishes.
    std::shared_ptr<std::atomic<bool>> settled() const { return m_settled; }

private:
    QPromise<CallResult> m_promise;
    bool m_done = false;
    std::shared_ptr<std::atomic<bool>> m_settled = std::make_shared<std::atomic<bool>>(false);
};

// Work for the context's link and handlers from other threads (calls, channels, shutdown),
// kept in order. The broker thread takes it in turns of at most kTurn items and writes each
// turn's frames at once: thousands of calls queued at once do not keep it from reading
// replies and refilling the link between turns, and a lone call costs one posted event.
struct Outbox
{
    using Item = std::function<void(ContextServices *services)>; // null if not started
    static constexpr std::size_t kTurn = 256;

    QMutex mutex;
    std::deque<Item> items;
    bool scheduled = false; // a turn is posted to the broker thread
};

struct ContextPrivate
{
    Context *q = nullptr;
    quint32 id = 0;
    quint32 parentId = 0;
    QString name;
    ConnectMethod method = ConnectMethod::Local;
    QString description;
    ConnectOptions options;
    Router *router = nullptr; // lives on the broker thread as long as the broker
    std::atomic<quint32> nextHandle{1000};
    std::shared_ptr<Outbox> outbox = std::make_shared<Outbox>();

    mutable QMutex mutex;
    ContextState state = ContextState::Connecting;
    QString error;
    ContextFacts facts;
    ContextStats stats;
    QList<BootstrapStage> timeline;
    QString waitingFor; // while connecting: what the bootstrap waits for
    qint64 waitingSinceMs = 0;
    qint64 connectedSince = 0;

    // On the broker thread: keeps what the link and the handlers report in the snapshot
    // above, and has the Context emit its signals.
    void watch(const ContextServices &services);
    void reachStage(const BootstrapStage &stage, const QString &waiting);
    void setState(ContextState state, const QString &reason);
    void setFacts(const ContextFacts &facts);
};

} // namespace Econtext
