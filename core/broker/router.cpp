#include "core/broker/router.h"

#include "core/broker/stream.h"

#include <QCoreApplication>

namespace Econtext {

Router::Router(Modules::ModuleServer *moduleServer)
    : m_moduleServer(moduleServer)
{}

Router::~Router()
{
    killAll(QCoreApplication::translate("Econtext::Router", "the broker stopped"));
    qDeleteAll(m_streams);
    m_streams.clear();
}

void Router::startContext(Context *context, ContextPrivate *d)
{
    auto *stream = new Stream(context, d, this);
    m_streams.insert(d->id, stream);
    stream->start();
}

void Router::shutdownAll()
{
    for (Stream *s : std::as_const(m_streams))
        s->shutdown();
}

void Router::killAll(const QString &reason)
{
    for (Stream *s : std::as_const(m_streams))
        s->disconnectNow(reason);
}

} // namespace Econtext
