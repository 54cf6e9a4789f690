#include "core/broker/router.h"

#include "core/broker/callhandler.h"
#include "core/broker/channelhandler.h"
#include "core/broker/link.h"
#include "core/broker/loghandler.h"
#include "core/broker/modulehandler.h"
#include "core/broker/relayhandler.h"
#include "core/broker/relaytransport.h"
#include "core/connect/transportfactory.h"

#include <QCoreApplication>

namespace Econtext {

Router::Router(Modules::ModuleServer *moduleServer)
    : m_moduleServer(moduleServer)
{}

Router::~Router()
{
    killAll(QCoreApplication::translate("Econtext::Router", "the broker stopped"));
    for (const ContextServices &s : std::as_const(m_contexts))
        delete s.link;
    m_contexts.clear();
}

void Router::startContext(ContextPrivate *d)
{
    // The handlers hear of the link's events in this order: calls fail and channels close
    // before the last rows and import events go out, and relayed children hear last.
    ContextServices s;
    s.link = new Link(*d, this);
    s.calls = new CallHandler(*s.link, s.link);
    s.channels = new ChannelHandler(*s.link, s.link);
    s.logs = new LogHandler(*s.link, s.link);
    s.modules = new ModuleHandler(*s.link, m_moduleServer, s.link);
    s.relay = new RelayHandler(*s.link, *s.calls, s.link);
    s.link->setLog(s.logs);
    d->watch(s);
    m_contexts.insert(d->id, s);

    std::unique_ptr<Prompter> prompter;
    if (m_prompter)
        prompter = std::make_unique<ContextPrompter>(m_prompter, d->id);
    Result<std::unique_ptr<Transport>> transport = makeError(Error::Connection, QString());
    if (d->options.viaContextId != 0) {
        const ContextServices *parent = services(d->options.viaContextId);
        if (parent && parent->link->isUp()) {
            auto relay
                    = std::make_unique<RelayTransport>(parent->relay, d->options, prompter.get());
            relay->onServedByParent(
                    [modules = s.modules](const ParentAnswer &a) { modules->servedByParent(a); });
            transport = std::unique_ptr<Transport>(std::move(relay));
        } else {
            // People know contexts by name; an id would mean nothing to them.
            transport = makeError(
                    Error::Connection,
                    parent ? tr("Cannot connect through %1: it is not connected.")
                                     .arg(parent->relay->contextName())
                           : tr("Cannot connect through a context that does not exist."));
        }
    } else {
        transport = createTransport(d->options, prompter.get());
    }
    s.link->start(std::move(prompter), std::move(transport));
}

ContextServices *Router::services(quint32 id)
{
    const auto it = m_contexts.find(id);
    return it == m_contexts.end() ? nullptr : &it.value();
}

void Router::shutdownAll()
{
    for (const ContextServices &s : std::as_const(m_contexts))
        s.link->shutdown();
}

void Router::killAll(const QString &reason)
{
    for (const ContextServices &s : std::as_const(m_contexts))
        s.link->disconnectNow(reason);
}

} // namespace Econtext
