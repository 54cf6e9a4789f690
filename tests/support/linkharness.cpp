#include "tests/support/linkharness.h"

#include "core/broker/bootstrap.h"
#include "core/wire/pickle.h"

namespace Econtext::Test {

LinkHarness::LinkHarness(quint32 contextId, const QString &name)
    : m_key(Bootstrap::randomKey())
    , m_mac(std::make_unique<Wire::HmacSha256>(m_key))
{
    d.id = contextId;
    d.name = name;
    d.description = name;
}

LinkHarness::~LinkHarness() = default;

void LinkHarness::hello(int protocol, const LinkHello &facts)
{
    m_protocol = protocol;
    m_up = true;
    for (LinkHandler *handler : std::as_const(m_handlers))
        handler->linkUp(facts);
}

void LinkHarness::close(const QString &reason)
{
    m_up = false;
    m_closed = true;
    const QString message = QStringLiteral("Context %1 disconnected: %2").arg(d.name, reason);
    for (LinkHandler *handler : std::as_const(m_handlers))
        handler->linkClosing(message);
    m_routes.clear();
    for (LinkHandler *handler : std::as_const(m_handlers))
        handler->linkClosed(reason);
}

bool LinkHarness::deliver(const Wire::Frame &frame)
{
    LinkHandler *handler = m_routes.value(frame.handle);
    if (!handler)
        return false;
    handler->handleMessage(LinkMessage(frame));
    return true;
}

bool LinkHarness::deliver(quint32 handle, const Wire::Value &value, quint32 replyTo, quint8 flags)
{
    Wire::Frame frame;
    frame.src = frame.authId = d.id;
    frame.handle = handle;
    frame.replyTo = replyTo;
    frame.flags = flags;
    frame.payload = Wire::encodePickle(value, 2);
    return deliver(frame);
}

bool LinkHarness::deliverRaw(quint32 handle, const QByteArray &bytes, quint8 flags)
{
    Wire::Frame frame;
    frame.src = frame.authId = d.id;
    frame.handle = handle;
    frame.flags = flags;
    frame.payload = bytes;
    return deliver(frame);
}

void LinkHarness::refuse(quint32 handle, const QString &why)
{
    if (LinkHandler *handler = m_routes.value(handle))
        handler->refuseMessage(handle, why);
    violation(why);
}

void LinkHarness::send(quint32 handle, const QByteArray &payload, quint32 replyTo, quint8 flags)
{
    Wire::Frame f;
    f.dst = d.id;
    f.handle = handle;
    f.replyTo = replyTo;
    f.flags = flags;
    f.payload = payload;
    Wire::encodeMessage(f, *m_mac, m_wire);
}

QList<Wire::Frame> LinkHarness::takeSent()
{
    Wire::FrameReader reader(m_key);
    Wire::MessageAssembler assembler;
    reader.feed(std::exchange(m_wire, {}));
    QList<Wire::Frame> out;
    Wire::Frame frame;
    QString error;
    for (;;) {
        const Wire::FrameReader::Status status = reader.next(&frame, &error);
        if (status == Wire::FrameReader::Status::Failed)
            sentError = error;
        if (status != Wire::FrameReader::Status::Ready)
            break;
        if (assembler.add(&frame, &error) == Wire::MessageAssembler::Status::Complete)
            out.append(frame);
    }
    if (reader.buffered() > 0 && sentError.isEmpty())
        sentError = QStringLiteral("%1 bytes left over").arg(reader.buffered());
    return out;
}

} // namespace Econtext::Test
