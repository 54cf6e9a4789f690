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

ConnectMethod Context::method() const
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

void takeTurn(Router *router, quint32 id, const std::shared_ptr<Outbox> &box);

void scheduleTurn(Router *router, quint32 id, std::shared_ptr<Outbox> box)
{
    QMetaObject::invokeMethod(
            router,
            [router, id, box = std::move(box)] { takeTurn(router, id, box); },
            Qt::QueuedConnection);
}

// On the broker thread: runs up to kTurn items, writes their frames, and leaves the rest
// to a turn posted behind whatever else waits (the link's reads and writes among it).
void takeTurn(Router *router, quint32 id, const std::shared_ptr<Outbox> &box)
{
    std::deque<Outbox::Item> batch;
    bool more = false;
    {
        QMutexLocker lock(&box->mutex);
        if (box->items.size() <= Outbox::kTurn) {
            batch.swap(box->items);
        } else {
            const auto end = box->items.begin() + Outbox::kTurn;
            batch.assign(std::make_move_iterator(box->items.begin()), std::make_move_iterator(end));
            box->items.erase(box->items.begin(), end);
            more = true;
        }
        box->scheduled = more;
    }
    if (Stream *stream = router->stream(id))
        stream->willFlush();
    for (Outbox::Item &item : batch)
        item(router->stream(id)); // an item may end the stream
    if (Stream *stream = router->stream(id))
        stream->flushOut();
    if (more)
        scheduleTurn(router, id, box);
}

// Queues work for the context's stream on the broker thread, in order with the rest.
void post(const ContextPrivate *d, Outbox::Item item)
{
    {
        QMutexLocker lock(&d->outbox->mutex);
        d->outbox->items.push_back(std::move(item));
        if (d->outbox->scheduled)
            return;
        d->outbox->scheduled = true;
    }
    scheduleTurn(d->router, d->id, d->outbox);
}

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
    post(d, [=](Stream *stream) {
        if (!stream) {
            call->finish(
                    makeError(Error::Disconnected, Context::tr("The context is not connected.")));
            return;
        }
        stream->sendCall(call, module, cls, func, args, kwargs, mode, timeoutMs);
    });
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
    post(d, [f = std::move(f)](Stream *stream) {
        if (stream)
            f(stream);
    });
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
