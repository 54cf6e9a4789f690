#include "core/broker/context.h"

#include "core/broker/callhandler.h"
#include "core/broker/channelhandler.h"
#include "core/broker/context_p.h"
#include "core/broker/link.h"
#include "core/broker/loghandler.h"
#include "core/broker/modulehandler.h"
#include "core/broker/router.h"

#include <QCoreApplication>
#include <QDateTime>
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
{
    d->q = this;
}

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
    if (ContextServices *services = router->services(id))
        services->link->willFlush();
    for (Outbox::Item &item : batch)
        item(router->services(id));
    if (ContextServices *services = router->services(id))
        services->link->flushOut();
    if (more)
        scheduleTurn(router, id, box);
}

// Queues work for the context on the broker thread, in order with the rest.
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
    post(d,
         [call, request = CallRequest{module, cls, func, args, kwargs, mode, timeoutMs}](
                 ContextServices *services) {
             if (!services) {
                 call->finish(makeError(Error::Disconnected,
                                        Context::tr("The context is not connected.")));
                 return;
             }
             services->calls->send(call, request);
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

// Runs f with the context's link and handlers on the broker thread; nothing if they are gone.
template<typename F>
void postToServices(const ContextPrivate *d, F f)
{
    post(d, [f = std::move(f)](ContextServices *services) {
        if (services)
            f(*services);
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
    postToServices(d.get(), [handle, weak](ContextServices &s) { s.channels->open(handle, weak); });
    return channel;
}

void Context::setLogLevel(int level)
{
    postToServices(d.get(), [level](ContextServices &s) { s.logs->setLogLevel(level); });
}

void Context::shutdown()
{
    postToServices(d.get(), [](ContextServices &s) { s.link->shutdown(); });
}

void Context::disconnectNow()
{
    postToServices(d.get(), [](ContextServices &s) {
        s.link->disconnectNow(Context::tr("disconnected by the user"));
    });
}

// ---------------------------------------------------------------- the context's signals

void ContextPrivate::watch(const ContextServices &s)
{
    QObject::connect(s.link, &Link::stageReached, q, [this](const auto &stage, const auto &w) {
        reachStage(stage, w);
    });
    QObject::connect(s.link,
                     &Link::stateChanged,
                     q,
                     [this](ContextState state, const QString &why) { setState(state, why); });
    QObject::connect(s.link, &Link::factsReceived, q, [this](const ContextFacts &facts) {
        setFacts(facts);
    });
    QObject::connect(s.calls, &CallHandler::callFinished, q, [this](const CallRecord &record) {
        Q_EMIT q->callFinished(record);
    });
    QObject::connect(s.logs, &LogHandler::recordsReady, q, [this](const LogRecords &records) {
        Q_EMIT q->logRecordsReceived(records);
    });
    QObject::connect(
            s.modules, &ModuleHandler::importEventsReady, q, [this](const ImportEvents &events) {
                Q_EMIT q->importEventsReceived(events);
            });
}

void ContextPrivate::reachStage(const BootstrapStage &stage, const QString &waiting)
{
    {
        QMutexLocker lock(&mutex);
        timeline.append(stage);
        waitingFor = waiting;
        waitingSinceMs = waiting.isEmpty() ? 0 : QDateTime::currentMSecsSinceEpoch();
    }
    Q_EMIT q->stageReached(stage);
}

void ContextPrivate::setState(ContextState newState, const QString &reason)
{
    {
        QMutexLocker lock(&mutex);
        if (state == newState)
            return;
        state = newState;
        if (!reason.isEmpty() || newState == ContextState::Connected)
            error = reason;
        if (newState == ContextState::Connected)
            connectedSince = QDateTime::currentMSecsSinceEpoch();
        if (newState == ContextState::Disconnected || newState == ContextState::Failed) {
            waitingFor.clear();
            waitingSinceMs = 0;
        }
    }
    Q_EMIT q->stateChanged(newState, reason);
}

void ContextPrivate::setFacts(const ContextFacts &newFacts)
{
    {
        QMutexLocker lock(&mutex);
        facts = newFacts;
    }
    Q_EMIT q->factsReceived(newFacts);
}

} // namespace Econtext
