#include "core/broker/loghandler.h"

#include "core/broker/handles.h"
#include "core/wire/pickle.h"

#include <QDateTime>

namespace Econtext {

using Wire::Value;

namespace {

double nowSeconds()
{
    return double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
}

} // namespace

LogHandler::LogHandler(LinkPort &link, QObject *parent)
    : QObject(parent)
    , m_link(link)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(FlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &LogHandler::flush);
    link.addHandler(this);
    link.route(Handle::ForwardLog, this);
    link.route(Handle::ForwardOutput, this);
}

std::optional<LogRecord> LogHandler::decodeLogRecord(quint32 contextId, const Value &value)
{
    enum Field { Logger, Level, Created, Thread, Message, FieldCount };
    const Wire::ValueList &fields = value.items();
    if (fields.size() != FieldCount)
        return std::nullopt;
    LogRecord r;
    r.contextId = contextId;
    r.kind = LogRecord::Kind::Log;
    r.logger = fields[Logger].toString();
    r.level = int(fields[Level].toInt());
    r.time = fields[Created].toDouble();
    r.thread = fields[Thread].toString();
    r.message = fields[Message].toString();
    return r;
}

void LogHandler::addNote(LogRecord::Kind kind, int level, const QString &message)
{
    LogRecord r;
    r.contextId = m_link.context().id;
    r.kind = kind;
    r.time = nowSeconds();
    r.level = level;
    if (kind == LogRecord::Kind::Internal)
        r.logger = QStringLiteral("econtext");
    r.message = message;
    m_batch.append(r);
    scheduleFlush();
}

void LogHandler::setLogLevel(int level)
{
    m_link.context().options.logLevel = level;
    if (m_link.isUp())
        m_link.send(Handle::SetLogLevel, Wire::encodePickle(Value(level), m_link.pickleProtocol()));
}

void LogHandler::handleMessage(const LinkMessage &message)
{
    if (message.handle() == Handle::ForwardOutput)
        handleOutput(message);
    else
        handleLog(message);
}

void LogHandler::handleLog(const LinkMessage &message)
{
    const auto value = message.serviceValue();
    if (!value) {
        m_link.violation(value.errorString());
        return;
    }
    const std::optional<LogRecord> record = decodeLogRecord(m_link.context().id, *value);
    if (!record) {
        m_link.violation(tr("a malformed log record"));
        return;
    }
    m_batch.append(*record);
    scheduleFlush();
}

void LogHandler::handleOutput(const LinkMessage &message)
{
    // One stream byte (1 stdout, 2 stderr), then lines: kept as they came, split when read.
    const QByteArray &payload = message.payload();
    const char stream = payload.isEmpty() ? 0 : payload.at(0);
    if (!message.isRaw() || (stream != 1 && stream != 2)) {
        m_link.violation(tr("malformed output"));
        return;
    }
    const bool err = stream == 2;
    LogRecord fields;
    fields.contextId = m_link.context().id;
    fields.kind = err ? LogRecord::Kind::Stderr : LogRecord::Kind::Stdout;
    fields.time = nowSeconds();
    fields.level = err ? 30 : 20;
    m_batch.appendLines(fields, payload, 1);
    scheduleFlush();
}

void LogHandler::scheduleFlush()
{
    if (!m_flushTimer.isActive() || m_flushTimer.remainingTime() > FlushIntervalMs)
        m_flushTimer.start(FlushIntervalMs);
}

void LogHandler::flush()
{
    m_flushTimer.stop();
    if (!m_batch.isEmpty())
        releaseRows(m_link.isClosed());
}

void LogHandler::handOver()
{
    if (!m_batch.isEmpty())
        releaseRows(false);
}

void LogHandler::releaseRows(bool all)
{
    // In slices, each once the application is not far behind: another context's rows never
    // wait behind millions of this one's, and a consumer's work per batch stays bounded.
    m_link.holdBack(0);
    while (!m_batch.isEmpty() && (all || m_link.applicationKeepsUp())) {
        const LogRecords slice = m_batch.takeFirst(MaxRowsPerBatch);
        Q_EMIT recordsReady(slice);
        m_link.noteEmitted(slice.deliveryCost());
    }
    if (!m_batch.isEmpty())
        m_link.holdBack(m_batch.deliveryCost());
}

void LogHandler::linkClosing(const QString &)
{
    flush(); // everything, now: the link is closed
}

} // namespace Econtext
