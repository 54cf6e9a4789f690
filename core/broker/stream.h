// Stream: the broker-thread side of one context. Drives its Transport through
// the bootstrap state machine (docs/protocol.md §1), then reads and writes
// frames: calls and their replies, channels, module requests, logs, output and
// import events (batched for the GUI). Owned by the Router.
#pragma once

#include "core/broker/context_p.h"
#include "core/broker/inbox.h"
#include "core/connect/prompter.h"
#include "core/connect/transport.h"
#include "core/wire/frame.h"
#include "core/wire/sha256.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMap>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>

namespace Econtext {

class Router;

class Stream : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Stream)
public:
    Stream(Context *context, ContextPrivate *d, Router *router);
    ~Stream() override;

    quint32 id() const { return m_d->id; }
    Context *context() const { return m_context; }
    bool isFinished() const { return m_phase == Phase::Closed; }

    void start();
    void sendCall(const std::shared_ptr<PendingCall> &call,
                  const QString &module,
                  const QString &cls,
                  const QString &func,
                  const Wire::ValueList &args,
                  const Wire::ValuePairs &kwargs,
                  CallMode mode,
                  int timeoutMs);
    // Hands the frames queued so far to the transport now (they leave by themselves at the
    // next turn of the event loop otherwise).
    void flushOut();
    // The caller calls flushOut() before it returns to the event loop: frames queued until
    // then post no flush of their own (a posted event costs the thread two more turns).
    void willFlush() { m_flushOutPending = true; }
    void registerChannel(quint32 handle, const std::weak_ptr<Channel> &channel);
    void setLogLevel(int level);
    void shutdown();
    void disconnectNow(const QString &reason);

    // Tunnels for child contexts started through this one (see RelayTransport).
    using RawHandler = std::function<void(const Wire::Frame &frame)>;
    quint32 allocateHandles(quint32 count) { return m_d->nextHandle.fetch_add(count); }
    void registerRawHandler(quint32 handle, RawHandler handler);
    void unregisterRawHandler(quint32 handle) { m_rawHandlers.remove(handle); }
    void sendService(quint32 handle, const QByteArray &payload, bool raw);
    bool isUp() const { return m_phase == Phase::Up; }
    QString name() const { return m_d->name; }

Q_SIGNALS:
    void finished(const QString &reason);

private:
    static constexpr int FlushIntervalMs = 30; // batches of log rows and import events
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
    struct Pending
    {
        std::shared_ptr<PendingCall> call;
        QTimer *timer = nullptr;
        CallRecord record;    // what, when (startedMs) and how it ended
        qint64 startedNs = 0; // m_clock
    };
    void completeCall(quint32 handle, Pending p, CallResult result);
    void updateCallStats();

    void stage(const QString &name);
    void setState(ContextState state, const QString &reason = {});
    void onStarted();
    void onData(const QByteArray &data);
    void onSideOutput(const QByteArray &data);
    void onTransportFailed(const QString &reason);
    void onTransportClosed(const QString &reason);
    void onBootTimeout();
    void bootstrapLine(const QByteArray &line);
    void handleFrame(const Wire::Frame &frame);
    // The frame's pickle: decoded aside by the inbox when it was large, else now.
    Result<Wire::Value> payloadValue(const Wire::Frame &frame) const;
    bool refuseMessage(const Wire::Frame &header, const QString &why);
    void holdInput(bool hold);
    void handleHello(const Wire::Value &hello);
    void handleModuleRequest(const Wire::Frame &frame);
    void handleSourceRequest(const Wire::Frame &frame);
    void servedByParent(const QString &fullname,
                        const QString &status,
                        const QList<QPair<QString, qint64>> &modules);
    void handleReply(const Wire::Frame &frame);
    CallResult replyResult(const Wire::Frame &frame) const;
    void handleLog(const Wire::Value &value);
    void handleOutput(const Wire::Frame &frame);
    void handleImportEvent(const Wire::Value &value);
    void violation(const QString &what);
    void send(quint32 handle, const QByteArray &payload, quint32 replyTo = 0, quint8 flags = 0);
    void fail(const QString &reason);
    void finish(ContextState state, const QString &reason);
    void addRecord(const LogRecord &record);
    void addImportEvent(ImportEvent event);
    void scheduleFlush();
    void flushBatches();
    QString lastOutput() const;
    QString waitingFor() const;
    // Back-pressure: output handed to the consumers (logs, channels) that the
    // application's thread has not processed yet, and log rows held back until it has.
    // Above a high-water mark the stream stops reading its transport, so a flooding
    // context blocks in write().
    void noteEmitted(qint64 bytes);
    void checkDelivery();
    qint64 undelivered() const;
    // Pauses reading when too much waits for the application; starts watching delivery.
    void updateReading();
    // Hands the batched log rows over, in slices while the application keeps up (all: now).
    void emitLogRows(bool all);

    Context *m_context;
    ContextPrivate *m_d;
    Router *m_router;
    std::unique_ptr<Prompter> m_prompter; // outlives m_transport, which asks through it
    std::unique_ptr<Transport> m_transport;
    Phase m_phase = Phase::Starting;
    QElapsedTimer m_clock;
    QTimer m_bootTimer;
    QTimer m_flushTimer;
    QTimer m_killTimer;
    QByteArray m_key;
    std::unique_ptr<Wire::HmacSha256> m_mac;
    std::unique_ptr<Inbox> m_inbox;
    const Result<Wire::Value> *m_decoded = nullptr; // see payloadValue()
    qsizetype m_payloadSize = 0; // of the message handled now (decoded aside: none left)
    QByteArray m_lineBuffer;
    QByteArray m_sideBuffer;
    QStringList m_lastLines;
    QString m_stageName;
    int m_protocol = 2;
    int m_violations = 0;
    QHash<quint32, Pending> m_pending;
    QMap<quint32, qint64> m_callStarts; // handle -> epoch ms, oldest first
    QHash<quint32, std::weak_ptr<Channel>> m_channels;
    QHash<quint32, RawHandler> m_rawHandlers;
    QList<std::function<void()>> m_whenUp;
    LogRecords m_logBatch;
    ImportEvents m_importBatch;
    QHash<QString, ImportEvent> m_awaitingRoundtrip; // master-side event of a request in flight
    struct Delivery
    {
        std::atomic<qint64> delivered{0}; // m_emitted as of the last marker processed
        std::atomic<bool> markerPending{false};
    };
    std::shared_ptr<Delivery> m_delivery = std::make_shared<Delivery>();
    qint64 m_emitted = 0;
    qint64 m_heldCost = 0; // of the log rows held back in m_logBatch
    bool m_readingPaused = false;
    qint64 m_lastDelivered = 0;
    QElapsedTimer m_deliveredAt; // when the application last got further
    QTimer m_deliveryTimer;
    QByteArray m_out; // frames encoded, not yet handed to the transport
    bool m_flushOutPending = false;
};

} // namespace Econtext
