#include "core/broker/modulehandler.h"

#include "core/broker/handles.h"
#include "core/modules/bytecodecache.h"
#include "core/modules/moduleserver.h"
#include "core/wire/pickle.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcBroker)

namespace Econtext {

using Wire::Value;

namespace {

double nowSeconds()
{
    return double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
}

bool isName(const Result<Value> &value)
{
    return value && (value->kind() == Value::Kind::Str || value->kind() == Value::Kind::Bytes);
}

} // namespace

ModuleHandler::ModuleHandler(LinkPort &link, Modules::ModuleServer *server, QObject *parent)
    : QObject(parent)
    , m_link(link)
    , m_server(server)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(FlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &ModuleHandler::flush);
    link.addHandler(this);
    link.route(Handle::GetModule, this);
    link.route(Handle::GetSource, this);
    link.route(Handle::ImportEvent, this);
}

std::optional<ImportEvent> ModuleHandler::decodeImportEvent(quint32 contextId, const Value &value)
{
    enum Field { Module, Outcome, RoundtripMs, FieldCount };
    const Wire::ValueList &fields = value.items();
    if (fields.size() != FieldCount)
        return std::nullopt;
    const std::optional<ImportOutcome> outcome
            = importOutcomeFromKeyword(fields[Outcome].toString());
    if (!outcome)
        return std::nullopt;
    ImportEvent e;
    e.contextId = contextId;
    e.time = nowSeconds();
    e.module = fields[Module].toString();
    e.outcome = *outcome;
    e.roundtripMs = fields[RoundtripMs].toDouble();
    return e;
}

void ModuleHandler::handleMessage(const LinkMessage &message)
{
    switch (message.handle()) {
    case Handle::GetModule:
        handleModuleRequest(message);
        break;
    case Handle::GetSource:
        handleSourceRequest(message);
        break;
    default:
        handleImportEvent(message);
        break;
    }
}

void ModuleHandler::linkUp(const LinkHello &hello)
{
    if (!m_server)
        return;
    m_server->warmUp();
    // Its Python release, for modules compiled in advance; a local interpreter may also
    // compile for others of its release.
    const ContextPrivate &d = m_link.context();
    m_server->setContextMagic(d.id, hello.magic);
    if (d.method == ConnectMethod::Local && d.parentId == 0
        && QFileInfo(hello.facts.executable).isAbsolute())
        m_server->bytecodeCache().addInterpreter(hello.facts.executable);
}

void ModuleHandler::handleModuleRequest(const LinkMessage &message)
{
    const auto name = message.value();
    if (!isName(name) || message.replyTo() < Handle::FirstAllocated) {
        m_link.violation(tr("a malformed module request"));
        // Answer anyway, so the importer in the context does not wait forever.
        if (message.replyTo() >= Handle::FirstAllocated) {
            m_link.send(message.replyTo(),
                        Wire::encodePickle(Value(tr("malformed request")), m_link.pickleProtocol()),
                        0,
                        Wire::FlagDead);
        }
        return;
    }
    const QString fullname = name->toString();
    ContextPrivate &d = m_link.context();
    QString status = QStringLiteral("notfound");
    if (m_server) {
        const Modules::ModuleServer::Response response = m_server->handleRequest(d.id, fullname);
        for (const QByteArray &payload : response.loadModulePayloads)
            m_link.send(Handle::LoadModule, payload, 0, Wire::FlagRaw);
        status = response.status;
        qCDebug(lcBroker) << d.name << "module request" << fullname << "->" << status
                          << response.loadModulePayloads.size() << "modules";
        report(fullname, response.events);
        QMutexLocker lock(&d.mutex);
        ++d.stats.importRequests;
    }
    m_link.send(message.replyTo(),
                Wire::encodePickle(Value::tuple({Value(fullname), Value(status)}),
                                   m_link.pickleProtocol()));
}

// A module sent compiled has no source in the context; its tracebacks ask for it.
void ModuleHandler::handleSourceRequest(const LinkMessage &message)
{
    const auto name = message.value();
    if (!isName(name) || message.replyTo() < Handle::FirstAllocated) {
        m_link.violation(tr("a malformed source request"));
        return;
    }
    m_link.send(message.replyTo(),
                m_server ? m_server->sourceOf(m_link.context().id, name->toString()) : QByteArray(),
                0,
                Wire::FlagRaw);
}

void ModuleHandler::handleImportEvent(const LinkMessage &message)
{
    const auto value = message.serviceValue();
    if (!value) {
        m_link.violation(value.errorString());
        return;
    }
    const std::optional<ImportEvent> event = decodeImportEvent(m_link.context().id, *value);
    if (!event) {
        m_link.violation(tr("a malformed import event"));
        return;
    }
    auto awaiting = m_awaitingReport.find(event->module);
    if (awaiting != m_awaitingReport.end()) {
        // The context's report of a request the master answered: one row, with its roundtrip.
        ImportEvent merged = awaiting.value();
        merged.roundtripMs = event->roundtripMs;
        m_awaitingReport.erase(awaiting);
        add(merged);
        return;
    }
    if (m_server)
        m_server->noteContextEvent(*event);
    add(*event);
}

void ModuleHandler::servedByParent(const ParentAnswer &answer)
{
    if (!m_server || !m_link.isUp())
        return;
    report(answer.fullname,
           m_server->noteServedByParent(
                   m_link.context().id, answer.fullname, answer.status, answer.modules));
}

void ModuleHandler::report(const QString &requested, const ImportEvents &events)
{
    for (const ImportEvent &e : events) {
        // The context reports the request itself, with its roundtrip: one row.
        if (e.module == requested && !m_awaitingReport.contains(requested)) {
            m_awaitingReport.insert(requested, e);
            scheduleFlush(); // it goes out without the report after a while
        } else {
            add(e);
        }
    }
}

void ModuleHandler::add(const ImportEvent &event)
{
    m_batch.append(event);
    scheduleFlush();
}

void ModuleHandler::scheduleFlush()
{
    if (!m_flushTimer.isActive() || m_flushTimer.remainingTime() > FlushIntervalMs)
        m_flushTimer.start(FlushIntervalMs);
}

void ModuleHandler::flush()
{
    m_flushTimer.stop();
    // Requests whose context report never came still get their row.
    if (!m_awaitingReport.isEmpty()) {
        const double cutoff = nowSeconds() - ReportWaitSeconds;
        for (auto it = m_awaitingReport.begin(); it != m_awaitingReport.end();) {
            if (it->time < cutoff) {
                m_batch.append(it.value());
                it = m_awaitingReport.erase(it);
            } else {
                ++it;
            }
        }
        if (!m_awaitingReport.isEmpty())
            m_flushTimer.start(1000);
    }
    if (!m_batch.isEmpty())
        Q_EMIT importEventsReady(std::exchange(m_batch, {}));
}

void ModuleHandler::linkClosing(const QString &)
{
    if (m_server)
        m_server->contextClosed(m_link.context().id);
    for (auto it = m_awaitingReport.cbegin(); it != m_awaitingReport.cend(); ++it)
        m_batch.append(it.value());
    m_awaitingReport.clear();
    flush();
}

} // namespace Econtext
