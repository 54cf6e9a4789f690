// SshdFixture: a real OpenSSH server for tests, on 127.0.0.1 and a free port, with its
// own host key, client keys, authorized_keys and configuration in a temporary directory.
// It starts in the constructor (waiting until the port accepts) and stops in the
// destructor. When sshd or ssh-keygen is missing, or the server does not come up,
// isRunning() is false and errorString() says why: tests QSKIP with that message.
//
// While a fixture exists, the ssh connections of the test (and of the programs it starts,
// such as econtext-cli) see nothing of the user's own ssh setup: ECONTEXT_SSH_CONFIG names
// an empty file of the fixture's (so neither ~/.ssh/config nor /etc/ssh/ssh_config is
// read: a "Host *" with a ProxyCommand or a HostName there would send the tests elsewhere)
// and SSH_AUTH_SOCK is unset (an agent's keys would be offered first). The destructor puts
// both back. A test may still point ECONTEXT_SSH_CONFIG at a file of its own.
//
// Password authentication needs an account with a known password: as root the fixture
// creates (or reuses) the throwaway user "econtext-test" and sets its password; as an
// ordinary user there is none, and passwordSkipReason() says so.
#pragma once

#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <optional>

#include <sys/types.h>

namespace Econtext::Test {

class SshdFixture
{
public:
    // extraConfig: sshd_config lines that replace the fixture's own for the same
    // keywords, e.g. "MaxStartups 2\n".
    explicit SshdFixture(const QByteArray &extraConfig = QByteArray());
    ~SshdFixture();
    SshdFixture(const SshdFixture &) = delete;
    SshdFixture &operator=(const SshdFixture &) = delete;

    bool isRunning() const { return m_running; }
    QString errorString() const { return m_error; }

    QString host() const { return QStringLiteral("127.0.0.1"); }
    int port() const { return m_port; }
    QString user() const { return m_user; } // the current user (allowed to log in)
    QString dir() const { return m_dir.path(); }

    QString hostKeyPath() const;             // private host key; .pub next to it
    QString hostPublicKey() const;           // "ssh-ed25519 AAAA..." (no comment)
    QString hostKeyFingerprint() const;      // "SHA256:..." as ssh-keygen -l prints it
    QString clientKey() const;               // in authorized_keys, no passphrase
    QString clientKeyWithPassphrase() const; // in authorized_keys, passphrase below
    static QString passphrase() { return QStringLiteral("secret-pass"); }
    QString unauthorizedKey() const; // a valid key the server does not accept

    // A known_hosts file with the right entry for [127.0.0.1]:port.
    QString knownHostsFile() const;
    // A known_hosts file with another ed25519 key for [127.0.0.1]:port at line
    // wrongKnownHostsLine(), after unrelated lines.
    QString wrongKnownHostsFile() const;
    int wrongKnownHostsLine() const { return 3; }
    QString wrongHostKeyFingerprint() const { return m_wrongFingerprint; }
    // A path in the temporary directory that does not exist yet (unique per call).
    QString newPath(const QString &baseName) const;
    // Writes text to a new file in the temporary directory and returns its path.
    QString writeFile(const QString &baseName, const QByteArray &text) const;
    // An ssh_config-style file: Host alias / HostName 127.0.0.1 / Port / User / IdentityFile.
    QString writeSshConfig(const QString &alias,
                           const QString &identityFile,
                           const QString &user = QString()) const;

    // Password authentication (root only; see above).
    bool hasPasswordUser() const { return !m_passwordUser.isEmpty(); }
    QString passwordSkipReason() const { return m_passwordSkipReason; }
    QString passwordUser() const { return m_passwordUser; }
    QString password() const { return m_password; }

    // sshd's master process and the per-connection processes below it (for tests that
    // cut or freeze a connection).
    pid_t pid() const;
    QList<pid_t> sessionPids() const;
    void signalSessions(int signal) const;
    // What sshd printed (LogLevel VERBOSE), for failure messages.
    QString log();

private:
    bool setUp();
    bool run(const QString &program,
             const QStringList &args,
             QByteArray *output = nullptr,
             const QByteArray &input = QByteArray());
    bool keygen(const QString &path, const QString &passphrase);
    bool waitForPort();
    void setUpPasswordUser();

    QByteArray m_extraConfig;
    void isolateClient();
    void restoreClient();

    QTemporaryDir m_dir;
    QProcess m_sshd;
    std::optional<QByteArray> m_savedSshConfig; // the environment before isolateClient()
    std::optional<QByteArray> m_savedAgent;
    QByteArray m_log;
    bool m_running = false;
    QString m_error;
    int m_port = 0;
    QString m_user;
    QString m_hostPublicKey;
    QString m_hostFingerprint;
    QString m_wrongFingerprint;
    QString m_passwordUser;
    QString m_password;
    QString m_passwordSkipReason;
    mutable int m_pathCounter = 0;
};

} // namespace Econtext::Test
