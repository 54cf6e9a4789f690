#include "core/broker/context.h"

#include "core/broker/context_p.h"
#include "core/broker/router.h"
#include "core/broker/stream.h"

#include <QCoreApplication>

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
    Router *router = d->router;
    const quint32 id = d->id;
    QMetaObject::invokeMethod(
            router,
            [=] {
                Stream *stream = router->stream(id);
                if (!stream) {
                    call->finish(makeError(Error::Disconnected,
                                           Context::tr("The context is not connected.")));
                    return;
                }
                stream->sendCall(call, module, cls, func, args, kwargs, mode, timeoutMs);
            },
            Qt::QueuedConnection);
    return future;
}

std::shared_ptr<Channel> Context::openChannel()
{
    const quint32 handle = d->nextHandle.fetch_add(1);
    Router *router = d->router;
    auto *raw = new Channel(handle);
    raw->moveToThread(router->thread());
    std::shared_ptr<Channel> channel(raw, [](Channel *c) { c->deleteLater(); });
    std::weak_ptr<Channel> weak = channel;
    const quint32 id = d->id;
    QMetaObject::invokeMethod(
            router,
            [router, id, handle, weak] {
                if (Stream *stream = router->stream(id))
                    stream->registerChannel(handle, weak);
            },
            Qt::QueuedConnection);
    return channel;
}

void Context::setLogLevel(int level)
{
    Router *router = d->router;
    const quint32 id = d->id;
    QMetaObject::invokeMethod(
            router,
            [router, id, level] {
                if (Stream *stream = router->stream(id))
                    stream->setLogLevel(level);
            },
            Qt::QueuedConnection);
}

void Context::shutdown()
{
    Router *router = d->router;
    const quint32 id = d->id;
    QMetaObject::invokeMethod(
            router,
            [router, id] {
                if (Stream *stream = router->stream(id))
                    stream->shutdown();
            },
            Qt::QueuedConnection);
}

void Context::disconnectNow()
{
    Router *router = d->router;
    const quint32 id = d->id;
    QMetaObject::invokeMethod(
            router,
            [router, id] {
                if (Stream *stream = router->stream(id))
                    stream->disconnectNow(Context::tr("disconnected by the user"));
            },
            Qt::QueuedConnection);
}

} // namespace Econtext
