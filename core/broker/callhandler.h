// CallHandler: the context's calls (CALL_FUNCTION, CALL_ASYNC, CALL_IO). Sends each with a
// fresh reply handle and keeps it until its reply, its timeout, a refusal or the end of the
// link finishes it; reports every finished call (CallRecord) and keeps the context's call
// statistics. Calls made before the context is up wait for its hello. Used by Context (through
// its outbox) and by RelayHandler, which starts children with calls on their parent.
#pragma once

#include "core/broker/linkhandler.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>

#include <memory>

class QTimer;

namespace Econtext {

// module[.cls].func(*args, **kwargs), as Context::call() takes it.
struct CallRequest
{
    QString module;
    QString cls;
    QString func;
    Wire::ValueList args;
    Wire::ValuePairs kwargs;
    CallMode mode = CallMode::Serial;
    int timeoutMs = -1; // none
};

class CallHandler : public QObject, public LinkHandler
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallHandler)
public:
    explicit CallHandler(LinkPort &link, QObject *parent = nullptr);
    ~CallHandler() override;

    // Sends the call, or keeps it until the context is up; call finishes with the result.
    void send(const std::shared_ptr<PendingCall> &call, const CallRequest &request);
    qsizetype callsInFlight() const { return m_pending.size(); }

    void handleMessage(const LinkMessage &message) override;
    void refuseMessage(quint32 handle, const QString &why) override;
    void linkUp(const LinkHello &hello) override;
    void linkClosing(const QString &message) override;

Q_SIGNALS:
    // Every call that finishes (replied, failed, timed out or dropped).
    void callFinished(const Econtext::CallRecord &record);

private:
    struct Pending
    {
        std::shared_ptr<PendingCall> call;
        QTimer *timer = nullptr;
        CallRecord record;    // what, when (startedMs) and how it ended
        qint64 startedNs = 0; // m_clock
    };
    struct Waiting
    {
        std::shared_ptr<PendingCall> call;
        CallRequest request;
    };
    void sendNow(const std::shared_ptr<PendingCall> &call, const CallRequest &request);
    void timedOut(quint32 handle, const QString &func, int timeoutMs);
    void complete(quint32 handle, Pending p, CallResult result);
    CallResult replyResult(const LinkMessage &message) const;
    void updateStats();

    LinkPort &m_link;
    QElapsedTimer m_clock;
    QHash<quint32, Pending> m_pending;
    QMap<quint32, qint64> m_starts; // handle -> epoch ms, oldest first
    QList<Waiting> m_waiting;       // for the hello
};

} // namespace Econtext
