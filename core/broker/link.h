// Link: the broker-thread side of one context's connection, and nothing else. It owns the
// Transport and drives it through the bootstrap (docs/protocol.md §1), reads frames through
// an Inbox (which checks their HMAC, joins pieces and decodes large pickles aside), writes
// frames under the context's key, stops reading while the application lags behind the
// context's output (§7), and hands each message to the LinkHandler registered for its handle.
// Calls, channels, logs and output, modules and relays are those handlers. Its own notes
// (output during the bootstrap, refusals, how it ended) go to the context's log handler.
// Owned by the Router.
#pragma once

#include "core/broker/inbox.h"
#include "core/broker/linkhandler.h"
#include "core/connect/prompter.h"
#include "core/connect/transport.h"
#include "core/wire/frame.h"
#include "core/wire/sha256.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>

namespace Econtext {

class LogHandler;

class Link : public QObject, public LinkPort
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Link)
public:
    explicit Link(ContextPrivate &d, QObject *parent = nullptr);
    ~Link() override;

    // Where the link's own notes go; its held-back rows are handed over as delivery goes on.
    void setLog(LogHandler *log) { m_log = log; }
    // Starts the bootstrap over the transport, or fails with its error. The prompter (may be
    // null) is the one the transport asks through; it outlives the transport.
    void start(std::unique_ptr<Prompter> prompter, Result<std::unique_ptr<Transport>> transport);
    // Graceful: SHUTDOWN, then wait (bounded) for the context to go.
    void shutdown();
    // Hard: kill the transport now.
    void disconnectNow(const QString &reason);
    // Hands the frames queued so far to the transport now (they leave by themselves at the
    // next turn of the event loop otherwise).
    void flushOut();
    // The caller calls flushOut() before it returns to the event loop: frames queued until
    // then post no flush of their own (a posted event costs the thread two more turns).
    void willFlush() { m_flushOutPending = true; }

    // LinkPort
    ContextPrivate &context() override { return m_d; }
    bool isUp() const override { return m_phase == Phase::Up; }
    bool isClosing() const override { return m_phase >= Phase::Closing; }
    bool isClosed() const override { return m_phase == Phase::Closed; }
    int pickleProtocol() const override { return m_protocol; }
    void addHandler(LinkHandler *handler) override { m_handlers.append(handler); }
    void route(quint32 handle, LinkHandler *handler) override { m_routes.insert(handle, handler); }
    void unroute(quint32 handle) override { m_routes.remove(handle); }
    quint32 allocateHandles(quint32 count) override { return m_d.nextHandle.fetch_add(count); }
    void
    send(quint32 handle, const QByteArray &payload, quint32 replyTo = 0, quint8 flags = 0) override;
    void violation(const QString &what) override;
    void noteEmitted(qint64 bytes) override;
    bool applicationKeepsUp() const override;
    void holdBack(qint64 cost) override;
    void handOverOutput() override;

Q_SIGNALS:
    // For the Context, which keeps them and emits its own signals.
    void stageReached(const Econtext::BootstrapStage &stage, const QString &waitingFor);
    void stateChanged(Econtext::ContextState state, const QString &reason);
    void factsReceived(const Econtext::ContextFacts &facts);

private:
    enum class Phase {
        Starting,
        WaitReady,
        WaitCoreReceived,
        WaitRunning,
        WaitHello,
        Up,
        Closing,
        Closed
    };

    // Bootstrap.
    void stage(const QString &name);
    QString waitingFor() const;
    QString lastOutput() const;
    void rememberOutput(const QString &line);
    void onStarted();
    void onBootTimeout();
    void onData(const QByteArray &data);
    void bootstrapLine(const QByteArray &line);
    void onSideOutput(const QByteArray &data);
    void onTransportClosed(const QString &reason);
    void handleHello(const LinkMessage &message);
    // Frames.
    bool
    handleMessage(const Wire::Frame &frame, const Result<Wire::Value> *decoded, qsizetype size);
    void dispatch(const LinkMessage &message);
    bool refuseMessage(const Wire::Frame &header, const QString &why);
    void note(LogRecord::Kind kind, int level, const QString &text);
    // The end.
    void fail(const QString &reason);
    void finish(ContextState state, const QString &reason);
    // Back-pressure: pauses reading while too much waits for the application (the inbox may
    // hold it too); watches delivery while anything waits or is held.
    qint64 undelivered() const;
    void holdInput(bool hold);
    void updateReading();
    void checkDelivery();

    ContextPrivate &m_d;
    LogHandler *m_log = nullptr;
    QList<LinkHandler *> m_handlers;
    QHash<quint32, LinkHandler *> m_routes;
    std::unique_ptr<Prompter> m_prompter; // outlives m_transport, which asks through it
    std::unique_ptr<Transport> m_transport;
    Phase m_phase = Phase::Starting;
    QElapsedTimer m_clock;
    QTimer m_bootTimer;
    QTimer m_killTimer;
    QByteArray m_key;
    std::unique_ptr<Wire::HmacSha256> m_mac;
    std::unique_ptr<Inbox> m_inbox;
    QByteArray m_lineBuffer;
    QByteArray m_sideBuffer;
    QStringList m_lastLines;
    QString m_stageName;
    int m_protocol = 2;
    int m_violations = 0;
    QByteArray m_out; // frames encoded, not yet handed to the transport
    bool m_flushOutPending = false;

    // Output handed to the consumers (logs, channels) that the application's thread has not
    // processed yet, and log rows held back until it has. Above a high-water mark the link
    // stops reading its transport, so a flooding context blocks in write().
    struct Delivery
    {
        std::atomic<qint64> delivered{0}; // m_emitted as of the last marker processed
        std::atomic<bool> markerPending{false};
    };
    std::shared_ptr<Delivery> m_delivery = std::make_shared<Delivery>();
    qint64 m_emitted = 0;
    qint64 m_heldCost = 0;
    bool m_readingPaused = false;
    qint64 m_lastDelivered = 0;
    QElapsedTimer m_deliveredAt; // when the application last got further
    QTimer m_deliveryTimer;
};

} // namespace Econtext
