#include "core/broker/link.h"

#include "core/broker/bootstrap.h"
#include "core/broker/handles.h"
#include "core/broker/loghandler.h"
#include "core/wire/pickle.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcBroker, "econtext.broker", QtWarningMsg)

namespace Econtext {

using Wire::Frame;
using Wire::Value;

namespace {

constexpr int MaxLastLines = 20;
constexpr int MaxViolations = 20;

// Output handed to the application but not processed yet, per context.
constexpr qint64 DeliveryHighWater = 16 * 1024 * 1024;
constexpr qint64 DeliveryLowWater = 4 * 1024 * 1024;
// A consumer that blocks its thread (e.g. waiting for a call of this very context)
// must not deadlock the link: when it has not got further for this long, reading resumes.
constexpr qint64 DeliveryStallMs = 5000;

} // namespace

Link::Link(ContextPrivate &d, QObject *parent)
    : QObject(parent)
    , m_d(d)
{
    m_bootTimer.setSingleShot(true);
    connect(&m_bootTimer, &QTimer::timeout, this, &Link::onBootTimeout);
    m_deliveryTimer.setInterval(5);
    connect(&m_deliveryTimer, &QTimer::timeout, this, &Link::checkDelivery);
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (m_transport)
            m_transport->kill();
    });
}

Link::~Link()
{
    if (m_phase != Phase::Closed)
        finish(ContextState::Disconnected, tr("the broker stopped"));
}

// ---------------------------------------------------------------- bootstrap

void Link::stage(const QString &name)
{
    m_stageName = name;
    const BootstrapStage s{name, m_clock.elapsed()};
    const bool waiting
            = m_phase != Phase::Up && m_phase != Phase::Closing && m_phase != Phase::Closed;
    qCDebug(lcBroker) << m_d.name << "stage" << name << s.msSinceStart << "ms";
    Q_EMIT stageReached(s, waiting ? waitingFor() : QString());
}

QString Link::waitingFor() const
{
    switch (m_phase) {
    case Phase::Starting:
        return m_stageName.isEmpty() ? tr("the interpreter to start")
                                     : tr("the step after \"%1\"").arg(m_stageName);
    case Phase::WaitReady:
        return tr("the first stage to start");
    case Phase::WaitCoreReceived:
        return tr("the first stage to receive the core");
    case Phase::WaitRunning:
        return tr("the core to start");
    case Phase::WaitHello:
        return tr("the core's hello");
    default:
        return tr("the context");
    }
}

QString Link::lastOutput() const
{
    if (m_lastLines.isEmpty())
        return {};
    return m_lastLines.join(QStringLiteral("\n"));
}

void Link::rememberOutput(const QString &line)
{
    m_lastLines.append(line);
    while (m_lastLines.size() > MaxLastLines)
        m_lastLines.removeFirst();
}

void Link::start(std::unique_ptr<Prompter> prompter, Result<std::unique_ptr<Transport>> transport)
{
    m_clock.start();
    m_key = Bootstrap::randomKey();
    m_inbox = std::make_unique<Inbox>(m_key, m_d.options.maxValueBytes);
    m_inbox->setHandlers(
            [this](const Frame &frame, const Result<Value> *decoded, qsizetype size) {
                return handleMessage(frame, decoded, size);
            },
            [this](const Frame &header, const QString &why) { return refuseMessage(header, why); },
            [this](const QString &why) {
                fail(tr("The stream from %1 was closed: %2").arg(m_d.description, why));
            },
            [this](bool hold) { holdInput(hold); });
    m_mac = std::make_unique<Wire::HmacSha256>(m_key);
    stage(QStringLiteral("start"));

    m_prompter = std::move(prompter);
    if (!transport) {
        fail(transport.error().message);
        return;
    }
    m_transport = std::move(transport).value();
    m_transport->setParent(nullptr);
    connect(m_transport.get(), &Transport::started, this, &Link::onStarted);
    connect(m_transport.get(), &Transport::stageReached, this, &Link::stage);
    connect(m_transport.get(), &Transport::dataReceived, this, &Link::onData);
    connect(m_transport.get(), &Transport::sideOutputReceived, this, &Link::onSideOutput);
    connect(m_transport.get(), &Transport::failed, this, &Link::fail);
    connect(m_transport.get(), &Transport::closed, this, &Link::onTransportClosed);

    const ConnectOptions &o = m_d.options;
    const int total = o.connectTimeoutMs + o.bootstrapTimeoutMs;
    m_bootTimer.start(total > 0 ? total : 60000);
    const QString python
            = o.python.isEmpty() && o.method == ConnectMethod::Local && o.viaContextId == 0
                      ? QStringLiteral("python3")
                      : o.python;
    m_transport->start(
            Bootstrap::firstStageArgv(python, m_d.name, Bootstrap::compressedCore().size()));
}

void Link::onStarted()
{
    if (m_phase != Phase::Starting)
        return;
    m_phase = Phase::WaitReady;
    stage(QStringLiteral("interpreter started"));
    Q_EMIT stateChanged(ContextState::Bootstrapping, {});
    if (m_d.options.bootstrapTimeoutMs > 0)
        m_bootTimer.start(m_d.options.bootstrapTimeoutMs);
}

void Link::onBootTimeout()
{
    if (m_phase >= Phase::Up)
        return;
    const int ms = m_phase == Phase::Starting
                           ? m_d.options.connectTimeoutMs + m_d.options.bootstrapTimeoutMs
                           : m_d.options.bootstrapTimeoutMs;
    fail(tr("Timed out after %1 s waiting for %2 on %3.")
                 .arg(QString::number(ms / 1000.0), waitingFor(), m_d.description));
}

void Link::onData(const QByteArray &data)
{
    {
        QMutexLocker lock(&m_d.mutex);
        m_d.stats.bytesIn += data.size();
    }
    if (m_phase == Phase::Closed)
        return;
    if (m_phase >= Phase::WaitHello) {
        m_inbox->feed(data);
        return;
    }
    // Output proves the command runs, even if the transport's "started" is still queued.
    if (m_phase == Phase::Starting)
        onStarted();
    m_lineBuffer += data;
    for (;;) {
        const qsizetype nl = m_lineBuffer.indexOf('\n');
        if (nl < 0)
            break;
        const QByteArray line = m_lineBuffer.left(nl);
        m_lineBuffer.remove(0, nl + 1);
        bootstrapLine(line);
        if (m_phase == Phase::Closed)
            return;
        if (m_phase == Phase::WaitHello) {
            // From here on the stream carries frames only.
            const QByteArray rest = std::exchange(m_lineBuffer, QByteArray());
            if (!rest.isEmpty())
                m_inbox->feed(rest);
            return;
        }
    }
    if (m_lineBuffer.size() > 64 * 1024) {
        fail(tr("The interpreter on %1 printed too much before the bootstrap finished.")
                     .arg(m_d.description));
    }
}

void Link::bootstrapLine(const QByteArray &line)
{
    if (line == Bootstrap::ReadyForCore && m_phase == Phase::WaitReady) {
        m_phase = Phase::WaitCoreReceived;
        stage(QStringLiteral("first stage"));
        Bootstrap::Config config;
        config.key = m_key;
        config.contextId = m_d.id;
        config.parentId = m_d.parentId;
        config.name = m_d.name;
        config.logLevel = m_d.options.logLevel;
        config.protocol = 2;
        config.maxValue = m_d.options.maxValueBytes;
        m_transport->write(Bootstrap::compressedCore() + Bootstrap::configBlock(config));
        stage(QStringLiteral("core sent"));
        return;
    }
    if (line == Bootstrap::CoreReceived && m_phase == Phase::WaitCoreReceived) {
        m_phase = Phase::WaitRunning;
        stage(QStringLiteral("core received"));
        return;
    }
    if (line.startsWith("EC2 ") && m_phase == Phase::WaitRunning) {
        if (line != Bootstrap::CoreRunning) {
            fail(tr("The context on %1 speaks protocol %2, but this master speaks 1.")
                         .arg(m_d.description, QString::fromLatin1(line.mid(4))));
            return;
        }
        m_phase = Phase::WaitHello;
        stage(QStringLiteral("core running"));
        return;
    }
    // Anything else is the remote's own output during bootstrap (e.g. an error).
    const QString text = QString::fromUtf8(line).trimmed();
    if (!text.isEmpty()) {
        rememberOutput(text);
        note(LogRecord::Kind::Stdout, 20, text);
    }
}

void Link::onSideOutput(const QByteArray &data)
{
    m_sideBuffer += data;
    qsizetype nl;
    while ((nl = m_sideBuffer.indexOf('\n')) >= 0 || m_sideBuffer.size() > 16384) {
        const qsizetype end = nl >= 0 ? nl : m_sideBuffer.size();
        const QString text = QString::fromUtf8(m_sideBuffer.left(end));
        m_sideBuffer.remove(0, nl >= 0 ? nl + 1 : end);
        if (text.trimmed().isEmpty())
            continue;
        if (m_phase < Phase::Up)
            rememberOutput(text.trimmed());
        note(LogRecord::Kind::Stderr, 30, text);
    }
}

void Link::onTransportClosed(const QString &reason)
{
    if (m_phase == Phase::Closed)
        return;
    if (!m_sideBuffer.isEmpty())
        onSideOutput(QByteArrayLiteral("\n"));
    if (m_phase < Phase::Up) {
        QString message = tr("The interpreter on %1 exited while waiting for %2")
                                  .arg(m_d.description, waitingFor());
        if (!reason.isEmpty())
            message += QStringLiteral(" (") + reason + u')';
        message += u'.';
        fail(message);
        return;
    }
    if (m_phase == Phase::Closing) {
        finish(ContextState::Disconnected, tr("shut down"));
        return;
    }
    finish(ContextState::Disconnected,
           reason.isEmpty()
                   ? tr("the connection to %1 was closed").arg(m_d.description)
                   : tr("the connection to %1 was closed: %2").arg(m_d.description, reason));
}

void Link::handleHello(const LinkMessage &message)
{
    const auto value = message.serviceValue();
    if (!value) {
        violation(value.errorString());
        return;
    }
    if (m_phase != Phase::WaitHello) {
        violation(tr("a second hello"));
        return;
    }
    const Value &hello = *value;
    LinkHello h;
    ContextFacts &facts = h.facts;
    facts.pythonFull = hello.get(QStringLiteral("version")).toString();
    QStringList parts;
    for (const Value &v : hello.get(QStringLiteral("version_info")).items())
        parts.append(QString::number(v.toInt()));
    facts.pythonVersion = parts.join(u'.');
    facts.pid = hello.get(QStringLiteral("pid")).toInt();
    facts.user = hello.get(QStringLiteral("user")).toString();
    facts.host = hello.get(QStringLiteral("host")).toString();
    facts.platform = hello.get(QStringLiteral("platform")).toString();
    facts.executable = hello.get(QStringLiteral("executable")).toString();
    facts.pickleProtocol = int(hello.get(QStringLiteral("protocol")).toInt());
    const QByteArray magic
            = QByteArray::fromHex(hello.get(QStringLiteral("magic")).toString().toLatin1());
    h.magic = magic.size() <= 16 ? magic : QByteArray();
    m_protocol = facts.pickleProtocol >= 3 ? 4 : 2;
    m_phase = Phase::Up;
    m_bootTimer.stop();
    m_lastLines.clear();
    // Before any frame goes out: a parent relaying this link treats its bytes as frames now.
    m_transport->framesStarted(m_key);
    stage(QStringLiteral("hello"));
    Q_EMIT factsReceived(facts);
    Q_EMIT stateChanged(ContextState::Connected, {});
    for (LinkHandler *handler : std::as_const(m_handlers))
        handler->linkUp(h);
}

// ---------------------------------------------------------------- frames

bool Link::handleMessage(const Frame &frame, const Result<Value> *decoded, qsizetype size)
{
    {
        QMutexLocker lock(&m_d.mutex);
        ++m_d.stats.messagesIn;
    }
    if (frame.src != m_d.id || frame.authId != m_d.id)
        violation(tr("a frame claiming to come from context %1").arg(frame.src));
    else if (frame.dst != 0)
        violation(tr("a frame for context %1, which it cannot reach").arg(frame.dst));
    else if (m_phase == Phase::WaitHello && frame.handle != Handle::Hello)
        violation(tr("a message before its hello"));
    else if (frame.handle == Handle::Hello)
        handleHello(LinkMessage(frame, decoded, size));
    else
        dispatch(LinkMessage(frame, decoded, size));
    return m_phase != Phase::Closed;
}

void Link::dispatch(const LinkMessage &message)
{
    const quint32 handle = message.handle();
    if (LinkHandler *handler = m_routes.value(handle)) {
        handler->handleMessage(message);
        return;
    }
    if (handle >= Handle::FirstAllocated) {
        // Replies to calls that timed out arrive late; anything else is suspicious.
        if (handle >= m_d.nextHandle.load())
            violation(tr("a message for handle %1, which it was not given").arg(handle));
        return;
    }
    const auto value = message.serviceValue();
    if (!value) {
        violation(value.errorString());
        return;
    }
    violation(tr("a message for handle %1, which it was not given").arg(handle));
}

// A message the inbox refused while joining its pieces (over the value limit, or broken
// into by another frame): its handler hears of it (a call fails alone), the context stays.
bool Link::refuseMessage(const Frame &header, const QString &why)
{
    if (LinkHandler *handler = m_routes.value(header.handle))
        handler->refuseMessage(header.handle, why);
    violation(why);
    return m_phase != Phase::Closed;
}

void Link::note(LogRecord::Kind kind, int level, const QString &text)
{
    if (m_log)
        m_log->addNote(kind, level, text);
}

void Link::violation(const QString &what)
{
    qCWarning(lcBroker).noquote() << "context" << m_d.name << "refused:" << what;
    note(LogRecord::Kind::Internal, 30, tr("Refused a message from this context: %1").arg(what));
    if (++m_violations >= MaxViolations)
        fail(tr("Context %1 kept sending messages it is not allowed to send.").arg(m_d.name));
}

void Link::send(quint32 handle, const QByteArray &payload, quint32 replyTo, quint8 flags)
{
    if (!m_transport || m_phase == Phase::Closed)
        return;
    Frame f;
    f.dst = m_d.id;
    f.src = 0;
    f.authId = 0;
    f.handle = handle;
    f.replyTo = replyTo;
    f.flags = flags;
    f.payload = payload;
    const qsizetype before = m_out.size();
    Wire::encodeMessage(f, *m_mac, m_out);
    {
        QMutexLocker lock(&m_d.mutex);
        ++m_d.stats.messagesOut;
        m_d.stats.bytesOut += m_out.size() - before;
    }
    // Frames queued by the events being handled now leave in one write: many calls
    // in flight cost one system call, a single call one posted event.
    if (m_out.size() >= 256 * 1024) {
        flushOut();
    } else if (!m_flushOutPending) {
        m_flushOutPending = true;
        QMetaObject::invokeMethod(this, &Link::flushOut, Qt::QueuedConnection);
    }
}

void Link::flushOut()
{
    m_flushOutPending = false;
    if (m_out.isEmpty())
        return;
    if (m_transport && m_phase != Phase::Closed)
        m_transport->write(m_out);
    m_out.clear();
}

// ---------------------------------------------------------------- the end

void Link::shutdown()
{
    if (m_phase == Phase::Closed || m_phase == Phase::Closing)
        return;
    if (m_phase != Phase::Up) {
        finish(ContextState::Disconnected, tr("cancelled"));
        return;
    }
    send(Handle::Shutdown, Wire::encodePickle(Value(), m_protocol));
    m_phase = Phase::Closing;
    m_killTimer.start(5000);
}

void Link::disconnectNow(const QString &reason)
{
    finish(m_phase < Phase::Up ? ContextState::Failed : ContextState::Disconnected, reason);
}

void Link::fail(const QString &reason)
{
    if (m_phase == Phase::Closed)
        return;
    QString message = reason;
    const QString last = lastOutput();
    if (m_phase < Phase::Up && !last.isEmpty() && !message.contains(last))
        message += QStringLiteral("\n") + tr("Last output: %1").arg(last);
    finish(m_phase < Phase::Up ? ContextState::Failed : ContextState::Disconnected, message);
}

void Link::finish(ContextState state, const QString &reason)
{
    if (m_phase == Phase::Closed)
        return;
    m_phase = Phase::Closed;
    m_bootTimer.stop();
    m_killTimer.stop();
    if (m_inbox)
        m_inbox->close(); // frees what was read ahead and any message half joined
    qCDebug(lcBroker) << m_d.name << "finished:" << reason;
    if (m_transport) {
        m_transport->disconnect(this);
        m_transport->kill();
        // Its notifiers may still be queued: delete later, on this thread.
        m_transport.release()->deleteLater();
    }
    note(LogRecord::Kind::Internal,
         state == ContextState::Failed ? 40 : 20,
         state == ContextState::Failed ? tr("Connection failed: %1").arg(reason)
                                       : tr("Disconnected: %1").arg(reason));
    // What is in flight ends first (calls fail, channels close, batches go out), then the
    // context says it is gone, then those who depend on it hear of it (relayed children).
    const QString dead = tr("Context %1 disconnected: %2").arg(m_d.name, reason);
    for (LinkHandler *handler : std::as_const(m_handlers))
        handler->linkClosing(dead);
    m_routes.clear();
    Q_EMIT stateChanged(state, reason);
    for (LinkHandler *handler : std::as_const(m_handlers))
        handler->linkClosed(reason);
}

// ---------------------------------------------------------------- back-pressure

void Link::noteEmitted(qint64 bytes)
{
    QCoreApplication *app = QCoreApplication::instance();
    if (!app)
        return;
    m_emitted += bytes;
    // One marker at a time, queued behind what was emitted: when the application's
    // thread runs it, everything emitted before it was processed there.
    if (!m_delivery->markerPending.exchange(true)) {
        QMetaObject::invokeMethod(
                app,
                [delivery = m_delivery, mark = m_emitted] {
                    delivery->delivered = mark;
                    delivery->markerPending = false;
                },
                Qt::QueuedConnection);
    }
    updateReading();
}

qint64 Link::undelivered() const
{
    return m_emitted - m_delivery->delivered;
}

bool Link::applicationKeepsUp() const
{
    return undelivered() <= DeliveryLowWater;
}

void Link::holdBack(qint64 cost)
{
    m_heldCost = cost;
    if (cost > 0)
        updateReading();
}

void Link::handOverOutput()
{
    if (m_log)
        m_log->handOver();
}

void Link::holdInput(bool hold)
{
    if (!m_transport || m_phase == Phase::Closed)
        return;
    if (hold)
        m_transport->pauseReading();
    else if (!m_readingPaused)
        m_transport->resumeReading();
}

void Link::updateReading()
{
    if (!m_readingPaused && m_transport && undelivered() + m_heldCost > DeliveryHighWater) {
        qCDebug(lcBroker) << m_d.name << "consumer behind by" << undelivered() << "bytes,"
                          << m_heldCost << "held: pausing";
        m_readingPaused = true;
        m_transport->pauseReading();
    }
    if ((m_heldCost > 0 || m_readingPaused) && !m_deliveryTimer.isActive()) {
        m_lastDelivered = m_delivery->delivered;
        m_deliveredAt.start();
        m_deliveryTimer.start();
    }
}

void Link::checkDelivery()
{
    if (undelivered() > 0 && !m_delivery->markerPending)
        noteEmitted(0); // a new marker for what was emitted since the last one
    const qint64 delivered = m_delivery->delivered;
    if (delivered != m_lastDelivered) {
        m_lastDelivered = delivered;
        m_deliveredAt.start();
    }
    const bool stalled = m_deliveredAt.elapsed() > DeliveryStallMs;
    if (stalled) {
        qCWarning(lcBroker).noquote()
                << tr("The application has not processed the output of %1 for %2 s; reading "
                      "it again.")
                           .arg(m_d.name)
                           .arg(DeliveryStallMs / 1000);
        m_deliveredAt.start();
    }
    if (m_heldCost > 0 && m_log)
        m_log->releaseRows(stalled);
    if (m_readingPaused && m_transport
        && (undelivered() + m_heldCost <= DeliveryLowWater || stalled)) {
        m_readingPaused = false;
        m_transport->resumeReading();
    }
    if ((!m_readingPaused || !m_transport) && m_heldCost == 0)
        m_deliveryTimer.stop();
}

} // namespace Econtext
