// Router: lives on the broker thread; owns the Streams, dispatches work that
// Context and Broker methods post from other threads, and answers for the
// master's services (module server, prompter).
#pragma once

#include "core/broker/context_p.h"

#include <QHash>
#include <QObject>

namespace Econtext {

class Prompter;
class Stream;
namespace Modules {
class ModuleServer;
}

class Router : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Router)
public:
    explicit Router(Modules::ModuleServer *moduleServer);
    ~Router() override;

    Modules::ModuleServer *moduleServer() const { return m_moduleServer; }
    Prompter *prompter() const { return m_prompter; }
    void setPrompter(Prompter *prompter) { m_prompter = prompter; }

    // All below run on the broker thread (posted by Context/Broker).
    void startContext(Context *context, ContextPrivate *d);
    Stream *stream(quint32 id) const { return m_streams.value(id); }
    void shutdownAll();
    void killAll(const QString &reason);

private:
    Modules::ModuleServer *m_moduleServer;
    Prompter *m_prompter = nullptr;
    QHash<quint32, Stream *> m_streams;
};

} // namespace Econtext
