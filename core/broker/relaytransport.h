// RelayTransport: starts a child context *through* a connected parent context
// (another interpreter there, sudo, or ssh to a further host). The parent runs
// the command and tunnels its stdin, stdout and stderr as raw frames
// (econtext.core.spawn_child, FORWARD_STDIN), so the child's own frames travel
// end to end under its own key. Lives on the broker thread.
#pragma once

#include "core/connect/connectoptions.h"
#include "core/connect/transport.h"

#include <QPointer>

#include <functional>

namespace Econtext {

class Prompter;
class Stream;

class RelayTransport : public Transport
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RelayTransport)
public:
    RelayTransport(Stream *parent, const ConnectOptions &options, Prompter *prompter);
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

    // The command line the parent runs for a method (exposed for tests and docs).
    static QStringList commandFor(const ConnectOptions &options,
                                  const QStringList &pythonArgv,
                                  const QString &parentExecutable);
    static QString sudoPromptMarker();

    // Once the child is up: the parent keeps the modules the master sends it and
    // answers later children's requests from them (see relay_frames in core.py).
    void enableFrames(const QByteArray &key);
    using ServedByParent = std::function<void(
            const QString &fullname, const QString &status, const QList<QPair<QString, qint64>> &)>;
    void onServedByParent(ServedByParent handler) { m_servedByParent = std::move(handler); }

private:
    void onStdout(const QByteArray &data);
    void onStderr(const QByteArray &data);
    void onParentFinished(const QString &reason);
    void askSudoPassword(const QString &prompt);
    void finish(const QString &reason);

    QPointer<Stream> m_parent;
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
