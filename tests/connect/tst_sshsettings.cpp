// Tests of SshSettings: ConnectOptions laid over an OpenSSH client configuration, as libssh
// reads it, on a real libssh session and without a server: what an alias resolves to,
// explicit options winning, the defaults, the key files to offer and their order, and the
// error for a configuration libssh refuses.
#include "core/connect/sshsettings.h"

#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <pwd.h>
#include <unistd.h>

using namespace Econtext;

namespace {

struct SessionFree
{
    void operator()(ssh_session s) const { ssh_free(s); }
};
using Session = std::unique_ptr<ssh_session_struct, SessionFree>;

// Sets an environment variable for one test and puts the old value back afterwards.
class EnvGuard
{
public:
    EnvGuard(const char *name, const QByteArray &value)
        : m_name(name)
        , m_had(qEnvironmentVariableIsSet(name))
        , m_old(qgetenv(name))
    {
        if (value.isNull())
            qunsetenv(name);
        else
            qputenv(name, value);
    }
    ~EnvGuard()
    {
        if (m_had)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }
    Q_DISABLE_COPY_MOVE(EnvGuard)

private:
    const char *m_name;
    bool m_had;
    QByteArray m_old;
};

QString localUser()
{
    const passwd *pw = ::getpwuid(::getuid());
    return pw ? QString::fromLocal8Bit(pw->pw_name) : QString();
}

QStringList paths(const QList<SshIdentity> &identities)
{
    QStringList list;
    for (const SshIdentity &id : identities)
        list << id.path + (id.explicitlyGiven ? QLatin1String(" (given)") : QLatin1String(""));
    return list;
}

QStringList defaultKeys()
{
    const QString dir = QDir::homePath() + QLatin1String("/.ssh/");
    return {dir + QLatin1String("id_ed25519"),
            dir + QLatin1String("id_ecdsa"),
            dir + QLatin1String("id_rsa")};
}

} // namespace

class tst_SshSettings : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Writes an ssh_config and returns its path.
    QString writeConfig(const QByteArray &text)
    {
        const QString path = m_dir.filePath(
                QStringLiteral("ssh_config-%1").arg(QLatin1String(QTest::currentTestFunction())));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        f.write(text);
        return path;
    }
    QByteArray aliasConfig() const
    {
        return "Host myalias\n"
               "    HostName 127.0.0.1\n"
               "    User alice\n"
               "    Port 2022\n"
               "    IdentityFile "
               + QFile::encodeName(m_dir.filePath(QStringLiteral("alias_key")))
               + "\n"
                 "    UserKnownHostsFile "
               + QFile::encodeName(m_dir.filePath(QStringLiteral("alias_known_hosts"))) + "\n";
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void aliasResolved()
    {
        EnvGuard config("ECONTEXT_SSH_CONFIG", QFile::encodeName(writeConfig(aliasConfig())));
        Session session(ssh_new());
        ConnectOptions options;
        options.host = QStringLiteral("myalias");
        const Result<SshSettings> settings = SshSettings::apply(session.get(), options);
        QVERIFY2(settings, qPrintable(settings.errorString()));
        QCOMPARE(settings->host, QStringLiteral("127.0.0.1"));
        QCOMPARE(settings->user, QStringLiteral("alice"));
        QCOMPARE(settings->port, 2022);
        QCOMPARE(settings->knownHosts, m_dir.filePath(QStringLiteral("alias_known_hosts")));
        QCOMPARE(settings->globalKnownHosts, QStringLiteral("/etc/ssh/ssh_known_hosts"));
        QCOMPARE(
                paths(settings->identities),
                QStringList{m_dir.filePath(QStringLiteral("alias_key")) + QLatin1String(" (given)")}
                        + defaultKeys());
    }

    // Options given for the connection win over the configuration, and libssh uses them.
    void explicitOptionsWin()
    {
        EnvGuard config("ECONTEXT_SSH_CONFIG", QFile::encodeName(writeConfig(aliasConfig())));
        Session session(ssh_new());
        ConnectOptions options;
        options.host = QStringLiteral("myalias");
        options.user = QStringLiteral("bob");
        options.port = 2200;
        options.knownHostsFile = m_dir.filePath(QStringLiteral("given_known_hosts"));
        options.identityFile = m_dir.filePath(QStringLiteral("given_key"));
        const Result<SshSettings> settings = SshSettings::apply(session.get(), options);
        QVERIFY2(settings, qPrintable(settings.errorString()));
        QCOMPARE(settings->host, QStringLiteral("127.0.0.1"));
        QCOMPARE(settings->user, QStringLiteral("bob"));
        QCOMPARE(settings->port, 2200);
        QCOMPARE(settings->knownHosts, options.knownHostsFile);
        QCOMPARE(paths(settings->identities),
                 (QStringList{options.identityFile + QLatin1String(" (given)"),
                              m_dir.filePath(QStringLiteral("alias_key"))
                                      + QLatin1String(" (given)")}
                  + defaultKeys()));

        unsigned int port = 0;
        QCOMPARE(ssh_options_get_port(session.get(), &port), SSH_OK);
        QCOMPARE(port, 2200u);
        char *user = nullptr;
        QCOMPARE(ssh_options_get(session.get(), SSH_OPTIONS_USER, &user), SSH_OK);
        const auto freeUser = qScopeGuard([&] { ssh_string_free_char(user); });
        QCOMPARE(QString::fromUtf8(user), QStringLiteral("bob"));
    }

    // A host the configuration does not know keeps its name; user, port and files default,
    // and the session gets the local user name (the one the server will see).
    void defaults()
    {
        EnvGuard config("ECONTEXT_SSH_CONFIG", QFile::encodeName(writeConfig("# nothing\n")));
        Session session(ssh_new());
        ConnectOptions options;
        options.host = QStringLiteral("plainhost");
        const Result<SshSettings> settings = SshSettings::apply(session.get(), options);
        QVERIFY2(settings, qPrintable(settings.errorString()));
        QCOMPARE(settings->host, QStringLiteral("plainhost"));
        QCOMPARE(settings->port, 22);
        QCOMPARE(settings->user, localUser());
        QCOMPARE(settings->knownHosts, QDir::homePath() + QLatin1String("/.ssh/known_hosts"));
        QCOMPARE(paths(settings->identities), defaultKeys());

        char *user = nullptr;
        QCOMPARE(ssh_options_get(session.get(), SSH_OPTIONS_USER, &user), SSH_OK);
        const auto freeUser = qScopeGuard([&] { ssh_string_free_char(user); });
        QCOMPARE(QString::fromUtf8(user), localUser());
    }

    // libssh leaves "~" and "%d" in a configured known_hosts path; they are the home's.
    void knownHostsExpanded_data()
    {
        QTest::addColumn<QByteArray>("configured");
        QTest::addColumn<QString>("expected");
        QTest::newRow("tilde") << QByteArray("~/kh") << QDir::homePath() + QLatin1String("/kh");
        QTest::newRow("percent-d")
                << QByteArray("%d/kh") << QDir::homePath() + QLatin1String("/.ssh/kh");
        QTest::newRow("absolute") << QByteArray("/etc/kh") << QStringLiteral("/etc/kh");
    }
    void knownHostsExpanded()
    {
        QFETCH(QByteArray, configured);
        QFETCH(QString, expected);
        EnvGuard config("ECONTEXT_SSH_CONFIG",
                        QFile::encodeName(writeConfig("Host myalias\n    UserKnownHostsFile "
                                                      + configured + "\n    GlobalKnownHostsFile "
                                                      + configured + "\n")));
        Session session(ssh_new());
        ConnectOptions options;
        options.host = QStringLiteral("myalias");
        const Result<SshSettings> settings = SshSettings::apply(session.get(), options);
        QVERIFY2(settings, qPrintable(settings.errorString()));
        QCOMPARE(settings->knownHosts, expected);
        QCOMPARE(settings->globalKnownHosts, expected);
    }

    // A key given both as an option and in the configuration is offered once, first.
    void sameKeyOnce()
    {
        EnvGuard config("ECONTEXT_SSH_CONFIG", QFile::encodeName(writeConfig(aliasConfig())));
        ConnectOptions options;
        options.host = QStringLiteral("myalias");
        options.identityFile = m_dir.filePath(QStringLiteral("alias_key"));
        QCOMPARE(paths(SshSettings::identitiesFor(options)),
                 QStringList{options.identityFile + QLatin1String(" (given)")} + defaultKeys());
        // A default key named explicitly keeps its place in front, and is not repeated.
        options.identityFile = defaultKeys().at(1);
        QCOMPARE(paths(SshSettings::identitiesFor(options)),
                 (QStringList{defaultKeys().at(1) + QLatin1String(" (given)"),
                              m_dir.filePath(QStringLiteral("alias_key"))
                                      + QLatin1String(" (given)"),
                              defaultKeys().at(0),
                              defaultKeys().at(2)}));
    }

    void agentFromEnvironment()
    {
        EnvGuard config("ECONTEXT_SSH_CONFIG", QFile::encodeName(writeConfig("# nothing\n")));
        ConnectOptions options;
        options.host = QStringLiteral("plainhost");
        {
            EnvGuard agent("SSH_AUTH_SOCK", QByteArray());
            Session session(ssh_new());
            const Result<SshSettings> settings = SshSettings::apply(session.get(), options);
            QVERIFY(settings);
            QVERIFY(!settings->useAgent);
        }
        {
            EnvGuard agent("SSH_AUTH_SOCK",
                           QFile::encodeName(m_dir.filePath(QStringLiteral("agent"))));
            Session session(ssh_new());
            const Result<SshSettings> settings = SshSettings::apply(session.get(), options);
            QVERIFY(settings);
            QVERIFY(settings->useAgent);
        }
    }

    // A configuration libssh refuses: one sentence naming the file, the host and the cause.
    void refusedConfiguration()
    {
        const QString file = writeConfig("Host *\nMatch foo bar\n");
        EnvGuard config("ECONTEXT_SSH_CONFIG", QFile::encodeName(file));
        Session session(ssh_new());
        ConnectOptions options;
        options.host = QStringLiteral("myalias");
        const Result<SshSettings> settings = SshSettings::apply(session.get(), options);
        QVERIFY(!settings);
        QCOMPARE(settings.error().code, int(Error::Connection));
        QCOMPARE(settings.errorString(),
                 QStringLiteral("Cannot use the ssh configuration %1 for myalias: ERROR - Unknown "
                                "argument 'foo' for Match keyword.")
                         .arg(file));
    }
};

QTEST_GUILESS_MAIN(tst_SshSettings)
#include "tst_sshsettings.moc"
