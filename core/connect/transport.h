// Transport: a byte pipe to a freshly started interpreter (its stdin/stdout),
// plus whatever the method prints on the side (stderr) during bootstrap.
// Implementations: LocalTransport (fork/exec over a socketpair), SshTransport
// (libssh exec channel), RelayTransport (core/broker: through a parent context).
// A Transport lives on a broker thread and never blocks it: all I/O is driven
// by QSocketNotifiers and timers.
#pragma once

#include "core/connect/connectmethod.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>

namespace Econtext {

class Transport : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~Transport() override = default;

    // Starts the given command line (argv; argv[0] is the interpreter) on the far side.
    // Emits started() once the command runs, or failed(reason).
    virtual void start(const QStringList &argv) = 0;
    // Queues bytes for the far side's stdin; never blocks.
    virtual void write(const QByteArray &data) = 0;
    // Bytes queued but not yet written (for back-pressure).
    virtual qint64 pendingWrite() const = 0;
    // Stops reading until resumeReading() (back-pressure from a slow consumer).
    virtual void pauseReading() = 0;
    virtual void resumeReading() = 0;
    // Closes the link; the far side sees EOF. Emits closed() when done.
    virtual void close() = 0;
    // Kills the far side now (local: SIGKILL the process; ssh: drop the channel).
    virtual void kill() = 0;
    virtual ConnectMethod method() const = 0;
    // Human readable description of the far side, e.g. "user@host:22".
    virtual QString description() const = 0;
    // The bootstrap is over: from now on the bytes both ways are frames under key. Called
    // before the first frame is written. A transport through a parent context tells the
    // parent, which then keeps the modules it relays (RelayTransport); others need nothing.
    virtual void framesStarted(const QByteArray &key) { Q_UNUSED(key) }

Q_SIGNALS:
    void started();
    // A stage of the connection was reached (TCP connect, key exchange, auth, ...),
    // for the bootstrap timeline.
    void stageReached(const QString &stage);
    void dataReceived(const QByteArray &data);       // from the far side's stdout
    void sideOutputReceived(const QByteArray &data); // stderr / diagnostics
    void failed(const QString &reason);              // one sentence
    void closed(const QString &reason);              // EOF or exit; reason may be empty
};

} // namespace Econtext
