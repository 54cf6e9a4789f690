#include "core/session/sessionrecorder.h"

#include "core/broker/broker.h"
#include "core/session/captureformat.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTimer>

namespace Econtext {

Q_LOGGING_CATEGORY(lcSession, "econtext.session", QtWarningMsg)

SessionRecorder::SessionRecorder(Broker *broker, QObject *parent)
    : QObject(parent)
    , m_broker(broker)
    , m_statsTimer(new QTimer(this))
    , m_flushTimer(new QTimer(this))
{
    m_statsTimer->setInterval(1000);
    m_flushTimer->setInterval(200);
    connect(m_statsTimer, &QTimer::timeout, this, [this] { writeStats(false); });
    connect(m_flushTimer, &QTimer::timeout, this, &SessionRecorder::flush);
}

SessionRecorder::~SessionRecorder()
{
    stop();
}

bool SessionRecorder::isRecording() const
{
    return m_file != nullptr;
}

void SessionRecorder::setStatsInterval(int ms)
{
    m_statsTimer->setInterval(qMax(10, ms));
}

void SessionRecorder::setFlushInterval(int ms)
{
    m_flushTimer->setInterval(qMax(10, ms));
}

Result<void> SessionRecorder::start(const QString &fileName)
{
    if (isRecording()) {
        return makeError(
                Error::Refused,
                tr("A session is already being recorded to %1; stop it first.").arg(m_fileName));
    }
    if (!m_broker)
        return makeError(Error::Generic, tr("There is no broker to record."));
    auto file = std::make_unique<QFile>(fileName);
    if (!file->open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return makeError(
                Error::Generic,
                tr("Cannot create the capture file %1: %2.").arg(fileName, file->errorString()));
    }
    m_file = std::move(file);
    m_fileName = fileName;
    m_eventCount = 0;
    m_contexts.clear();
    m_clock.start();

    QString app = QCoreApplication::applicationName();
    if (!QCoreApplication::applicationVersion().isEmpty())
        app += u' ' + QCoreApplication::applicationVersion();
    const QJsonObject header{
            {QLatin1String("format"), QString(Capture::formatName)},
            {QLatin1String("version"), Capture::formatVersion},
            {QLatin1String("startedMs"), QDateTime::currentMSecsSinceEpoch()},
            {QLatin1String("app"), app},
    };
    writeLine(QJsonDocument(header).toJson(QJsonDocument::Compact));
    if (!isRecording())
        return makeError(Error::Generic, tr("Cannot write the capture file %1.").arg(fileName));

    // Connect first, then list: a context added in between is seen twice and
    // addContext() ignores the second sighting.
    m_connections.append(connect(
            m_broker, &Broker::contextAdded, this, [this](Context *c) { addContext(c, false); }));
    const QList<Context *> existing = m_broker->contexts();
    for (Context *c : existing)
        addContext(c, true);
    flush();
    m_statsTimer->start();
    m_flushTimer->start();
    qCDebug(lcSession) << "recording to" << fileName;
    Q_EMIT recordingStarted(fileName);
    return {};
}

void SessionRecorder::stop()
{
    if (!isRecording())
        return;
    writeStats(true);
    writeEvent(0, Capture::Type::end, {});
    const QString fileName = m_fileName;
    closeFile();
    qCDebug(lcSession) << "recording stopped," << m_eventCount << "events";
    Q_EMIT recordingStopped(fileName);
}

void SessionRecorder::closeFile()
{
    m_statsTimer->stop();
    m_flushTimer->stop();
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    if (m_file) {
        m_file->flush();
        m_file->close();
        m_file.reset();
    }
}

void SessionRecorder::fail(const QString &reason)
{
    qCWarning(lcSession) << reason;
    const bool was = isRecording();
    closeFile();
    if (was)
        Q_EMIT failed(reason);
}

void SessionRecorder::addContext(Context *c, bool existing)
{
    if (!c || !isRecording() || m_contexts.contains(c->id()))
        return;
    const quint32 id = c->id();
    Followed &f = m_contexts[id];
    f.context = c;
    // Only what Context exposes for display: never the ConnectOptions themselves.
    writeEvent(id,
               Capture::Type::context,
               QJsonObject{
                       {QLatin1String("parentId"), qint64(c->parentId())},
                       {QLatin1String("name"), c->name()},
                       {QLatin1String("method"), methodName(c->method())},
                       {QLatin1String("description"), c->description()},
                       {QLatin1String("existing"), existing},
               });

    // Context lives on the broker thread: these connections are queued, and the
    // order of one context's signals is kept.
    m_connections.append(connect(
            c, &Context::stateChanged, this, [this, id](ContextState state, const QString &reason) {
                if (state == ContextState::Disconnected || state == ContextState::Failed) {
                    m_contexts[id].ended = true;
                }
                writeEvent(id,
                           Capture::Type::state,
                           QJsonObject{{QLatin1String("state"), Capture::stateKeyword(state)},
                                       {QLatin1String("reason"), reason}});
            }));
    m_connections.append(
            connect(c, &Context::factsReceived, this, [this, id](const ContextFacts &facts) {
                writeEvent(id, Capture::Type::facts, Capture::factsToJson(facts));
            }));
    m_connections.append(
            connect(c, &Context::stageReached, this, [this, id](const BootstrapStage &stage) {
                writeEvent(id, Capture::Type::stage, Capture::stageToJson(stage));
            }));
    m_connections.append(
            connect(c, &Context::logRecordsReceived, this, [this, id](const LogRecords &records) {
                for (const LogRecord &r : records)
                    writeEvent(id, Capture::Type::log, Capture::logToJson(r));
            }));
    m_connections.append(connect(
            c, &Context::importEventsReceived, this, [this, id](const ImportEvents &events) {
                for (const ImportEvent &e : events)
                    writeEvent(id, Capture::Type::import, Capture::importToJson(e));
            }));
    m_connections.append(
            connect(c, &Context::callFinished, this, [this, id](const CallRecord &record) {
                writeEvent(id, Capture::Type::call, Capture::callToJson(record));
            }));

    // What happened before we started listening: the state, the facts and the stages
    // so far. Something reported after the connections above but before these reads
    // is written twice; the reader drops the repeated stage.
    const ContextState state = c->state();
    if (existing || state != ContextState::Connecting) {
        writeEvent(id,
                   Capture::Type::state,
                   QJsonObject{{QLatin1String("state"), Capture::stateKeyword(state)},
                               {QLatin1String("reason"), c->errorString()},
                               {QLatin1String("snapshot"), true}});
        if (state == ContextState::Disconnected || state == ContextState::Failed)
            f.ended = true;
    }
    const ContextFacts facts = c->facts();
    if (facts.pid != 0 || !facts.pythonVersion.isEmpty())
        writeEvent(id, Capture::Type::facts, Capture::factsToJson(facts));
    const QList<BootstrapStage> stages = c->timeline();
    for (const BootstrapStage &s : stages)
        writeEvent(id, Capture::Type::stage, Capture::stageToJson(s));
}

void SessionRecorder::writeEvent(quint32 contextId, QLatin1StringView type, QJsonObject fields)
{
    if (!isRecording())
        return;
    fields.insert(QLatin1String("t"), m_clock.elapsed());
    fields.insert(QLatin1String("ctx"), qint64(contextId));
    fields.insert(QLatin1String("type"), QString(type));
    writeLine(QJsonDocument(fields).toJson(QJsonDocument::Compact));
    ++m_eventCount;
}

void SessionRecorder::writeLine(const QByteArray &line)
{
    if (!m_file)
        return;
    QByteArray out = line;
    out += '\n';
    if (m_file->write(out) != out.size()) {
        fail(tr("Cannot write the capture file %1: %2; the recording has stopped.")
                     .arg(m_fileName, m_file->errorString()));
    }
}

void SessionRecorder::writeStats(bool final)
{
    if (!isRecording())
        return;
    for (auto it = m_contexts.begin(); it != m_contexts.end(); ++it) {
        Followed &f = it.value();
        if (!f.context)
            continue;
        const ContextStats s = f.context->stats();
        const bool same = f.statsWritten && s.messagesIn == f.lastStats.messagesIn
                          && s.messagesOut == f.lastStats.messagesOut
                          && s.bytesIn == f.lastStats.bytesIn && s.bytesOut == f.lastStats.bytesOut
                          && s.callsInFlight == f.lastStats.callsInFlight
                          && s.importRequests == f.lastStats.importRequests;
        // A live context gets a snapshot every interval; a finished one only when its
        // figures still moved (its last frames), so idle captures stay small.
        if (same && (f.ended || final))
            continue;
        writeEvent(it.key(), Capture::Type::stats, Capture::statsToJson(s));
        f.lastStats = s;
        f.statsWritten = true;
    }
    flush();
}

void SessionRecorder::flush()
{
    if (m_file && !m_file->flush()) {
        fail(tr("Cannot write the capture file %1: %2; the recording has stopped.")
                     .arg(m_fileName, m_file->errorString()));
    }
}

} // namespace Econtext
