#include "core/session/captureformat.h"

#include <QJsonValue>

#include <array>
#include <utility>

namespace Econtext::Capture {

namespace {

constexpr std::array<std::pair<ContextState, QLatin1StringView>, 5> s_states{{
        {ContextState::Connecting, QLatin1StringView("connecting")},
        {ContextState::Bootstrapping, QLatin1StringView("bootstrapping")},
        {ContextState::Connected, QLatin1StringView("connected")},
        {ContextState::Disconnected, QLatin1StringView("disconnected")},
        {ContextState::Failed, QLatin1StringView("failed")},
}};

constexpr std::array<std::pair<LogRecord::Kind, QLatin1StringView>, 4> s_kinds{{
        {LogRecord::Kind::Log, QLatin1StringView("log")},
        {LogRecord::Kind::Stdout, QLatin1StringView("stdout")},
        {LogRecord::Kind::Stderr, QLatin1StringView("stderr")},
        {LogRecord::Kind::Internal, QLatin1StringView("internal")},
}};

constexpr std::array<std::pair<CallMode, QLatin1StringView>, 3> s_modes{{
        {CallMode::Serial, QLatin1StringView("serial")},
        {CallMode::Thread, QLatin1StringView("thread")},
        {CallMode::IoThread, QLatin1StringView("io")},
}};

template<typename E, std::size_t N>
QString keywordOf(const std::array<std::pair<E, QLatin1StringView>, N> &table, E value)
{
    for (const auto &[v, k] : table) {
        if (v == value)
            return QString(k);
    }
    return QString();
}

template<typename E, std::size_t N>
bool valueOf(const std::array<std::pair<E, QLatin1StringView>, N> &table,
             QStringView keyword,
             E *value)
{
    for (const auto &[v, k] : table) {
        if (keyword == k) {
            *value = v;
            return true;
        }
    }
    return false;
}

qint64 integer(const QJsonObject &o, QLatin1StringView key, qint64 fallback = 0)
{
    const QJsonValue v = o.value(key);
    return v.isDouble() ? v.toInteger(qint64(v.toDouble())) : fallback;
}

} // namespace

QString stateKeyword(ContextState state)
{
    return keywordOf(s_states, state);
}

bool stateFromKeyword(QStringView keyword, ContextState *state)
{
    return valueOf(s_states, keyword, state);
}

QString logKindKeyword(LogRecord::Kind kind)
{
    return keywordOf(s_kinds, kind);
}

bool logKindFromKeyword(QStringView keyword, LogRecord::Kind *kind)
{
    return valueOf(s_kinds, keyword, kind);
}

QString callModeKeyword(CallMode mode)
{
    return keywordOf(s_modes, mode);
}

bool callModeFromKeyword(QStringView keyword, CallMode *mode)
{
    return valueOf(s_modes, keyword, mode);
}

QJsonObject factsToJson(const ContextFacts &f)
{
    return QJsonObject{
            {QLatin1String("pythonVersion"), f.pythonVersion},
            {QLatin1String("pythonFull"), f.pythonFull},
            {QLatin1String("pid"), f.pid},
            {QLatin1String("user"), f.user},
            {QLatin1String("host"), f.host},
            {QLatin1String("platform"), f.platform},
            {QLatin1String("executable"), f.executable},
            {QLatin1String("pickleProtocol"), f.pickleProtocol},
    };
}

ContextFacts factsFromJson(const QJsonObject &o)
{
    ContextFacts f;
    f.pythonVersion = o.value(QLatin1String("pythonVersion")).toString();
    f.pythonFull = o.value(QLatin1String("pythonFull")).toString();
    f.pid = integer(o, QLatin1String("pid"));
    f.user = o.value(QLatin1String("user")).toString();
    f.host = o.value(QLatin1String("host")).toString();
    f.platform = o.value(QLatin1String("platform")).toString();
    f.executable = o.value(QLatin1String("executable")).toString();
    f.pickleProtocol = int(integer(o, QLatin1String("pickleProtocol")));
    return f;
}

QJsonObject stageToJson(const BootstrapStage &s)
{
    return QJsonObject{{QLatin1String("name"), s.name},
                       {QLatin1String("msSinceStart"), s.msSinceStart}};
}

BootstrapStage stageFromJson(const QJsonObject &o)
{
    BootstrapStage s;
    s.name = o.value(QLatin1String("name")).toString();
    s.msSinceStart = integer(o, QLatin1String("msSinceStart"));
    return s;
}

QJsonObject logToJson(const LogRecord &r)
{
    return QJsonObject{
            {QLatin1String("kind"), logKindKeyword(r.kind)},
            {QLatin1String("time"), r.time},
            {QLatin1String("level"), r.level},
            {QLatin1String("logger"), r.logger},
            {QLatin1String("thread"), r.thread},
            {QLatin1String("message"), r.message},
    };
}

LogRecord logFromJson(const QJsonObject &o, quint32 contextId)
{
    LogRecord r;
    r.contextId = contextId;
    if (!logKindFromKeyword(o.value(QLatin1String("kind")).toString(), &r.kind))
        r.kind = LogRecord::Kind::Log;
    r.time = o.value(QLatin1String("time")).toDouble();
    r.level = int(integer(o, QLatin1String("level"), 20));
    r.logger = o.value(QLatin1String("logger")).toString();
    r.thread = o.value(QLatin1String("thread")).toString();
    r.message = o.value(QLatin1String("message")).toString();
    return r;
}

QJsonObject importToJson(const ImportEvent &e)
{
    return QJsonObject{
            {QLatin1String("time"), e.time},
            {QLatin1String("module"), e.module},
            {QLatin1String("outcome"), importOutcomeKeyword(e.outcome)},
            {QLatin1String("requestedBy"), e.requestedBy},
            {QLatin1String("path"), e.path},
            {QLatin1String("isPackage"), e.isPackage},
            {QLatin1String("compiled"), e.compiled},
            {QLatin1String("bytesRaw"), e.bytesRaw},
            {QLatin1String("bytesCompressed"), e.bytesCompressed},
            {QLatin1String("roundtripMs"), e.roundtripMs},
            {QLatin1String("sha256"), e.sha256},
    };
}

std::optional<ImportEvent> importFromJson(const QJsonObject &o, quint32 contextId)
{
    const std::optional<ImportOutcome> outcome
            = importOutcomeFromKeyword(o.value(QLatin1String("outcome")).toString());
    if (!outcome)
        return std::nullopt;
    ImportEvent e;
    e.contextId = contextId;
    e.time = o.value(QLatin1String("time")).toDouble();
    e.module = o.value(QLatin1String("module")).toString();
    e.outcome = *outcome;
    e.requestedBy = o.value(QLatin1String("requestedBy")).toString();
    e.path = o.value(QLatin1String("path")).toString();
    e.isPackage = o.value(QLatin1String("isPackage")).toBool();
    e.compiled = o.value(QLatin1String("compiled")).toBool(); // absent before 2026-12
    e.bytesRaw = integer(o, QLatin1String("bytesRaw"));
    e.bytesCompressed = integer(o, QLatin1String("bytesCompressed"));
    e.roundtripMs = o.value(QLatin1String("roundtripMs")).toDouble(-1);
    e.sha256 = o.value(QLatin1String("sha256")).toString();
    return e;
}

QJsonObject callToJson(const CallRecord &c)
{
    return QJsonObject{
            {QLatin1String("module"), c.module},
            {QLatin1String("cls"), c.cls},
            {QLatin1String("func"), c.func},
            {QLatin1String("mode"), callModeKeyword(c.mode)},
            {QLatin1String("startedMs"), c.startedMs},
            {QLatin1String("durationMs"), c.durationMs},
            {QLatin1String("ok"), c.ok},
            {QLatin1String("error"), c.error},
    };
}

CallRecord callFromJson(const QJsonObject &o, quint32 contextId)
{
    CallRecord c;
    c.contextId = contextId;
    c.module = o.value(QLatin1String("module")).toString();
    c.cls = o.value(QLatin1String("cls")).toString();
    c.func = o.value(QLatin1String("func")).toString();
    if (!callModeFromKeyword(o.value(QLatin1String("mode")).toString(), &c.mode))
        c.mode = CallMode::Serial;
    c.startedMs = integer(o, QLatin1String("startedMs"));
    c.durationMs = o.value(QLatin1String("durationMs")).toDouble();
    c.ok = o.value(QLatin1String("ok")).toBool(true);
    c.error = o.value(QLatin1String("error")).toString();
    return c;
}

QJsonObject statsToJson(const ContextStats &s)
{
    return QJsonObject{
            {QLatin1String("messagesIn"), s.messagesIn},
            {QLatin1String("messagesOut"), s.messagesOut},
            {QLatin1String("bytesIn"), s.bytesIn},
            {QLatin1String("bytesOut"), s.bytesOut},
            {QLatin1String("callsInFlight"), s.callsInFlight},
            {QLatin1String("importRequests"), s.importRequests},
    };
}

ContextStats statsFromJson(const QJsonObject &o)
{
    ContextStats s;
    s.messagesIn = integer(o, QLatin1String("messagesIn"));
    s.messagesOut = integer(o, QLatin1String("messagesOut"));
    s.bytesIn = integer(o, QLatin1String("bytesIn"));
    s.bytesOut = integer(o, QLatin1String("bytesOut"));
    s.callsInFlight = integer(o, QLatin1String("callsInFlight"));
    s.importRequests = integer(o, QLatin1String("importRequests"));
    return s;
}

} // namespace Econtext::Capture
