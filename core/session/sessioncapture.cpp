#include "core/session/sessioncapture.h"

#include "core/session/captureformat.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>

namespace Econtext {

namespace {

CapturedContext &contextFor(SessionCapture &capture, quint32 id, qint64 t)
{
    for (CapturedContext &c : capture.contexts) {
        if (c.id == id)
            return c;
    }
    // An event of a context whose "context" line is missing: keep it under a
    // placeholder rather than losing it.
    CapturedContext c;
    c.id = id;
    c.name = QStringLiteral("#%1").arg(id);
    c.addedAt = t;
    capture.contexts.append(c);
    return capture.contexts.last();
}

void addEvent(CapturedContext &c, CapturedEvent::Type type, qint64 t, qsizetype index)
{
    c.events.append(CapturedEvent{t, type, int(index)});
}

} // namespace

ContextState CapturedContext::state() const
{
    return states.isEmpty() ? ContextState::Connecting : states.last().state;
}

QString CapturedContext::stateReason() const
{
    return states.isEmpty() ? QString() : states.last().reason;
}

const CapturedContext *SessionCapture::context(quint32 id) const
{
    for (const CapturedContext &c : contexts) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

Result<SessionCapture> SessionCapture::readFile(const QString &fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(
                Error::NotFound,
                tr("Cannot open the capture file %1: %2.").arg(fileName, file.errorString()));
    }
    return parse(file.readAll(), fileName);
}

Result<SessionCapture> SessionCapture::parse(const QByteArray &data, const QString &source)
{
    const QString name = source.isEmpty() ? tr("The capture") : QFileInfo(source).fileName();
    QList<QByteArray> lines = data.split('\n');
    // A file ending with a newline splits into a last, empty piece; a file without
    // one ends with a line the recorder may not have finished writing.
    const bool endsWithNewline = lines.size() > 1 && lines.last().isEmpty();
    if (endsWithNewline)
        lines.removeLast();

    if (lines.isEmpty() || lines.first().trimmed().isEmpty())
        return makeError(Error::Refused,
                         tr("%1 is empty: it holds no recorded session.").arg(name));

    SessionCapture capture;
    QJsonParseError parseError;
    const QJsonDocument headerDoc = QJsonDocument::fromJson(lines.first(), &parseError);
    const QJsonObject header = headerDoc.object();
    if (header.value(QLatin1String("format")).toString() != Capture::formatName) {
        if (headerDoc.isNull() && lines.size() == 1 && !endsWithNewline) {
            return makeError(Error::Refused,
                             tr("%1 ends inside its header: the recording wrote nothing "
                                "that can be read.")
                                     .arg(name));
        }
        return makeError(Error::Refused,
                         tr("%1 is not an Econtext session capture (its first line is not a "
                            "capture header).")
                                 .arg(name));
    }
    capture.version = int(header.value(QLatin1String("version")).toInteger());
    if (capture.version != Capture::formatVersion) {
        return makeError(Error::Refused,
                         tr("%1 is a capture of format version %2, but this version of Econtext "
                            "reads version %3 only.")
                                 .arg(name)
                                 .arg(capture.version)
                                 .arg(Capture::formatVersion));
    }
    capture.startedMs = header.value(QLatin1String("startedMs")).toInteger();
    capture.app = header.value(QLatin1String("app")).toString();

    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        if (line.trimmed().isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
        const bool lastLine = i == lines.size() - 1;
        if (!doc.isObject()) {
            if (lastLine && !endsWithNewline) {
                capture.truncated = true;
                break;
            }
            return makeError(Error::Refused,
                             tr("Line %1 of %2 is damaged (%3), so the capture cannot be read.")
                                     .arg(i + 1)
                                     .arg(name,
                                          doc.isNull() ? parseError.errorString()
                                                       : tr("not a JSON object")));
        }
        const QJsonObject o = doc.object();
        const QString type = o.value(QLatin1String("type")).toString();
        const qint64 t = o.value(QLatin1String("t")).toInteger();
        const auto id = quint32(o.value(QLatin1String("ctx")).toInteger());
        capture.durationMs = qMax(capture.durationMs, t);

        if (type == Capture::Type::end) {
            capture.complete = true;
            continue;
        }
        if (type == Capture::Type::context) {
            CapturedContext &c = contextFor(capture, id, t);
            c.parentId = quint32(o.value(QLatin1String("parentId")).toInteger());
            c.name = o.value(QLatin1String("name")).toString();
            c.method = methodFromName(o.value(QLatin1String("method")).toString());
            c.description = o.value(QLatin1String("description")).toString();
            c.existing = o.value(QLatin1String("existing")).toBool();
            c.addedAt = t;
            addEvent(c, CapturedEvent::Type::Added, t, 0);
        } else if (type == Capture::Type::state) {
            CapturedContext &c = contextFor(capture, id, t);
            CapturedState s;
            s.t = t;
            if (!Capture::stateFromKeyword(o.value(QLatin1String("state")).toString(), &s.state))
                continue; // a state this version does not know: not worth refusing the file
            s.reason = o.value(QLatin1String("reason")).toString();
            s.snapshot = o.value(QLatin1String("snapshot")).toBool();
            c.states.append(s);
            addEvent(c, CapturedEvent::Type::State, t, c.states.size() - 1);
        } else if (type == Capture::Type::facts) {
            CapturedContext &c = contextFor(capture, id, t);
            c.facts = Capture::factsFromJson(o);
            c.hasFacts = true;
            addEvent(c, CapturedEvent::Type::Facts, t, 0);
        } else if (type == Capture::Type::stage) {
            CapturedContext &c = contextFor(capture, id, t);
            const BootstrapStage s = Capture::stageFromJson(o);
            const bool repeat = std::any_of(c.stages.cbegin(), c.stages.cend(), [&](const auto &x) {
                return x.name == s.name && x.msSinceStart == s.msSinceStart;
            });
            if (repeat)
                continue;
            c.stages.append(s);
            c.stageTimes.append(t);
            addEvent(c, CapturedEvent::Type::Stage, t, c.stages.size() - 1);
        } else if (type == Capture::Type::log) {
            CapturedContext &c = contextFor(capture, id, t);
            c.logs.append(Capture::logFromJson(o, id));
            addEvent(c, CapturedEvent::Type::Log, t, c.logs.size() - 1);
        } else if (type == Capture::Type::import) {
            const std::optional<ImportEvent> event = Capture::importFromJson(o, id);
            if (!event)
                continue; // an outcome of a newer writer
            CapturedContext &c = contextFor(capture, id, t);
            c.imports.append(*event);
            addEvent(c, CapturedEvent::Type::Import, t, c.imports.size() - 1);
        } else if (type == Capture::Type::call) {
            CapturedContext &c = contextFor(capture, id, t);
            c.calls.append(Capture::callFromJson(o, id));
            addEvent(c, CapturedEvent::Type::Call, t, c.calls.size() - 1);
        } else if (type == Capture::Type::stats) {
            CapturedContext &c = contextFor(capture, id, t);
            c.stats.append(CapturedStats{t, Capture::statsFromJson(o)});
            addEvent(c, CapturedEvent::Type::Stats, t, c.stats.size() - 1);
        }
        // Other types come from a newer writer of the same version: skipped.
    }
    return capture;
}

} // namespace Econtext
