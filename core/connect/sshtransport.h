// SshTransport: runs the interpreter on another machine over an SSH exec channel, with
// libssh in non-blocking mode. Every step (TCP connect, key exchange, host key check,
// authentication method by method, channel open, exec, then the channel's reads and
// writes) is driven by QSocketNotifiers on the session socket plus short timers, so the
// broker thread never blocks: TcpConnector looks the host name up and makes the TCP
// connection without blocking, then libssh gets the socket. Keepalives every 15 s notice
// a peer that stopped answering (three unanswered: the connection is lost). Questions (unknown host
// key, passphrase, password, keyboard-interactive) go through the Prompter and are answered
// asynchronously. A server that accepts the TCP connection and closes it before its SSH
// banner (sshd beyond MaxStartups) is tried again, up to ConnectOptions::connectAttempts
// times, after a growing, randomised pause.
//
// The transport holds the state machine, the socket notifiers, the timers and the prompts;
// the parts are classes of their own: SshSettings (ConnectOptions over the OpenSSH client
// configuration), SshHostKeyCheck (known_hosts), SshAuthenticator (the methods one by
// one) and SshChannel (the exec channel's reads, writes and exit status).
#pragma once

#include "core/connect/connectoptions.h"
#include "core/connect/libssh_p.h"
#include "core/connect/sshauthenticator.h"
#include "core/connect/sshchannel.h"
#include "core/connect/sshhostkeycheck.h"
#include "core/connect/sshsettings.h"
#include "core/connect/transport.h"

#include <QTimer>

#include <memory>

class QSocketNotifier;

namespace Econtext {

class Prompter;
class TcpConnector;
struct PromptAnswer;
struct PromptRequest;

class SshTransport : public Transport, private SshAuthenticator::Owner
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshTransport)
public:
    SshTransport(const ConnectOptions &options, Prompter *prompter, QObject *parent = nullptr);
    ~SshTransport() override;

    void start(const QStringList &argv) override;
    void write(const QByteArray &data) override;
    qint64 pendingWrite() const override { return m_channel.pending(); }
    void pauseReading() override;
    void resumeReading() override;
    void close() override;
    void kill() override;
    ConnectMethod method() const override { return ConnectMethod::Ssh; }
    QString description() const override;

    // Milliseconds between keepalives, and how many may go unanswered before the peer is
    // declared gone (tests shorten them).
    void setKeepalive(int intervalMs, int maxMissed);

private:
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
    enum class Step { Again, Progress, Wait, Done };

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
    Step stepChannel();
    void pumpRunning();
    bool flushWrites();
    bool readChannel(bool &budgetLeft);
    void finishIfDone();
    void updateNotifiers();
    void createNotifiers();
    void destroyNotifiers();
    void kick(int ms);
    bool enterStage(const QString &stage) override;
    void fail(const QString &reason);
    void finish(const QString &reason);
    void teardown();
    void onConnectTimeout();
    void onKeepalive();
    void ask(const PromptRequest &request) override;
    void onAnswer(quint64 serial, const PromptAnswer &answer);
    bool connectionBroken() const;
    QString libsshError() const;
    QString hostLabel() const;
    QString target() const;
    void lostDuringStage();

    ConnectOptions m_options;
    Prompter *m_prompter = nullptr;
    State m_state = State::Idle;
    QString m_stage;

    Libssh::SessionPtr m_session;
    SshChannel m_channel;
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

    SshSettings m_settings; // resolved for the current session

    // Host key
    QString m_hostKeyType;
    QString m_hostKeyFingerprint;

    std::unique_ptr<SshAuthenticator> m_auth; // one per session

    // Prompts
    struct PromptGuard;
    std::shared_ptr<PromptGuard> m_guard;
    quint64 m_promptSerial = 0;
    bool m_waitingForAnswer = false;

    // Running
    bool m_paused = false;
    bool m_closeRequested = false;
    ssh_counter_struct m_socketCounter{};
    ssh_counter_struct m_rawCounter{};
    quint64 m_lastInBytes = 0;
    int m_keepaliveMissed = 0;
    int m_keepaliveMaxMissed = 3;
    QString m_command;
};

} // namespace Econtext
