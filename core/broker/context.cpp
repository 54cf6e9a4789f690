#include "core/broker/context.h"

#include "core/broker/context_p.h"
#include "core/broker/router.h"
#include "core/broker/stream.h"

#include <QCoreApplication>
#include <QThread>

namespace Econtext {

QString contextStateName(ContextState state)
{
    switch (state) {
    case ContextState::Connecting:
        return Context::tr("Connecting");
    case ContextState::Bootstrapping:
        return Context::tr("Bootstrapping");
    case ContextState::Connected:
        return Context::tr("Connected");
    case ContextState::Disconnected:
        return Context::tr("Disconnected");
    case ContextState::Failed:
        return Context::tr("Failed");
    }
    return {};
}

PendingCall::~PendingCall()
{
    if (!m_done)
        finish(makeError(Error::Disconnected,
                         Context::tr("The call was dropped because the broker stopped.")));
}

void PendingCall::finish(CallResult result)
{
    if (m_done)
        return;
    m_done = true;
    m_promise.addResult(std::move(result));
    m_promise.finish();
    m_settled->store(true, std::memory_order_release);
    m_settled->notify_all();
}

Context::Context(std::unique_ptr<ContextPrivate> dd)
    : d(std::move(dd))
{}

Context::~Context() = default;

quint32 Context::id() const
{
    return d->id;
}

quint32 Context::parentId() const
{
    return d->parentId;
}

QString Context::name() const
{
    return d->name;
}

QString Context::method() const
{
    return d->method;
}

QString Context::description() const
{
    return d->description;
}

ContextState Context::state() const
{
    QMutexLocker lock(&d->mutex);
    return d->state;
}

QString Context::errorString() const
{
    QMutexLocker lock(&d->mutex);
    return d->error;
}

ContextFacts Context::facts() const
{
    QMutexLocker lock(&d->mutex);
    return d->facts;
}

QString Context::waitingFor() const
{
    QMutexLocker lock(&d->mutex);
    return d->waitingFor;
}

qint64 Context::waitingSinceMs() const
{
    QMutexLocker lock(&d->mutex);
    return d->waitingSinceMs;
}

ContextStats Context::stats() const
{
    QMutexLocker lock(&d->mutex);
    return d->stats;
}

QList<BootstrapStage> Context::timeline() const
{
    QMutexLocker lock(&d->mutex);
    return d->timeline;
}

qint64 Context::connectedSinceMs() const
{
    QMutexLocker lock(&d->mutex);
    return d->connectedSince;
}

namespace {

// Posts the call to the broker thread, which writes it with the others of a burst.
void postCall(const ContextPrivate *d,
              const std::shared_ptr<PendingCall> &call,
              const QString &module,
              const QString &cls,
              const QString &func,
              const Wire::ValueList &args,
              const Wire::ValuePairs &kwargs,
              CallMode mode,
              int timeoutMs)
{
    Router *router = d->router;
    const quint32 id = d->id;
    std::shared_ptr<std::atomic<int>> posted = d->callsPosted;
    posted->fetch_add(1, std::memory_order_relaxed);
    QMetaObject::invokeMethod(
            router,
            [=] {
                const bool last = posted->fetch_sub(1, std::memory_order_relaxed) == 1;
                Stream *stream = router->stream(id);
                if (!stream) {
                    call->finish(makeError(Error::Disconnected,
                                           Context::tr("The context is not connected.")));
                    return;
                }
                if (last)
                    stream->willFlush();
                stream->sendCall(call, module, cls, func, args, kwargs, mode, timeoutMs);
                if (last)
                    stream->flushOut();
            },
            Qt::QueuedConnection);
}

} // namespace

QFuture<CallResult> Context::call(const QString &module,
                                  const QString &cls,
                                  const QString &func,
                                  const Wire::ValueList &args,
                                  const Wire::ValuePairs &kwargs,
                                  CallMode mode,
                                  int timeoutMs)
{
    auto call = std::make_shared<PendingCall>();
    QFuture<CallResult> future = call->future();
    postCall(d.get(), call, module, cls, func, args, kwargs, mode, timeoutMs);
    return future;
}

CallResult Context::callBlocking(const QString &module,
                                 const QString &cls,
                                 const QString &func,
                                 const Wire::ValueList &args,
                                 const Wire::ValuePairs &kwargs,
                                 CallMode mode,
                                 int timeoutMs)
{
    Q_ASSERT(QThread::currentThread() != d->router->thread());
    auto call = std::make_shared<PendingCall>();
    const QFuture<CallResult> future = call->future();
    const std::shared_ptr<std::atomic<bool>> settled = call->settled();
    postCall(d.get(), call, module, cls, func, args, kwargs, mode, timeoutMs);
    call.reset();
    settled->wait(false, std::memory_order_acquire);
    return future.result();
}

namespace {

// Runs f with the context's stream on the broker thread; nothing if the stream is gone.
template<typename F>
void postToStream(const ContextPrivate *d, F f)
{
    Router *router = d->router;
    const quint32 id = d->id;
    QMetaObject::invokeMethod(
            router,
            [router, id, f = std::move(f)] {
                if (Stream *stream = router->stream(id))
                    f(stream);
            },
            Qt::QueuedConnection);
}

} // namespace

std::shared_ptr<Channel> Context::openChannel()
{
    const quint32 handle = d->nextHandle.fetch_add(1);
    Router *router = d->router;
    auto *raw = new Channel(handle);
    raw->moveToThread(router->thread());
    std::shared_ptr<Channel> channel(raw, [](Channel *c) { c->deleteLater(); });
    std::weak_ptr<Channel> weak = channel;
    postToStream(d.get(), [handle, weak](Stream *s) { s->registerChannel(handle, weak); });
    return channel;
}

void Context::setLogLevel(int level)
{
    postToStream(d.get(), [level](Stream *s) { s->setLogLevel(level); });
}

void Context::shutdown()
{
    postToStream(d.get(), [](Stream *s) { s->shutdown(); });
}

void Context::disconnectNow()
{
    postToStream(d.get(),
                 [](Stream *s) { s->disconnectNow(Context::tr("disconnected by the user")); });
}

} // namespace Econtext
