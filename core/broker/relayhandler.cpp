#include "core/broker/relayhandler.h"

#include "core/broker/corecalls.h"

#include "core/broker/handles.h"

#include <QtEndian>

namespace Econtext {

using Wire::Value;

namespace {

QByteArray withHandle(quint32 handle, QByteArrayView data)
{
    QByteArray out(4 + data.size(), Qt::Uninitialized);
    qToBigEndian(handle, out.data());
    if (!data.isEmpty())
        memcpy(out.data() + 4, data.data(), size_t(data.size()));
    return out;
}

} // namespace

RelayHandler::RelayHandler(LinkPort &link, CallHandler &calls, QObject *parent)
    : QObject(parent)
    , m_link(link)
    , m_calls(calls)
{
    link.addHandler(this);
}

RelayHandler::~RelayHandler() = default;

QString RelayHandler::executable() const
{
    ContextPrivate &d = m_link.context();
    QMutexLocker lock(&d.mutex);
    return d.facts.executable;
}

quint32 RelayHandler::open(RelayTunnel *tunnel)
{
    const quint32 first = m_link.allocateHandles(3);
    const Role roles[] = {Role::Stdout, Role::Stderr, Role::Answers};
    for (quint32 i = 0; i < 3; ++i) {
        m_routes.insert(first + i, {tunnel, roles[i]});
        m_link.route(first + i, this);
    }
    return first;
}

void RelayHandler::close(quint32 tunnel)
{
    for (quint32 i = 0; i < 3; ++i) {
        if (m_routes.remove(tunnel + i))
            m_link.unroute(tunnel + i);
    }
}

void RelayHandler::call(const std::shared_ptr<PendingCall> &call, const CoreCall &coreCall)
{
    // CoreCalls makes these CALL_IO: they run on the parent's I/O thread in the order of
    // its frames.
    CallRequest request;
    request.module = coreCall.module;
    request.func = coreCall.function;
    request.args = coreCall.args;
    request.kwargs = coreCall.kwargs;
    request.mode = coreCall.mode;
    request.timeoutMs = coreCall.timeoutMs;
    m_calls.send(call, request);
}

QFuture<CallResult> RelayHandler::spawn(quint32 tunnel, const QStringList &argv, int timeoutMs)
{
    auto pending = std::make_shared<PendingCall>();
    QFuture<CallResult> future = pending->future();
    call(pending, CoreCalls::spawnChild(argv, tunnel, timeoutMs));
    return future;
}

void RelayHandler::startFrames(quint32 tunnel, const QByteArray &key)
{
    // Every byte relayed to the child after this call is a frame.
    call(std::make_shared<PendingCall>(), CoreCalls::relayFrames(tunnel, key));
}

void RelayHandler::kill(quint32 tunnel)
{
    call(std::make_shared<PendingCall>(), CoreCalls::killChild(tunnel, 5000));
}

void RelayHandler::write(quint32 tunnel, const QByteArray &data)
{
    if (!m_link.isUp())
        return;
    // One frame each, with the handle in front: the parent passes each on as it comes, and
    // never holds a whole value.
    constexpr qsizetype Slice = Wire::PieceSize - 4;
    for (qsizetype at = 0; at < data.size(); at += Slice) {
        const qsizetype n = qMin(Slice, data.size() - at);
        m_link.send(Handle::ForwardStdin,
                    withHandle(tunnel, QByteArrayView(data.constData() + at, n)),
                    0,
                    Wire::FlagRaw);
    }
}

void RelayHandler::closeInput(quint32 tunnel)
{
    if (m_link.isUp())
        m_link.send(Handle::ForwardStdin, withHandle(tunnel, {}), 0, Wire::FlagRaw);
}

std::optional<ParentAnswer> RelayHandler::decodeAnswer(const Value &value)
{
    enum Field { Fullname, Status, Modules, FieldCount };
    const Wire::ValueList &fields = value.items();
    if (fields.size() != FieldCount)
        return std::nullopt;
    ParentAnswer answer;
    answer.fullname = fields[Fullname].toString();
    answer.status = fields[Status].toString();
    for (const Value &m : fields[Modules].items()) {
        if (m.items().size() == 2)
            answer.modules.append({m.items()[0].toString(), m.items()[1].toInt()});
    }
    return answer;
}

void RelayHandler::handleMessage(const LinkMessage &message)
{
    const auto it = m_routes.constFind(message.handle());
    if (it == m_routes.cend())
        return;
    RelayTunnel *tunnel = it->tunnel;
    switch (it->role) {
    case Role::Stdout:
        if (message.isDead()) {
            const auto reason = message.value();
            tunnel->tunnelEnded(reason ? reason->toString() : QString());
        } else {
            tunnel->tunnelOutput(message.payload());
        }
        break;
    case Role::Stderr:
        if (!message.isDead())
            tunnel->tunnelSideOutput(message.payload());
        break;
    case Role::Answers: {
        if (message.isDead() || message.isRaw())
            break;
        const auto value = message.value();
        if (!value)
            break;
        if (const std::optional<ParentAnswer> answer = decodeAnswer(*value))
            tunnel->tunnelAnswered(*answer);
        break;
    }
    }
}

void RelayHandler::linkClosed(const QString &reason)
{
    QList<RelayTunnel *> tunnels;
    for (auto it = m_routes.cbegin(); it != m_routes.cend(); ++it) {
        if (it->role == Role::Stdout)
            tunnels.append(it->tunnel);
    }
    m_routes.clear();
    for (RelayTunnel *tunnel : std::as_const(tunnels))
        tunnel->parentClosed(reason);
}

} // namespace Econtext
