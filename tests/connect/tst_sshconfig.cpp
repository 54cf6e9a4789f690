// Tests of SshConfig: keywords, Host patterns, first-value-wins, Include with globs
// relative to ~/.ssh, tilde and token expansion, against real files in a temporary home.
#include "core/connect/sshconfig.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Econtext;

class tst_SshConfig : public QObject
{
    Q_OBJECT

private:
    QString m_home;
    QTemporaryDir m_dir;

    void write(const QString &relative, const QByteArray &content)
    {
        const QString path = QDir(m_home).filePath(relative);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
        f.write(content);
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_home = m_dir.path() + QLatin1String("/home-")
                 + QString::fromLatin1(QTest::currentTestFunction());
        QVERIFY(QDir().mkpath(m_home + QLatin1String("/.ssh")));
    }

    void missingFileIsEmpty()
    {
        SshConfig config;
        config.setHomePath(m_home);
        QVERIFY(config.load());
        QVERIFY(config.aliases().isEmpty());
        QVERIFY(config.errorString().isEmpty());
    }

    void unreadableFileIsAnError()
    {
        SshConfig config;
        config.setHomePath(m_home);
        // A directory where the file should be cannot be opened as a file.
        QVERIFY(QDir().mkpath(m_home + QLatin1String("/.ssh/config")));
        QVERIFY(!config.load());
        QVERIFY(!config.errorString().isEmpty());
    }

    void concreteAliases()
    {
        write(QStringLiteral(".ssh/config"),
              "# comment\n"
              "Host web1 web2 *.example.com !bad db?\n"
              "    HostName 10.0.0.1\n"
              "HOST   Web1 cache\n"
              "  User bob\n"
              "Host *\n"
              "  User nobody\n");
        SshConfig config;
        config.setHomePath(m_home);
        QVERIFY(config.load());
        QCOMPARE(config.aliases(),
                 (QStringList{
                         QStringLiteral("web1"), QStringLiteral("web2"), QStringLiteral("cache")}));
        QVERIFY(config.contains(QStringLiteral("WEB2")));
        QVERIFY(!config.contains(QStringLiteral("bad")));
        QCOMPARE(config.hosts().size(), 3);
        QCOMPARE(config.hosts().at(0).line, 2);
    }

    void firstValueWins()
    {
        write(QStringLiteral(".ssh/config"),
              "Host web1\n"
              "  hostname web1.internal\n"
              "  PORT=2222\n"
              "  IdentityFile ~/.ssh/web_key\n"
              "  IdentityFile ~/.ssh/second\n"
              "Host web*\n"
              "  HostName other\n"
              "  User deploy\n"
              "  Port 22\n"
              "Host db\n"
              "  HostName %h.db.example.com\n"
              "  User = \"data base\"\n"
              "  IdentityFile \"%d/keys/id_%r@%h\"\n"
              "  ProxyJump web1\n"
              "Host *\n"
              "  User fallback\n"
              "  Port 2200\n");
        SshConfig config;
        config.setHomePath(m_home);
        QVERIFY(config.load());

        const SshHostAlias web = config.resolve(QStringLiteral("web1"));
        QCOMPARE(web.hostName, QStringLiteral("web1.internal"));
        QCOMPARE(web.user, QStringLiteral("deploy"));
        QCOMPARE(web.port, 2222);
        QCOMPARE(web.identityFile, m_home + QLatin1String("/.ssh/web_key"));

        const SshHostAlias db = config.resolve(QStringLiteral("db"));
        QCOMPARE(db.hostName, QStringLiteral("db.db.example.com"));
        QCOMPARE(db.user, QStringLiteral("data base"));
        QCOMPARE(db.port, 2200);
        QCOMPARE(db.identityFile, m_home + QLatin1String("/keys/id_data base@db.db.example.com"));
        QCOMPARE(db.proxyJump, QStringLiteral("web1"));
    }

    void negationAndWildcards_data()
    {
        QTest::addColumn<QString>("patterns");
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("match");
        QTest::newRow("exact") << "web1"
                               << "web1" << true;
        QTest::newRow("case") << "WEB1"
                              << "web1" << true;
        QTest::newRow("star") << "*.example.com"
                              << "a.example.com" << true;
        QTest::newRow("star no") << "*.example.com"
                                 << "example.com" << false;
        QTest::newRow("question") << "db?"
                                  << "db1" << true;
        QTest::newRow("question no") << "db?"
                                     << "db12" << false;
        QTest::newRow("negated wins") << "* !db1"
                                      << "db1" << false;
        QTest::newRow("negated other") << "* !db1"
                                       << "db2" << true;
        QTest::newRow("only negated") << "!db1"
                                      << "db2" << false;
        QTest::newRow("comma list") << "a,b,c"
                                    << "b" << true;
        QTest::newRow("stars") << "a*b*c"
                               << "axxbyyc" << true;
        QTest::newRow("stars no") << "a*b*c"
                                  << "axxbyy" << false;
    }

    void negationAndWildcards()
    {
        QFETCH(QString, patterns);
        QFETCH(QString, host);
        QFETCH(bool, match);
        QCOMPARE(SshConfig::matchPatternList(patterns.split(QLatin1Char(' ')), host), match);
    }

    void includeRelativeWithGlob()
    {
        write(QStringLiteral(".ssh/config"),
              "Include config.d/*.conf\n"
              "Host main\n"
              "  HostName main.example.com\n");
        write(QStringLiteral(".ssh/config.d/b.conf"),
              "Host bravo\n"
              "  User b\n");
        write(QStringLiteral(".ssh/config.d/a.conf"),
              "Include ~/.ssh/extra\n"
              "Host alpha\n"
              "  User a\n");
        write(QStringLiteral(".ssh/config.d/ignored.txt"), "Host ignored\n");
        write(QStringLiteral(".ssh/extra"), "Host extra\n  Port 2022\n");

        SshConfig config;
        config.setHomePath(m_home);
        QVERIFY(config.load());
        QCOMPARE(config.aliases(),
                 (QStringList{QStringLiteral("extra"),
                              QStringLiteral("alpha"),
                              QStringLiteral("bravo"),
                              QStringLiteral("main")}));
        QCOMPARE(config.resolve(QStringLiteral("alpha")).user, QStringLiteral("a"));
        QCOMPARE(config.resolve(QStringLiteral("extra")).port, 2022);
        QCOMPARE(config.resolve(QStringLiteral("bravo")).file,
                 m_home + QLatin1String("/.ssh/config.d/b.conf"));
        QCOMPARE(config.files().size(), 4);
        QVERIFY(config.warnings().isEmpty());
    }

    void includeInsideHostIsConditional()
    {
        write(QStringLiteral(".ssh/config"),
              "Host outer\n"
              "  Include inner\n"
              "Host other\n"
              "  HostName other.example.com\n");
        write(QStringLiteral(".ssh/inner"), "User innerUser\n");
        SshConfig config;
        config.setHomePath(m_home);
        QVERIFY(config.load());
        QCOMPARE(config.resolve(QStringLiteral("outer")).user, QStringLiteral("innerUser"));
        QCOMPARE(config.resolve(QStringLiteral("other")).user, QString());
        QCOMPARE(config.resolve(QStringLiteral("other")).hostName,
                 QStringLiteral("other.example.com"));
    }

    void includeLoopIsReported()
    {
        write(QStringLiteral(".ssh/config"), "Include config\nHost h\n");
        SshConfig config;
        config.setHomePath(m_home);
        QVERIFY(config.load());
        QCOMPARE(config.aliases(), QStringList{QStringLiteral("h")});
        QCOMPARE(config.warnings().size(), 1);
    }

    void matchBlocks()
    {
        write(QStringLiteral(".ssh/config"),
              "Match exec \"true\"\n"
              "  User fromExec\n"
              "Match originalhost web*\n"
              "  Port 2345\n"
              "Match all\n"
              "  User everyone\n"
              "Host web9\n");
        SshConfig config;
        config.setHomePath(m_home);
        QVERIFY(config.load());
        const SshHostAlias h = config.resolve(QStringLiteral("web9"));
        QCOMPARE(h.user, QStringLiteral("everyone"));
        QCOMPARE(h.port, 2345);
    }

    void invalidPortIsIgnored()
    {
        SshConfig config;
        config.setHomePath(m_home);
        config.parse(QStringLiteral("Host x\n Port 99999\nHost y\n Port abc\n"));
        QCOMPARE(config.resolve(QStringLiteral("x")).port, 0);
        QCOMPARE(config.resolve(QStringLiteral("y")).port, 0);
    }
};

QTEST_GUILESS_MAIN(tst_SshConfig)
#include "tst_sshconfig.moc"
