// Context: the master's handle on one remote interpreter. Thread-safe: any
// thread may call its methods; its signals are emitted on the broker thread
// and reach receivers in other threads queued. Owned by the Broker.
#pragma once

#include "core/connect/connectmethod.h"
#include "core/records/importevent.h"
#include "core/records/logrecords.h"
#include "core/util/result.h"
#include "core/wire/value.h"

#include <QFuture>
#include <QObject>
#include <QString>

#include <memory>

namespace Econtext {

class Broker;
class Channel;
struct ContextPrivate;

enum class ContextState { Connecting, Bootstrapping, Connected, Disconnected, Failed };
QString contextStateName(ContextState state); // translated, for people

// Facts from the context's HELLO.
struct ContextFacts
{
    QString pythonVersion; // "3.11.2"
    QString pythonFull;    // sys.version
    qint64 pid = 0;
    QString user;
    QString host;
    QString platform;
    QString executable;
    int pickleProtocol = 0;
};

struct ContextStats
{
    qint64 messagesIn = 0;
    qint64 messagesOut = 0;
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;
    qint64 callsInFlight = 0;
    qint64 oldestCallStartedMs = 0; // epoch ms the oldest call in flight was sent; 0 if none
    qint64 importRequests = 0;
};

// One stage of the bootstrap timeline.
struct BootstrapStage
{
    QString name; // "spawn", "first stage", "core sent", "core received", "core running", "hello",
                  // "first call"
    qint64 msSinceStart = 0;
};

using CallResult = Result<Wire::Value>;

enum class CallMode { Serial, Thread, IoThread }; // CALL_FUNCTION, CALL_ASYNC, CALL_IO

// One finished call, for timings and session captures (no arguments or results:
// they may hold secrets).
struct CallRecord
{
    quint32 contextId = 0;
    QString module;
    QString cls;
    QString func;
    CallMode mode = CallMode::Serial;
    qint64 startedMs = 0; // epoch ms when it was sent
    double durationMs = 0;
    bool ok = true;
    QString error; // the one-line reason when !ok
};

class Context : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Context)
public:
    ~Context() override;

    quint32 id() const;
    quint32 parentId() const;
    QString name() const;
    ConnectMethod method() const;
    QString description() const; // target as the user gave it
    ContextState state() const;
    QString errorString() const; // why it failed / disconnected
    ContextFacts facts() const;
    ContextStats stats() const;
    QList<BootstrapStage> timeline() const;
    // While connecting: what the bootstrap waits for ("the first stage to start",
    // "the step after \"key exchange\"") and since when (epoch ms); empty when up or gone.
    QString waitingFor() const;
    qint64 waitingSinceMs() const;
    qint64 connectedSinceMs() const; // epoch ms, 0 if never connected

    // Calls module[.cls].func(*args, **kwargs) in the context. The future
    // finishes with the value, a CallError (Error::Remote, message = type: msg,
    // and the Value is kept: see lastCallError in the Result), or Error::Disconnected.
    QFuture<CallResult> call(const QString &module,
                             const QString &cls,
                             const QString &func,
                             const Wire::ValueList &args = {},
                             const Wire::ValuePairs &kwargs = {},
                             CallMode mode = CallMode::Serial,
                             int timeoutMs = -1);

    // The same call, waiting for its result on the calling thread, which must not be the
    // broker's: for command-line tools and scripts. Cheaper than waiting on call()'s future,
    // whose result and finish each wake the waiter (three switches between the threads
    // where one is enough). Never called from the GUI thread.
    CallResult callBlocking(const QString &module,
                            const QString &cls,
                            const QString &func,
                            const Wire::ValueList &args = {},
                            const Wire::ValuePairs &kwargs = {},
                            CallMode mode = CallMode::Serial,
                            int timeoutMs = -1);

    // A handle >= 1000 in the master that a remote function can stream to.
    // The Channel lives on the broker thread; connect to its signals.
    std::shared_ptr<Channel> openChannel();

    void setLogLevel(int level);
    // Graceful: SHUTDOWN, drain, then close. Emits stateChanged(Disconnected).
    void shutdown();
    // Hard: kill the transport now.
    void disconnectNow();

Q_SIGNALS:
    void stateChanged(Econtext::ContextState state, const QString &reason);
    void factsReceived(const Econtext::ContextFacts &facts);
    void stageReached(const Econtext::BootstrapStage &stage);
    // Batched (one batch per ~30 ms at most).
    void logRecordsReceived(const Econtext::LogRecords &records);
    void importEventsReceived(const Econtext::ImportEvents &events);
    // Every call that finishes (replied, failed, timed out or dropped).
    void callFinished(const Econtext::CallRecord &record);

private:
    friend class Broker;
    friend struct ContextPrivate;
    explicit Context(std::unique_ptr<ContextPrivate> d);
    std::unique_ptr<ContextPrivate> d;
};

// A receiving handle in the master for streamed messages.
class Channel : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Channel)
public:
    explicit Channel(quint32 handle, QObject *parent = nullptr)
        : QObject(parent)
        , m_handle(handle)
    {}
    quint32 handle() const { return m_handle; }

Q_SIGNALS:
    void messageReceived(const Econtext::Wire::Value &value);
    void closed(const QString &reason);

private:
    quint32 m_handle;
};

} // namespace Econtext

Q_DECLARE_METATYPE(Econtext::ContextState)
Q_DECLARE_METATYPE(Econtext::ContextFacts)
Q_DECLARE_METATYPE(Econtext::BootstrapStage)
Q_DECLARE_METATYPE(Econtext::CallRecord)
