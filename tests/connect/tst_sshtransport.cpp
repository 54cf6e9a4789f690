// SshTransport against a real OpenSSH server (SshdFixture): authentication methods, host
// key handling, exec, stdout/stderr, back-pressure, kill and lost connections.
#include "core/connect/prompter.h"
#include "core/connect/sshtransport.h"
#include "core/connect/transportfactory.h"
#include "tests/support/sshdfixture.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <ctime>
#include <memory>
#include <thread>
#include <vector>

using namespace Econtext;
using Econtext::Test::SshdFixture;

namespace {

const QString Python = QStringLiteral("/usr/bin/python3");
const QString ReverseFive = QStringLiteral(
        "import sys; d=sys.stdin.buffer.read(5); sys.stdout.buffer.write(d[::-1]); "
        "sys.stdout.flush()");

// Answers every question with a fixed answer, from another thread (as a GUI might).
class FakePrompter : public Prompter
{
public:
    ~FakePrompter() override
    {
        for (std::thread &t : m_threads)
            t.join();
    }
    void ask(const PromptRequest &request, PromptReply reply) override
    {
        requests.append(request);
        const PromptAnswer a = answer;
        m_threads.emplace_back([reply, a] { reply(a); });
    }

    PromptAnswer answer;
    QList<PromptRequest> requests;

private:
    std::vector<std::thread> m_threads;
};

PromptAnswer textAnswer(const QString &text)
{
    PromptAnswer a;
    a.decision = PromptAnswer::Decision::Text;
    a.text = text;
    return a;
}

// One transport with everything it emits recorded.
struct Run
{
    explicit Run(const ConnectOptions &options, Prompter *prompter = nullptr)
        : transport(std::make_unique<SshTransport>(options, prompter))
    {
        SshTransport *t = transport.get();
        QObject::connect(t, &Transport::started, t, [this] { started = true; });
        QObject::connect(
                t, &Transport::stageReached, t, [this](const QString &s) { stages.append(s); });
        QObject::connect(t, &Transport::dataReceived, t, [this](const QByteArray &d) {
            out += d;
            ++chunks;
        });
        QObject::connect(
                t, &Transport::sideOutputReceived, t, [this](const QByteArray &d) { err += d; });
        QObject::connect(t, &Transport::failed, t, [this](const QString &r) {
            failure = r;
            ++endings;
        });
        QObject::connect(t, &Transport::closed, t, [this](const QString &r) {
            closeReason = r;
            isClosed = true;
            ++endings;
        });
    }
    bool finished() const { return endings > 0; }

    std::unique_ptr<SshTransport> transport;
    bool started = false;
    QStringList stages;
    QByteArray out;
    QByteArray err;
    int chunks = 0;
    QString failure;
    QString closeReason;
    bool isClosed = false;
    int endings = 0;
};

// Connections that sshd accepted and that never authenticate: each holds one of its
// MaxStartups until it is closed. Returned once sshd has greeted every one; a connection
// turned away (the fixture's own probe may still hold a startup) is made again.
std::vector<std::unique_ptr<QTcpSocket>> holdStartups(const SshdFixture &sshd, int count)
{
    std::vector<std::unique_ptr<QTcpSocket>> held;
    QDeadlineTimer deadline(20000);
    while (int(held.size()) < count && !deadline.hasExpired()) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, quint16(sshd.port()));
        QByteArray banner;
        while (!banner.startsWith("SSH-") && !deadline.hasExpired()
               && socket->state() != QAbstractSocket::UnconnectedState) {
            if (socket->waitForReadyRead(int(deadline.remainingTime())))
                banner += socket->readAll();
        }
        if (banner.startsWith("SSH-"))
            held.push_back(std::move(socket));
    }
    return held;
}

} // namespace

class tst_SshTransport : public QObject
{
    Q_OBJECT

private:
    ConnectOptions options() const
    {
        ConnectOptions o;
        o.method = ConnectMethod::Ssh;
        o.host = m_sshd->host();
        o.port = m_sshd->port();
        o.user = m_sshd->user();
        o.identityFile = m_sshd->clientKey();
        o.knownHostsFile = m_sshd->knownHostsFile();
        o.connectTimeoutMs = 30000;
        return o;
    }
    void requireSshd()
    {
        if (!m_sshd || !m_sshd->isRunning())
            QSKIP(qPrintable(m_skip));
    }
    QString sshdLog() { return m_sshd ? m_sshd->log().right(3000) : QString(); }

    std::unique_ptr<SshdFixture> m_sshd;
    QString m_skip;

private Q_SLOTS:
    void initTestCase()
    {
        // Hermetic: the fixture keeps the developer's agent and ~/.ssh/config out.
        m_sshd = std::make_unique<SshdFixture>();
        if (!m_sshd->isRunning()) {
            m_skip = QStringLiteral("no sshd for the ssh tests: %1").arg(m_sshd->errorString());
            qInfo("%s", qPrintable(m_skip));
        } else {
            qInfo("sshd on 127.0.0.1:%d (host key %s)",
                  m_sshd->port(),
                  qPrintable(m_sshd->hostKeyFingerprint()));
        }
    }

    void cleanupTestCase() { m_sshd.reset(); }

    void shellQuote_data()
    {
        QTest::addColumn<QString>("word");
        QTest::addColumn<QString>("quoted");
        QTest::newRow("plain") << QStringLiteral("python3") << QStringLiteral("python3");
        QTest::newRow("path") << QStringLiteral("/usr/bin/python3")
                              << QStringLiteral("/usr/bin/python3");
        QTest::newRow("empty") << QString() << QStringLiteral("''");
        QTest::newRow("space") << QStringLiteral("a b") << QStringLiteral("'a b'");
        QTest::newRow("quote") << QStringLiteral("it's") << QStringLiteral("'it'\\''s'");
        QTest::newRow("dollar") << QStringLiteral("$HOME;rm") << QStringLiteral("'$HOME;rm'");
    }
    void shellQuote()
    {
        QFETCH(QString, word);
        QFETCH(QString, quoted);
        QCOMPARE(SshChannel::shellQuote(word), quoted);
    }

    // The command line survives a real POSIX shell unchanged, whatever the argument holds.
    void remoteCommandRoundTrip()
    {
        const QStringList argv{Python,
                               QStringLiteral("-c"),
                               QStringLiteral("import sys; print(repr(sys.argv[1:]))"),
                               QStringLiteral("it's"),
                               QStringLiteral("$x `y` \"z\""),
                               QString(),
                               QStringLiteral("a\nb")};
        QProcess sh;
        sh.start(QStringLiteral("/bin/sh"),
                 {QStringLiteral("-c"), SshChannel::commandLine(argv, QStringLiteral("h"))});
        QVERIFY(sh.waitForFinished(10000));
        QCOMPARE(sh.readAllStandardOutput().trimmed(),
                 QByteArray("[\"it's\", '$x `y` \"z\"', '', 'a\\nb']"));
    }

    // With no python3 and no python on PATH, the fallback says so and exits 127.
    void remoteCommandWithoutPython()
    {
        QTemporaryDir bin;
        QVERIFY(QFile::link(QStringLiteral("/bin/sh"), bin.filePath(QStringLiteral("sh"))));
        QProcess sh;
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), bin.path());
        sh.setProcessEnvironment(env);
        sh.start(QStringLiteral("/bin/sh"),
                 {QStringLiteral("-c"),
                  SshChannel::commandLine(
                          {QString(), QStringLiteral("-c"), QStringLiteral("print(1)")},
                          QStringLiteral("web1"))});
        QVERIFY(sh.waitForFinished(10000));
        QCOMPARE(sh.exitCode(), 127);
        QCOMPARE(sh.readAllStandardError().trimmed(),
                 QByteArray("econtext: neither python3 nor python was found on web1"));
    }

    void factoryMakesSsh()
    {
        ConnectOptions o;
        o.method = ConnectMethod::Ssh;
        o.host = QStringLiteral("example.invalid");
        auto made = createTransport(o, nullptr);
        QVERIFY(made.has_value());
        QCOMPARE((*made)->method(), ConnectMethod::Ssh);
    }

    void keyAuthExec()
    {
        requireSshd();
        Run run(options());
        run.transport->start({Python, QStringLiteral("-c"), ReverseFive});
        QTRY_VERIFY_WITH_TIMEOUT(run.started || run.finished(), 60000);
        QVERIFY2(run.started, qPrintable(run.failure + QLatin1Char('\n') + sshdLog()));
        const QStringList expected{QStringLiteral("tcp connect"),
                                   QStringLiteral("key exchange"),
                                   QStringLiteral("host key check"),
                                   QStringLiteral("authentication (none)"),
                                   QStringLiteral("authentication (publickey)"),
                                   QStringLiteral("channel open"),
                                   QStringLiteral("exec")};
        QCOMPARE(run.stages, expected);
        run.transport->write("hello");
        QTRY_COMPARE_WITH_TIMEOUT(run.out, QByteArray("olleh"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(run.isClosed, 10000);
        QVERIFY2(run.closeReason.contains(QLatin1String("status 0")), qPrintable(run.closeReason));
        QCOMPARE(run.transport->description(),
                 QStringLiteral("%1@127.0.0.1:%2").arg(m_sshd->user()).arg(m_sshd->port()));
    }

    void stderrIsSideOutput()
    {
        requireSshd();
        Run run(options());
        run.transport->start({Python,
                              QStringLiteral("-c"),
                              QStringLiteral("import sys; sys.stderr.write('oops\\n'); "
                                             "sys.stdout.write('fine'); sys.exit(3)")});
        QTRY_VERIFY_WITH_TIMEOUT(run.finished(), 60000);
        QVERIFY2(run.isClosed, qPrintable(run.failure));
        QCOMPARE(run.out, QByteArray("fine"));
        QCOMPARE(run.err, QByteArray("oops\n"));
        QVERIFY2(run.closeReason.contains(QLatin1String("status 3")), qPrintable(run.closeReason));
    }

    void defaultPythonFallback()
    {
        requireSshd();
        Run run(options());
        run.transport->start({QString(),
                              QStringLiteral("-c"),
                              QStringLiteral("import sys; print(sys.version_info[0])")});
        QTRY_VERIFY_WITH_TIMEOUT(run.isClosed || !run.failure.isEmpty(), 60000);
        QVERIFY2(run.failure.isEmpty(), qPrintable(run.failure));
        QCOMPARE(run.out.trimmed(), QByteArray("3"));
    }

    void unknownHostKeyRefused()
    {
        requireSshd();
        ConnectOptions o = options();
        o.knownHostsFile = m_sshd->newPath(QStringLiteral("known_hosts"));
        Run run(o);
        run.transport->start({Python, QStringLiteral("-c"), QStringLiteral("pass")});
        QTRY_VERIFY_WITH_TIMEOUT(run.finished(), 60000);
        QVERIFY(!run.started);
        QVERIFY2(run.failure.contains(m_sshd->hostKeyFingerprint()), qPrintable(run.failure));
        QVERIFY2(run.failure.contains(QLatin1String("--accept-new-host-key")),
                 qPrintable(run.failure));
        QVERIFY(!QFile::exists(o.knownHostsFile));
    }

    void unknownHostKeyAccepted()
    {
        requireSshd();
        ConnectOptions o = options();
        o.knownHostsFile = m_sshd->newPath(QStringLiteral("known_hosts"));
        o.acceptNewHostKey = true;
        Run run(o);
        run.transport->start({Python, QStringLiteral("-c"), QStringLiteral("print('ok')")});
        QTRY_VERIFY_WITH_TIMEOUT(run.isClosed || !run.failure.isEmpty(), 60000);
        QVERIFY2(run.started, qPrintable(run.failure));
        QCOMPARE(run.out, QByteArray("ok\n"));
        QFile known(o.knownHostsFile);
        QVERIFY(known.open(QIODevice::ReadOnly));
        const QByteArray text = known.readAll();
        const QByteArray entry = "[127.0.0.1]:" + QByteArray::number(m_sshd->port()) + ' '
                                 + m_sshd->hostPublicKey().toLatin1();
        QVERIFY2(text.contains(entry), text.constData());

        // Now known: the next connection goes through without the flag.
        o.acceptNewHostKey = false;
        Run again(o);
        again.transport->start({Python, QStringLiteral("-c"), QStringLiteral("print('ok')")});
        QTRY_VERIFY_WITH_TIMEOUT(again.isClosed || !again.failure.isEmpty(), 60000);
        QVERIFY2(again.started, qPrintable(again.failure));
    }

    void unknownHostKeyPrompt_data()
    {
        QTest::addColumn<int>("decision");
        QTest::addColumn<bool>("connects");
        QTest::addColumn<bool>("saved");
        QTest::newRow("accept once") << int(PromptAnswer::Decision::AcceptOnce) << true << false;
        QTest::newRow("accept and save")
                << int(PromptAnswer::Decision::AcceptAndSave) << true << true;
        QTest::newRow("cancel") << int(PromptAnswer::Decision::Cancel) << false << false;
    }
    void unknownHostKeyPrompt()
    {
        requireSshd();
        QFETCH(int, decision);
        QFETCH(bool, connects);
        QFETCH(bool, saved);
        FakePrompter prompter;
        prompter.answer.decision = PromptAnswer::Decision(decision);
        ConnectOptions o = options();
        o.name = QStringLiteral("web1");
        o.knownHostsFile = m_sshd->newPath(QStringLiteral("known_hosts"));
        Run run(o, &prompter);
        run.transport->start({Python, QStringLiteral("-c"), QStringLiteral("print('ok')")});
        QTRY_VERIFY_WITH_TIMEOUT(run.isClosed || !run.failure.isEmpty(), 60000);
        QCOMPARE(prompter.requests.size(), 1);
        const PromptRequest &r = prompter.requests.first();
        QCOMPARE(r.kind, PromptRequest::Kind::UnknownHostKey);
        QCOMPARE(r.fingerprint, m_sshd->hostKeyFingerprint());
        QCOMPARE(r.keyType, QStringLiteral("ssh-ed25519"));
        QCOMPARE(r.contextName, QStringLiteral("web1"));
        QVERIFY(r.target.contains(QString::number(m_sshd->port())));
        QCOMPARE(run.started, connects);
        QCOMPARE(QFile::exists(o.knownHostsFile), saved);
        if (!connects) {
            QVERIFY2(run.failure.contains(m_sshd->hostKeyFingerprint()), qPrintable(run.failure));
            QVERIFY2(run.failure.contains(QLatin1String("unknown")), qPrintable(run.failure));
        }
    }

    void changedHostKeyRefused()
    {
        requireSshd();
        ConnectOptions o = options();
        o.knownHostsFile = m_sshd->wrongKnownHostsFile();
        o.acceptNewHostKey = true; // never overrides a changed key
        FakePrompter prompter;
        prompter.answer.decision = PromptAnswer::Decision::AcceptAndSave;
        Run run(o, &prompter);
        run.transport->start({Python, QStringLiteral("-c"), QStringLiteral("pass")});
        QTRY_VERIFY_WITH_TIMEOUT(run.finished(), 60000);
        QVERIFY(!run.started);
        QVERIFY(prompter.requests.isEmpty());
        QVERIFY2(run.failure.contains(QLatin1String("has changed")), qPrintable(run.failure));
        QVERIFY2(run.failure.contains(m_sshd->hostKeyFingerprint()), qPrintable(run.failure));
        QVERIFY2(run.failure.contains(m_sshd->wrongHostKeyFingerprint()), qPrintable(run.failure));
        QVERIFY2(run.failure.contains(QStringLiteral("%1 line %2")
                                              .arg(o.knownHostsFile)
                                              .arg(m_sshd->wrongKnownHostsLine())),
                 qPrintable(run.failure));
    }

    void wrongKeyRefused()
    {
        requireSshd();
        ConnectOptions o = options();
        o.identityFile = m_sshd->unauthorizedKey();
        Run run(o);
        run.transport->start({Python, QStringLiteral("-c"), QStringLiteral("pass")});
        QTRY_VERIFY_WITH_TIMEOUT(run.finished(), 60000);
        QVERIFY(!run.started);
        QVERIFY2(run.failure.startsWith(QLatin1String("Authentication as ")),
                 qPrintable(run.failure));
        QVERIFY2(run.failure.contains(m_sshd->unauthorizedKey() + QLatin1String(" (refused)")),
                 qPrintable(run.failure));
        QVERIFY2(run.failure.contains(QLatin1String("password (no password given)")),
                 qPrintable(run.failure));
        QVERIFY2(run.failure.contains(QLatin1String("the server offers publickey, password")),
                 qPrintable(run.failure));
    }

    void agentAuth()
    {
        requireSshd();
        if (!QFile::exists(QStringLiteral("/usr/bin/ssh-agent")))
            QSKIP("ssh-agent is not installed");
        const QString socket = m_sshd->newPath(QStringLiteral("agent.sock"));
        QProcess agent;
        agent.start(QStringLiteral("/usr/bin/ssh-agent"),
                    {QStringLiteral("-D"), QStringLiteral("-a"), socket});
        QVERIFY(agent.waitForStarted());
        QTRY_VERIFY(QFile::exists(socket));
        QProcess add;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SSH_AUTH_SOCK"), socket);
        add.setProcessEnvironment(env);
        add.start(QStringLiteral("/usr/bin/ssh-add"), {m_sshd->clientKey()});
        QVERIFY(add.waitForFinished());
        QCOMPARE(add.exitCode(), 0);

        qputenv("SSH_AUTH_SOCK", QFile::encodeName(socket));
        ConnectOptions o = options();
        o.identityFile.clear();
        Run run(o);
        run.transport->start({QStringLiteral("echo"), QStringLiteral("agent")});
        qunsetenv("SSH_AUTH_SOCK");
        QTRY_VERIFY_WITH_TIMEOUT(run.isClosed || !run.failure.isEmpty(), 60000);
        agent.kill();
        agent.waitForFinished();
        QVERIFY2(run.started, qPrintable(run.failure));
        QCOMPARE(run.out, QByteArray("agent\n"));
    }

    void missingIdentityNamed()
    {
        requireSshd();
        ConnectOptions o = options();
        o.identityFile = m_sshd->newPath(QStringLiteral("no_such_key"));
        Run run(o);
        run.transport->start({Python, QStringLiteral("-c"), QStringLiteral("pass")});
        QTRY_VERIFY_WITH_TIMEOUT(run.finished(), 60000);
        QVERIFY2(run.failure.contains(o.identityFile + QLatin1String(" (file not found)")),
                 qPrintable(run.failure));
    }

    void passphraseKey()
    {
        requireSshd();
        FakePrompter prompter;
        prompter.answer = textAnswer(SshdFixture::passphrase());
        ConnectOptions o = options();
        o.identityFile = m_sshd->clientKeyWithPassphrase();
        Run run(o, &prompter);
        run.transport->start({Python, QStringLiteral("-c"), QStringLiteral("print('in')")});
        QTRY_VERIFY_WITH_TIMEOUT(run.isClosed || !run.failure.isEmpty(), 60000);
        QVERIFY2(run.started, qPrintable(run.failure));
        QCOMPARE(run.out, QByteArray("in\n"));
        QCOMPARE(prompter.requests.size(), 1);
        QCOMPARE(prompter.requests.first().kind, PromptRequest::Kind::Passphrase);
        QCOMPARE(prompter.requests.first().identityFile, o.identityFile);
    }

    void wrongPassphrase()
    {
        requireSshd();
        FakePrompter prompter;
        prompter.answer = textAnswer(QStringLiteral("not-the-passphrase"));
        ConnectOptions o = options();
        o.identityFile = m_sshd->clientKeyWithPassphrase();
        Run run(o, &prompter);
        run.transport->start({Python, QStringLiteral("-c"), QStringLiteral("pass")});
        QTRY_VERIFY_WITH_TIMEOUT(run.finished(), 60000);
        QVERIFY(!run.started);
        QVERIFY(prompter.requests.size() >= 1);
        QVERIFY2(run.failure.contains(o.identityFile + QLatin1String(" (wrong passphrase)")),
                 qPrintable(run.failure));
    }

    void passphraseKeyWithoutPrompter()
    {
        requireSshd();
        ConnectOptions o = options();
        o.identityFile = m_sshd->clientKeyWithPassphrase();
        Run run(o);
        run.transport->start({Python, QStringLiteral("-c"), QStringLiteral("pass")});
        QTRY_VERIFY_WITH_TIMEOUT(run.finished(), 60000);
        QVERIFY2(run.failure.contains(o.identityFile + QLatin1String(" (needs a passphrase)")),
                 qPrintable(run.failure));
    }

    void passwordFromFile()
    {
        requireSshd();
        if (!m_sshd->hasPasswordUser())
            QSKIP(qPrintable(m_sshd->passwordSkipReason()));
        ConnectOptions o = options();
        o.user = m_sshd->passwordUser();
        o.identityFile.clear();
        o.passwordFile = m_sshd->writeFile(QStringLiteral("password"),
                                           m_sshd->password().toUtf8() + "\nsecond line\n");
        Run run(o);
        run.transport->start({QStringLiteral("id"), QStringLiteral("-un")});
        QTRY_VERIFY_WITH_TIMEOUT(run.isClosed || !run.failure.isEmpty(), 60000);
        QVERIFY2(run.started, qPrintable(run.failure + QLatin1Char('\n') + sshdLog()));
        QVERIFY(run.stages.contains(QStringLiteral("authentication (password)")));
        QCOMPARE(run.out.trimmed(), m_sshd->passwordUser().toUtf8());
    }

    void passwordFromPrompter()
    {
        requireSshd();
        if (!m_sshd->hasPasswordUser())
            QSKIP(qPrintable(m_sshd->passwordSkipReason()));
        FakePrompter prompter;
        prompter.answer = textAnswer(m_sshd->password());
        ConnectOptions o = options();
        o.user = m_sshd->passwordUser();
        o.identityFile.clear();
        Run run(o, &prompter);
        run.transport->start({QStringLiteral("id"), QStringLiteral("-un")});
        QTRY_VERIFY_WITH_TIMEOUT(run.isClosed || !run.failure.isEmpty(), 60000);
        QVERIFY2(run.started, qPrintable(run.failure));
        QCOMPARE(prompter.requests.size(), 1);
        QCOMPARE(prompter.requests.first().kind, PromptRequest::Kind::Password);
        QCOMPARE(run.out.trimmed(), m_sshd->passwordUser().toUtf8());
    }

    void wrongPassword()
    {
        requireSshd();
        if (!m_sshd->hasPasswordUser())
            QSKIP(qPrintable(m_sshd->passwordSkipReason()));
        ConnectOptions o = options();
        o.user = m_sshd->passwordUser();
        o.identityFile.clear();
        o.passwordFile = m_sshd->writeFile(QStringLiteral("password"), "wrong\n");
        Run run(o);
        run.transport->start({QStringLiteral("id")});
        QTRY_VERIFY_WITH_TIMEOUT(run.finished(), 30000);
        QVERIFY(!run.started);
        QVERIFY2(run.failure.contains(
                         QStringLiteral("password from %1 (refused)").arg(o.passwordFile)),
                 qPrintable(run.failure));
    }

    void connectionRefused()
    {
        requireSshd();
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const int port = server.serverPort();
        server.close();
        ConnectOptions o = options();
        o.port = port;
        Run run(o);
        run.transport->start({Python});
        QTRY_VERIFY_WITH_TIMEOUT(run.finished(), 60000);
        QVERIFY(!run.started);
        QVERIFY2(run.failure.startsWith(QLatin1String("Could not connect to ")),
                 qPrintable(run.failure));
        QVERIFY2(run.failure.contains(QLatin1String("refused"), Qt::CaseInsensitive),
                 qPrintable(run.failure));
    }

    // sshd beyond MaxStartups accepts a connection and closes it before its banner. Two
    // connections that never authenticate fill "MaxStartups 2", so the transport's first
    // try is turned away for sure; it tries again, and gets in once they are gone.
    void turnedAwayBeforeHandshakeIsRetried()
    {
        SshdFixture busy("MaxStartups 2\n");
        if (!busy.isRunning())
            QSKIP(qPrintable(busy.errorString()));
        auto holders = holdStartups(busy, 2);
        QVERIFY2(holders.size() == 2, qPrintable(busy.log()));
        ConnectOptions o = options();
        o.port = busy.port();
        o.identityFile = busy.clientKey();
        o.knownHostsFile = busy.knownHostsFile();
        o.connectAttempts = 5;
        Run run(o);
        run.transport->start({QStringLiteral("echo"), QStringLiteral("in")});
        const QString retrying = QStringLiteral("tcp connect (attempt 2 of 5)");
        QTRY_VERIFY_WITH_TIMEOUT(run.stages.contains(retrying) || run.finished(), 30000);
        QVERIFY2(run.stages.contains(retrying), qPrintable(run.failure + u'\n' + busy.log()));
        holders.clear(); // the startups they held are free again
        QTRY_VERIFY_WITH_TIMEOUT(run.isClosed || run.finished(), 30000);
        QVERIFY2(run.started, qPrintable(run.failure + u'\n' + busy.log()));
        QCOMPARE(run.out, QByteArray("in\n"));
        QVERIFY2(busy.log().contains(QLatin1String("MaxStartups")), qPrintable(busy.log()));
    }

    // Out of tries: one sentence that names the cause.
    void turnedAwayBeforeHandshakeSaysWhy()
    {
        SshdFixture busy("MaxStartups 2\n");
        if (!busy.isRunning())
            QSKIP(qPrintable(busy.errorString()));
        const auto holders = holdStartups(busy, 2);
        QVERIFY2(holders.size() == 2, qPrintable(busy.log()));
        ConnectOptions o = options();
        o.port = busy.port();
        o.knownHostsFile = busy.knownHostsFile();
        o.connectAttempts = 1;
        Run run(o);
        run.transport->start({Python});
        QTRY_VERIFY_WITH_TIMEOUT(run.finished(), 30000);
        QVERIFY(!run.started);
        QVERIFY2(run.failure.startsWith(QStringLiteral("Could not connect to %1@127.0.0.1:%2: the "
                                                       "server closed the connection before the "
                                                       "SSH handshake")
                                                .arg(m_sshd->user())
                                                .arg(busy.port())),
                 qPrintable(run.failure));
        QVERIFY2(run.failure.contains(QLatin1String("MaxStartups")), qPrintable(run.failure));
        QCOMPARE(run.failure.count(u'\n'), 0);
    }

    // A server that accepts but never speaks: the timeout names the stage it stalled in.
    void connectTimeoutNamesStage()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ConnectOptions o;
        o.method = ConnectMethod::Ssh;
        o.host = QStringLiteral("127.0.0.1");
        o.port = silent.serverPort();
        o.user = QStringLiteral("nobody");
        o.connectTimeoutMs = 700;
        Run run(o);
        run.transport->start({Python});
        QTRY_VERIFY_WITH_TIMEOUT(run.finished(), 10000);
        QCOMPARE(run.failure,
                 QStringLiteral("Timed out after 1 s waiting for key exchange on host 127.0.0.1."));
    }

    void sshConfigAlias()
    {
        requireSshd();
        const QString config
                = m_sshd->writeSshConfig(QStringLiteral("myalias"), m_sshd->clientKey());
        const QByteArray saved = qgetenv("ECONTEXT_SSH_CONFIG");
        qputenv("ECONTEXT_SSH_CONFIG", QFile::encodeName(config));
        ConnectOptions o;
        o.method = ConnectMethod::Ssh;
        o.host = QStringLiteral("myalias");
        o.knownHostsFile = m_sshd->knownHostsFile();
        Run run(o);
        run.transport->start({QStringLiteral("echo"), QStringLiteral("hi")});
        qputenv("ECONTEXT_SSH_CONFIG", saved);
        QTRY_VERIFY_WITH_TIMEOUT(run.isClosed || !run.failure.isEmpty(), 60000);
        QVERIFY2(run.started, qPrintable(run.failure));
        QCOMPARE(run.out, QByteArray("hi\n"));
        QCOMPARE(run.transport->description(),
                 QStringLiteral("%1@127.0.0.1:%2").arg(m_sshd->user()).arg(m_sshd->port()));
    }

    // A ProxyCommand that stops reading (it died, or its bastion hung up): libssh's next
    // write to it raises SIGPIPE. The connection ends with a reason; the application (here
    // the test process) lives on.
    void proxyCommandGoneMidSession()
    {
        requireSshd();
        // SIGPIPE's default action, as in an application that has not started a program
        // yet (from its first QProcess on, Qt ignores SIGPIPE for the whole process; the
        // fixture started some here).
        struct sigaction before = {};
        struct sigaction byDefault = {};
        byDefault.sa_handler = SIG_DFL;
        QCOMPARE(::sigaction(SIGPIPE, &byDefault, &before), 0);
        const auto restore = qScopeGuard([&] { ::sigaction(SIGPIPE, &before, nullptr); });
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // The proxy relays to sshd; on SIGUSR1 it stops reading what libssh sends.
        const QString relay = m_sshd->writeFile(
                QStringLiteral("relay.py"),
                "import os, select, signal, socket, sys\n"
                "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))\n"
                "deaf = []\n"
                "signal.signal(signal.SIGUSR1, lambda *a: deaf.append(1))\n"
                "open(sys.argv[2], 'w').write(str(os.getpid()))\n"
                "while True:\n"
                "    if deaf and len(deaf) == 1:\n"
                "        socket.socket(fileno=os.dup(0)).shutdown(socket.SHUT_RD)\n"
                "        deaf.append(1)\n"
                "        with open(sys.argv[2] + '.deaf', 'w'):\n"
                "            pass\n"
                "    wanted = [s.fileno()] + ([] if deaf else [0])\n"
                "    for fd in select.select(wanted, [], [], 0.05)[0]:\n"
                "        data = os.read(fd, 65536)\n"
                "        if not data:\n"
                "            sys.exit(0)\n"
                "        if fd == 0:\n"
                "            s.sendall(data)\n"
                "        else:\n"
                "            os.write(1, data)\n");
        const QString pidFile = dir.filePath(QStringLiteral("relay.pid"));
        const QString config = m_sshd->writeFile(
                QStringLiteral("proxy_config"),
                "Host proxied\n"
                "    HostName 127.0.0.1\n    Port "
                        + QByteArray::number(m_sshd->port()) + "\n    User "
                        + m_sshd->user().toUtf8() + "\n    IdentityFile "
                        + QFile::encodeName(m_sshd->clientKey()) + "\n    ProxyCommand "
                        + QFile::encodeName(Python) + ' ' + QFile::encodeName(relay) + " %p "
                        + QFile::encodeName(pidFile) + '\n');
        const QByteArray saved = qgetenv("ECONTEXT_SSH_CONFIG");
        qputenv("ECONTEXT_SSH_CONFIG", QFile::encodeName(config));
        ConnectOptions o;
        o.method = ConnectMethod::Ssh;
        o.host = QStringLiteral("proxied");
        o.knownHostsFile = m_sshd->knownHostsFile();
        Run run(o);
        run.transport->start({QStringLiteral("cat")});
        qputenv("ECONTEXT_SSH_CONFIG", saved);
        QTRY_VERIFY_WITH_TIMEOUT(run.started || run.finished(), 60000);
        QVERIFY2(run.started, qPrintable(run.failure));
        run.transport->write("ping");
        QTRY_COMPARE_WITH_TIMEOUT(run.out, QByteArray("ping"), 10000);

        QFile pid(pidFile);
        QVERIFY(pid.open(QIODevice::ReadOnly));
        QCOMPARE(::kill(pid_t(pid.readAll().toInt()), SIGUSR1), 0);
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(pidFile + QLatin1String(".deaf")), 10000);
        // Whatever goes out now finds nobody reading.
        for (int i = 0; i < 100 && !run.finished(); ++i) {
            run.transport->write(QByteArray(4096, 'x'));
            QTest::qWait(20);
        }
        QTRY_VERIFY_WITH_TIMEOUT(run.finished(), 10000);
        QCOMPARE(run.endings, 1);
        const QString reason = run.isClosed ? run.closeReason : run.failure;
        QVERIFY2(reason.contains(QLatin1String("127.0.0.1")), qPrintable(reason));
        qInfo("ended: %s", qPrintable(reason));
    }

    void bigTransferWithBackPressure()
    {
        requireSshd();
        Run run(options());
        run.transport->start({QStringLiteral("cat")});
        QTRY_VERIFY_WITH_TIMEOUT(run.started || run.finished(), 60000);
        QVERIFY2(run.started, qPrintable(run.failure));

        QByteArray data(20 * 1024 * 1024, Qt::Uninitialized);
        QRandomGenerator gen(42);
        gen.fillRange(reinterpret_cast<quint32 *>(data.data()), data.size() / 4);
        run.transport->write(data);
        QTRY_VERIFY_WITH_TIMEOUT(run.out.size() >= 4 * 1024 * 1024 || run.finished(), 30000);
        run.transport->pauseReading();
        const qsizetype atPause = run.out.size();
        // Nothing arrives while paused, and the far side stops taking our data once
        // the buffers on the way (channel window, pipes) are full: how long that takes
        // depends on the machine's load, so wait until the figure settles.
        QTest::qWait(500);
        QCOMPARE(run.out.size(), atPause);
        qint64 pending = run.transport->pendingWrite();
        for (int i = 0; i < 30; ++i) {
            QTest::qWait(300);
            const qint64 now = run.transport->pendingWrite();
            if (now == pending)
                break;
            pending = now;
        }
        QVERIFY2(pending > 0, "the far side took everything although nobody read its output");
        QTest::qWait(300);
        QCOMPARE(run.out.size(), atPause);
        QCOMPARE(run.transport->pendingWrite(), pending);

        run.transport->resumeReading();
        QTRY_VERIFY_WITH_TIMEOUT(run.out.size() >= data.size() || run.finished(), 60000);
        QCOMPARE(run.out.size(), data.size());
        QVERIFY(run.out == data);
        QCOMPARE(run.transport->pendingWrite(), 0);
        run.transport->close();
        QTRY_VERIFY_WITH_TIMEOUT(run.isClosed, 10000);
        QVERIFY2(run.closeReason.contains(QLatin1String("status 0")), qPrintable(run.closeReason));
    }

    void killMidTransfer()
    {
        requireSshd();
        Run run(options());
        run.transport->start({QStringLiteral("cat")});
        QTRY_VERIFY_WITH_TIMEOUT(run.started || run.finished(), 60000);
        QVERIFY2(run.started, qPrintable(run.failure));
        run.transport->write(QByteArray(4 * 1024 * 1024, 'x'));
        QTRY_VERIFY_WITH_TIMEOUT(!run.out.isEmpty() || run.finished(), 60000);
        run.transport->kill();
        QTRY_VERIFY_WITH_TIMEOUT(run.isClosed, 3000);
        QCOMPARE(run.closeReason, QStringLiteral("killed by the master"));
        QCOMPARE(run.endings, 1);
        // The server side goes away too: no cat left behind.
        QTRY_VERIFY_WITH_TIMEOUT(m_sshd->sessionPids().isEmpty(), 10000);
    }

    void connectionDropped()
    {
        requireSshd();
        Run run(options());
        run.transport->start({QStringLiteral("cat")});
        QTRY_VERIFY_WITH_TIMEOUT(run.started || run.finished(), 60000);
        QVERIFY2(run.started, qPrintable(run.failure));
        run.transport->write("ping");
        QTRY_COMPARE_WITH_TIMEOUT(run.out, QByteArray("ping"), 10000);
        m_sshd->signalSessions(SIGKILL);
        QTRY_VERIFY_WITH_TIMEOUT(run.isClosed, 5000);
        QCOMPARE(run.closeReason, QStringLiteral("connection to 127.0.0.1 lost"));
    }

    // A peer that stops answering (frozen, no TCP reset) is noticed by the keepalives.
    void deadPeerNoticed()
    {
        requireSshd();
        Run run(options());
        run.transport->setKeepalive(200, 3);
        run.transport->start({QStringLiteral("cat")});
        QTRY_VERIFY_WITH_TIMEOUT(run.started || run.finished(), 60000);
        QVERIFY2(run.started, qPrintable(run.failure));
        // Wait until the command runs (the login shell is done), then make sure keepalives
        // are answered while the peer lives.
        run.transport->write("ping");
        QTRY_COMPARE_WITH_TIMEOUT(run.out, QByteArray("ping"), 60000);
        QTest::qWait(1200);
        QVERIFY2(!run.finished(), qPrintable(run.closeReason));
        m_sshd->signalSessions(SIGSTOP);
        QTRY_VERIFY_WITH_TIMEOUT(run.isClosed, 10000);
        m_sshd->signalSessions(SIGCONT);
        m_sshd->signalSessions(SIGKILL);
        QCOMPARE(run.closeReason, QStringLiteral("connection to 127.0.0.1 lost"));
    }

    void severalAtOnce()
    {
        requireSshd();
        std::vector<std::unique_ptr<Run>> runs;
        for (int i = 0; i < 5; ++i) {
            runs.push_back(std::make_unique<Run>(options()));
            runs.back()->transport->start({Python, QStringLiteral("-c"), ReverseFive});
        }
        // Root's login shell may take seconds per session (pyenv rehash in .bashrc).
        for (auto &run : runs) {
            QTRY_VERIFY_WITH_TIMEOUT(run->started || run->finished(), 60000);
            QVERIFY2(run->started, qPrintable(run->failure));
            run->transport->write("abcde");
        }
        for (auto &run : runs) {
            QTRY_VERIFY_WITH_TIMEOUT(run->isClosed, 60000);
            QCOMPARE(run->out, QByteArray("edcba"));
        }
    }

    // A receiver may kill the transport from a stage signal; nothing runs on after that.
    void killFromStageSignal_data()
    {
        QTest::addColumn<QString>("stage");
        for (const char *stage : {"tcp connect",
                                  "key exchange",
                                  "host key check",
                                  "authentication (none)",
                                  "authentication (publickey)",
                                  "channel open",
                                  "exec"})
            QTest::newRow(stage) << QString::fromLatin1(stage);
    }
    void killFromStageSignal()
    {
        requireSshd();
        QFETCH(QString, stage);
        Run run(options());
        SshTransport *t = run.transport.get();
        QObject::connect(t, &Transport::stageReached, t, [t, stage](const QString &s) {
            if (s == stage)
                t->kill();
        });
        t->start({Python, QStringLiteral("-c"), QStringLiteral("pass")});
        QTRY_VERIFY_WITH_TIMEOUT(run.finished(), 60000);
        QTest::qWait(100);
        QCOMPARE(run.endings, 1);
        QVERIFY(!run.started);
        QCOMPARE(run.stages.last(), stage);
        QVERIFY2(run.failure.contains(QLatin1String("cancelled")), qPrintable(run.failure));
    }

    // An idle transport, paused or not, waits in the event loop: no notifier may fire
    // forever. (A spinning one burns most of a core; the bound is far from normal use.)
    void idleDoesNotSpin_data()
    {
        QTest::addColumn<bool>("paused");
        QTest::newRow("reading") << false;
        QTest::newRow("paused") << true;
    }
    void idleDoesNotSpin()
    {
        requireSshd();
        QFETCH(bool, paused);
        Run run(options());
        run.transport->start({QStringLiteral("cat")});
        QTRY_VERIFY_WITH_TIMEOUT(run.started || run.finished(), 60000);
        run.transport->write("ping");
        QTRY_COMPARE_WITH_TIMEOUT(run.out, QByteArray("ping"), 60000);
        if (paused) {
            run.transport->pauseReading();
            run.transport->write("more"); // its echo waits unread
        }
        const auto cpuMs = [] {
            timespec t{};
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
            return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
        };
        const double before = cpuMs();
        QTest::qWait(2000);
        const double used = cpuMs() - before;
        QVERIFY2(used < 1000, qPrintable(QStringLiteral("%1 ms of CPU while idle").arg(used)));
        if (paused) {
            QCOMPARE(run.out, QByteArray("ping"));
            run.transport->resumeReading();
            QTRY_COMPARE_WITH_TIMEOUT(run.out, QByteArray("pingmore"), 60000);
        }
    }

    // Every socket is closed again, whichever way a transport ends.
    void noDescriptorLeak()
    {
        requireSshd();
        const auto openFds = [] {
            QStringList fds;
            const QDir dir(QStringLiteral("/proc/self/fd"));
            for (const QFileInfo &fi : dir.entryInfoList(QDir::Files | QDir::System))
                fds << fi.fileName() + QLatin1Char('=') + fi.symLinkTarget();
            return fds;
        };
        const QStringList before = openFds();
        {
            Run ok(options());
            ok.transport->start({QStringLiteral("true")});
            ConnectOptions wrong = options();
            wrong.identityFile = m_sshd->unauthorizedKey();
            Run refused(wrong);
            refused.transport->start({QStringLiteral("true")});
            Run killed(options());
            killed.transport->start({QStringLiteral("cat")});
            QTRY_VERIFY_WITH_TIMEOUT(ok.finished() && refused.finished()
                                             && (killed.started || killed.finished()),
                                     60000);
            killed.transport->kill();
            QTRY_VERIFY_WITH_TIMEOUT(killed.finished(), 10000);
        }
        // Open now and not before (a number reused for something else counts too). Not "the
        // same as before", and no eventfds: those are the event dispatchers of Qt's own
        // threads (the host lookup's thread pool keeps its threads for 30 s), which come and
        // go on their own. The notifiers go with deleteLater: wait for it.
        const auto leaked = [&] {
            QStringList fds = openFds();
            fds.removeIf([&](const QString &fd) {
                return before.contains(fd) || fd.endsWith(QLatin1String("anon_inode:[eventfd]"));
            });
            return fds;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(leaked().isEmpty(),
                                  qPrintable(QStringLiteral("open now and not before: ")
                                             + leaked().join(QLatin1Char(' '))),
                                  5000);
    }

    void closeBeforeStart()
    {
        requireSshd();
        Run run(options());
        run.transport->start({Python});
        run.transport->close();
        QTRY_VERIFY_WITH_TIMEOUT(run.finished(), 5000);
        QCOMPARE(run.endings, 1);
        QVERIFY(!run.started);
    }
};

QTEST_GUILESS_MAIN(tst_SshTransport)
#include "tst_sshtransport.moc"
