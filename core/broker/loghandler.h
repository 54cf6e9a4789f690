// LogHandler: what a context logs (FORWARD_LOG) and prints (FORWARD_OUTPUT), and the link's
// own notes about it, batched for the application: one batch per 30 ms at most, handed over
// in slices while the application keeps up and held back while it does not (back-pressure,
// docs/protocol.md §7). Also sets the context's log level (SET_LOG_LEVEL). A log record is
// decoded here, once, into a LogRecord; lines of output stay the frame's bytes (LogRecords).
#pragma once

#include "core/broker/linkhandler.h"
#include "core/records/logrecords.h"

#include <QObject>
#include <QTimer>

#include <optional>

namespace Econtext {

class LogHandler : public QObject, public LinkHandler
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogHandler)
public:
    static constexpr int FlushIntervalMs = 30;
    // Rows handed over in one batch at most (a frame of output may hold millions).
    static constexpr qsizetype MaxRowsPerBatch = 16384;

    explicit LogHandler(LinkPort &link, QObject *parent = nullptr);

    // A row of the master's own about this context (bootstrap output, refusals, its end).
    void addNote(LogRecord::Kind kind, int level, const QString &message);
    void setLogLevel(int level);
    // Hands the rows batched so far over now, as far as the application keeps up.
    void handOver();
    // Hands rows over while the application keeps up (all of them: at once) and holds the
    // rest back; the link calls it again as the application catches up.
    void releaseRows(bool all);

    // FORWARD_LOG: (logger, level, created, thread, message), as the context's logging
    // handler sends it; empty if it is not that shape.
    static std::optional<LogRecord> decodeLogRecord(quint32 contextId, const Wire::Value &value);

    void handleMessage(const LinkMessage &message) override;
    void linkClosing(const QString &message) override;

Q_SIGNALS:
    void recordsReady(const Econtext::LogRecords &records);

private:
    void handleLog(const LinkMessage &message);
    void handleOutput(const LinkMessage &message);
    void scheduleFlush();
    void flush();

    LinkPort &m_link;
    LogRecords m_batch;
    QTimer m_flushTimer;
};

} // namespace Econtext
