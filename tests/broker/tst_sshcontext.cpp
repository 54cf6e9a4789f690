// Contexts over SSH against a real OpenSSH server (the fixture): bootstrap,
// calls, module forwarding, a dropped connection, and chains through ssh:
// ssh -> sudo (with a sudo password) and ssh -> ssh -> sudo at depth 3.
#include "core/broker/broker.h"
#include "core/connect/prompter.h"
#include "core/modules/moduleserver.h"
#include "tests/support/await.h"
#include "tests/support/pythons.h"
#include "tests/support/sshdfixture.h"

#include <QDir>
#include <QFile>
#include <QMutex>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace Econtext;
using Econtext::Test::awaitCall;
using Econtext::Test::evalRepr;
using Econtext::Test::waitConnected;
using Econtext::Test::waitForState;
using Wire::Value;

class TestSshContext : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void bootstrapCallsImports();
    void interpreterMatrix_data() { Econtext::Test::addInterpreterRows(); }
    void interpreterMatrix();
    void droppedConnection();
    void sshThenSudoWithPassword();
    void sshThenSshThenSudo();
    void hostKeyChangedRefused();
    void promptNamesItsContext();
    void repliesNeverWaitForKeepalive();

private:
    ConnectOptions sshOptions(const QString &user) const;
    std::unique_ptr<Test::SshdFixture> m_sshd;
    QTemporaryDir m_modules;
    QString m_user; // the account contexts log in as (not root when possible: root's shell runs
                    // pyenv)
};

void TestSshContext::initTestCase()
{
    m_sshd = std::make_unique<Test::SshdFixture>();
    if (!m_sshd->isRunning())
        QSKIP(qPrintable(QStringLiteral("sshd fixture not available: ") + m_sshd->errorString()));
    m_user = m_sshd->hasPasswordUser() ? m_sshd->passwordUser() : m_sshd->user();
    QVERIFY(m_modules.isValid());
    QDir().mkpath(m_modules.filePath(QStringLiteral("sshpkg")));
    QFile a(m_modules.filePath(QStringLiteral("sshpkg/__init__.py")));
    QVERIFY(a.open(QIODevice::WriteOnly));
    a.write("from . import inner\nVALUE = inner.X * 2\n");
    a.close();
    QFile b(m_modules.filePath(QStringLiteral("sshpkg/inner.py")));
    QVERIFY(b.open(QIODevice::WriteOnly));
    b.write("X = 21\n");
}

ConnectOptions TestSshContext::sshOptions(const QString &user) const
{
    ConnectOptions o;
    o.method = ConnectMethod::Ssh;
    o.host = m_sshd->host();
    o.port = m_sshd->port();
    o.user = user;
    o.identityFile = m_sshd->clientKey();
    o.knownHostsFile = m_sshd->knownHostsFile();
    o.python = QStringLiteral("/usr/bin/python3");
    o.connectTimeoutMs = 60000;
    o.bootstrapTimeoutMs = 60000;
    return o;
}

void TestSshContext::bootstrapCallsImports()
{
    Broker broker;
    broker.moduleServer().setReferencePython(QString());
    broker.moduleServer().addDirectory(m_modules.path());
    Context *ctx = broker.connectContext(sshOptions(m_user));
    QString why;
    QVERIFY2(waitConnected(ctx, &why, 90000), qPrintable(why));
    QCOMPARE(ctx->method(), ConnectMethod::Ssh);
    QCOMPARE(ctx->facts().user, m_user);
    QStringList stages;
    for (const BootstrapStage &s : ctx->timeline())
        stages << s.name;
    for (const char *s : {"tcp connect",
                          "key exchange",
                          "host key check",
                          "channel open",
                          "exec",
                          "core sent",
                          "hello"})
        QVERIFY2(stages.contains(QLatin1String(s)), qPrintable(stages.join(QStringLiteral(", "))));

    QCOMPARE(evalRepr(ctx, QStringLiteral("__import__('sshpkg').VALUE")), QStringLiteral("42"));
    QCOMPARE(broker.moduleServer().stats(ctx->id()).requests, 1);
    const QString err = evalRepr(ctx, QStringLiteral("{}['missing']"));
    QVERIFY2(err.contains(QStringLiteral("KeyError")), qPrintable(err));
    ctx->shutdown();
    QVERIFY(waitForState(ctx, {ContextState::Disconnected}, 15000));
}

// Every interpreter on the machine, over ssh: as the current user, who can run them
// all (pyenv's live in root's home, which the password account cannot read).
void TestSshContext::interpreterMatrix()
{
    QFETCH(QString, python);
    Broker broker;
    broker.moduleServer().setReferencePython(QString());
    broker.moduleServer().addDirectory(m_modules.path());
    ConnectOptions o = sshOptions(m_sshd->user());
    o.python = python;
    Context *ctx = broker.connectContext(o);
    QString why;
    QVERIFY2(waitConnected(ctx, &why, 120000), qPrintable(why));
    QCOMPARE(evalRepr(ctx, QStringLiteral("__import__('sshpkg').VALUE")), QStringLiteral("42"));
    QCOMPARE(broker.moduleServer().stats(ctx->id()).requests, 1);
    const QString err = evalRepr(ctx, QStringLiteral("1/0"));
    QVERIFY2(err.contains(QStringLiteral("ZeroDivisionError")), qPrintable(err));
    QVERIFY(!ctx->facts().pythonVersion.isEmpty());
    ctx->shutdown();
    QVERIFY(waitForState(ctx, {ContextState::Disconnected}, 15000));
}

void TestSshContext::droppedConnection()
{
    Broker broker;
    Context *ctx = broker.connectContext(sshOptions(m_user));
    QString why;
    QVERIFY2(waitConnected(ctx, &why, 90000), qPrintable(why));
    QFuture<CallResult> pending
            = ctx->call(QStringLiteral("time"), {}, QStringLiteral("sleep"), {Value(60)});
    QTest::qWait(200);
    m_sshd->signalSessions(SIGKILL); // the server side of the connection goes away
    QVERIFY(waitForState(ctx, {ContextState::Disconnected}, 20000));
    const CallResult r = awaitCall(pending, 5000);
    QCOMPARE(r.error().code, int(Error::Disconnected));
    QVERIFY2(r.errorString().contains(QStringLiteral("disconnected")), qPrintable(r.errorString()));
}

namespace {

// The password account may use sudo, with its password (root only sets this up).
bool allowSudo(const QString &user, QString *why)
{
    if (QStandardPaths::findExecutable(QStringLiteral("sudo")).isEmpty()) {
        *why = QStringLiteral("sudo is not installed");
        return false;
    }
    if (::geteuid() != 0) {
        *why = QStringLiteral("setting up a sudo user needs root");
        return false;
    }
    QFile f(QStringLiteral("/etc/sudoers.d/econtext-test"));
    if (!f.exists()) {
        if (!f.open(QIODevice::WriteOnly)) {
            *why = f.errorString();
            return false;
        }
        f.write(user.toUtf8() + " ALL=(ALL:ALL) ALL\n");
        f.close();
        f.setPermissions(QFile::ReadOwner | QFile::ReadGroup);
    }
    return true;
}

// The second hop of sshThenSshThenSudo runs OpenSSH's ssh as root on this machine, which
// reads root's own ssh configuration: that is the hop machine's to decide, and the fixture
// cannot keep it out. Empty when ssh goes to 127.0.0.1:port directly; otherwise why not.
QString hopSshRedirected(int port, const QString &user)
{
    QProcess ssh;
    ssh.start(QStringLiteral("ssh"),
              {QStringLiteral("-G"),
               QStringLiteral("-p"),
               QString::number(port),
               QStringLiteral("-l"),
               user,
               QStringLiteral("127.0.0.1")});
    if (!ssh.waitForFinished(10000) || ssh.exitCode() != 0)
        return QStringLiteral("ssh -G failed: %1").arg(QString::fromLocal8Bit(ssh.readAll()));
    QStringList odd;
    const QList<QByteArray> lines = ssh.readAllStandardOutput().split('\n');
    for (const QByteArray &line : lines) {
        const QString text = QString::fromLocal8Bit(line).trimmed();
        const QString key = text.section(u' ', 0, 0);
        const QString value = text.section(u' ', 1);
        if ((key == QLatin1String("hostname") && value != QLatin1String("127.0.0.1"))
            || ((key == QLatin1String("proxycommand") || key == QLatin1String("proxyjump"))
                && value != QLatin1String("none")))
            odd << text;
    }
    return odd.isEmpty() ? QString()
                         : QStringLiteral("root's ssh configuration on this machine sends the "
                                          "second hop's ssh to 127.0.0.1 elsewhere (%1)")
                                   .arg(odd.join(QStringLiteral(", ")));
}

} // namespace

void TestSshContext::sshThenSudoWithPassword()
{
    if (!m_sshd->hasPasswordUser())
        QSKIP(qPrintable(m_sshd->passwordSkipReason()));
    QString why;
    if (!allowSudo(m_sshd->passwordUser(), &why))
        QSKIP(qPrintable(why));
    Broker broker;
    Context *ssh = broker.connectContext(sshOptions(m_sshd->passwordUser()));
    QVERIFY2(waitConnected(ssh, &why, 90000), qPrintable(why));

    // A wrong sudo password: a clear failure, nothing else breaks.
    ConnectOptions bad;
    bad.method = ConnectMethod::Sudo;
    bad.viaContextId = ssh->id();
    bad.passwordFile = m_sshd->writeFile(QStringLiteral("wrong-password"), "not-the-password\n");
    bad.bootstrapTimeoutMs = 30000;
    Context *refused = broker.connectContext(bad);
    QVERIFY(waitForState(refused, {ContextState::Failed, ContextState::Disconnected}, 60000));
    QVERIFY2(!refused->errorString().isEmpty(), "no reason given");

    ConnectOptions sudo;
    sudo.method = ConnectMethod::Sudo;
    sudo.viaContextId = ssh->id();
    sudo.passwordFile = m_sshd->writeFile(QStringLiteral("sudo-password"),
                                          m_sshd->password().toUtf8() + '\n');
    Context *root = broker.connectContext(sudo);
    QVERIFY2(waitConnected(root, &why, 60000), qPrintable(why));
    QCOMPARE(root->facts().user, QStringLiteral("root"));
    QCOMPARE(root->parentId(), ssh->id());
    QCOMPARE(evalRepr(root, QStringLiteral("__import__('os').getuid()")), QStringLiteral("0"));
    QCOMPARE(ssh->state(), ContextState::Connected);
}

void TestSshContext::sshThenSshThenSudo()
{
    if (::geteuid() != 0 || !m_sshd->hasPasswordUser())
        QSKIP("the second hop logs in as the password account, which needs root to set up");
    QString why;
    if (!allowSudo(m_sshd->passwordUser(), &why))
        QSKIP(qPrintable(why));
    why = hopSshRedirected(m_sshd->port(), m_sshd->passwordUser());
    if (!why.isEmpty())
        QSKIP(qPrintable(why));
    Broker broker;
    broker.moduleServer().setReferencePython(QString());
    broker.moduleServer().addDirectory(m_modules.path());
    // Hop 1 as root (it can read the client key), hop 2 with the ssh client found there.
    Context *first = broker.connectContext(sshOptions(QStringLiteral("root")));
    QVERIFY2(waitConnected(first, &why, 120000), qPrintable(why));
    ConnectOptions hop = sshOptions(m_sshd->passwordUser());
    hop.viaContextId = first->id();
    Context *second = broker.connectContext(hop);
    QVERIFY2(waitConnected(second, &why, 120000), qPrintable(why));
    QCOMPARE(second->facts().user, m_sshd->passwordUser());
    ConnectOptions sudo;
    sudo.method = ConnectMethod::Sudo;
    sudo.viaContextId = second->id();
    sudo.passwordFile = m_sshd->writeFile(QStringLiteral("sudo-password-2"),
                                          m_sshd->password().toUtf8() + '\n');
    Context *third = broker.connectContext(sudo);
    QSignalSpy thirdLogs(third, &Context::logRecordsReceived);
    QVERIFY2(waitConnected(third, &why, 60000), qPrintable(why));
    QCOMPARE(third->facts().user, QStringLiteral("root"));
    // Calls, logs and imports at depth 3.
    QCOMPARE(evalRepr(third, QStringLiteral("__import__('sshpkg').VALUE")), QStringLiteral("42"));
    evalRepr(third,
             QStringLiteral(
                     "__import__('logging').getLogger('depth3').error('from the third hop')"));
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto &args : std::as_const(thirdLogs))
                    for (const LogRecord &r : args.at(0).value<LogRecords>())
                        if (r.logger == QLatin1String("depth3") && r.contextId == third->id())
                            return true;
                return false;
            }(),
            10000);

    // Losing the middle hop takes the one behind it.
    second->disconnectNow();
    QVERIFY(waitForState(third, {ContextState::Disconnected}, 10000));
    QCOMPARE(first->state(), ContextState::Connected);
}

void TestSshContext::hostKeyChangedRefused()
{
    Broker broker;
    ConnectOptions o = sshOptions(m_user);
    o.knownHostsFile = m_sshd->wrongKnownHostsFile();
    Context *ctx = broker.connectContext(o);
    QVERIFY(waitForState(ctx, {ContextState::Failed}, 60000));
    QVERIFY2(ctx->errorString().contains(m_sshd->hostKeyFingerprint()),
             qPrintable(ctx->errorString()));
}

namespace {

// Answers every question with Cancel and keeps what was asked.
class RecordingPrompter final : public Prompter
{
public:
    ~RecordingPrompter() override
    {
        for (std::thread &t : threads)
            t.join();
    }
    void ask(const PromptRequest &request, PromptReply reply) override
    {
        QMutexLocker lock(&mutex);
        asked << request;
        threads.emplace_back([reply] { reply(PromptAnswer{}); });
    }
    QList<PromptRequest> requests()
    {
        QMutexLocker lock(&mutex);
        return asked;
    }

private:
    QMutex mutex;
    QList<PromptRequest> asked;
    std::vector<std::thread> threads;
};

} // namespace

// A question says which context asks, by id: two contexts may carry the same name.
void TestSshContext::promptNamesItsContext()
{
    RecordingPrompter prompter;
    Broker broker;
    broker.setPrompter(&prompter);
    ConnectOptions o = sshOptions(m_user);
    o.name = QStringLiteral("twin");
    o.knownHostsFile = m_sshd->newPath(QStringLiteral("empty_known_hosts"));
    Context *first = broker.connectContext(o);
    Context *second = broker.connectContext(o);
    QVERIFY(waitForState(first, {ContextState::Failed}, 60000));
    QVERIFY(waitForState(second, {ContextState::Failed}, 60000));
    const QList<PromptRequest> asked = prompter.requests();
    QCOMPARE(asked.size(), 2);
    QSet<quint32> ids;
    for (const PromptRequest &r : asked) {
        QCOMPARE(r.kind, PromptRequest::Kind::UnknownHostKey);
        QCOMPARE(r.contextName, QStringLiteral("twin"));
        ids << r.contextId;
    }
    QCOMPARE(ids, (QSet<quint32>{first->id(), second->id()}));
    broker.setPrompter(nullptr);
}

// libssh also reads the socket when it flushes or writes: a reply it took in then must
// still be read at once, not when the next keepalive (15 s) wakes the transport. Before
// the fix, about one call in a few hundred waited for it.
void TestSshContext::repliesNeverWaitForKeepalive()
{
    Broker broker;
    Context *ctx = broker.connectContext(sshOptions(m_user));
    QString why;
    QVERIFY2(waitConnected(ctx, &why, 90000), qPrintable(why));
    constexpr int kCalls = 3000;
    for (int i = 0; i < kCalls; ++i) {
        QFuture<CallResult> f = ctx->call(QStringLiteral("econtext.core"),
                                          {},
                                          QStringLiteral("ping"),
                                          {},
                                          {},
                                          CallMode::Serial,
                                          5000);
        f.waitForFinished();
        const CallResult r = f.result();
        QVERIFY2(r,
                 qPrintable(QStringLiteral("call %1 of %2: %3")
                                    .arg(i + 1)
                                    .arg(kCalls)
                                    .arg(r.errorString())));
    }
}

QTEST_GUILESS_MAIN(TestSshContext)
#include "tst_sshcontext.moc"
