// SshTransport: runs the interpreter on another machine over an SSH exec channel, with
// libssh in non-blocking mode. Every step (TCP connect, key exchange, host key check,
// authentication method by method, channel open, exec, then the channel's reads and
// writes) is driven by QSocketNotifiers on the session socket plus short timers, so the
// broker thread never blocks: TcpConnector looks the host name up and makes the TCP
// connection without blocking, then libssh gets the socket. Keepalives every 15 s notice
// a peer that stopped answering (three unanswered: the connection is lost). Questions (unknown host
// key, passphrase, password, keyboard-interactive) go through the Prompter and are answered
// asynchronously. Host keys are checked by SshHostKeyCheck. A server that accepts the TCP
// connection and closes it before its SSH banner (sshd beyond MaxStartups) is tried again,
// up to ConnectOptions::connectAttempts times, after a growing, randomised pause.
//
// Options come from ConnectOptions, on top of the OpenSSH client configuration
// (~/.ssh/config and /etc/ssh/ssh_config as libssh reads them). The environment variable
// ECONTEXT_SSH_CONFIG, when set, names the one configuration file to read instead (tests
// use it to try aliases without touching the user's files).
#pragma once

#include "core/connect/connectoptions.h"
#include "core/connect/sshhostkeycheck.h"
#include "core/connect/transport.h"

#include <QTimer>

#include <libssh/libssh.h>

#include <memory>

struct ssh_channel_callbacks_struct;
class QSocketNotifier;

namespace Econtext {

class Prompter;
class TcpConnector;
struct PromptAnswer;
struct PromptRequest;

class SshTransport : public Transport
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshTransport)
public:
    SshTransport(const ConnectOptions &options, Prompter *prompter, QObject *parent = nullptr);
    ~SshTransport() override;

    void start(const QStringList &argv) override;
    void write(const QByteArray &data) override;
    qint64 pendingWrite() const override { return m_out.size() - m_outPos; }
    void pauseReading() override;
    void resumeReading() override;
    void close() override;
    void kill() override;
    ConnectMethod method() const override { return ConnectMethod::Ssh; }
    QString description() const override;

    // POSIX shell quoting of one word ('...' unless it only has safe characters).
    static QString shellQuote(const QString &word);
    // The command line sent with the exec request. An empty argv[0] means "python3, else
    // python", with a clear message on stderr and status 127 when neither exists.
    static QString remoteCommand(const QStringList &argv, const QString &hostLabel);

    // Milliseconds between keepalives, and how many may go unanswered before the peer is
    // declared gone (tests shorten them).
    void setKeepalive(int intervalMs, int maxMissed);

    // Called by libssh from inside our own calls (same thread).
    void setExitStatus(int status) { m_exitStatus = status; }
    void channelActivity()
    {
        if (!m_paused)
            kick(0);
    }
    void setExitSignal(const QString &signal) { m_exitSignal = signal; }

private:
    struct SessionDeleter
    {
        void operator()(ssh_session s) const;
    };
    struct ChannelDeleter
    {
        void operator()(ssh_channel c) const;
    };
    struct KeyDeleter
    {
        void operator()(ssh_key k) const;
    };
    using SessionPtr = std::unique_ptr<ssh_session_struct, SessionDeleter>;
    using ChannelPtr = std::unique_ptr<ssh_channel_struct, ChannelDeleter>;
    using KeyPtr = std::unique_ptr<ssh_key_struct, KeyDeleter>;

    enum class State {
        Idle,
        TcpConnecting,  // host name lookup and non-blocking connect() (TcpConnector)
        Connecting,     // ssh_connect: key exchange (or ProxyCommand and key exchange)
        HostKey,        // waiting for the user's answer about an unknown host key
        Authenticating, // method by method
        OpeningChannel,
        Executing,
        Running,
        Closing, // EOF sent (or received); waiting for the far side to finish
        Finished,
    };
    enum class AuthPhase { None, Agent, Keys, KbdInt, Password, Exhausted };
    enum class KeyStep { Begin, Query, Load, Authenticate };
    enum class Step { Again, Progress, Wait, Done };

    struct Identity
    {
        QString path;
        bool explicitlyGiven = false;
    };

    bool setUpSession();
    void connectTcp();
    void handOverSocket(int fd);
    // Starts over after the server closed before its handshake; false when out of tries.
    bool retryConnect(const QString &why);
    void restartConnect();
    void closeSession();
    void pump();
    void pumpHandshake();
    Step stepConnect();
    Step checkHostKey();
    SshHostKeyCheck::Where hostKeyWhere() const;
    Step stepAuth();
    Step authResult(int rc, AuthPhase next, const QString &deniedNote);
    Step stepAgent();
    Step stepKeys();
    Step stepKbdInt();
    Step stepPassword();
    Step stepChannel();
    void pumpRunning();
    bool flushWrites();
    bool readChannel(bool &budgetLeft);
    void finishIfDone();
    void updateNotifiers();
    void createNotifiers();
    void destroyNotifiers();
    void kick(int ms);
    bool enterStage(const QString &stage);
    void fail(const QString &reason);
    void finish(const QString &reason);
    void teardown();
    void onConnectTimeout();
    void onKeepalive();
    void ask(const PromptRequest &request);
    void onAnswer(quint64 serial, const PromptAnswer &answer);
    bool connectionBroken() const;
    QString libsshError() const;
    QString hostLabel() const;
    QString target() const;
    QString triedText() const;
    QString offeredText() const;
    void nextKey();
    void noteTried(const QString &what);
    QList<Identity> identities() const;
    void clearSecret();

    ConnectOptions m_options;
    Prompter *m_prompter = nullptr;
    State m_state = State::Idle;
    QString m_stage;

    SessionPtr m_session;
    ChannelPtr m_channel;
    int m_fd = -1;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QTimer m_kickTimer;
    QTimer m_connectTimer;
    QTimer m_keepaliveTimer;
    QTimer m_closeTimer;
    QTimer m_retryTimer;
    int m_attempt = 1;
    bool m_tcpConnected = false;
    TcpConnector *m_tcp = nullptr; // a child: the TCP connection until libssh has the socket
    bool m_socketHandedOver = false;

    // Resolved after reading the configuration.
    QString m_host;
    QString m_user;
    int m_port = 22;
    QString m_knownHosts;
    QString m_globalKnownHosts;
    bool m_useAgent = false;

    // Host key
    QString m_hostKeyType;
    QString m_hostKeyFingerprint;

    // Authentication
    AuthPhase m_authPhase = AuthPhase::None;
    int m_offered = 0;
    QStringList m_tried;
    QList<Identity> m_identities;
    int m_identityIndex = 0;
    KeyStep m_keyStep = KeyStep::Begin;
    KeyPtr m_key;
    int m_passphraseTries = 0;
    bool m_publicKeyStageShown = false;
    int m_kbdRounds = 0;
    int m_kbdPrompt = -1;
    int m_kbdPrompts = 0;
    bool m_kbdFileUsed = false;
    int m_passwordTries = 0;
    bool m_passwordFromFile = false;
    QByteArray m_secret; // passphrase or password being used; wiped after use
    bool m_haveSecret = false;

    // Prompts
    struct PromptGuard;
    std::shared_ptr<PromptGuard> m_guard;
    quint64 m_promptSerial = 0;
    bool m_waitingForAnswer = false;

    // Running
    QByteArray m_out;
    qsizetype m_outPos = 0;
    bool m_paused = false;
    bool m_closeRequested = false;
    bool m_eofSent = false;
    bool m_stdoutEof = false;
    bool m_stderrEof = false;
    ssh_counter_struct m_socketCounter{};
    ssh_counter_struct m_rawCounter{};
    quint64 m_lastInBytes = 0;
    int m_keepaliveMissed = 0;
    int m_keepaliveMaxMissed = 3;
    std::unique_ptr<ssh_channel_callbacks_struct> m_channelCallbacks;
    int m_exitStatus = -1;
    QString m_exitSignal;
    QString m_command;
};

} // namespace Econtext
