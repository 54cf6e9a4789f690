// LinkHarness: stands where a context's Link stands, to test one handler alone. Frames the
// test builds reach the handler routed for their handle, as the link hands them on; what the
// handler sends is encoded and read back with the wire code (frames under an HMAC key,
// messages in pieces), as a context would read it. It counts the violations the handler
// reports and the back-pressure it asks for, and tells the handlers of the link's life
// (hello, closing, closed) when the test says so, in the order the Link does.
#pragma once

#include "core/broker/linkhandler.h"
#include "core/wire/assembler.h"

#include <QHash>
#include <QList>
#include <QStringList>

#include <memory>

namespace Econtext::Test {

class LinkHarness : public LinkPort
{
public:
    explicit LinkHarness(quint32 contextId = 7, const QString &name = QStringLiteral("ctx"));
    ~LinkHarness() override;

    ContextPrivate d;

    // The context's hello: up, with this pickle protocol (2, or 4 for Python 3).
    void hello(int protocol = 4, const LinkHello &facts = {});
    // The link's end, as Link::finish() tells its handlers.
    void close(const QString &reason);

    // A message from the context for handle, as the link would hand it on; false if no
    // handler is routed for it.
    bool deliver(const Wire::Frame &frame);
    bool deliver(quint32 handle, const Wire::Value &value, quint32 replyTo = 0, quint8 flags = 0);
    bool deliverRaw(quint32 handle, const QByteArray &bytes, quint8 flags = Wire::FlagRaw);
    bool isRouted(quint32 handle) const { return m_routes.contains(handle); }
    // The inbox refused a message for handle while joining it.
    void refuse(quint32 handle, const QString &why);

    // Whole messages the handler sent since the last call, read back from the encoded bytes;
    // why reading them back failed, if it did.
    QList<Wire::Frame> takeSent();
    QString sentError;

    QStringList violations;
    qint64 emitted = 0;  // noteEmitted() in all
    qint64 held = 0;     // the last holdBack()
    int handOvers = 0;   // handOverOutput() calls
    bool keepsUp = true; // what applicationKeepsUp() answers

    // LinkPort
    ContextPrivate &context() override { return d; }
    bool isUp() const override { return m_up; }
    bool isClosing() const override { return m_closed; }
    bool isClosed() const override { return m_closed; }
    int pickleProtocol() const override { return m_protocol; }
    void addHandler(LinkHandler *handler) override { m_handlers.append(handler); }
    void route(quint32 handle, LinkHandler *handler) override { m_routes.insert(handle, handler); }
    void unroute(quint32 handle) override { m_routes.remove(handle); }
    quint32 allocateHandles(quint32 count) override { return d.nextHandle.fetch_add(count); }
    void send(quint32 handle, const QByteArray &payload, quint32 replyTo, quint8 flags) override;
    void violation(const QString &what) override { violations.append(what); }
    void noteEmitted(qint64 bytes) override { emitted += bytes; }
    bool applicationKeepsUp() const override { return keepsUp; }
    void holdBack(qint64 cost) override { held = cost; }
    void handOverOutput() override { ++handOvers; }

private:
    QByteArray m_key;
    std::unique_ptr<Wire::HmacSha256> m_mac;
    QByteArray m_wire; // what the handler sent, encoded
    QList<LinkHandler *> m_handlers;
    QHash<quint32, LinkHandler *> m_routes;
    int m_protocol = 2;
    bool m_up = false;
    bool m_closed = false;
};

} // namespace Econtext::Test
