#include "core/broker/stream.h"

#include "core/broker/bootstrap.h"
#include "core/broker/relaytransport.h"
#include "core/broker/router.h"
#include "core/connect/transportfactory.h"
#include "core/modules/bytecodecache.h"
#include "core/modules/moduleserver.h"
#include "core/wire/pickle.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcBroker, "econtext.broker", QtWarningMsg)

namespace Econtext {

using Wire::Frame;
using Wire::Value;

namespace {

enum Handle : quint32 {
    Shutdown = 100,
    CallFunction = 101,
    GetModule = 102,
    LoadModule = 103,
    ForwardLog = 104,
    ForwardOutput = 105,
    ImportEventHandle = 106,
    Hello = 107,
    SetLogLevel = 108,
    CallAsync = 109,
    CallIo = 110,
    GetSource = 112,
};

double nowSeconds()
{
    return double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
}

constexpr int MaxLastLines = 20;

constexpr int MaxViolations = 20;

} // namespace

Stream::Stream(Context *context, ContextPrivate *d, Router *router)
    : QObject(router)
    , m_context(context)
    , m_d(d)
    , m_router(router)
{
    m_bootTimer.setSingleShot(true);
    connect(&m_bootTimer, &QTimer::timeout, this, &Stream::onBootTimeout);
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(FlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &Stream::flushBatches);
    m_deliveryTimer.setInterval(5);
    connect(&m_deliveryTimer, &QTimer::timeout, this, &Stream::checkDelivery);
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (m_transport)
            m_transport->kill();
    });
}

Stream::~Stream()
{
    if (m_phase != Phase::Closed)
        finish(ContextState::Disconnected, tr("the broker stopped"));
}

// ---------------------------------------------------------------- state

void Stream::stage(const QString &name)
{
    m_stageName = name;
    const BootstrapStage s{name, m_clock.elapsed()};
    {
        QMutexLocker lock(&m_d->mutex);
        m_d->timeline.append(s);
        const bool waiting
                = m_phase != Phase::Up && m_phase != Phase::Closing && m_phase != Phase::Closed;
        m_d->waitingFor = waiting ? waitingFor() : QString();
        m_d->waitingSinceMs = waiting ? QDateTime::currentMSecsSinceEpoch() : 0;
    }
    qCDebug(lcBroker) << m_d->name << "stage" << name << s.msSinceStart << "ms";
    Q_EMIT m_context->stageReached(s);
}

void Stream::setState(ContextState state, const QString &reason)
{
    {
        QMutexLocker lock(&m_d->mutex);
        if (m_d->state == state)
            return;
        m_d->state = state;
        if (!reason.isEmpty() || state == ContextState::Connected)
            m_d->error = reason;
        if (state == ContextState::Connected)
            m_d->connectedSince = QDateTime::currentMSecsSinceEpoch();
    }
    Q_EMIT m_context->stateChanged(state, reason);
}

QString Stream::waitingFor() const
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

QString Stream::lastOutput() const
{
    if (m_lastLines.isEmpty())
        return {};
    return m_lastLines.join(QStringLiteral("\n"));
}

void Stream::start()
{
    m_clock.start();
    m_key = Bootstrap::randomKey();
    m_inbox = std::make_unique<Inbox>(m_key, m_d->options.maxValueBytes);
    m_inbox->setHandlers(
            [this](const Frame &frame, const Result<Value> *decoded, qsizetype size) {
                {
                    QMutexLocker lock(&m_d->mutex);
                    ++m_d->stats.messagesIn;
                }
                m_decoded = decoded;
                m_payloadSize = size;
                handleFrame(frame);
                m_decoded = nullptr;
                return m_phase != Phase::Closed;
            },
            [this](const Frame &header, const QString &why) { return refuseMessage(header, why); },
            [this](const QString &why) {
                fail(tr("The stream from %1 was closed: %2").arg(m_d->description, why));
            },
            [this](bool hold) { holdInput(hold); });
    m_mac = std::make_unique<Wire::HmacSha256>(m_key);
    stage(QStringLiteral("start"));

    Result<std::unique_ptr<Transport>> transport = makeError(Error::Connection, QString());
    if (m_router->prompter() && !m_prompter)
        m_prompter = std::make_unique<ContextPrompter>(m_router->prompter(), m_d->id);
    if (m_d->options.viaContextId != 0) {
        Stream *parent = m_router->stream(m_d->options.viaContextId);
        if (!parent || !parent->isUp()) {
            fail(tr("Cannot connect through context %1: it is not connected.")
                         .arg(m_d->options.viaContextId));
            return;
        }
        transport = std::unique_ptr<Transport>(
                std::make_unique<RelayTransport>(parent, m_d->options, m_prompter.get()));
    } else {
        transport = createTransport(m_d->options, m_prompter.get());
    }
    if (!transport) {
        fail(transport.error().message);
        return;
    }
    m_transport = std::move(transport).value();
    m_transport->setParent(nullptr);
    if (auto *relay = qobject_cast<RelayTransport *>(m_transport.get())) {
        relay->onServedByParent([this](const QString &fullname,
                                       const QString &status,
                                       const QList<QPair<QString, qint64>> &modules) {
            servedByParent(fullname, status, modules);
        });
    }
    connect(m_transport.get(), &Transport::started, this, &Stream::onStarted);
    connect(m_transport.get(), &Transport::stageReached, this, &Stream::stage);
    connect(m_transport.get(), &Transport::dataReceived, this, &Stream::onData);
    connect(m_transport.get(), &Transport::sideOutputReceived, this, &Stream::onSideOutput);
    connect(m_transport.get(), &Transport::failed, this, &Stream::onTransportFailed);
    connect(m_transport.get(), &Transport::closed, this, &Stream::onTransportClosed);

    const int total = m_d->options.connectTimeoutMs + m_d->options.bootstrapTimeoutMs;
    m_bootTimer.start(total > 0 ? total : 60000);
    const QString python = m_d->options.python.isEmpty()
                                           && m_d->options.method == ConnectMethod::Local
                                           && m_d->options.viaContextId == 0
                                   ? QStringLiteral("python3")
                                   : m_d->options.python;
    m_transport->start(
            Bootstrap::firstStageArgv(python, m_d->name, Bootstrap::compressedCore().size()));
}

void Stream::onStarted()
{
    if (m_phase != Phase::Starting)
        return;
    m_phase = Phase::WaitReady;
    stage(QStringLiteral("interpreter started"));
    setState(ContextState::Bootstrapping);
    if (m_d->options.bootstrapTimeoutMs > 0)
        m_bootTimer.start(m_d->options.bootstrapTimeoutMs);
}

void Stream::onBootTimeout()
{
    if (m_phase >= Phase::Up)
        return;
    const int ms = m_phase == Phase::Starting
                           ? m_d->options.connectTimeoutMs + m_d->options.bootstrapTimeoutMs
                           : m_d->options.bootstrapTimeoutMs;
    QString reason = tr("Timed out after %1 s waiting for %2 on %3.")
                             .arg(QString::number(ms / 1000.0), waitingFor(), m_d->description);
    fail(reason);
}

// ---------------------------------------------------------------- bootstrap

void Stream::onData(const QByteArray &data)
{
    {
        QMutexLocker lock(&m_d->mutex);
        m_d->stats.bytesIn += data.size();
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
            if (!rest.isEmpty()) {
                m_inbox->feed(rest);
            }
            return;
        }
    }
    if (m_lineBuffer.size() > 64 * 1024) {
        fail(tr("The interpreter on %1 printed too much before the bootstrap finished.")
                     .arg(m_d->description));
    }
}

void Stream::bootstrapLine(const QByteArray &line)
{
    if (line == Bootstrap::ReadyForCore && m_phase == Phase::WaitReady) {
        m_phase = Phase::WaitCoreReceived;
        stage(QStringLiteral("first stage"));
        Bootstrap::Config config;
        config.key = m_key;
        config.contextId = m_d->id;
        config.parentId = m_d->parentId;
        config.name = m_d->name;
        config.logLevel = m_d->options.logLevel;
        config.protocol = 2;
        config.maxValue = m_d->options.maxValueBytes;
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
                         .arg(m_d->description, QString::fromLatin1(line.mid(4))));
            return;
        }
        m_phase = Phase::WaitHello;
        stage(QStringLiteral("core running"));
        return;
    }
    // Anything else is the remote's own output during bootstrap (e.g. an error).
    const QString text = QString::fromUtf8(line).trimmed();
    if (!text.isEmpty()) {
        m_lastLines.append(text);
        while (m_lastLines.size() > MaxLastLines)
            m_lastLines.removeFirst();
        addRecord({m_d->id, LogRecord::Kind::Stdout, nowSeconds(), 20, {}, {}, text});
    }
}

void Stream::onSideOutput(const QByteArray &data)
{
    m_sideBuffer += data;
    qsizetype nl;
    while ((nl = m_sideBuffer.indexOf('\n')) >= 0 || m_sideBuffer.size() > 16384) {
        const qsizetype end = nl >= 0 ? nl : m_sideBuffer.size();
        const QString text = QString::fromUtf8(m_sideBuffer.left(end));
        m_sideBuffer.remove(0, nl >= 0 ? nl + 1 : end);
        if (text.trimmed().isEmpty())
            continue;
        if (m_phase < Phase::Up) {
            m_lastLines.append(text.trimmed());
            while (m_lastLines.size() > MaxLastLines)
                m_lastLines.removeFirst();
        }
        addRecord({m_d->id, LogRecord::Kind::Stderr, nowSeconds(), 30, {}, {}, text});
    }
}

void Stream::onTransportFailed(const QString &reason)
{
    fail(reason);
}

void Stream::onTransportClosed(const QString &reason)
{
    if (m_phase == Phase::Closed)
        return;
    if (!m_sideBuffer.isEmpty())
        onSideOutput(QByteArrayLiteral("\n"));
    if (m_phase < Phase::Up) {
        QString message = tr("The interpreter on %1 exited while waiting for %2")
                                  .arg(m_d->description, waitingFor());
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
                   ? tr("the connection to %1 was closed").arg(m_d->description)
                   : tr("the connection to %1 was closed: %2").arg(m_d->description, reason));
}

void Stream::fail(const QString &reason)
{
    if (m_phase == Phase::Closed)
        return;
    QString message = reason;
    const QString last = lastOutput();
    if (m_phase < Phase::Up && !last.isEmpty() && !message.contains(last))
        message += QStringLiteral("\n") + tr("Last output: %1").arg(last);
    finish(m_phase < Phase::Up ? ContextState::Failed : ContextState::Disconnected, message);
}

void Stream::finish(ContextState state, const QString &reason)
{
    if (m_phase == Phase::Closed)
        return;
    m_phase = Phase::Closed;
    {
        QMutexLocker lock(&m_d->mutex);
        m_d->waitingFor.clear();
        m_d->waitingSinceMs = 0;
    }
    if (Modules::ModuleServer *server = m_router->moduleServer())
        server->contextClosed(m_d->id);
    m_bootTimer.stop();
    m_killTimer.stop();
    if (m_inbox)
        m_inbox->close(); // frees what was read ahead and any message half joined
    qCDebug(lcBroker) << m_d->name << "finished:" << reason;
    if (m_transport) {
        m_transport->disconnect(this);
        m_transport->kill();
        // Its notifiers may still be queued: delete later, on this thread.
        m_transport.release()->deleteLater();
    }
    const QString dead = tr("Context %1 disconnected: %2").arg(m_d->name, reason);
    const auto pending = std::exchange(m_pending, {});
    for (auto it = pending.cbegin(); it != pending.cend(); ++it)
        completeCall(it.key(), it.value(), makeError(Error::Disconnected, dead));
    for (const auto &weak : std::as_const(m_channels)) {
        if (auto channel = weak.lock())
            Q_EMIT channel->closed(dead);
    }
    m_channels.clear();
    m_whenUp.clear();
    m_rawHandlers.clear();
    for (auto it = m_awaitingRoundtrip.cbegin(); it != m_awaitingRoundtrip.cend(); ++it)
        m_importBatch.append(it.value());
    m_awaitingRoundtrip.clear();
    addRecord({m_d->id,
               LogRecord::Kind::Internal,
               nowSeconds(),
               state == ContextState::Failed ? 40 : 20,
               QStringLiteral("econtext"),
               {},
               state == ContextState::Failed ? tr("Connection failed: %1").arg(reason)
                                             : tr("Disconnected: %1").arg(reason)});
    flushBatches();
    m_callStarts.clear();
    updateCallStats();
    setState(state, reason);
    Q_EMIT finished(reason);
}

// ---------------------------------------------------------------- frames

Result<Value> Stream::payloadValue(const Frame &frame) const
{
    if (m_decoded)
        return *m_decoded;
    return Wire::decodePickle(frame.payload);
}

// A message the inbox refused while joining its pieces (over the value limit, or broken
// into by another frame): the call it answers fails alone, the context stays.
bool Stream::refuseMessage(const Frame &header, const QString &why)
{
    auto it = m_pending.find(header.handle);
    if (it != m_pending.end()) {
        const Pending p = it.value();
        m_pending.erase(it);
        completeCall(header.handle,
                     p,
                     makeError(Error::Refused,
                               tr("The reply to the call %1 on %2 was refused: %3.")
                                       .arg(p.record.func, m_d->name, why)));
    }
    violation(why);
    return m_phase != Phase::Closed;
}

void Stream::holdInput(bool hold)
{
    if (!m_transport || m_phase == Phase::Closed)
        return;
    if (hold)
        m_transport->pauseReading();
    else if (!m_readingPaused)
        m_transport->resumeReading();
}

void Stream::violation(const QString &what)
{
    qCWarning(lcBroker).noquote() << "context" << m_d->name << "refused:" << what;
    addRecord({m_d->id,
               LogRecord::Kind::Internal,
               nowSeconds(),
               30,
               QStringLiteral("econtext"),
               {},
               tr("Refused a message from this context: %1").arg(what)});
    if (++m_violations >= MaxViolations)
        fail(tr("Context %1 kept sending messages it is not allowed to send.").arg(m_d->name));
}

void Stream::handleFrame(const Frame &frame)
{
    if (frame.src != m_d->id || frame.authId != m_d->id) {
        violation(tr("a frame claiming to come from context %1").arg(frame.src));
        return;
    }
    if (frame.dst != 0) {
        violation(tr("a frame for context %1, which it cannot reach").arg(frame.dst));
        return;
    }
    if (m_phase == Phase::WaitHello && frame.handle != Hello) {
        violation(tr("a message before its hello"));
        return;
    }
    if (frame.handle >= 1000) {
        handleReply(frame);
        return;
    }
    if (frame.handle == GetModule) {
        handleModuleRequest(frame);
        return;
    }
    if (frame.handle == GetSource) {
        handleSourceRequest(frame);
        return;
    }
    if (frame.handle == ForwardOutput) {
        handleOutput(frame);
        return;
    }
    if (frame.flags & Wire::FlagRaw) {
        violation(tr("raw data on service handle %1").arg(frame.handle));
        return;
    }
    auto value = payloadValue(frame);
    if (!value) {
        violation(value.errorString());
        return;
    }
    switch (frame.handle) {
    case Hello:
        handleHello(*value);
        break;
    case ForwardLog:
        handleLog(*value);
        break;
    case ImportEventHandle:
        handleImportEvent(*value);
        break;
    default:
        violation(tr("a message for handle %1, which it was not given").arg(frame.handle));
        break;
    }
}

void Stream::handleHello(const Value &hello)
{
    if (m_phase != Phase::WaitHello) {
        violation(tr("a second hello"));
        return;
    }
    ContextFacts facts;
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
    m_protocol = facts.pickleProtocol >= 3 ? 4 : 2;
    {
        QMutexLocker lock(&m_d->mutex);
        m_d->facts = facts;
    }
    m_phase = Phase::Up;
    m_bootTimer.stop();
    m_lastLines.clear();
    if (Modules::ModuleServer *server = m_router->moduleServer()) {
        server->warmUp();
        // Its Python release, for modules compiled in advance; a local interpreter may
        // also compile for others of its release.
        const QByteArray magic
                = QByteArray::fromHex(hello.get(QStringLiteral("magic")).toString().toLatin1());
        server->setContextMagic(m_d->id, magic.size() <= 16 ? magic : QByteArray());
        if (m_d->method == ConnectMethod::Local && m_d->parentId == 0
            && QFileInfo(facts.executable).isAbsolute())
            server->bytecodeCache().addInterpreter(facts.executable);
    }
    // Before any frame goes to the child: from here on its parent sees frames.
    if (auto *relay = qobject_cast<RelayTransport *>(m_transport.get()))
        relay->enableFrames(m_key);
    stage(QStringLiteral("hello"));
    Q_EMIT m_context->factsReceived(facts);
    setState(ContextState::Connected);
    const auto queued = std::exchange(m_whenUp, {});
    for (const auto &f : queued)
        f();
}

void Stream::handleLog(const Value &v)
{
    const auto &items = v.items();
    if (items.size() != 5) {
        violation(tr("a malformed log record"));
        return;
    }
    addRecord({m_d->id,
               LogRecord::Kind::Log,
               items[2].toDouble(),
               int(items[1].toInt()),
               items[0].toString(),
               items[3].toString(),
               items[4].toString()});
}

void Stream::handleOutput(const Frame &frame)
{
    // One stream byte (1 stdout, 2 stderr), then lines: kept as they came, split when read.
    const char stream = frame.payload.isEmpty() ? 0 : frame.payload.at(0);
    if (!(frame.flags & Wire::FlagRaw) || (stream != 1 && stream != 2)) {
        violation(tr("malformed output"));
        return;
    }
    const bool err = stream == 2;
    m_logBatch.appendLines({m_d->id,
                            err ? LogRecord::Kind::Stderr : LogRecord::Kind::Stdout,
                            nowSeconds(),
                            err ? 30 : 20,
                            {},
                            {},
                            {}},
                           frame.payload,
                           1);
    scheduleFlush();
}

void Stream::handleImportEvent(const Value &v)
{
    const auto &items = v.items();
    if (items.size() != 3) {
        violation(tr("a malformed import event"));
        return;
    }
    const std::optional<ImportOutcome> outcome = importOutcomeFromKeyword(items[1].toString());
    if (!outcome) {
        violation(tr("a malformed import event"));
        return;
    }
    ImportEvent e;
    e.contextId = m_d->id;
    e.time = nowSeconds();
    e.module = items[0].toString();
    e.outcome = *outcome;
    e.roundtripMs = items[2].toDouble();
    auto awaiting = m_awaitingRoundtrip.find(e.module);
    if (awaiting != m_awaitingRoundtrip.end()) {
        // The context's report of a request the master answered: one row, with its roundtrip.
        ImportEvent merged = awaiting.value();
        merged.roundtripMs = e.roundtripMs;
        m_awaitingRoundtrip.erase(awaiting);
        addImportEvent(merged);
        return;
    }
    if (m_router->moduleServer())
        m_router->moduleServer()->noteContextEvent(e);
    addImportEvent(e);
}

void Stream::servedByParent(const QString &fullname,
                            const QString &status,
                            const QList<QPair<QString, qint64>> &modules)
{
    Modules::ModuleServer *server = m_router->moduleServer();
    if (!server || m_phase != Phase::Up)
        return;
    const ImportEvents events = server->noteServedByParent(m_d->id, fullname, status, modules);
    for (const ImportEvent &e : events) {
        // The context reports the request itself, with its roundtrip: one row.
        if (e.module == fullname && !m_awaitingRoundtrip.contains(fullname))
            m_awaitingRoundtrip.insert(fullname, e);
        else
            addImportEvent(e);
    }
}

// A module sent compiled has no source in the context; its tracebacks ask for it.
void Stream::handleSourceRequest(const Frame &frame)
{
    const auto name = payloadValue(frame);
    if (!name || (name->kind() != Value::Kind::Str && name->kind() != Value::Kind::Bytes)
        || frame.replyTo < 1000) {
        violation(tr("a malformed source request"));
        return;
    }
    Modules::ModuleServer *server = m_router->moduleServer();
    send(frame.replyTo,
         server ? server->sourceOf(m_d->id, name->toString()) : QByteArray(),
         0,
         Wire::FlagRaw);
}

void Stream::handleModuleRequest(const Frame &frame)
{
    const auto name = payloadValue(frame);
    if (!name || (name->kind() != Value::Kind::Str && name->kind() != Value::Kind::Bytes)
        || frame.replyTo < 1000) {
        violation(tr("a malformed module request"));
        // Answer anyway, so the importer in the context does not wait forever.
        if (frame.replyTo >= 1000)
            send(frame.replyTo,
                 Wire::encodePickle(Value(tr("malformed request")), m_protocol),
                 0,
                 Wire::FlagDead);
        return;
    }
    const QString fullname = name->toString();
    Modules::ModuleServer *server = m_router->moduleServer();
    QString status = QStringLiteral("notfound");
    if (server) {
        const Modules::ModuleServer::Response response = server->handleRequest(m_d->id, fullname);
        for (const QByteArray &payload : response.loadModulePayloads)
            send(LoadModule, payload, 0, Wire::FlagRaw);
        status = response.status;
        qCDebug(lcBroker) << m_d->name << "module request" << fullname << "->" << status
                          << response.loadModulePayloads.size() << "modules";
        for (const ImportEvent &e : response.events) {
            if (e.module == fullname && !m_awaitingRoundtrip.contains(fullname))
                m_awaitingRoundtrip.insert(fullname, e);
            else
                addImportEvent(e);
        }
        {
            QMutexLocker lock(&m_d->mutex);
            ++m_d->stats.importRequests;
        }
    }
    send(frame.replyTo,
         Wire::encodePickle(Value::tuple({Value(fullname), Value(status)}), m_protocol));
}

CallResult Stream::replyResult(const Frame &frame) const
{
    if (frame.flags & Wire::FlagDead) {
        const auto reason = payloadValue(frame);
        return makeError(Error::Disconnected,
                         reason ? reason->toString() : tr("the call was dropped"));
    }
    if (frame.flags & Wire::FlagRaw)
        return Value::fromBytes(frame.payload);
    auto value = payloadValue(frame);
    if (!value) {
        return makeError(Error::Pickle,
                         tr("The reply from %1 could not be decoded: %2")
                                 .arg(m_d->name, value.errorString()));
    }
    if (value->isCallError()) {
        const Wire::CallError &ce = value->callErrorValue();
        const QString tb = ce.traceback.trimmed();
        return makeError(Error::Remote,
                         tb.isEmpty() ? ce.type + QStringLiteral(": ") + ce.message : tb);
    }
    return std::move(value).value();
}

void Stream::completeCall(quint32 handle, Pending p, CallResult result)
{
    delete p.timer;
    m_callStarts.remove(handle);
    updateCallStats();
    p.record.durationMs = double(m_clock.nsecsElapsed() - p.startedNs) / 1e6;
    p.record.ok = bool(result);
    if (!result)
        p.record.error
                = result.errorString().trimmed().section(u'\n', -1).trimmed(); // the exception line
    p.call->finish(std::move(result));
    Q_EMIT m_context->callFinished(p.record);
}

void Stream::updateCallStats()
{
    QMutexLocker lock(&m_d->mutex);
    m_d->stats.callsInFlight = m_pending.size();
    m_d->stats.oldestCallStartedMs = m_callStarts.isEmpty() ? 0 : m_callStarts.first();
}

void Stream::handleReply(const Frame &frame)
{
    auto it = m_pending.find(frame.handle);
    if (it != m_pending.end()) {
        const Pending p = it.value();
        m_pending.erase(it);
        // What the call printed is handed over before its result (unless the application
        // is far behind on this context's output: then it follows).
        if (!m_logBatch.isEmpty())
            emitLogRows(false);
        completeCall(frame.handle, p, replyResult(frame));
        return;
    }
    auto raw = m_rawHandlers.find(frame.handle);
    if (raw != m_rawHandlers.end()) {
        const RawHandler handler = raw.value(); // it may unregister itself
        handler(frame);
        return;
    }
    auto ch = m_channels.find(frame.handle);
    if (ch != m_channels.end()) {
        auto channel = ch.value().lock();
        if (!channel) {
            m_channels.erase(ch);
            return; // nobody listens any more; late data is dropped quietly
        }
        if (frame.flags & Wire::FlagRaw) {
            Q_EMIT channel->messageReceived(Value::fromBytes(frame.payload));
            noteEmitted(64 + frame.payload.size());
            return;
        }
        auto value = payloadValue(frame);
        if (!value) {
            violation(value.errorString());
            return;
        }
        Q_EMIT channel->messageReceived(*value);
        noteEmitted(64 + 2 * m_payloadSize);
        return;
    }
    // Replies to calls that timed out arrive late; anything else is suspicious.
    if (frame.handle >= m_d->nextHandle.load())
        violation(tr("a message for handle %1, which it was not given").arg(frame.handle));
}

void Stream::send(quint32 handle, const QByteArray &payload, quint32 replyTo, quint8 flags)
{
    if (!m_transport || m_phase == Phase::Closed)
        return;
    Frame f;
    f.dst = m_d->id;
    f.src = 0;
    f.authId = 0;
    f.handle = handle;
    f.replyTo = replyTo;
    f.flags = flags;
    f.payload = payload;
    const qsizetype before = m_out.size();
    Wire::encodeMessage(f, *m_mac, m_out);
    {
        QMutexLocker lock(&m_d->mutex);
        ++m_d->stats.messagesOut;
        m_d->stats.bytesOut += m_out.size() - before;
    }
    // Frames queued by the events being handled now leave in one write: many calls
    // in flight cost one system call, a single call one posted event.
    if (m_out.size() >= 256 * 1024) {
        flushOut();
    } else if (!m_flushOutPending) {
        m_flushOutPending = true;
        QMetaObject::invokeMethod(this, &Stream::flushOut, Qt::QueuedConnection);
    }
}

void Stream::flushOut()
{
    m_flushOutPending = false;
    if (m_out.isEmpty())
        return;
    if (m_transport && m_phase != Phase::Closed)
        m_transport->write(m_out);
    m_out.clear();
}

// ---------------------------------------------------------------- calls

void Stream::sendCall(const std::shared_ptr<PendingCall> &call,
                      const QString &module,
                      const QString &cls,
                      const QString &func,
                      const Wire::ValueList &args,
                      const Wire::ValuePairs &kwargs,
                      CallMode mode,
                      int timeoutMs)
{
    if (m_phase == Phase::Closed || m_phase == Phase::Closing) {
        call->finish(
                makeError(Error::Disconnected, tr("Context %1 is not connected.").arg(m_d->name)));
        return;
    }
    if (m_phase != Phase::Up) {
        m_whenUp.append(
                [=, this] { sendCall(call, module, cls, func, args, kwargs, mode, timeoutMs); });
        return;
    }
    const quint32 handle = m_d->nextHandle.fetch_add(1);
    const Value message = Value::tuple({Value(module),
                                        cls.isEmpty() ? Value() : Value(cls),
                                        Value(func),
                                        Value::tuple(args),
                                        Value::dict(kwargs)});
    QByteArray payload = Wire::encodePickle(message, m_protocol);
    if (payload.size() > m_d->options.maxValueBytes) {
        call->finish(makeError(Error::Refused,
                               tr("The arguments of the call %1 on %2 take %3 bytes pickled, "
                                  "over the limit of %4 bytes for one value; the call was not "
                                  "sent.")
                                       .arg(func, m_d->name)
                                       .arg(payload.size())
                                       .arg(m_d->options.maxValueBytes)));
        return;
    }
    Pending p;
    p.call = call;
    if (timeoutMs > 0) {
        p.timer = new QTimer(this);
        p.timer->setSingleShot(true);
        connect(p.timer, &QTimer::timeout, this, [this, handle, timeoutMs, func] {
            auto it = m_pending.find(handle);
            if (it == m_pending.end())
                return;
            Pending timedOut = it.value();
            m_pending.erase(it);
            timedOut.timer->deleteLater();
            timedOut.timer = nullptr; // running its own timeout: not deleted here
            completeCall(handle,
                         timedOut,
                         makeError(Error::Timeout,
                                   tr("The call %1 on %2 timed out after %3 s.")
                                           .arg(func, m_d->name)
                                           .arg(timeoutMs / 1000.0)));
        });
        p.timer->start(timeoutMs);
    }
    p.record.contextId = m_d->id;
    p.record.module = module;
    p.record.cls = cls;
    p.record.func = func;
    p.record.mode = mode;
    p.record.startedMs = QDateTime::currentMSecsSinceEpoch();
    p.startedNs = m_clock.nsecsElapsed();
    m_pending.insert(handle, p);
    m_callStarts.insert(handle, p.record.startedMs);
    updateCallStats();
    const quint32 service = mode == CallMode::Thread     ? CallAsync
                            : mode == CallMode::IoThread ? CallIo
                                                         : CallFunction;
    send(service, std::exchange(payload, QByteArray()), handle);
}

void Stream::registerChannel(quint32 handle, const std::weak_ptr<Channel> &channel)
{
    if (m_phase == Phase::Closed) {
        if (auto c = channel.lock())
            Q_EMIT c->closed(tr("Context %1 is not connected.").arg(m_d->name));
        return;
    }
    m_channels.insert(handle, channel);
}

void Stream::registerRawHandler(quint32 handle, RawHandler handler)
{
    m_rawHandlers.insert(handle, std::move(handler));
}

void Stream::sendService(quint32 handle, const QByteArray &payload, bool raw)
{
    if (m_phase == Phase::Up)
        send(handle, payload, 0, raw ? Wire::FlagRaw : 0);
}

void Stream::setLogLevel(int level)
{
    m_d->options.logLevel = level;
    if (m_phase == Phase::Up)
        send(SetLogLevel, Wire::encodePickle(Value(level), m_protocol));
}

void Stream::shutdown()
{
    if (m_phase == Phase::Closed || m_phase == Phase::Closing)
        return;
    if (m_phase != Phase::Up) {
        finish(ContextState::Disconnected, tr("cancelled"));
        return;
    }
    send(Shutdown, Wire::encodePickle(Value(), m_protocol));
    m_phase = Phase::Closing;
    m_killTimer.start(5000);
}

void Stream::disconnectNow(const QString &reason)
{
    finish(m_phase < Phase::Up ? ContextState::Failed : ContextState::Disconnected, reason);
}

} // namespace Econtext
