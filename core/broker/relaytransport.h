// RelayTransport: starts a child context *through* a connected parent context
// (another interpreter there, sudo, or ssh to a further host). The parent runs
// the command and tunnels its stdin, stdout and stderr as raw frames (the parent's
// RelayHandler), so the child's own frames travel end to end under its own key.
// Lives on the broker thread.
#pragma once

#include "core/broker/relayhandler.h"
#include "core/connect/connectoptions.h"
#include "core/connect/transport.h"

#include <QPointer>

#include <functional>

namespace Econtext {

class Prompter;

class RelayTransport : public Transport, private RelayTunnel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RelayTransport)
public:
    RelayTransport(RelayHandler *parent, const ConnectOptions &options, Prompter *prompter);
    ~RelayTransport() override;

    void start(const QStringList &argv) override;
    void write(const QByteArray &data) override;
    qint64 pendingWrite() const override { return 0; }
    void pauseReading() override {}
    void resumeReading() override {}
    void close() override;
    void kill() override;
    ConnectMethod method() const override { return m_options.method; }
    QString description() const override;
    // Once the child is up: the parent keeps the modules the master sends it and
    // answers later children's requests from them (see relay_frames in core.py).
    void framesStarted(const QByteArray &key) override;

    // The command line the parent runs for a method (exposed for tests and docs).
    static QStringList commandFor(const ConnectOptions &options,
                                  const QStringList &pythonArgv,
                                  const QString &parentExecutable);
    static QString sudoPromptMarker();

    // Who hears of the child's module requests the parent answered (its ModuleHandler).
    using ServedByParent = std::function<void(const ParentAnswer &answer)>;
    void onServedByParent(ServedByParent handler) { m_servedByParent = std::move(handler); }

private:
    // RelayTunnel
    void tunnelOutput(const QByteArray &data) override;
    void tunnelSideOutput(const QByteArray &data) override;
    void tunnelEnded(const QString &reason) override;
    void tunnelAnswered(const ParentAnswer &answer) override;
    void parentClosed(const QString &reason) override;

    QString parentName() const;
    void askSudoPassword(const QString &prompt);
    void finish(const QString &reason);

    QPointer<RelayHandler> m_parent;
    ConnectOptions m_options;
    Prompter *m_prompter;
    quint32 m_handle = 0;
    bool m_running = false;
    bool m_done = false;
    bool m_passwordSent = false;
    int m_passwordTries = 0;
    QByteArray m_stderrLine;
    ServedByParent m_servedByParent;
};

} // namespace Econtext
