// Broker: owns the broker thread, the router and every Context. All context I/O
// runs on its thread; its public methods are thread-safe and return at once.
// The GUI and the CLI each make one.
#pragma once

#include "core/broker/context.h"
#include "core/connect/connectoptions.h"

#include <QObject>
#include <QStringList>

#include <memory>

namespace Econtext {

class Prompter;

namespace Modules {
class ModuleServer;
}

class Broker : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Broker)
public:
    explicit Broker(QObject *parent = nullptr);
    ~Broker() override; // disconnects every context and stops the thread

    Modules::ModuleServer &moduleServer();
    // Who answers host key, passphrase and password questions (not owned; may be null:
    // then every question is answered "cancel"). Set before connecting.
    void setPrompter(Prompter *prompter);

    // Starts connecting; the Context is returned at once in state Connecting. Names tell
    // contexts apart: a name another context holds gets "-2", "-3", ... appended. A context
    // started in place of another (a reconnect: `replacing` is the old one's id) takes over
    // that one's name, which the old context gives up for good.
    Context *connectContext(const ConnectOptions &options, quint32 replacing = 0);
    QList<Context *> contexts() const;
    Context *context(quint32 id) const;

    // Disconnects all contexts and waits (bounded) until they are gone.
    void shutdownAll(int timeoutMs = 5000);

Q_SIGNALS:
    void contextAdded(Econtext::Context *context);
    void contextRemoved(quint32 id);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Econtext
