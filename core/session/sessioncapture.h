// SessionCapture: a capture file written by SessionRecorder, read back into plain
// structs — the recorded contexts with their states, facts, bootstrap stages, log
// records, import events, finished calls and stats snapshots, plus every event in
// file order. A truncated last line (the recorder was killed mid-write) is
// dropped and flagged; a file that is not a capture, or of an unknown version,
// is refused with one sentence. Used by the GUI's CaptureViewer and by tests.
#pragma once

#include "core/broker/context.h"
#include "core/connect/connectmethod.h"
#include "core/records/importevent.h"
#include "core/records/logrecords.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace Econtext {

struct CapturedState
{
    qint64 t = 0; // ms since the recording started
    ContextState state = ContextState::Connecting;
    QString reason;
    bool snapshot = false; // the state the context already had when recording started
};

struct CapturedStats
{
    qint64 t = 0;
    ContextStats stats;
};

// One line of the capture for one context, in file order: its type and the index
// into the matching list of CapturedContext (states, stages, logs, ...).
struct CapturedEvent
{
    enum class Type { Added, State, Facts, Stage, Log, Import, Call, Stats };
    qint64 t = 0;
    Type type = Type::Added;
    int index = 0;
};

struct CapturedContext
{
    quint32 id = 0;
    quint32 parentId = 0;
    QString name;
    std::optional<ConnectMethod> method; // none: a method this version does not know
    QString description;
    bool existing = false; // already there when the recording started
    qint64 addedAt = 0;    // ms since the recording started
    bool hasFacts = false;
    ContextFacts facts;           // the last facts recorded
    QList<CapturedState> states;  // every state change, in order
    QList<BootstrapStage> stages; // the bootstrap timeline, repeats dropped
    QList<qint64> stageTimes;     // when each stage was recorded (ms since start)
    LogRecords logs;              // contextId filled in
    ImportEvents imports;         // contextId filled in
    QList<CallRecord> calls;      // contextId filled in
    QList<CapturedStats> stats;   // the snapshots, in order
    QList<CapturedEvent> events;  // everything above, in file order

    // The last state recorded (Connecting if none) and its reason.
    ContextState state() const;
    QString stateReason() const;
    // The method's name for display; empty when the file named one this version lacks.
    QString methodText() const { return method ? methodName(*method) : QString(); }
};

struct SessionCapture
{
    Q_DECLARE_TR_FUNCTIONS(Econtext::SessionCapture)
public:
    int version = 0;
    qint64 startedMs = 0;            // epoch ms the recording started
    QString app;                     // application and version that wrote it
    bool complete = false;           // ends with the recorder's end line
    bool truncated = false;          // the last line was cut off and dropped
    qint64 durationMs = 0;           // the last timestamp in the file
    QList<CapturedContext> contexts; // in the order they were recorded

    const CapturedContext *context(quint32 id) const;

    // Reads and parses a file; errors name the file and the line.
    static Result<SessionCapture> readFile(const QString &fileName);
    // Parses capture data; `source` names it in error messages.
    static Result<SessionCapture> parse(const QByteArray &data, const QString &source = QString());
};

} // namespace Econtext
