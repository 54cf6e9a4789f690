#include "tests/support/sshdfixture.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QLockFile>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <csignal>
#include <pwd.h>
#include <unistd.h>

namespace Econtext::Test {

namespace {

const QString Sshd = QStringLiteral("/usr/sbin/sshd");
const QString SshKeygen = QStringLiteral("/usr/bin/ssh-keygen");

QString currentUser()
{
    if (const passwd *pw = ::getpwuid(::getuid()))
        return QString::fromLocal8Bit(pw->pw_name);
    return qEnvironmentVariable("USER");
}

int freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const int port = server.serverPort();
    server.close();
    return port;
}

// "ssh-ed25519 AAAA... comment" -> "ssh-ed25519 AAAA..."
QString withoutComment(const QByteArray &pubLine)
{
    const QList<QByteArray> fields = pubLine.trimmed().split(' ');
    if (fields.size() < 2)
        return QString();
    return QString::fromLatin1(fields.at(0) + ' ' + fields.at(1));
}

pid_t parentOf(pid_t pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0)
        return -1;
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    return fields.size() > 1 ? static_cast<pid_t>(fields.at(1).toInt()) : -1;
}

} // namespace

SshdFixture::SshdFixture(const QByteArray &extraConfig)
    : m_extraConfig(extraConfig)
{
    m_user = currentUser();
    isolateClient();
    m_running = setUp();
}

SshdFixture::~SshdFixture()
{
    restoreClient();
    if (m_sshd.state() != QProcess::NotRunning) {
        signalSessions(SIGCONT);
        signalSessions(SIGKILL);
        m_sshd.terminate();
        if (!m_sshd.waitForFinished(3000)) {
            m_sshd.kill();
            m_sshd.waitForFinished(3000);
        }
    }
}

void SshdFixture::isolateClient()
{
    if (qEnvironmentVariableIsSet("ECONTEXT_SSH_CONFIG"))
        m_savedSshConfig = qgetenv("ECONTEXT_SSH_CONFIG");
    if (qEnvironmentVariableIsSet("SSH_AUTH_SOCK"))
        m_savedAgent = qgetenv("SSH_AUTH_SOCK");
    // An empty file (a missing one would do too: libssh and SshConfig both skip it).
    const QString config = m_dir.filePath(QStringLiteral("client_ssh_config"));
    QFile empty(config);
    if (!empty.open(QIODevice::WriteOnly))
        qWarning("cannot write %s", qPrintable(config));
    qputenv("ECONTEXT_SSH_CONFIG", QFile::encodeName(config));
    qunsetenv("SSH_AUTH_SOCK");
}

void SshdFixture::restoreClient()
{
    if (m_savedSshConfig)
        qputenv("ECONTEXT_SSH_CONFIG", *m_savedSshConfig);
    else
        qunsetenv("ECONTEXT_SSH_CONFIG");
    if (m_savedAgent)
        qputenv("SSH_AUTH_SOCK", *m_savedAgent);
}

bool SshdFixture::run(const QString &program,
                      const QStringList &args,
                      QByteArray *output,
                      const QByteArray &input)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForStarted(5000)) {
        m_error = QStringLiteral("cannot run %1: %2").arg(program, p.errorString());
        return false;
    }
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        m_error = QStringLiteral("%1 %2 failed: %3")
                          .arg(program,
                               args.join(QLatin1Char(' ')),
                               QString::fromLocal8Bit(p.readAll()).trimmed());
        return false;
    }
    if (output)
        *output = p.readAll();
    return true;
}

bool SshdFixture::keygen(const QString &path, const QString &passphrase)
{
    return run(SshKeygen,
               {QStringLiteral("-q"),
                QStringLiteral("-t"),
                QStringLiteral("ed25519"),
                QStringLiteral("-N"),
                passphrase,
                QStringLiteral("-C"),
                QStringLiteral("econtext-test"),
                QStringLiteral("-f"),
                path});
}

QString SshdFixture::hostKeyPath() const
{
    return m_dir.filePath(QStringLiteral("ssh_host_ed25519_key"));
}

QString SshdFixture::hostPublicKey() const
{
    return m_hostPublicKey;
}

QString SshdFixture::hostKeyFingerprint() const
{
    return m_hostFingerprint;
}

QString SshdFixture::clientKey() const
{
    return m_dir.filePath(QStringLiteral("client_key"));
}

QString SshdFixture::clientKeyWithPassphrase() const
{
    return m_dir.filePath(QStringLiteral("client_key_pass"));
}

QString SshdFixture::unauthorizedKey() const
{
    return m_dir.filePath(QStringLiteral("unauthorized_key"));
}

QString SshdFixture::knownHostsFile() const
{
    return m_dir.filePath(QStringLiteral("known_hosts"));
}

QString SshdFixture::wrongKnownHostsFile() const
{
    return m_dir.filePath(QStringLiteral("known_hosts_wrong"));
}

QString SshdFixture::newPath(const QString &baseName) const
{
    return m_dir.filePath(QStringLiteral("%1-%2").arg(baseName).arg(++m_pathCounter));
}

QString SshdFixture::writeFile(const QString &baseName, const QByteArray &text) const
{
    const QString path = newPath(baseName);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return QString();
    f.write(text);
    return path;
}

QString SshdFixture::writeSshConfig(const QString &alias,
                                    const QString &identityFile,
                                    const QString &user) const
{
    QByteArray text;
    text += "# written by SshdFixture\n";
    text += "Host " + alias.toUtf8() + "\n";
    text += "    HostName 127.0.0.1\n";
    text += "    Port " + QByteArray::number(m_port) + "\n";
    text += "    User " + (user.isEmpty() ? m_user : user).toUtf8() + "\n";
    if (!identityFile.isEmpty())
        text += "    IdentityFile " + identityFile.toUtf8() + "\n";
    return writeFile(QStringLiteral("ssh_config"), text);
}

bool SshdFixture::setUp()
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory for sshd");
        return false;
    }
    if (!QFileInfo(Sshd).isExecutable()) {
        m_error = QStringLiteral("%1 is missing (install openssh-server)").arg(Sshd);
        return false;
    }
    if (!QFileInfo(SshKeygen).isExecutable()) {
        m_error = QStringLiteral("%1 is missing (install openssh-client)").arg(SshKeygen);
        return false;
    }
    if (!keygen(hostKeyPath(), QString()) || !keygen(clientKey(), QString())
        || !keygen(clientKeyWithPassphrase(), passphrase()) || !keygen(unauthorizedKey(), QString())
        || !keygen(m_dir.filePath(QStringLiteral("other_host_key")), QString()))
        return false;

    const auto readFile = [](const QString &path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    m_hostPublicKey = withoutComment(readFile(hostKeyPath() + QStringLiteral(".pub")));
    QByteArray listing;
    if (!run(SshKeygen,
             {QStringLiteral("-l"),
              QStringLiteral("-E"),
              QStringLiteral("sha256"),
              QStringLiteral("-f"),
              hostKeyPath() + QStringLiteral(".pub")},
             &listing))
        return false;
    m_hostFingerprint = QString::fromLatin1(listing.split(' ').value(1));
    if (!run(SshKeygen,
             {QStringLiteral("-l"),
              QStringLiteral("-E"),
              QStringLiteral("sha256"),
              QStringLiteral("-f"),
              m_dir.filePath(QStringLiteral("other_host_key.pub"))},
             &listing))
        return false;
    m_wrongFingerprint = QString::fromLatin1(listing.split(' ').value(1));

    QFile keys(m_dir.filePath(QStringLiteral("authorized_keys")));
    if (!keys.open(QIODevice::WriteOnly)) {
        m_error = QStringLiteral("cannot write %1").arg(keys.fileName());
        return false;
    }
    keys.write(readFile(clientKey() + QStringLiteral(".pub")));
    keys.write(readFile(clientKeyWithPassphrase() + QStringLiteral(".pub")));
    keys.close();
    // sshd reads authorized_keys as the user logging in: let the password account
    // (and any other) read it; the private keys stay 0600.
    keys.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    QFile::setPermissions(m_dir.path(),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                                  | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);

    m_port = freePort();
    if (m_port == 0) {
        m_error = QStringLiteral("cannot find a free TCP port on 127.0.0.1");
        return false;
    }
    const QByteArray hostName = "[127.0.0.1]:" + QByteArray::number(m_port);
    {
        QFile known(knownHostsFile());
        if (!known.open(QIODevice::WriteOnly))
            return false;
        known.write(hostName + ' ' + m_hostPublicKey.toLatin1() + '\n');
    }
    {
        QFile wrong(wrongKnownHostsFile());
        if (!wrong.open(QIODevice::WriteOnly))
            return false;
        const QByteArray other
                = withoutComment(readFile(m_dir.filePath(QStringLiteral("other_host_key.pub"))))
                          .toLatin1();
        wrong.write("# known hosts of a test\n");
        wrong.write("otherhost.example " + other + '\n');
        wrong.write(hostName + ' ' + other + '\n'); // line 3, see wrongKnownHostsLine()
    }

    if (::getuid() == 0) {
        // As root, sshd insists on its privilege separation directory.
        QDir().mkpath(QStringLiteral("/run/sshd"));
    }
    setUpPasswordUser();

    const QString config = m_dir.filePath(QStringLiteral("sshd_config"));
    {
        QFile f(config);
        if (!f.open(QIODevice::WriteOnly)) {
            m_error = QStringLiteral("cannot write %1").arg(config);
            return false;
        }
        QByteArray text;
        text += "ListenAddress 127.0.0.1\n";
        text += "Port " + QByteArray::number(m_port) + "\n";
        text += "HostKey " + QFile::encodeName(hostKeyPath()) + "\n";
        text += "PidFile " + QFile::encodeName(m_dir.filePath(QStringLiteral("sshd.pid"))) + "\n";
        text += "AuthorizedKeysFile "
                + QFile::encodeName(m_dir.filePath(QStringLiteral("authorized_keys"))) + "\n";
        text += "UsePAM no\n";
        text += "StrictModes no\n";
        text += "PasswordAuthentication yes\n";
        text += "KbdInteractiveAuthentication no\n";
        text += "PubkeyAuthentication yes\n";
        text += "PermitRootLogin yes\n";
        text += "MaxAuthTries 20\n";
        text += "MaxStartups 50\n";
        text += "LogLevel VERBOSE\n";
        // The extra lines replace the fixture's own for the same keywords (for some, such
        // as MaxStartups, sshd keeps the last value, for most the first).
        QList<QByteArray> lines = text.split('\n');
        for (const QByteArray &extra : m_extraConfig.split('\n')) {
            const QByteArray keyword = extra.trimmed().split(' ').value(0).toLower();
            if (keyword.isEmpty())
                continue;
            lines.removeIf([&](const QByteArray &line) {
                return line.split(' ').value(0).toLower() == keyword;
            });
            lines.append(extra.trimmed());
        }
        f.write(lines.join('\n') + '\n');
    }

    m_sshd.setProcessChannelMode(QProcess::MergedChannels);
    m_sshd.start(Sshd, {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"), config});
    if (!m_sshd.waitForStarted(5000)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(Sshd, m_sshd.errorString());
        return false;
    }
    if (!waitForPort()) {
        m_error = QStringLiteral("sshd did not accept connections on port %1 within 5 s: %2")
                          .arg(m_port)
                          .arg(log().trimmed());
        return false;
    }
    return true;
}

bool SshdFixture::waitForPort()
{
    QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired()) {
        if (m_sshd.state() == QProcess::NotRunning)
            return false;
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(m_port));
        if (probe.waitForConnected(200))
            return true;
        QThread::msleep(20); // test setup only: nothing else runs yet
    }
    return false;
}

void SshdFixture::setUpPasswordUser()
{
    if (::getuid() != 0) {
        m_passwordSkipReason = QStringLiteral(
                "password authentication needs a user with a known password; the fixture "
                "creates one only when the tests run as root");
        return;
    }
    const QString name = QStringLiteral("econtext-test");
    if (!::getpwnam("econtext-test")) {
        if (!run(QStringLiteral("useradd"),
                 {QStringLiteral("-m"), QStringLiteral("-s"), QStringLiteral("/bin/sh"), name})) {
            m_passwordSkipReason
                    = QStringLiteral("cannot create the user %1: %2").arg(name, m_error);
            m_error.clear();
            return;
        }
    }
    // One password per machine, kept where only root can read it: test processes run in
    // parallel, and each setting a password of its own would lock the others out.
    const QString dir = QStringLiteral("/var/lib/econtext-test");
    QDir().mkpath(dir);
    QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QLockFile lock(dir + QStringLiteral("/password.lock"));
    lock.lock();
    QFile stored(dir + QStringLiteral("/password"));
    QString password;
    if (stored.open(QIODevice::ReadOnly))
        password = QString::fromLatin1(stored.readAll().trimmed());
    stored.close();
    if (password.isEmpty()) {
        password = QStringLiteral("Ec-%1-pw").arg(QRandomGenerator::system()->generate64(), 0, 36);
        if (stored.open(QIODevice::WriteOnly)) {
            stored.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
            stored.write(password.toLatin1() + '\n');
            stored.close();
        }
    }
    if (!run(QStringLiteral("chpasswd"),
             {},
             nullptr,
             (name + QLatin1Char(':') + password).toUtf8() + '\n')) {
        m_passwordSkipReason
                = QStringLiteral("cannot set the password of %1: %2").arg(name, m_error);
        m_error.clear();
        return;
    }
    m_passwordUser = name;
    m_password = password;
}

pid_t SshdFixture::pid() const
{
    return static_cast<pid_t>(m_sshd.processId());
}

QList<pid_t> SshdFixture::sessionPids() const
{
    QList<pid_t> result;
    const pid_t master = pid();
    if (master <= 0)
        return result;
    QList<std::pair<pid_t, pid_t>> all; // pid, ppid
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool ok = false;
        const pid_t p = static_cast<pid_t>(entry.toInt(&ok));
        if (ok)
            all.append({p, parentOf(p)});
    }
    QList<pid_t> frontier{master};
    while (!frontier.isEmpty()) {
        const pid_t parent = frontier.takeFirst();
        for (const auto &[p, pp] : std::as_const(all)) {
            if (pp == parent && !result.contains(p)) {
                result.append(p);
                frontier.append(p);
            }
        }
    }
    return result;
}

void SshdFixture::signalSessions(int signal) const
{
    for (const pid_t p : sessionPids())
        ::kill(p, signal);
}

QString SshdFixture::log()
{
    m_log += m_sshd.readAll();
    return QString::fromLocal8Bit(m_log);
}

} // namespace Econtext::Test
