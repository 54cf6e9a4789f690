// Plain records the broker hands to the GUI and CLI in batches: log lines
// (remote logging, stdout, stderr, our own notes) and import events.
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace Econtext {

struct LogRecord
{
    enum class Kind { Log, Stdout, Stderr, Internal };
    quint32 contextId = 0;
    Kind kind = Kind::Log;
    double time = 0; // seconds since the epoch, as the remote saw it
    int level = 20;  // logging level (stdout 20, stderr 30, internal as given)
    QString logger;  // logger name; empty for output
    QString thread;
    QString message; // one line for output; may hold newlines for log records
};

// One module request or import outcome. Outcomes are the strings of
// docs/protocol.md: served, related (sent ahead), cached, negative, local,
// notfound, native, refused.
struct ImportEvent
{
    quint32 contextId = 0;
    double time = 0; // seconds since the epoch, on the master
    QString module;
    QString outcome;
    QString requestedBy; // the GET_MODULE name that caused it (for related)
    QString path;        // file on the master, if any
    bool isPackage = false;
    bool compiled = false; // sent as code compiled on the master (BytecodeCache), not source
    qint64 bytesRaw = 0;
    qint64 bytesCompressed = 0;
    double roundtripMs = -1; // -1 when not measured
    QString sha256;          // hex SHA-256 of the source sent (served and related)
};

using LogRecords = QList<LogRecord>;
using ImportEvents = QList<ImportEvent>;

} // namespace Econtext

Q_DECLARE_METATYPE(Econtext::LogRecord)
Q_DECLARE_METATYPE(Econtext::ImportEvent)
