#include "core/broker/callhandler.h"

#include "core/broker/handles.h"
#include "core/wire/pickle.h"

#include <QDateTime>
#include <QTimer>

namespace Econtext {

using Wire::Value;

CallHandler::CallHandler(LinkPort &link, QObject *parent)
    : QObject(parent)
    , m_link(link)
{
    m_clock.start();
    link.addHandler(this);
}

CallHandler::~CallHandler() = default;

void CallHandler::send(const std::shared_ptr<PendingCall> &call, const CallRequest &request)
{
    if (m_link.isClosing()) {
        call->finish(makeError(Error::Disconnected,
                               tr("Context %1 is not connected.").arg(m_link.context().name)));
        return;
    }
    if (!m_link.isUp()) {
        m_waiting.append({call, request});
        return;
    }
    sendNow(call, request);
}

void CallHandler::linkUp(const LinkHello &)
{
    const QList<Waiting> waiting = std::exchange(m_waiting, {});
    for (const Waiting &w : waiting)
        send(w.call, w.request);
}

void CallHandler::sendNow(const std::shared_ptr<PendingCall> &call, const CallRequest &r)
{
    const ContextPrivate &d = m_link.context();
    const quint32 handle = m_link.allocateHandles(1);
    const Value message = Value::tuple({Value(r.module),
                                        r.cls.isEmpty() ? Value() : Value(r.cls),
                                        Value(r.func),
                                        Value::tuple(r.args),
                                        Value::dict(r.kwargs)});
    QByteArray payload = Wire::encodePickle(message, m_link.pickleProtocol());
    if (payload.size() > d.options.maxValueBytes) {
        call->finish(makeError(Error::Refused,
                               tr("The arguments of the call %1 on %2 take %3 bytes pickled, "
                                  "over the limit of %4 bytes for one value; the call was not "
                                  "sent.")
                                       .arg(r.func, d.name)
                                       .arg(payload.size())
                                       .arg(d.options.maxValueBytes)));
        return;
    }
    Pending p;
    p.call = call;
    if (r.timeoutMs > 0) {
        p.timer = new QTimer(this);
        p.timer->setSingleShot(true);
        connect(p.timer,
                &QTimer::timeout,
                this,
                [this, handle, func = r.func, timeoutMs = r.timeoutMs] {
                    timedOut(handle, func, timeoutMs);
                });
        p.timer->start(r.timeoutMs);
    }
    p.record.contextId = d.id;
    p.record.module = r.module;
    p.record.cls = r.cls;
    p.record.func = r.func;
    p.record.mode = r.mode;
    p.record.startedMs = QDateTime::currentMSecsSinceEpoch();
    p.startedNs = m_clock.nsecsElapsed();
    m_starts.insert(handle, p.record.startedMs);
    m_pending.insert(handle, std::move(p));
    updateStats();
    m_link.route(handle, this);
    const quint32 service = r.mode == CallMode::Thread     ? Handle::CallAsync
                            : r.mode == CallMode::IoThread ? Handle::CallIo
                                                           : Handle::CallFunction;
    m_link.send(service, std::exchange(payload, QByteArray()), handle);
}

void CallHandler::timedOut(quint32 handle, const QString &func, int timeoutMs)
{
    auto it = m_pending.find(handle);
    if (it == m_pending.end())
        return;
    Pending p = std::move(it.value());
    m_pending.erase(it);
    m_link.unroute(handle); // a late reply is dropped quietly
    p.timer->deleteLater();
    p.timer = nullptr; // running its own timeout: not deleted here
    complete(handle,
             std::move(p),
             makeError(Error::Timeout,
                       tr("The call %1 on %2 timed out after %3 s.")
                               .arg(func, m_link.context().name)
                               .arg(timeoutMs / 1000.0)));
}

void CallHandler::handleMessage(const LinkMessage &message)
{
    auto it = m_pending.find(message.handle());
    if (it == m_pending.end())
        return;
    Pending p = std::move(it.value());
    m_pending.erase(it);
    m_link.unroute(message.handle());
    // What the call printed is handed over before its result (unless the application is far
    // behind on this context's output: then it follows).
    m_link.handOverOutput();
    complete(message.handle(), std::move(p), replyResult(message));
}

// A reply the inbox refused while joining its pieces: the call fails alone.
void CallHandler::refuseMessage(quint32 handle, const QString &why)
{
    auto it = m_pending.find(handle);
    if (it == m_pending.end())
        return;
    Pending p = std::move(it.value());
    m_pending.erase(it);
    m_link.unroute(handle);
    const QString func = p.record.func;
    complete(handle,
             std::move(p),
             makeError(Error::Refused,
                       tr("The reply to the call %1 on %2 was refused: %3.")
                               .arg(func, m_link.context().name, why)));
}

CallResult CallHandler::replyResult(const LinkMessage &message) const
{
    if (message.isDead()) {
        const auto reason = message.value();
        return makeError(Error::Disconnected,
                         reason ? reason->toString() : tr("the call was dropped"));
    }
    if (message.isRaw())
        return Value::fromBytes(message.payload());
    auto value = message.value();
    if (!value) {
        return makeError(Error::Pickle,
                         tr("The reply from %1 could not be decoded: %2")
                                 .arg(m_link.context().name, value.errorString()));
    }
    if (value->isCallError()) {
        const Wire::CallError &ce = value->callErrorValue();
        const QString tb = ce.traceback.trimmed();
        return makeError(Error::Remote,
                         tb.isEmpty() ? ce.type + QStringLiteral(": ") + ce.message : tb);
    }
    return std::move(value).value();
}

void CallHandler::complete(quint32 handle, Pending p, CallResult result)
{
    delete p.timer;
    m_starts.remove(handle);
    updateStats();
    p.record.durationMs = double(m_clock.nsecsElapsed() - p.startedNs) / 1e6;
    p.record.ok = bool(result);
    if (!result)
        p.record.error
                = result.errorString().trimmed().section(u'\n', -1).trimmed(); // the exception line
    p.call->finish(std::move(result));
    Q_EMIT callFinished(p.record);
}

void CallHandler::updateStats()
{
    ContextPrivate &d = m_link.context();
    QMutexLocker lock(&d.mutex);
    d.stats.callsInFlight = m_pending.size();
    d.stats.oldestCallStartedMs = m_starts.isEmpty() ? 0 : m_starts.first();
}

void CallHandler::linkClosing(const QString &message)
{
    const auto pending = std::exchange(m_pending, {});
    for (auto it = pending.cbegin(); it != pending.cend(); ++it)
        complete(it.key(), it.value(), makeError(Error::Disconnected, message));
    m_waiting.clear(); // their calls end as dropped
    m_starts.clear();
    updateStats();
}

} // namespace Econtext
