// Broker: owns the broker thread, the router and every Context. All context I/O
// runs on its thread; its public methods are thread-safe and return at once.
// The GUI and the CLI each make one.
#pragma once

#include "core/broker/context.h"

#include <QObject>
#include <QStringList>

#include <memory>

namespace Econtext {

namespace Modules {
class ModuleServer;
}

struct ConnectOptions
{
    QString method = QStringLiteral("local"); // "local", "ssh"
    QString name;                             // default: derived from target
    QString python;                           // empty: "python3" locally; ssh tries python3 then python
    // ssh
    QString host;
    QString user;
    int port = 0;
    QString identityFile;
    QString knownHostsFile;
    bool acceptNewHostKey = false;
    QString passwordFile;
    // common
    int connectTimeoutMs = 30000;
    int bootstrapTimeoutMs = 30000;
    int logLevel = 30; // WARNING
    quint32 viaContextId = 0; // 0 = directly from the master
};

class Broker : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Broker)
public:
    explicit Broker(QObject *parent = nullptr);
    ~Broker() override; // disconnects every context and stops the thread

    Modules::ModuleServer &moduleServer();

    // Starts connecting; the Context is returned at once in state Connecting.
    Context *connectContext(const ConnectOptions &options);
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
