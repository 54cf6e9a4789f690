// The session capture format (docs/capture-format.md): the value types a capture
// holds and their JSON encoding, shared by SessionRecorder (writer) and
// SessionCapture (reader) so the two can never disagree on a field name.
#pragma once

#include "core/broker/context.h"
#include "core/records/importevent.h"
#include "core/records/logrecords.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Econtext::Capture {

inline constexpr QLatin1StringView formatName{"econtext-capture"};
inline constexpr int formatVersion = 1;

// The "type" keyword of each line after the header.
namespace Type {
inline constexpr QLatin1StringView context{"context"};
inline constexpr QLatin1StringView state{"state"};
inline constexpr QLatin1StringView facts{"facts"};
inline constexpr QLatin1StringView stage{"stage"};
inline constexpr QLatin1StringView log{"log"};
inline constexpr QLatin1StringView import{"import"};
inline constexpr QLatin1StringView call{"call"};
inline constexpr QLatin1StringView stats{"stats"};
inline constexpr QLatin1StringView end{"end"};
} // namespace Type

// Unlocalised keywords, stable across versions of the application.
QString stateKeyword(ContextState state);
bool stateFromKeyword(QStringView keyword, ContextState *state);
QString logKindKeyword(LogRecord::Kind kind);
bool logKindFromKeyword(QStringView keyword, LogRecord::Kind *kind);
QString callModeKeyword(CallMode mode);
bool callModeFromKeyword(QStringView keyword, CallMode *mode);

// The fields of each record; toJson() never adds "t", "ctx" or "type" (the caller does).
// The contextId of a record is not written: the line's "ctx" says it.
QJsonObject factsToJson(const ContextFacts &facts);
ContextFacts factsFromJson(const QJsonObject &o);
QJsonObject stageToJson(const BootstrapStage &stage);
BootstrapStage stageFromJson(const QJsonObject &o);
QJsonObject logToJson(const LogRecord &record);
LogRecord logFromJson(const QJsonObject &o, quint32 contextId);
QJsonObject importToJson(const ImportEvent &event);
// Empty for an outcome this version does not know (a newer writer's): the caller skips it.
std::optional<ImportEvent> importFromJson(const QJsonObject &o, quint32 contextId);
// Arguments and results are not part of a CallRecord, so they cannot be written.
QJsonObject callToJson(const CallRecord &record);
CallRecord callFromJson(const QJsonObject &o, quint32 contextId);
QJsonObject statsToJson(const ContextStats &stats);
ContextStats statsFromJson(const QJsonObject &o);

} // namespace Econtext::Capture
