// SshChannel: the exec channel of one SSH connection, in libssh's non-blocking mode. It
// builds the command line, opens the session channel and requests the command, queues the
// command's stdin and writes it as far as the channel's window lets, reads stdout and
// stderr a chunk at a time, and keeps what libssh's callbacks report: the exit status,
// the exit signal, and that data or an end arrived (told at once through the activity
// function: libssh also reads the socket inside other calls, and what it took in then
// waits in the channel while the socket no longer says readable).
//
// SshTransport owns one for its whole life (the stdin queue fills before the channel
// exists) and decides what to make of it: when to read, budgets, back-pressure, messages.
#pragma once

#include "core/connect/libssh_p.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QStringList>

#include <functional>
#include <memory>

struct ssh_channel_callbacks_struct;

namespace Econtext {

class SshChannel
{
    // Its messages are the SSH transport's, in one translation context.
    Q_DECLARE_TR_FUNCTIONS(Econtext::SshTransport)
    Q_DISABLE_COPY_MOVE(SshChannel)
public:
    enum class Stream { Stdout, Stderr };

    // activity is called from inside libssh's calls, on this thread.
    explicit SshChannel(std::function<void()> activity);
    ~SshChannel();

    // POSIX shell quoting of one word ('...' unless it only has safe characters).
    static QString shellQuote(const QString &word);
    // The command line sent with the exec request. An empty argv[0] means "python3, else
    // python", with a clear message on stderr and status 127 when neither exists.
    static QString commandLine(const QStringList &argv, const QString &hostLabel);

    // Makes the libssh channel on session; false when libssh cannot.
    bool create(ssh_session session);
    bool isCreated() const { return bool(m_channel); }
    // Lets go of the libssh channel (its session is going); the stdin queue stays.
    void release();
    // The handshake, with libssh's codes: SSH_OK, SSH_AGAIN or SSH_ERROR.
    int open();
    int exec(const QByteArray &command);

    // stdin
    void queue(const QByteArray &data) { m_out.append(data); }
    qsizetype pending() const { return m_out.size() - m_outPos; }
    // Writes what is queued, at most budget bytes and as far as the window lets. False when
    // libssh refused a write (the connection broke, or the far side closed its end).
    bool writeQueued(qsizetype budget);
    // Forgets what is queued (it cannot be delivered any more).
    void dropQueued();
    void sendEof();
    bool eofSent() const { return m_eofSent; }
    // The far side takes no more data until it makes room.
    bool windowShut() const;

    // stdout and stderr: reads up to size bytes of one stream. More than 0: bytes read; 0:
    // nothing now; SSH_EOF: the stream ended (atEnd() from then on); SSH_ERROR.
    int read(Stream stream, char *buffer, int size);
    bool atEnd(Stream stream) const { return stream == Stream::Stdout ? m_stdoutEof : m_stderrEof; }
    bool isClosed() const;
    // Handles the packets that still come once nothing is read (exit status, close)
    // without blocking; the callbacks note what they say.
    void collectExitStatus();
    int exitStatus() const { return m_exitStatus; } // -1: not (yet) known
    QString exitSignal() const { return m_exitSignal; }
    // Asks the server to SIGKILL the command, if the channel is open.
    void kill();

private:
    static int onData(ssh_session, ssh_channel, void *, uint32_t, int, void *userdata);
    static void onEnd(ssh_session, ssh_channel, void *userdata);
    static void onExitStatus(ssh_session, ssh_channel, int status, void *userdata);
    static void onExitSignal(ssh_session,
                             ssh_channel,
                             const char *signal,
                             int,
                             const char *,
                             const char *,
                             void *userdata);

    std::function<void()> m_activity;
    Libssh::ChannelPtr m_channel;
    std::unique_ptr<ssh_channel_callbacks_struct> m_callbacks;
    QByteArray m_out;
    qsizetype m_outPos = 0;
    bool m_eofSent = false;
    bool m_stdoutEof = false;
    bool m_stderrEof = false;
    int m_exitStatus = -1;
    QString m_exitSignal;
};

} // namespace Econtext
