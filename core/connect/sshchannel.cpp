#include "core/connect/sshchannel.h"

#include <QRegularExpression>

#include <libssh/callbacks.h>

namespace Econtext {

namespace {

constexpr int WriteChunk = 64 * 1024;

} // namespace

SshChannel::SshChannel(std::function<void()> activity)
    : m_activity(std::move(activity))
{}

SshChannel::~SshChannel() = default;

// --- Command line ------------------------------------------------------------------------

QString SshChannel::shellQuote(const QString &word)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    if (safe.match(word).hasMatch())
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString SshChannel::commandLine(const QStringList &argv, const QString &hostLabel)
{
    QStringList words;
    if (argv.value(0).isEmpty()) {
        // The login shell may not be a POSIX shell; sh is, and passes the arguments as "$@".
        const QString message
                = tr("econtext: neither python3 nor python was found on %1").arg(hostLabel);
        const QString script = QLatin1String("for p in python3 python; do "
                                             "if command -v \"$p\" >/dev/null 2>&1; then "
                                             "exec \"$p\" \"$@\"; fi; done; echo ")
                               + shellQuote(message) + QLatin1String(" >&2; exit 127");
        words << QStringLiteral("sh") << QStringLiteral("-c") << shellQuote(script)
              << QStringLiteral("sh");
    } else {
        words << shellQuote(argv.first());
    }
    for (qsizetype i = 1; i < argv.size(); ++i)
        words << shellQuote(argv.at(i));
    return words.join(QLatin1Char(' '));
}

// --- Callbacks ---------------------------------------------------------------------------

// Data arrived: read it at once instead of at the next keepalive. Returns 0: the data stays
// buffered for ssh_channel_read.
int SshChannel::onData(ssh_session, ssh_channel, void *, uint32_t, int, void *userdata)
{
    static_cast<SshChannel *>(userdata)->m_activity();
    return 0;
}

// The same for the end of the channel's data and its close.
void SshChannel::onEnd(ssh_session, ssh_channel, void *userdata)
{
    static_cast<SshChannel *>(userdata)->m_activity();
}

void SshChannel::onExitStatus(ssh_session, ssh_channel, int status, void *userdata)
{
    static_cast<SshChannel *>(userdata)->m_exitStatus = status;
}

void SshChannel::onExitSignal(ssh_session,
                              ssh_channel,
                              const char *signal,
                              int,
                              const char *,
                              const char *,
                              void *userdata)
{
    static_cast<SshChannel *>(userdata)->m_exitSignal = QString::fromUtf8(signal);
}

// --- Handshake ---------------------------------------------------------------------------

bool SshChannel::create(ssh_session session)
{
    m_channel.reset(ssh_channel_new(session));
    if (!m_channel)
        return false;
    m_callbacks = std::make_unique<ssh_channel_callbacks_struct>();
    *m_callbacks = {};
    m_callbacks->size = sizeof(ssh_channel_callbacks_struct);
    m_callbacks->userdata = this;
    m_callbacks->channel_data_function = &SshChannel::onData;
    m_callbacks->channel_eof_function = &SshChannel::onEnd;
    m_callbacks->channel_close_function = &SshChannel::onEnd;
    m_callbacks->channel_exit_status_function = &SshChannel::onExitStatus;
    m_callbacks->channel_exit_signal_function = &SshChannel::onExitSignal;
    ssh_set_channel_callbacks(m_channel.get(), m_callbacks.get());
    return true;
}

void SshChannel::release()
{
    m_channel.reset();
}

int SshChannel::open()
{
    return ssh_channel_open_session(m_channel.get());
}

int SshChannel::exec(const QByteArray &command)
{
    return ssh_channel_request_exec(m_channel.get(), command.constData());
}

// --- stdin -------------------------------------------------------------------------------

bool SshChannel::writeQueued(qsizetype budget)
{
    ssh_channel ch = m_channel.get();
    bool ok = true;
    while (pending() > 0 && !m_eofSent && budget > 0) {
        const int chunk = static_cast<int>(qMin<qsizetype>(pending(), WriteChunk));
        const int n
                = ssh_channel_write(ch, m_out.constData() + m_outPos, static_cast<uint32_t>(chunk));
        if (n < 0) {
            ok = false;
            break;
        }
        if (n == 0)
            break;
        m_outPos += n;
        budget -= n;
    }
    if (m_outPos > 0 && (m_outPos == m_out.size() || m_outPos > 1024 * 1024)) {
        m_out.remove(0, m_outPos);
        m_outPos = 0;
    }
    return ok;
}

void SshChannel::dropQueued()
{
    m_out.clear();
    m_outPos = 0;
}

void SshChannel::sendEof()
{
    if (m_channel && ssh_channel_is_open(m_channel.get()))
        ssh_channel_send_eof(m_channel.get());
    m_eofSent = true;
}

bool SshChannel::windowShut() const
{
    return m_channel && ssh_channel_window_size(m_channel.get()) == 0;
}

// --- stdout and stderr -------------------------------------------------------------------

int SshChannel::read(Stream stream, char *buffer, int size)
{
    const int isStderr = stream == Stream::Stderr ? 1 : 0;
    const int n = ssh_channel_read_nonblocking(m_channel.get(), buffer, uint32_t(size), isStderr);
    if (n == SSH_EOF)
        (isStderr ? m_stderrEof : m_stdoutEof) = true;
    return n;
}

bool SshChannel::isClosed() const
{
    return ssh_channel_is_closed(m_channel.get());
}

void SshChannel::collectExitStatus()
{
    ssh_channel_get_exit_status(m_channel.get());
}

void SshChannel::kill()
{
    if (m_channel && ssh_channel_is_open(m_channel.get()))
        ssh_channel_request_send_signal(m_channel.get(), "KILL");
}

} // namespace Econtext
