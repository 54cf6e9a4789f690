// RelayHandler: tunnels through this context for child contexts started through it (each
// child's RelayTransport). A tunnel has three handles: the child's stdout (whose dead frame
// says the command ended), its stderr, and this context's notes on module requests it
// answered for the child from what it relayed before (docs/protocol.md §6). Bytes for the
// child's stdin go as FORWARD_STDIN frames. The command is started, switched to frames and
// killed by calls on this context (spawn_child, relay_frames, kill_child).
#pragma once

#include "core/broker/callhandler.h"
#include "core/broker/linkhandler.h"
#include "core/broker/modulehandler.h"

#include <QFuture>
#include <QMap>
#include <QObject>

#include <optional>

namespace Econtext {

struct CoreCall;

// The child's end of a tunnel (RelayTransport).
class RelayTunnel
{
public:
    virtual ~RelayTunnel() = default;
    virtual void tunnelOutput(const QByteArray &data) = 0;       // the child's stdout
    virtual void tunnelSideOutput(const QByteArray &data) = 0;   // its stderr
    virtual void tunnelEnded(const QString &reason) = 0;         // the command ended
    virtual void tunnelAnswered(const ParentAnswer &answer) = 0; // see ParentAnswer
    virtual void parentClosed(const QString &reason) = 0;        // this context is gone
};

class RelayHandler : public QObject, public LinkHandler
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RelayHandler)
public:
    // Tunnels start their commands with calls through calls.
    RelayHandler(LinkPort &link, CallHandler &calls, QObject *parent = nullptr);
    ~RelayHandler() override;

    bool isUp() const { return m_link.isUp(); }
    QString contextName() const { return m_link.context().name; }
    // The interpreter this context runs (from its hello).
    QString executable() const;

    // A tunnel to the tunnel given, until close(); returns its first handle.
    quint32 open(RelayTunnel *tunnel);
    void close(quint32 tunnel);
    // Runs argv in this context with its stdio on the tunnel.
    QFuture<CallResult> spawn(quint32 tunnel, const QStringList &argv, int timeoutMs);
    // From now on the bytes written to the tunnel are frames under the child's key; this
    // context keeps the modules it relays, for later children. Before any frame is written.
    void startFrames(quint32 tunnel, const QByteArray &key);
    void kill(quint32 tunnel);
    // Bytes for the child's stdin, one frame each piece; an empty write closes it.
    void write(quint32 tunnel, const QByteArray &data);
    void closeInput(quint32 tunnel);

    // The note on the answer handle: (fullname, status, [(module, bytes), ...]).
    static std::optional<ParentAnswer> decodeAnswer(const Wire::Value &value);

    void handleMessage(const LinkMessage &message) override;
    void linkClosed(const QString &reason) override;

private:
    enum class Role { Stdout, Stderr, Answers };
    struct Route
    {
        RelayTunnel *tunnel = nullptr;
        Role role = Role::Stdout;
    };
    void call(const std::shared_ptr<PendingCall> &call, const CoreCall &coreCall);

    LinkPort &m_link;
    CallHandler &m_calls;
    QMap<quint32, Route> m_routes; // each handle of each tunnel, oldest tunnel first
};

} // namespace Econtext
