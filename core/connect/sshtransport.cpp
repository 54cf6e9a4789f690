#include "core/connect/sshtransport.h"

#include "core/connect/prompter.h"
#include "core/connect/tcpconnector.h"

#include <QMutex>
#include <QMutexLocker>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSocketNotifier>

#include <libssh/server.h> // ssh_send_keepalive works for clients too

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcSsh, "econtext.ssh", QtWarningMsg)

namespace Econtext {

namespace {

constexpr int HandshakeRetryMs = 20; // libssh may need another call without socket activity
constexpr int ReadChunk = 64 * 1024;
constexpr int ReadBudget = 1024 * 1024;    // per pump, so other streams get their turn
constexpr int WriteBudget = 4 * 64 * 1024; // per pump
constexpr int CloseWaitMs = 5000;
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

} // namespace

struct SshTransport::PromptGuard
{
    QMutex mutex;
    SshTransport *target = nullptr;
};

SshTransport::SshTransport(const ConnectOptions &options, Prompter *prompter, QObject *parent)
    : Transport(parent)
    , m_options(options)
    , m_prompter(prompter)
    , m_channel([this] {
        if (!m_paused)
            kick(0);
    })
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
                     .arg(target(), m_settings.host, error));
    });
    connect(m_tcp, &TcpConnector::failed, this, [this](const QString &error) {
        fail(tr("Could not connect to %1: %2.").arg(target(), error));
    });
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &SshTransport::restartConnect);
    m_closeTimer.setSingleShot(true);
    connect(&m_closeTimer, &QTimer::timeout, this, [this] {
        if (m_channel.eofSent()) {
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

// --- Description -------------------------------------------------------------------------

QString SshTransport::hostLabel() const
{
    return m_settings.host.isEmpty() ? m_options.host : m_settings.host;
}

QString SshTransport::target() const
{
    const QString user = m_settings.user.isEmpty() ? m_options.user : m_settings.user;
    const int port = !m_settings.host.isEmpty() ? m_settings.port
                                                : (m_options.port > 0 ? m_options.port : 22);
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
    return Libssh::errorText(m_session.get());
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

    Result<SshSettings> settings = SshSettings::apply(s, m_options);
    if (!settings) {
        fail(settings.errorString());
        return false;
    }
    m_settings = std::move(*settings);
    ssh_set_counters(s, &m_socketCounter, &m_rawCounter);
    SshAuthenticator::Owner &owner = *this;
    m_auth = std::make_unique<SshAuthenticator>(
            s,
            SshAuthenticator::Setup{
                    m_settings, target(), m_options.passwordFile, m_prompter != nullptr},
            owner);
    qCDebug(lcSsh) << "connecting to" << target() << "known hosts" << m_settings.knownHosts
                   << "identities" << m_settings.identities.size();
    return true;
}

// --- Transport API -----------------------------------------------------------------------

void SshTransport::start(const QStringList &argv)
{
    if (m_state != State::Idle)
        return;
    if (!setUpSession())
        return;
    m_command = SshChannel::commandLine(argv, m_options.host);
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
    m_tcp->connectToHost(m_settings.host, m_settings.port);
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
    m_channel.queue(data);
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
    if (wasStarted)
        m_channel.kill();
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
        read = !m_paused || (pendingWrite() > 0 && m_channel.windowShut());
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
    return Libssh::connectionBroken(m_session.get());
}

void SshTransport::lostDuringStage()
{
    fail(tr("The connection to %1 was lost during %2: %3.").arg(target(), m_stage, libsshError()));
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
    if (m_auth)
        m_auth->forget();
    m_tcp->abort();
    closeSession();
}

void SshTransport::closeSession()
{
    m_retryTimer.stop();
    destroyNotifiers();
    if (m_auth)
        m_auth->forget();
    m_channel.release();
    if (m_session && !m_socketHandedOver && ssh_is_connected(m_session.get()))
        ssh_disconnect(m_session.get()); // a socket libssh made itself (ProxyCommand)
    m_session.reset();
    m_fd = -1;
    m_socketHandedOver = false;
    m_tcpConnected = false;
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
                lostDuringStage();
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
    return {m_settings.host,
            m_settings.port,
            hostLabel(),
            m_settings.knownHosts,
            m_settings.globalKnownHosts};
}

// --- Authentication ----------------------------------------------------------------------

SshTransport::Step SshTransport::stepAuth()
{
    switch (m_auth->step()) {
    case SshAuthenticator::Step::Again:
        return Step::Again;
    case SshAuthenticator::Step::Progress:
        return Step::Progress;
    case SshAuthenticator::Step::Wait:
        return Step::Wait;
    case SshAuthenticator::Step::Authenticated:
        m_state = State::OpeningChannel;
        if (!enterStage(tr("channel open")))
            return Step::Done;
        return Step::Progress;
    case SshAuthenticator::Step::Failed:
        fail(m_auth->errorString());
        return Step::Done;
    case SshAuthenticator::Step::Lost:
        lostDuringStage();
        return Step::Done;
    case SshAuthenticator::Step::Stopped:
        break;
    }
    return Step::Done;
}

// --- Channel -----------------------------------------------------------------------------

SshTransport::Step SshTransport::stepChannel()
{
    if (m_state == State::OpeningChannel) {
        if (!m_channel.isCreated() && !m_channel.create(m_session.get())) {
            fail(tr("Cannot create an ssh channel: %1.").arg(libsshError()));
            return Step::Done;
        }
        const int rc = m_channel.open();
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
    const int rc = m_channel.exec(m_command.toUtf8());
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
    if (!m_session || !m_channel.isCreated())
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
    if (!m_paused && pendingWrite() > 0 && !m_channel.windowShut())
        kick(0);
}

bool SshTransport::flushWrites()
{
    if (ssh_blocking_flush(m_session.get(), 0) == SSH_ERROR) {
        finish(tr("connection to %1 lost").arg(hostLabel()));
        return false;
    }
    if (!m_channel.writeQueued(WriteBudget)) {
        if (connectionBroken()) {
            finish(tr("connection to %1 lost").arg(hostLabel()));
            return false;
        }
        // The far side closed its end: what is left cannot be delivered.
        qCDebug(lcSsh) << "dropping" << pendingWrite() << "bytes:" << libsshError();
        m_channel.dropQueued();
    }
    if (m_closeRequested && !m_channel.eofSent() && pendingWrite() == 0) {
        m_channel.sendEof();
        m_state = State::Closing;
        m_closeTimer.start(CloseWaitMs);
    }
    return true;
}

bool SshTransport::readChannel(bool &budgetLeft)
{
    if (m_paused)
        return true;
    int budget = ReadBudget;
    QByteArray buffer(ReadChunk, Qt::Uninitialized);
    for (const SshChannel::Stream stream :
         {SshChannel::Stream::Stdout, SshChannel::Stream::Stderr}) {
        while (!m_channel.atEnd(stream) && budget > 0 && !m_paused) {
            const int n = m_channel.read(stream, buffer.data(), ReadChunk);
            if (n == SSH_EOF)
                break;
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
            if (stream == SshChannel::Stream::Stderr)
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
    const bool readEnded = m_channel.atEnd(SshChannel::Stream::Stdout)
                           && m_channel.atEnd(SshChannel::Stream::Stderr);
    if (!readEnded && !m_channel.isClosed())
        return;
    // Nothing is read from the channel any more, but packets (exit status, close) still
    // come: this handles them without blocking, and the callbacks note the status.
    m_channel.collectExitStatus();
    const bool closedRemotely = m_channel.isClosed();
    if (!closedRemotely && m_channel.exitStatus() < 0 && m_channel.exitSignal().isEmpty()) {
        // The exit status follows the EOF closely; wait for it a little.
        if (!m_closeTimer.isActive())
            m_closeTimer.start(CloseWaitMs);
        return;
    }
    if (!m_channel.exitSignal().isEmpty())
        finish(tr("the remote command was killed by signal %1").arg(m_channel.exitSignal()));
    else if (m_channel.exitStatus() >= 0)
        finish(tr("the remote command exited with status %1").arg(m_channel.exitStatus()));
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
        m_auth->answer(answer);
    }
    pump();
}

} // namespace Econtext
