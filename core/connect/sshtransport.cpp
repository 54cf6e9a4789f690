#include "core/connect/sshtransport.h"

#include "core/connect/prompter.h"
#include "core/connect/sshconfig.h"
#include "core/connect/tcpconnector.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSocketNotifier>

#include <libssh/callbacks.h>
#include <libssh/server.h> // ssh_send_keepalive works for clients too

#include <cerrno>
#include <csignal>
#include <cstring>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcSsh, "econtext.ssh", QtWarningMsg)

namespace Econtext {

namespace {

constexpr int HandshakeRetryMs = 20; // libssh may need another call without socket activity
constexpr int ReadChunk = 64 * 1024;
constexpr int ReadBudget = 1024 * 1024; // per pump, so other streams get their turn
constexpr int WriteChunk = 64 * 1024;
constexpr int CloseWaitMs = 5000;
constexpr int MaxPassphraseTries = 3;
constexpr int MaxPasswordTries = 3;
constexpr int MaxKbdRounds = 10;
constexpr int RetryBaseMs = 250; // first wait after a server closed before its handshake

// libssh talks to a ProxyCommand through a socket pair with write(): once the command has
// stopped reading (it died, its bastion hung up), that raises SIGPIPE, and the default
// action ends the whole application, every context with it, instead of this connection.
// (QProcess ignores SIGPIPE for the whole process once it has started a program, so this
// hits an application that has not, like econtext-cli connecting at once.) A handler
// that does nothing leaves the EPIPE that libssh reports as a lost connection; unlike
// SIG_IGN it does not reach the programs we start (exec resets handlers). A disposition
// the application chose itself is left alone.
void onSigpipe(int) {}

void surviveBrokenProxyPipes()
{
    struct sigaction current = {};
    if (::sigaction(SIGPIPE, nullptr, &current) != 0 || (current.sa_flags & SA_SIGINFO)
        || current.sa_handler != SIG_DFL)
        return;
    struct sigaction quiet = {};
    quiet.sa_handler = onSigpipe;
    sigemptyset(&quiet.sa_mask);
    quiet.sa_flags = SA_RESTART;
    ::sigaction(SIGPIPE, &quiet, nullptr);
}

QString localUserName()
{
    if (const passwd *pw = ::getpwuid(::getuid()))
        return QString::fromLocal8Bit(pw->pw_name);
    return qEnvironmentVariable("USER");
}

QString expandHome(const QString &path)
{
    if (path == QLatin1String("~"))
        return QDir::homePath();
    if (path.startsWith(QLatin1String("~/")))
        return QDir::homePath() + path.mid(1);
    QString p = path;
    p.replace(QLatin1String("%d"), QDir::homePath() + QLatin1String("/.ssh"));
    return p;
}

QString fromLibssh(const char *text)
{
    QString s = QString::fromUtf8(text ? text : "").trimmed();
    while (s.endsWith(QLatin1Char('.')))
        s.chop(1);
    return s;
}

void wipe(QByteArray &secret)
{
    secret.fill('\0');
    secret.clear();
}

// libssh reads the socket whenever it handles packets (in a flush, a write, a keepalive),
// not only when we read: data it took in then waits in the channel's buffer while the
// socket no longer says readable. Told here, we read it at once instead of at the next
// keepalive. Returns 0: the data stays buffered for ssh_channel_read.
int onChannelData(ssh_session, ssh_channel, void *, uint32_t, int, void *userdata)
{
    static_cast<SshTransport *>(userdata)->channelActivity();
    return 0;
}

// The same for the end of the channel's data and its close.
void onChannelEnd(ssh_session, ssh_channel, void *userdata)
{
    static_cast<SshTransport *>(userdata)->channelActivity();
}

void onExitStatus(ssh_session, ssh_channel, int status, void *userdata)
{
    static_cast<SshTransport *>(userdata)->setExitStatus(status);
}

void onExitSignal(ssh_session,
                  ssh_channel,
                  const char *signal,
                  int,
                  const char *,
                  const char *,
                  void *userdata)
{
    static_cast<SshTransport *>(userdata)->setExitSignal(QString::fromUtf8(signal));
}

} // namespace

struct SshTransport::PromptGuard
{
    QMutex mutex;
    SshTransport *target = nullptr;
};

void SshTransport::SessionDeleter::operator()(ssh_session s) const
{
    // ssh_free closes the socket exactly once, also one we handed over with SSH_OPTIONS_FD
    // (ssh_disconnect would forget such a socket without closing it).
    ssh_free(s);
}

void SshTransport::ChannelDeleter::operator()(ssh_channel c) const
{
    ssh_channel_free(c);
}

void SshTransport::KeyDeleter::operator()(ssh_key k) const
{
    ssh_key_free(k);
}

SshTransport::SshTransport(const ConnectOptions &options, Prompter *prompter, QObject *parent)
    : Transport(parent)
    , m_options(options)
    , m_prompter(prompter)
    , m_guard(std::make_shared<PromptGuard>())
{
    m_guard->target = this;
    m_kickTimer.setSingleShot(true);
    connect(&m_kickTimer, &QTimer::timeout, this, &SshTransport::pump);
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, &SshTransport::onConnectTimeout);
    m_keepaliveTimer.setInterval(15000);
    connect(&m_keepaliveTimer, &QTimer::timeout, this, &SshTransport::onKeepalive);
    m_tcp = new TcpConnector(this);
    connect(m_tcp, &TcpConnector::connected, this, [this](int fd) {
        if (m_state == State::TcpConnecting)
            handOverSocket(fd);
        else
            ::close(fd);
    });
    connect(m_tcp, &TcpConnector::hostNotFound, this, [this](const QString &error) {
        fail(tr("Could not connect to %1: cannot resolve the host name %2 (%3).")
                     .arg(target(), m_host, error));
    });
    connect(m_tcp, &TcpConnector::failed, this, [this](const QString &error) {
        fail(tr("Could not connect to %1: %2.").arg(target(), error));
    });
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &SshTransport::restartConnect);
    m_closeTimer.setSingleShot(true);
    connect(&m_closeTimer, &QTimer::timeout, this, [this] {
        if (m_eofSent) {
            finish(tr("the remote command did not finish within %n s after its input was closed",
                      nullptr,
                      CloseWaitMs / 1000));
        } else {
            finish(tr("the remote command closed its output"));
        }
    });
}

SshTransport::~SshTransport()
{
    {
        QMutexLocker locker(&m_guard->mutex);
        m_guard->target = nullptr;
    }
    teardown();
}

void SshTransport::setKeepalive(int intervalMs, int maxMissed)
{
    m_keepaliveTimer.setInterval(intervalMs);
    m_keepaliveMaxMissed = qMax(1, maxMissed);
}

// --- Command line ------------------------------------------------------------------------

QString SshTransport::shellQuote(const QString &word)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    if (safe.match(word).hasMatch())
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString SshTransport::remoteCommand(const QStringList &argv, const QString &hostLabel)
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

// --- Description -------------------------------------------------------------------------

QString SshTransport::hostLabel() const
{
    return m_host.isEmpty() ? m_options.host : m_host;
}

QString SshTransport::target() const
{
    const QString user = m_user.isEmpty() ? m_options.user : m_user;
    const int port = !m_host.isEmpty() ? m_port : (m_options.port > 0 ? m_options.port : 22);
    QString t = hostLabel() + QLatin1Char(':') + QString::number(port);
    if (!user.isEmpty())
        t = user + QLatin1Char('@') + t;
    return t;
}

QString SshTransport::description() const
{
    return target();
}

QString SshTransport::libsshError() const
{
    if (!m_session)
        return QString();
    return fromLibssh(ssh_get_error(m_session.get()));
}

// --- Setup -------------------------------------------------------------------------------

bool SshTransport::setUpSession()
{
    if (m_options.host.isEmpty()) {
        fail(tr("No host given for the ssh connection."));
        return false;
    }
    m_session.reset(ssh_new());
    if (!m_session) {
        fail(tr("Cannot create an ssh session (libssh is out of memory)."));
        return false;
    }
    ssh_session s = m_session.get();
    ssh_set_blocking(s, 0);
    surviveBrokenProxyPipes();

    // The alias goes in first: the configuration is matched against it.
    const QByteArray alias = m_options.host.toUtf8();
    ssh_options_set(s, SSH_OPTIONS_HOST, alias.constData());
    const QString configFile = qEnvironmentVariable("ECONTEXT_SSH_CONFIG");
    const QByteArray configPath = QFile::encodeName(configFile);
    if (ssh_options_parse_config(s, configFile.isEmpty() ? nullptr : configPath.constData()) < 0) {
        fail(tr("Cannot use the ssh configuration%1 for %2: %3.")
                     .arg(configFile.isEmpty() ? QString() : QLatin1String(" ") + configFile,
                          m_options.host,
                          libsshError()));
        return false;
    }
    // Explicit options win over the configuration.
    if (!m_options.user.isEmpty()) {
        const QByteArray user = m_options.user.toUtf8();
        ssh_options_set(s, SSH_OPTIONS_USER, user.constData());
    }
    if (m_options.port > 0) {
        const unsigned int port = static_cast<unsigned int>(m_options.port);
        ssh_options_set(s, SSH_OPTIONS_PORT, &port);
    }
    if (!m_options.knownHostsFile.isEmpty()) {
        const QByteArray kh = QFile::encodeName(m_options.knownHostsFile);
        ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, kh.constData());
    }

    char *value = nullptr;
    if (ssh_options_get(s, SSH_OPTIONS_HOST, &value) == SSH_OK) {
        m_host = QString::fromUtf8(value);
        ssh_string_free_char(value);
    } else {
        m_host = m_options.host;
    }
    value = nullptr;
    if (ssh_options_get(s, SSH_OPTIONS_USER, &value) == SSH_OK) {
        m_user = QString::fromUtf8(value);
        ssh_string_free_char(value);
    } else {
        m_user = localUserName();
        const QByteArray user = m_user.toUtf8();
        ssh_options_set(s, SSH_OPTIONS_USER, user.constData());
    }
    unsigned int port = 22;
    if (ssh_options_get_port(s, &port) == SSH_OK && port > 0)
        m_port = static_cast<int>(port);
    value = nullptr;
    if (ssh_options_get(s, SSH_OPTIONS_KNOWNHOSTS, &value) == SSH_OK) {
        m_knownHosts = expandHome(QString::fromUtf8(value));
        ssh_string_free_char(value);
    } else {
        m_knownHosts = QDir::homePath() + QLatin1String("/.ssh/known_hosts");
    }
    value = nullptr;
    if (ssh_options_get(s, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, &value) == SSH_OK) {
        m_globalKnownHosts = expandHome(QString::fromUtf8(value));
        ssh_string_free_char(value);
    } else {
        m_globalKnownHosts = QStringLiteral("/etc/ssh/ssh_known_hosts");
    }

    // The agent is looked up now, not whenever libssh gets to it.
    const QByteArray agent = qgetenv("SSH_AUTH_SOCK");
    m_useAgent = !agent.isEmpty();
    if (m_useAgent)
        ssh_options_set(s, SSH_OPTIONS_IDENTITY_AGENT, agent.constData());

    ssh_set_counters(s, &m_socketCounter, &m_rawCounter);
    m_identities = identities();
    qCDebug(lcSsh) << "connecting to" << target() << "known hosts" << m_knownHosts << "identities"
                   << m_identities.size();
    return true;
}

QList<SshTransport::Identity> SshTransport::identities() const
{
    QList<Identity> list;
    QStringList seen;
    const auto add = [&](const QString &path, bool explicitlyGiven) {
        if (path.isEmpty())
            return;
        const QString expanded = expandHome(path);
        const QString key = QFileInfo(expanded).absoluteFilePath();
        if (seen.contains(key))
            return;
        seen << key;
        list.append(Identity{expanded, explicitlyGiven});
    };
    add(m_options.identityFile, true);

    SshConfig config;
    const QString configFile = qEnvironmentVariable("ECONTEXT_SSH_CONFIG");
    if (config.load(configFile))
        add(config.resolve(m_options.host).identityFile, true);

    const QString dir = QDir::homePath() + QLatin1String("/.ssh/");
    for (const char *name : {"id_ed25519", "id_ecdsa", "id_rsa"})
        add(dir + QLatin1String(name), false);
    return list;
}

// --- Transport API -----------------------------------------------------------------------

void SshTransport::start(const QStringList &argv)
{
    if (m_state != State::Idle)
        return;
    if (!setUpSession())
        return;
    m_command = remoteCommand(argv, m_options.host);
    m_state = State::TcpConnecting;
    m_connectTimer.start(qMax(1, m_options.connectTimeoutMs));
    if (enterStage(tr("tcp connect")))
        connectTcp();
}

// libssh would resolve the name with a blocking getaddrinfo(); TcpConnector connects without
// blocking, then libssh gets the socket. A ProxyCommand is left to libssh: it only forks.
void SshTransport::connectTcp()
{
    char *proxy = nullptr;
    if (ssh_options_get(m_session.get(), SSH_OPTIONS_PROXYCOMMAND, &proxy) == SSH_OK) {
        const bool useProxy = proxy && *proxy && qstrcmp(proxy, "none") != 0;
        ssh_string_free_char(proxy);
        if (useProxy) {
            m_state = State::Connecting;
            pump();
            return;
        }
    }
    m_tcp->connectToHost(m_host, m_port);
}

void SshTransport::handOverSocket(int fd)
{
    // From here on libssh owns the socket and closes it with the session.
    socket_t socket = fd;
    ssh_options_set(m_session.get(), SSH_OPTIONS_FD, &socket);
    m_socketHandedOver = true;
    m_tcpConnected = true;
    m_state = State::Connecting;
    if (enterStage(tr("key exchange")))
        pump();
}

void SshTransport::write(const QByteArray &data)
{
    if (data.isEmpty() || m_state == State::Finished || m_closeRequested)
        return;
    m_out.append(data);
    if (m_state == State::Running)
        kick(0);
}

void SshTransport::pauseReading()
{
    m_paused = true;
    updateNotifiers();
}

void SshTransport::resumeReading()
{
    if (!m_paused)
        return;
    m_paused = false;
    if (m_state == State::Running || m_state == State::Closing)
        kick(0);
}

void SshTransport::close()
{
    switch (m_state) {
    case State::Finished:
        return;
    case State::Idle:
        m_state = State::Finished;
        QMetaObject::invokeMethod(
                this, [this] { Q_EMIT closed(QString()); }, Qt::QueuedConnection);
        return;
    case State::Running:
    case State::Closing:
        m_closeRequested = true;
        kick(0);
        return;
    default:
        // Still connecting: there is nothing to drain.
        finish(tr("the connection to %1 was closed before the command started").arg(target()));
        return;
    }
}

void SshTransport::kill()
{
    if (m_state == State::Finished)
        return;
    const bool wasStarted = m_state == State::Running || m_state == State::Closing;
    if (wasStarted && m_channel && ssh_channel_is_open(m_channel.get()))
        ssh_channel_request_send_signal(m_channel.get(), "KILL");
    m_state = State::Finished;
    teardown();
    if (wasStarted) {
        QMetaObject::invokeMethod(
                this, [this] { Q_EMIT closed(tr("killed by the master")); }, Qt::QueuedConnection);
    } else {
        const QString reason = tr("The connection to %1 was cancelled.").arg(target());
        QMetaObject::invokeMethod(
                this, [this, reason] { Q_EMIT failed(reason); }, Qt::QueuedConnection);
    }
}

// --- Event plumbing ----------------------------------------------------------------------

void SshTransport::createNotifiers()
{
    if (m_readNotifier || m_fd < 0)
        return;
    m_readNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    m_writeNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &SshTransport::pump);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &SshTransport::pump);
}

void SshTransport::destroyNotifiers()
{
    // libssh closes the socket when the session goes; the notifiers must go first.
    // deleteLater: this may run inside one of their own activated() signals.
    for (QSocketNotifier **n : {&m_readNotifier, &m_writeNotifier}) {
        if (*n) {
            (*n)->setEnabled(false);
            (*n)->deleteLater();
            *n = nullptr;
        }
    }
}

void SshTransport::updateNotifiers()
{
    if (!m_readNotifier || !m_session)
        return;
    // Write interest only while libssh holds unsent output: ssh_blocking_flush with a zero
    // timeout tries to send it and says whether some is left (its own POLLOUT flag can be
    // stale, which would make a write notifier fire forever).
    const auto outputPending = [this] {
        const int rc = ssh_blocking_flush(m_session.get(), 0);
        if (rc == SSH_ERROR)
            kick(0); // the pump finds out what broke
        return rc == SSH_AGAIN;
    };
    bool read = false;
    bool write = false;
    switch (m_state) {
    case State::Connecting:
    case State::Authenticating:
    case State::OpeningChannel:
    case State::Executing:
        read = !m_waitingForAnswer;
        write = !m_waitingForAnswer && (!m_tcpConnected || outputPending());
        break;
    case State::Running:
    case State::Closing: {
        // While paused, the socket is read only to learn that the far side made room for
        // our pending output; otherwise its data waits in the kernel and in the channel
        // window, which stops the sender (back-pressure end to end).
        const bool windowShut = m_channel && ssh_channel_window_size(m_channel.get()) == 0;
        read = !m_paused || (pendingWrite() > 0 && windowShut);
        write = outputPending();
        break;
    }
    default:
        break;
    }
    if (m_readNotifier->isEnabled() != read)
        m_readNotifier->setEnabled(read);
    if (m_writeNotifier->isEnabled() != write)
        m_writeNotifier->setEnabled(write);
}

void SshTransport::kick(int ms)
{
    if (m_state == State::Finished)
        return;
    if (!m_kickTimer.isActive() || m_kickTimer.remainingTime() > ms)
        m_kickTimer.start(ms);
}

bool SshTransport::enterStage(const QString &stage)
{
    if (stage != m_stage) {
        m_stage = stage;
        qCDebug(lcSsh) << target() << "stage" << stage;
        Q_EMIT stageReached(stage);
    }
    // A receiver may have closed or killed us: the session is gone then.
    return m_state != State::Finished;
}

bool SshTransport::connectionBroken() const
{
    if (!m_session)
        return true;
    if (!ssh_is_connected(m_session.get()))
        return true;
    return ssh_get_status(m_session.get()) & (SSH_CLOSED | SSH_CLOSED_ERROR);
}

void SshTransport::fail(const QString &reason)
{
    if (m_state == State::Finished)
        return;
    qCInfo(lcSsh) << "connection to" << target() << "failed:" << reason;
    m_state = State::Finished;
    teardown();
    Q_EMIT failed(reason);
}

void SshTransport::finish(const QString &reason)
{
    if (m_state == State::Finished)
        return;
    qCDebug(lcSsh) << "connection to" << target() << "closed:" << reason;
    m_state = State::Finished;
    teardown();
    Q_EMIT closed(reason);
}

void SshTransport::teardown()
{
    m_kickTimer.stop();
    m_connectTimer.stop();
    m_keepaliveTimer.stop();
    m_closeTimer.stop();
    m_waitingForAnswer = false;
    clearSecret();
    m_tcp->abort();
    closeSession();
}

void SshTransport::closeSession()
{
    m_retryTimer.stop();
    destroyNotifiers();
    m_key.reset();
    m_channel.reset();
    if (m_session && !m_socketHandedOver && ssh_is_connected(m_session.get()))
        ssh_disconnect(m_session.get()); // a socket libssh made itself (ProxyCommand)
    m_session.reset();
    m_fd = -1;
    m_socketHandedOver = false;
    m_tcpConnected = false;
}

void SshTransport::clearSecret()
{
    wipe(m_secret);
    m_haveSecret = false;
}

void SshTransport::onConnectTimeout()
{
    if (m_state == State::Finished || m_state == State::Running || m_state == State::Closing)
        return;
    const int seconds = (qMax(1, m_options.connectTimeoutMs) + 999) / 1000;
    fail(tr("Timed out after %1 s waiting for %2 on host %3.")
                 .arg(seconds)
                 .arg(m_stage, hostLabel()));
}

// --- The pump ----------------------------------------------------------------------------

void SshTransport::pump()
{
    switch (m_state) {
    case State::Connecting:
    case State::Authenticating:
    case State::OpeningChannel:
    case State::Executing:
        pumpHandshake();
        break;
    case State::Running:
    case State::Closing:
        pumpRunning();
        break;
    default:
        return;
    }
    updateNotifiers();
}

void SshTransport::pumpHandshake()
{
    for (;;) {
        if (m_waitingForAnswer)
            return;
        Step step = Step::Done;
        switch (m_state) {
        case State::Connecting:
            step = stepConnect();
            break;
        case State::Authenticating:
            step = stepAuth();
            break;
        case State::OpeningChannel:
        case State::Executing:
            step = stepChannel();
            break;
        case State::Running:
            // Output may already be buffered in libssh.
            kick(0);
            return;
        default:
            return;
        }
        if (m_state == State::Finished)
            return;
        switch (step) {
        case Step::Progress:
            continue;
        case Step::Again:
            if (connectionBroken() && m_state != State::Connecting) {
                fail(tr("The connection to %1 was lost during %2: %3.")
                             .arg(target(), m_stage, libsshError()));
                return;
            }
            kick(HandshakeRetryMs);
            return;
        case Step::Wait:
        case Step::Done:
            return;
        }
    }
}

SshTransport::Step SshTransport::stepConnect()
{
    ssh_session s = m_session.get();
    const int rc = ssh_connect(s);
    if (m_fd < 0) {
        m_fd = ssh_get_fd(s);
        createNotifiers();
    }
    if (!m_tcpConnected && m_fd >= 0 && rc != SSH_ERROR) {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        if (::getpeername(m_fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0) {
            m_tcpConnected = true;
            if (!enterStage(tr("key exchange")))
                return Step::Done;
        }
    }
    if (rc == SSH_AGAIN)
        return Step::Again;
    if (rc == SSH_ERROR) {
        QString error = libsshError();
        error.remove(QRegularExpression(QStringLiteral("^Socket error: ")));
        if (m_tcpConnected && !ssh_get_serverbanner(s)) {
            // Accepted, then closed before the server said a word: how sshd turns away
            // connections beyond its MaxStartups (or tcp wrappers do): worth another try.
            if (retryConnect(error))
                return Step::Done;
            fail(m_attempt > 1
                         ? tr("Could not connect to %1: the server closed the connection before "
                              "the SSH handshake (%2) on all %3 attempts; its sshd may be turning "
                              "away connections beyond its MaxStartups limit.")
                                   .arg(target(), error, QString::number(m_attempt))
                         : tr("Could not connect to %1: the server closed the connection before "
                              "the SSH handshake (%2); its sshd may be turning away connections "
                              "beyond its MaxStartups limit.")
                                   .arg(target(), error));
            return Step::Done;
        }
        fail(tr("Could not connect to %1: %2.").arg(target(), error));
        return Step::Done;
    }
    if (!m_tcpConnected) {
        m_tcpConnected = true;
        if (!enterStage(tr("key exchange")))
            return Step::Done;
    }
    if (!enterStage(tr("host key check")))
        return Step::Done;
    return checkHostKey();
}

bool SshTransport::retryConnect(const QString &why)
{
    const int attempts = qMax(1, m_options.connectAttempts);
    if (m_attempt >= attempts)
        return false;
    // Spread out, so that a crowd of connections turned away together does not come back
    // together: 250-750 ms after the first refusal, 500-1500 ms after the second, ...
    const int base = RetryBaseMs << qMin(m_attempt - 1, 6);
    const int delay = base + int(QRandomGenerator::global()->bounded(2 * base));
    if (m_connectTimer.isActive() && m_connectTimer.remainingTime() <= delay)
        return false;
    qCInfo(lcSsh) << target() << "closed the connection before the handshake (" << why
                  << "); trying again in" << delay << "ms";
    ++m_attempt;
    closeSession();
    m_state = State::TcpConnecting;
    if (!enterStage(tr("tcp connect (attempt %1 of %2)").arg(m_attempt).arg(attempts)))
        return true;
    m_retryTimer.start(delay);
    return true;
}

void SshTransport::restartConnect()
{
    if (m_state != State::TcpConnecting || !setUpSession())
        return;
    connectTcp();
}

SshTransport::Step SshTransport::checkHostKey()
{
    SshHostKeyCheck check(m_session.get(), hostKeyWhere());
    const SshHostKeyCheck::Verdict verdict = check.verify();
    m_hostKeyType = check.keyType();
    m_hostKeyFingerprint = check.fingerprint();
    switch (verdict) {
    case SshHostKeyCheck::Verdict::Trusted:
        m_state = State::Authenticating;
        return Step::Progress;
    case SshHostKeyCheck::Verdict::Refused:
        fail(check.errorString());
        return Step::Done;
    case SshHostKeyCheck::Verdict::Unknown:
        break;
    }
    if (m_options.acceptNewHostKey) {
        if (const Result<void> saved = check.remember(); !saved) {
            fail(saved.errorString());
            return Step::Done;
        }
        m_state = State::Authenticating;
        return Step::Progress;
    }
    if (m_prompter) {
        PromptRequest request;
        request.kind = PromptRequest::Kind::UnknownHostKey;
        request.keyType = m_hostKeyType;
        request.fingerprint = m_hostKeyFingerprint;
        m_state = State::HostKey;
        ask(request);
        return Step::Wait;
    }
    fail(tr("The host key of %1 is unknown (%2 %3); connection refused. Check the "
            "fingerprint and connect again with --accept-new-host-key to trust it.")
                 .arg(hostLabel(), m_hostKeyType, m_hostKeyFingerprint));
    return Step::Done;
}

SshHostKeyCheck::Where SshTransport::hostKeyWhere() const
{
    return {m_host, m_port, hostLabel(), m_knownHosts, m_globalKnownHosts};
}

// --- Authentication ----------------------------------------------------------------------

void SshTransport::noteTried(const QString &what)
{
    m_tried << what;
}

QString SshTransport::triedText() const
{
    return m_tried.isEmpty() ? tr("nothing") : m_tried.join(QLatin1String(", "));
}

QString SshTransport::offeredText() const
{
    QStringList offered;
    if (m_offered & SSH_AUTH_METHOD_PUBLICKEY)
        offered << QStringLiteral("publickey");
    if (m_offered & SSH_AUTH_METHOD_INTERACTIVE)
        offered << QStringLiteral("keyboard-interactive");
    if (m_offered & SSH_AUTH_METHOD_PASSWORD)
        offered << QStringLiteral("password");
    if (m_offered & SSH_AUTH_METHOD_HOSTBASED)
        offered << QStringLiteral("hostbased");
    if (m_offered & SSH_AUTH_METHOD_GSSAPI_MIC)
        offered << QStringLiteral("gssapi-with-mic");
    return offered.isEmpty() ? tr("no method") : offered.join(QLatin1String(", "));
}

// Turns a libssh answer into the next step; on refusal, notes deniedNote and moves on to
// the method next.
SshTransport::Step SshTransport::authResult(int rc, AuthPhase next, const QString &deniedNote)
{
    switch (rc) {
    case SSH_AUTH_AGAIN:
        return Step::Again;
    case SSH_AUTH_SUCCESS:
        qCInfo(lcSsh) << "authenticated to" << target();
        clearSecret();
        m_key.reset();
        m_state = State::OpeningChannel;
        if (!enterStage(tr("channel open")))
            return Step::Done;
        return Step::Progress;
    case SSH_AUTH_PARTIAL:
        // More is needed (several factors): start over with what the server offers now.
        m_offered = ssh_userauth_list(m_session.get(), nullptr);
        noteTried(tr("%1 (partial success)").arg(deniedNote));
        m_authPhase = AuthPhase::Agent;
        return Step::Progress;
    case SSH_AUTH_ERROR:
        if (connectionBroken()) {
            fail(tr("The connection to %1 was lost during %2: %3.")
                         .arg(target(), m_stage, libsshError()));
            return Step::Done;
        }
        [[fallthrough]];
    default:
        if (!deniedNote.isEmpty())
            noteTried(tr("%1 (refused)").arg(deniedNote));
        m_authPhase = next;
        return Step::Progress;
    }
}

SshTransport::Step SshTransport::stepAuth()
{
    ssh_session s = m_session.get();
    switch (m_authPhase) {
    case AuthPhase::None: {
        if (!enterStage(tr("authentication (none)")))
            return Step::Done;
        const int rc = ssh_userauth_none(s, nullptr);
        if (rc == SSH_AUTH_DENIED) {
            m_offered = ssh_userauth_list(s, nullptr);
            m_authPhase = AuthPhase::Agent;
            return Step::Progress;
        }
        return authResult(rc, AuthPhase::Agent, QString());
    }
    case AuthPhase::Agent: {
        if (!(m_offered & SSH_AUTH_METHOD_PUBLICKEY) || !m_useAgent) {
            m_authPhase = AuthPhase::Keys;
            return Step::Progress;
        }
        m_publicKeyStageShown = true;
        if (!enterStage(tr("authentication (publickey)")))
            return Step::Done;
        return authResult(ssh_userauth_agent(s, nullptr),
                          AuthPhase::Keys,
                          tr("publickey with the keys of ssh-agent"));
    }
    case AuthPhase::Keys:
        return stepKeys();
    case AuthPhase::KbdInt:
        return stepKbdInt();
    case AuthPhase::Password:
        return stepPassword();
    case AuthPhase::Exhausted:
        break;
    }
    fail(tr("Authentication as %1 on %2 failed: tried %3; the server offers %4.")
                 .arg(m_user,
                      hostLabel() + QLatin1Char(':') + QString::number(m_port),
                      triedText(),
                      offeredText()));
    return Step::Done;
}

void SshTransport::nextKey()
{
    ++m_identityIndex;
    m_keyStep = KeyStep::Begin;
    m_key.reset();
    m_passphraseTries = 0;
    clearSecret();
}

SshTransport::Step SshTransport::stepKeys()
{
    ssh_session s = m_session.get();
    if (!(m_offered & SSH_AUTH_METHOD_PUBLICKEY) || m_identityIndex >= m_identities.size()) {
        m_authPhase = AuthPhase::KbdInt;
        return Step::Progress;
    }
    const Identity &id = m_identities.at(m_identityIndex);
    const auto note = [&](const QString &why) {
        noteTried(tr("publickey with %1 (%2)").arg(id.path, why));
    };

    switch (m_keyStep) {
    case KeyStep::Begin: {
        if (!QFileInfo::exists(id.path)) {
            if (id.explicitlyGiven)
                note(tr("file not found"));
            nextKey();
            return Step::Progress;
        }
        if (!m_publicKeyStageShown) {
            m_publicKeyStageShown = true;
            if (!enterStage(tr("authentication (publickey)")))
                return Step::Done;
        }
        // With the public half at hand, ask the server first: no passphrase question for
        // a key it would refuse anyway.
        ssh_key pub = nullptr;
        const QByteArray pubPath = QFile::encodeName(id.path + QLatin1String(".pub"));
        if (QFileInfo::exists(id.path + QLatin1String(".pub"))
            && ssh_pki_import_pubkey_file(pubPath.constData(), &pub) == SSH_OK) {
            m_key.reset(pub);
            m_keyStep = KeyStep::Query;
        } else {
            m_keyStep = KeyStep::Load;
        }
        return Step::Progress;
    }
    case KeyStep::Query: {
        const int rc = ssh_userauth_try_publickey(s, nullptr, m_key.get());
        if (rc == SSH_AUTH_AGAIN)
            return Step::Again;
        if (rc == SSH_AUTH_SUCCESS) {
            m_key.reset();
            m_keyStep = KeyStep::Load;
            return Step::Progress;
        }
        if (rc == SSH_AUTH_ERROR && connectionBroken()) {
            fail(tr("The connection to %1 was lost during %2: %3.")
                         .arg(target(), m_stage, libsshError()));
            return Step::Done;
        }
        note(tr("refused"));
        nextKey();
        return Step::Progress;
    }
    case KeyStep::Load: {
        // An empty passphrase first: with none, OpenSSL would ask on the terminal itself.
        const QByteArray path = QFile::encodeName(id.path);
        ssh_key key = nullptr;
        const int rc = ssh_pki_import_privkey_file(
                path.constData(), m_haveSecret ? m_secret.constData() : "", nullptr, nullptr, &key);
        const bool hadSecret = m_haveSecret;
        clearSecret();
        if (rc == SSH_OK) {
            m_key.reset(key);
            m_keyStep = KeyStep::Authenticate;
            return Step::Progress;
        }
        if (rc == SSH_EOF) {
            note(tr("cannot be read"));
            nextKey();
            return Step::Progress;
        }
        if (hadSecret && m_passphraseTries >= MaxPassphraseTries) {
            note(tr("wrong passphrase"));
            nextKey();
            return Step::Progress;
        }
        if (!m_prompter) {
            note(hadSecret ? tr("wrong passphrase") : tr("needs a passphrase"));
            nextKey();
            return Step::Progress;
        }
        ++m_passphraseTries;
        PromptRequest request;
        request.kind = PromptRequest::Kind::Passphrase;
        request.identityFile = id.path;
        request.prompt = hadSecret ? tr("Wrong passphrase. Passphrase for %1:").arg(id.path)
                                   : tr("Passphrase for %1:").arg(id.path);
        ask(request);
        return Step::Wait;
    }
    case KeyStep::Authenticate: {
        const int rc = ssh_userauth_publickey(s, nullptr, m_key.get());
        if (rc == SSH_AUTH_AGAIN)
            return Step::Again;
        if (rc == SSH_AUTH_SUCCESS || rc == SSH_AUTH_PARTIAL || rc == SSH_AUTH_ERROR) {
            const QString what = tr("publickey with %1").arg(id.path);
            const Step step = authResult(rc, AuthPhase::Keys, what);
            nextKey();
            return step;
        }
        note(tr("refused"));
        nextKey();
        return Step::Progress;
    }
    }
    return Step::Progress;
}

SshTransport::Step SshTransport::stepKbdInt()
{
    ssh_session s = m_session.get();
    if (!(m_offered & SSH_AUTH_METHOD_INTERACTIVE)
        || (!m_prompter && m_options.passwordFile.isEmpty())) {
        m_authPhase = AuthPhase::Password;
        return Step::Progress;
    }
    if (!enterStage(tr("authentication (keyboard-interactive)")))
        return Step::Done;
    // Answer the server's questions one by one; each may go through the prompter.
    while (m_kbdPrompt >= 0 && m_kbdPrompt < m_kbdPrompts) {
        char echo = 0;
        const char *text
                = ssh_userauth_kbdint_getprompt(s, static_cast<unsigned int>(m_kbdPrompt), &echo);
        const QString prompt = QString::fromUtf8(text ? text : "");
        if (!echo && !m_kbdFileUsed && !m_options.passwordFile.isEmpty()
            && prompt.contains(QLatin1String("assword"), Qt::CaseInsensitive)) {
            m_kbdFileUsed = true;
            QFile file(m_options.passwordFile);
            if (!file.open(QIODevice::ReadOnly)) {
                fail(tr("Cannot read the password file %1: %2.")
                             .arg(m_options.passwordFile, file.errorString()));
                return Step::Done;
            }
            QByteArray line = file.readLine();
            while (line.endsWith('\n') || line.endsWith('\r'))
                line.chop(1);
            ssh_userauth_kbdint_setanswer(
                    s, static_cast<unsigned int>(m_kbdPrompt), line.constData());
            wipe(line);
            ++m_kbdPrompt;
            continue;
        }
        if (!m_prompter) {
            noteTried(tr("keyboard-interactive (no answer for \"%1\")").arg(prompt.trimmed()));
            m_kbdPrompt = -1;
            m_authPhase = AuthPhase::Password;
            return Step::Progress;
        }
        PromptRequest request;
        request.kind = PromptRequest::Kind::Question;
        request.prompt = prompt;
        request.echo = echo != 0;
        ask(request);
        return Step::Wait;
    }
    m_kbdPrompt = -1;
    const int rc = ssh_userauth_kbdint(s, nullptr, nullptr);
    if (rc == SSH_AUTH_INFO) {
        if (++m_kbdRounds > MaxKbdRounds) {
            noteTried(tr("keyboard-interactive (too many questions)"));
            m_authPhase = AuthPhase::Password;
            return Step::Progress;
        }
        m_kbdPrompts = ssh_userauth_kbdint_getnprompts(s);
        m_kbdPrompt = 0;
        return Step::Progress;
    }
    return authResult(rc, AuthPhase::Password, QStringLiteral("keyboard-interactive"));
}

SshTransport::Step SshTransport::stepPassword()
{
    ssh_session s = m_session.get();
    if (!(m_offered & SSH_AUTH_METHOD_PASSWORD)) {
        m_authPhase = AuthPhase::Exhausted;
        return Step::Progress;
    }
    if (!enterStage(tr("authentication (password)")))
        return Step::Done;
    if (!m_haveSecret) {
        if (!m_options.passwordFile.isEmpty() && m_passwordTries == 0) {
            QFile file(m_options.passwordFile);
            if (!file.open(QIODevice::ReadOnly)) {
                fail(tr("Cannot read the password file %1: %2.")
                             .arg(m_options.passwordFile, file.errorString()));
                return Step::Done;
            }
            m_secret = file.readLine();
            while (m_secret.endsWith('\n') || m_secret.endsWith('\r'))
                m_secret.chop(1);
            m_haveSecret = true;
            m_passwordFromFile = true;
            ++m_passwordTries;
        } else if (m_prompter && m_passwordTries < MaxPasswordTries) {
            PromptRequest request;
            request.kind = PromptRequest::Kind::Password;
            request.prompt = m_passwordTries > 0
                                     ? tr("Permission denied, please try again. Password for %1:")
                                               .arg(target())
                                     : tr("Password for %1:").arg(target());
            ++m_passwordTries;
            m_passwordFromFile = false;
            ask(request);
            return Step::Wait;
        } else {
            if (m_passwordTries == 0)
                noteTried(tr("password (no password given)"));
            m_authPhase = AuthPhase::Exhausted;
            return Step::Progress;
        }
    }
    const int rc = ssh_userauth_password(s, nullptr, m_secret.constData());
    if (rc == SSH_AUTH_AGAIN)
        return Step::Again;
    clearSecret();
    if (rc == SSH_AUTH_DENIED) {
        if (m_passwordFromFile)
            noteTried(tr("password from %1 (refused)").arg(m_options.passwordFile));
        if (!m_passwordFromFile && m_passwordTries >= MaxPasswordTries)
            noteTried(tr("password (refused %n times)", nullptr, m_passwordTries));
        if (m_prompter && m_passwordTries < MaxPasswordTries)
            return Step::Progress; // ask (again)
        m_authPhase = AuthPhase::Exhausted;
        return Step::Progress;
    }
    return authResult(rc, AuthPhase::Exhausted, QStringLiteral("password"));
}

// --- Channel -----------------------------------------------------------------------------

SshTransport::Step SshTransport::stepChannel()
{
    ssh_session s = m_session.get();
    if (m_state == State::OpeningChannel) {
        if (!m_channel) {
            m_channel.reset(ssh_channel_new(s));
            if (!m_channel) {
                fail(tr("Cannot create an ssh channel: %1.").arg(libsshError()));
                return Step::Done;
            }
            m_channelCallbacks = std::make_unique<ssh_channel_callbacks_struct>();
            *m_channelCallbacks = {};
            m_channelCallbacks->size = sizeof(ssh_channel_callbacks_struct);
            m_channelCallbacks->userdata = this;
            m_channelCallbacks->channel_data_function = &onChannelData;
            m_channelCallbacks->channel_eof_function = &onChannelEnd;
            m_channelCallbacks->channel_close_function = &onChannelEnd;
            m_channelCallbacks->channel_exit_status_function = &onExitStatus;
            m_channelCallbacks->channel_exit_signal_function = &onExitSignal;
            ssh_set_channel_callbacks(m_channel.get(), m_channelCallbacks.get());
        }
        const int rc = ssh_channel_open_session(m_channel.get());
        if (rc == SSH_AGAIN)
            return Step::Again;
        if (rc != SSH_OK) {
            fail(tr("Cannot open a session channel on %1: %2.").arg(target(), libsshError()));
            return Step::Done;
        }
        m_state = State::Executing;
        if (!enterStage(tr("exec")))
            return Step::Done;
        return Step::Progress;
    }
    const QByteArray command = m_command.toUtf8();
    const int rc = ssh_channel_request_exec(m_channel.get(), command.constData());
    if (rc == SSH_AGAIN)
        return Step::Again;
    if (rc != SSH_OK) {
        fail(tr("The server %1 refused to run the command: %2.").arg(target(), libsshError()));
        return Step::Done;
    }
    qCDebug(lcSsh) << "running on" << target() << ":" << m_command;
    m_state = State::Running;
    m_connectTimer.stop();
    m_lastInBytes = m_socketCounter.in_bytes;
    m_keepaliveMissed = 0;
    m_keepaliveTimer.start();
    Q_EMIT started();
    return Step::Progress;
}

// --- Running -----------------------------------------------------------------------------

void SshTransport::pumpRunning()
{
    if (!m_session || !m_channel)
        return;
    if (!flushWrites())
        return;
    bool budgetLeft = true;
    if (!readChannel(budgetLeft))
        return;
    if (!budgetLeft) {
        kick(0);
        return;
    }
    finishIfDone();
    if (m_state == State::Finished)
        return;
    if (connectionBroken()) {
        finish(tr("connection to %1 lost").arg(hostLabel()));
        return;
    }
    if (!m_paused && m_out.size() - m_outPos > 0 && ssh_channel_window_size(m_channel.get()) > 0)
        kick(0);
}

bool SshTransport::flushWrites()
{
    ssh_session s = m_session.get();
    if (ssh_blocking_flush(s, 0) == SSH_ERROR) {
        finish(tr("connection to %1 lost").arg(hostLabel()));
        return false;
    }
    ssh_channel ch = m_channel.get();
    qsizetype budget = 4 * WriteChunk;
    while (pendingWrite() > 0 && !m_eofSent && budget > 0) {
        const int chunk = static_cast<int>(qMin<qsizetype>(pendingWrite(), WriteChunk));
        const int n
                = ssh_channel_write(ch, m_out.constData() + m_outPos, static_cast<uint32_t>(chunk));
        if (n < 0) {
            if (connectionBroken()) {
                finish(tr("connection to %1 lost").arg(hostLabel()));
                return false;
            }
            // The far side closed its end: what is left cannot be delivered.
            qCDebug(lcSsh) << "dropping" << pendingWrite() << "bytes:" << libsshError();
            m_out.clear();
            m_outPos = 0;
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
    if (m_closeRequested && !m_eofSent && pendingWrite() == 0) {
        if (ssh_channel_is_open(ch))
            ssh_channel_send_eof(ch);
        m_eofSent = true;
        m_state = State::Closing;
        m_closeTimer.start(CloseWaitMs);
    }
    return true;
}

bool SshTransport::readChannel(bool &budgetLeft)
{
    if (m_paused)
        return true;
    ssh_channel ch = m_channel.get();
    int budget = ReadBudget;
    QByteArray buffer(ReadChunk, Qt::Uninitialized);
    for (int isStderr : {0, 1}) {
        bool &eof = isStderr ? m_stderrEof : m_stdoutEof;
        while (!eof && budget > 0 && !m_paused) {
            const int n = ssh_channel_read_nonblocking(ch, buffer.data(), ReadChunk, isStderr);
            if (n == SSH_EOF) {
                eof = true;
                break;
            }
            if (n < 0) {
                if (connectionBroken()) {
                    finish(tr("connection to %1 lost").arg(hostLabel()));
                } else {
                    finish(tr("the channel to %1 failed: %2").arg(hostLabel(), libsshError()));
                }
                return false;
            }
            if (n == 0)
                break;
            budget -= n;
            const QByteArray data(buffer.constData(), n);
            if (isStderr)
                Q_EMIT sideOutputReceived(data);
            else
                Q_EMIT dataReceived(data);
            if (m_state == State::Finished)
                return false;
        }
    }
    budgetLeft = budget > 0 || m_paused;
    return true;
}

void SshTransport::finishIfDone()
{
    ssh_channel ch = m_channel.get();
    if (!(m_stdoutEof && m_stderrEof) && !ssh_channel_is_closed(ch))
        return;
    // Nothing is read from the channel any more, but packets (exit status, close) still
    // come: this handles them without blocking, and the callbacks note the status.
    ssh_channel_get_exit_status(ch);
    const bool closedRemotely = ssh_channel_is_closed(ch);
    if (!closedRemotely && m_exitStatus < 0 && m_exitSignal.isEmpty()) {
        // The exit status follows the EOF closely; wait for it a little.
        if (!m_closeTimer.isActive())
            m_closeTimer.start(CloseWaitMs);
        return;
    }
    if (!m_exitSignal.isEmpty())
        finish(tr("the remote command was killed by signal %1").arg(m_exitSignal));
    else if (m_exitStatus >= 0)
        finish(tr("the remote command exited with status %1").arg(m_exitStatus));
    else
        finish(tr("the channel to %1 was closed").arg(hostLabel()));
}

void SshTransport::onKeepalive()
{
    if ((m_state != State::Running && m_state != State::Closing) || !m_session)
        return;
    const quint64 in = m_socketCounter.in_bytes;
    if (m_paused || in != m_lastInBytes) {
        m_keepaliveMissed = 0;
    } else if (++m_keepaliveMissed >= m_keepaliveMaxMissed) {
        qCInfo(lcSsh) << "no answer from" << target() << "to" << m_keepaliveMissed << "keepalives";
        finish(tr("connection to %1 lost").arg(hostLabel()));
        return;
    }
    m_lastInBytes = in;
    // A global request with want-reply: the server must answer, which is what we watch.
    ssh_send_keepalive(m_session.get());
    pump();
}

// --- Prompts -----------------------------------------------------------------------------

void SshTransport::ask(const PromptRequest &request)
{
    PromptRequest r = request;
    r.contextName = m_options.name;
    r.target = target();
    const quint64 serial = ++m_promptSerial;
    m_waitingForAnswer = true;
    // A person answers at their own pace: the connect timeout restarts afterwards.
    m_connectTimer.stop();
    updateNotifiers();
    std::weak_ptr<PromptGuard> weak = m_guard;
    m_prompter->ask(r, [weak, serial](const PromptAnswer &answer) {
        const std::shared_ptr<PromptGuard> guard = weak.lock();
        if (!guard)
            return;
        QMutexLocker locker(&guard->mutex);
        if (SshTransport *target = guard->target) {
            QMetaObject::invokeMethod(
                    target,
                    [target, serial, answer] { target->onAnswer(serial, answer); },
                    Qt::QueuedConnection);
        }
    });
}

void SshTransport::onAnswer(quint64 serial, const PromptAnswer &answer)
{
    if (serial != m_promptSerial || !m_waitingForAnswer || m_state == State::Finished)
        return;
    m_waitingForAnswer = false;
    m_connectTimer.start(qMax(1, m_options.connectTimeoutMs));
    const bool text = answer.decision == PromptAnswer::Decision::Text;

    if (m_state == State::HostKey) {
        switch (answer.decision) {
        case PromptAnswer::Decision::AcceptAndSave:
            if (const Result<void> saved
                = SshHostKeyCheck(m_session.get(), hostKeyWhere()).remember();
                !saved) {
                fail(saved.errorString());
                return;
            }
            m_state = State::Authenticating;
            break;
        case PromptAnswer::Decision::AcceptOnce:
            m_state = State::Authenticating;
            break;
        default:
            fail(tr("The host key of %1 is unknown (%2 %3); connection refused.")
                         .arg(hostLabel(), m_hostKeyType, m_hostKeyFingerprint));
            return;
        }
    } else if (m_state == State::Authenticating) {
        switch (m_authPhase) {
        case AuthPhase::Keys:
            if (text) {
                m_secret = answer.text.toUtf8();
                m_haveSecret = true;
                m_keyStep = KeyStep::Load;
            } else {
                noteTried(tr("publickey with %1 (passphrase not given)")
                                  .arg(m_identities.value(m_identityIndex).path));
                nextKey();
            }
            break;
        case AuthPhase::KbdInt:
            if (text) {
                QByteArray reply = answer.text.toUtf8();
                ssh_userauth_kbdint_setanswer(
                        m_session.get(), static_cast<unsigned int>(m_kbdPrompt), reply.constData());
                wipe(reply);
                ++m_kbdPrompt;
            } else {
                noteTried(tr("keyboard-interactive (cancelled)"));
                m_kbdPrompt = -1;
                m_authPhase = AuthPhase::Password;
            }
            break;
        case AuthPhase::Password:
            if (text) {
                m_secret = answer.text.toUtf8();
                m_haveSecret = true;
            } else {
                noteTried(tr("password (cancelled)"));
                m_authPhase = AuthPhase::Exhausted;
            }
            break;
        default:
            break;
        }
    }
    pump();
}

} // namespace Econtext
