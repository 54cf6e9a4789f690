// Router: lives on the broker thread; makes each context's link and the handlers beside
// it, keeps them, and runs the work that Context and Broker methods post from other threads.
// Answers for the master's services (module server, prompter).
#pragma once

#include "core/broker/context_p.h"

#include <QHash>
#include <QObject>

namespace Econtext {

class CallHandler;
class ChannelHandler;
class Link;
class LogHandler;
class ModuleHandler;
class Prompter;
class RelayHandler;
namespace Modules {
class ModuleServer;
}

// One context on the broker thread: its link and the handler of each service. The link
// owns the handlers; the router owns the link.
struct ContextServices
{
    Link *link = nullptr;
    CallHandler *calls = nullptr;
    ChannelHandler *channels = nullptr;
    LogHandler *logs = nullptr;
    ModuleHandler *modules = nullptr;
    RelayHandler *relay = nullptr;
};

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
    void startContext(ContextPrivate *d);
    // Null before the context was started; valid until the next context starts.
    ContextServices *services(quint32 id);
    void shutdownAll();
    void killAll(const QString &reason);

private:
    Modules::ModuleServer *m_moduleServer;
    Prompter *m_prompter = nullptr;
    QHash<quint32, ContextServices> m_contexts;
};

} // namespace Econtext
