// Private state of a Context, shared between the Context (any thread) and the
// Stream that drives it on the broker thread. Snapshot fields are guarded by mutex.
#pragma once

#include "core/broker/context.h"
#include "core/connect/connectoptions.h"

#include <QMutex>
#include <QPromise>

#include <atomic>
#include <memory>

namespace Econtext {

class Router;

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

struct ContextPrivate
{
    quint32 id = 0;
    quint32 parentId = 0;
    QString name;
    QString method;
    QString description;
    ConnectOptions options;
    Router *router = nullptr; // lives on the broker thread as long as the broker
    std::atomic<quint32> nextHandle{1000};
    // Calls posted to the broker thread and not yet handled there: the last of a burst
    // writes them all at once; a lone call is written without waiting for another event.
    std::shared_ptr<std::atomic<int>> callsPosted = std::make_shared<std::atomic<int>>(0);

    mutable QMutex mutex;
    ContextState state = ContextState::Connecting;
    QString error;
    ContextFacts facts;
    ContextStats stats;
    QList<BootstrapStage> timeline;
    QString waitingFor; // while connecting: what the bootstrap waits for
    qint64 waitingSinceMs = 0;
    qint64 connectedSince = 0;
};

} // namespace Econtext
