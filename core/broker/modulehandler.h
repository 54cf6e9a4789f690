// ModuleHandler: the context's module requests (GET_MODULE, GET_SOURCE) and its import
// reports (IMPORT_EVENT). Requests are answered from the ModuleServer: the LOAD_MODULE frames,
// then the reply. Import events go to the application in batches, one per 30 ms at most; a
// request the master answered and the context's later report of it become one event, with the
// roundtrip the context measured. Requests a parent context answered for this one come from
// its RelayTransport (servedByParent). Each IMPORT_EVENT is decoded here, once, into an
// ImportEvent with its ImportOutcome.
#pragma once

#include "core/broker/linkhandler.h"
#include "core/records/importevent.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTimer>

#include <optional>

namespace Econtext {

namespace Modules {
class ModuleServer;
}

// A module request that a parent context answered for its child from what it relayed
// before (docs/protocol.md §6): the name asked for, the status sent, and the modules sent
// with their sizes.
struct ParentAnswer
{
    QString fullname;
    QString status;
    QList<QPair<QString, qint64>> modules;
};

class ModuleHandler : public QObject, public LinkHandler
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModuleHandler)
public:
    static constexpr int FlushIntervalMs = 30;
    // A request's event waits this long for the context's report of it.
    static constexpr double ReportWaitSeconds = 5.0;

    // server may be null: then every module is not found.
    ModuleHandler(LinkPort &link, Modules::ModuleServer *server, QObject *parent = nullptr);

    void servedByParent(const ParentAnswer &answer);

    // IMPORT_EVENT: (fullname, outcome keyword, roundtrip ms), as the context's importer
    // sends it; empty if it is not that shape or the outcome is unknown.
    static std::optional<ImportEvent> decodeImportEvent(quint32 contextId,
                                                        const Wire::Value &value);

    void handleMessage(const LinkMessage &message) override;
    void linkUp(const LinkHello &hello) override;
    void linkClosing(const QString &message) override;

Q_SIGNALS:
    void importEventsReady(const Econtext::ImportEvents &events);

private:
    void handleModuleRequest(const LinkMessage &message);
    void handleSourceRequest(const LinkMessage &message);
    void handleImportEvent(const LinkMessage &message);
    // The events the master made for a request: the requested module's own waits for the
    // context's report, the rest go out as they are.
    void report(const QString &requested, const ImportEvents &events);
    void add(const ImportEvent &event);
    void scheduleFlush();
    void flush();

    LinkPort &m_link;
    Modules::ModuleServer *m_server;
    ImportEvents m_batch;
    QHash<QString, ImportEvent> m_awaitingReport; // master-side event of a request in flight
    QTimer m_flushTimer;
};

} // namespace Econtext
