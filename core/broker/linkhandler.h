// The seam between a context's Link and the services beside it. A LinkHandler serves the
// handles it registered (calls, channels, logs and output, modules, relays: one handler
// each); the link hands it every message for them, whole and checked (HMAC, sender, size).
// The handler decodes what it receives into typed values at this edge and answers through
// the LinkPort, which the Link implements. docs/README.md describes each handler.
#pragma once

#include "core/broker/context_p.h"
#include "core/util/result.h"
#include "core/wire/frame.h"
#include "core/wire/value.h"

#include <QByteArray>
#include <QString>

namespace Econtext {

// One whole message for a handler. Its pickle is decoded when asked for, unless the Inbox
// decoded it aside on a worker (a large one): then the payload is empty and value() gives it.
class LinkMessage
{
public:
    explicit LinkMessage(const Wire::Frame &frame,
                         const Result<Wire::Value> *decoded = nullptr,
                         qsizetype size = -1)
        : m_frame(frame)
        , m_decoded(decoded)
        , m_size(size < 0 ? frame.payload.size() : size)
    {}

    const Wire::Frame &frame() const { return m_frame; }
    quint32 handle() const { return m_frame.handle; }
    quint32 replyTo() const { return m_frame.replyTo; }
    bool isRaw() const { return m_frame.flags & Wire::FlagRaw; }
    bool isDead() const { return m_frame.flags & Wire::FlagDead; }
    const QByteArray &payload() const { return m_frame.payload; }
    // The payload's size as it arrived (also when it was decoded aside).
    qsizetype size() const { return m_size; }
    // The pickle, decoded.
    Result<Wire::Value> value() const;
    // The pickle of a message on a service handle, where raw data is refused.
    Result<Wire::Value> serviceValue() const;

private:
    const Wire::Frame &m_frame;
    const Result<Wire::Value> *m_decoded;
    qsizetype m_size;
};

// The context's HELLO, decoded (docs/protocol.md §3).
struct LinkHello
{
    ContextFacts facts;
    QByteArray magic; // the interpreter's bytecode magic number (at most 16 bytes)
};

class LinkHandler
{
public:
    virtual ~LinkHandler() = default;

    // A message for one of the handles this handler registered.
    virtual void handleMessage(const LinkMessage &message) = 0;
    // The inbox refused a message for one of them while joining its pieces (too large,
    // broken into); the link counts the violation itself.
    virtual void refuseMessage(quint32 handle, const QString &why);
    // The context said hello: the link is up.
    virtual void linkUp(const LinkHello &hello);
    // The link is gone: end what is in flight with `message` ("Context C disconnected: ...").
    // The context's state changes after every handler has been told.
    virtual void linkClosing(const QString &message);
    // The context's state says it is gone, for `reason`: tell whoever depends on it.
    virtual void linkClosed(const QString &reason);
};

// What a handler may ask of its link.
class LinkPort
{
public:
    virtual ~LinkPort() = default;

    // The context's shared state (id, name, options, statistics).
    virtual ContextPrivate &context() = 0;
    virtual bool isUp() const = 0;      // hello received, not closing
    virtual bool isClosing() const = 0; // shutting down or gone: no new work
    virtual bool isClosed() const = 0;  // gone for good
    // The pickle protocol the context reads (2, or 4 from Python 3 on).
    virtual int pickleProtocol() const = 0;

    // Handlers hear of the link's events in the order they were added.
    virtual void addHandler(LinkHandler *handler) = 0;
    // Messages for handle go to handler (until unroute()).
    virtual void route(quint32 handle, LinkHandler *handler) = 0;
    virtual void unroute(quint32 handle) = 0;
    // count fresh handles from 1000 on; the first is returned.
    virtual quint32 allocateHandles(quint32 count) = 0;
    // Queues one message (in pieces if large); it leaves with the next write.
    virtual void
    send(quint32 handle, const QByteArray &payload, quint32 replyTo = 0, quint8 flags = 0)
            = 0;
    // The context sent something it may not: logged; too many drop the context.
    virtual void violation(const QString &what) = 0;

    // Back-pressure (docs/protocol.md §7). Bytes of output handed to the application's
    // thread; whether it keeps up (less than the low-water mark waits for it); the cost of
    // output a handler holds back until it does. The link stops reading the context while
    // too much waits, and asks the holder to hand more over as the application catches up.
    virtual void noteEmitted(qint64 bytes) = 0;
    virtual bool applicationKeepsUp() const = 0;
    virtual void holdBack(qint64 cost) = 0;
    // Hands the output batched so far to the application now, before what follows (a reply).
    virtual void handOverOutput() = 0;
};

} // namespace Econtext
