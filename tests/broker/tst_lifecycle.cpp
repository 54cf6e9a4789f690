// A context told to shut down, or cut off from its master, exits and takes along every
// process it started (docs/isolation.md, "Lifecycle"), whatever its threads are doing: a
// call asleep on the main thread after it timed out, or C code holding the GIL. Against real
// interpreters, locally (the link is a socketpair) and over ssh as root from the sshd fixture
// (the link is a pipe, and sshd refuses to signal root's sessions). Each case ends with the
// orphan check: none of the context's processes (taken from /proc while it ran: itself, a
// command, the command's two children, a process a call started) is left, nor any process
// in their sessions; and a sibling context still answers.
#include "core/broker/broker.h"
#include "core/modules/moduleserver.h"
#include "tests/support/await.h"
#include "tests/support/processes.h"
#include "tests/support/pythons.h"
#include "tests/support/sshdfixture.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTest>

#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace Econtext;
using Econtext::Test::awaitCall;
using Econtext::Test::evalRepr;
using Econtext::Test::ProcessInfo;
using Econtext::Test::processTree;
using Econtext::Test::survivors;
using Econtext::Test::waitConnected;
using Econtext::Test::waitForState;
using Wire::Value;

namespace {

enum class Via { Local, Ssh };
enum class Busy { Sleep, GilHeld };
enum class End { Shutdown, Disconnect, LinkDropped };

const QString Core = QStringLiteral("econtext.core");

ConnectOptions localOptions(const QString &python)
{
    ConnectOptions o;
    o.method = ConnectMethod::Local;
    o.python = python;
    return o;
}

int sleepsIn(const QList<ProcessInfo> &tree)
{
    int n = 0;
    for (const ProcessInfo &p : tree)
        n += p.name == "sleep" ? 1 : 0;
    return n;
}

// What fd 100 (the context's link) is: "socket:[...]" or "pipe:[...]".
QByteArray linkKind(qint64 pid)
{
    char target[128] = {};
    const QByteArray path = QByteArrayLiteral("/proc/") + QByteArray::number(pid) + "/fd/100";
    const ssize_t n = ::readlink(path.constData(), target, sizeof target - 1);
    return n > 0 ? QByteArray(target, int(n)) : QByteArray();
}

// Kills what a failed check left behind, so that one failure does not litter the machine.
struct Sweep
{
    QList<ProcessInfo> tree;
    ~Sweep()
    {
        for (qint64 pid : survivors(tree))
            ::kill(pid_t(pid), SIGKILL);
    }
};

QString describe(const QList<qint64> &pids)
{
    QStringList out;
    for (qint64 pid : pids) {
        QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
        QByteArray cmd = f.open(QIODevice::ReadOnly) ? f.readAll().left(60) : QByteArray();
        out << QStringLiteral("%1 %2").arg(pid).arg(QString::fromLocal8Bit(cmd.replace('\0', ' ')));
    }
    return out.join(QStringLiteral("; "));
}

// Gives the context processes to take along: a command (sh) with two children, and a
// process a call started; then keeps its main thread busy. Returns the context's process
// tree, or an empty list with *why filled in. The command's output goes to channel.
QList<ProcessInfo>
keepBusy(Context *ctx, Busy busy, std::shared_ptr<Channel> &channel, QString *why)
{
    const qint64 pid = ctx->facts().pid;
    channel = ctx->openChannel();
    (void)ctx->call(Core,
                    {},
                    QStringLiteral("run_command"),
                    {Value::list({Value("sh"), Value("-c"), Value("sleep 1000 & sleep 1000")}),
                     Value(qint64(channel->handle()))},
                    {},
                    CallMode::Thread);
    const QString popen = evalRepr(
            ctx, QStringLiteral("__import__('subprocess').Popen(['sleep', '1000']).pid"));
    if (popen.startsWith(QLatin1String("ERROR"))) {
        *why = popen;
        return {};
    }
    if (!QTest::qWaitFor([&] { return sleepsIn(processTree(pid)) == 3; }, 20000)) {
        *why = QStringLiteral("the context's command and its children did not start");
        return {};
    }
    if (busy == Busy::Sleep) {
        // The main thread sleeps on after the master gave up on the call.
        const CallResult r = awaitCall(ctx->call(QStringLiteral("time"),
                                                 {},
                                                 QStringLiteral("sleep"),
                                                 {Value(1000)},
                                                 {},
                                                 CallMode::Serial,
                                                 1000));
        if (r || !r.errorString().contains(QLatin1String("timed out"))) {
            *why = QStringLiteral("the call did not time out: ") + r.errorString();
            return {};
        }
    } else {
        // C code that never lets go of the GIL: no thread of the context runs any more, not
        // even the one that answers calls on the I/O thread.
        (void)ctx->call(Core,
                        {},
                        QStringLiteral("eval_repr"),
                        {Value("sum(__import__('itertools').repeat(1, 10**12))")});
        const bool stuck = QTest::qWaitFor(
                [&] {
                    const CallResult ping = awaitCall(ctx->call(
                            Core, {}, QStringLiteral("ping"), {}, {}, CallMode::IoThread, 300));
                    return !ping && ping.error().code == Error::Timeout;
                },
                20000);
        if (!stuck) {
            *why = QStringLiteral("the context kept answering: the GIL was not held");
            return {};
        }
    }
    return processTree(pid);
}

// Helper mode: a master with one local context kept busy with the GIL held; prints the
// context's pid and waits to be killed.
int helperMain(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Broker broker;
    Context *ctx = broker.connectContext(localOptions(QString::fromLocal8Bit(argv[1])));
    QString why;
    std::shared_ptr<Channel> channel;
    if (!waitConnected(ctx, &why) || keepBusy(ctx, Busy::GilHeld, channel, &why).isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(why));
        return 1;
    }
    std::printf("pid %lld\n", static_cast<long long>(ctx->facts().pid));
    std::fflush(stdout);
    return app.exec();
}

} // namespace

class TestLifecycle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void contextEndsWithItsProcesses_data();
    void contextEndsWithItsProcesses();
    void masterKilledWhileGilHeld_data() { Test::addInterpreterRows(); }
    void masterKilledWhileGilHeld();

private:
    ConnectOptions sshRootOptions(const QString &python) const;
    std::unique_ptr<Test::SshdFixture> m_sshd;
};

void TestLifecycle::initTestCase()
{
    if (::geteuid() == 0)
        m_sshd = std::make_unique<Test::SshdFixture>();
}

ConnectOptions TestLifecycle::sshRootOptions(const QString &python) const
{
    ConnectOptions o;
    o.method = ConnectMethod::Ssh;
    o.host = m_sshd->host();
    o.port = m_sshd->port();
    o.user = QStringLiteral("root");
    o.identityFile = m_sshd->clientKey();
    o.knownHostsFile = m_sshd->knownHostsFile();
    o.python = python;
    o.connectTimeoutMs = 60000;
    o.bootstrapTimeoutMs = 60000;
    return o;
}

void TestLifecycle::contextEndsWithItsProcesses_data()
{
    QTest::addColumn<Via>("via");
    QTest::addColumn<QString>("python");
    QTest::addColumn<Busy>("busy");
    QTest::addColumn<End>("end");
    const QString system = QStringLiteral("/usr/bin/python3");
    // The core on every interpreter: shut down after a call timed out.
    for (const Test::Interpreter &i : Test::availableInterpreters()) {
        QTest::newRow(qPrintable(QStringLiteral("local-%1-shutdown-sleep").arg(i.label)))
                << Via::Local << i.path << Busy::Sleep << End::Shutdown;
    }
    QTest::newRow("local-shutdown-gil") << Via::Local << system << Busy::GilHeld << End::Shutdown;
    QTest::newRow("local-disconnect-sleep")
            << Via::Local << system << Busy::Sleep << End::Disconnect;
    QTest::newRow("local-disconnect-gil")
            << Via::Local << system << Busy::GilHeld << End::Disconnect;
    for (const Test::Interpreter &i : Test::availableInterpreters()) {
        if (i.path != system && i.label != QLatin1String("py2.7"))
            continue;
        const bool all = i.path == system;
        for (Busy busy : {Busy::Sleep, Busy::GilHeld}) {
            for (End end : {End::Shutdown, End::Disconnect, End::LinkDropped}) {
                const bool sample = (busy == Busy::Sleep && end == End::Shutdown)
                                    || (busy == Busy::GilHeld && end == End::LinkDropped);
                if (!all && !sample)
                    continue;
                const char *endName = end == End::Shutdown     ? "shutdown"
                                      : end == End::Disconnect ? "disconnect"
                                                               : "linkdropped";
                QTest::newRow(qPrintable(QStringLiteral("ssh-root-%1-%2-%3")
                                                 .arg(i.label,
                                                      QLatin1String(endName),
                                                      busy == Busy::Sleep ? QLatin1String("sleep")
                                                                          : QLatin1String("gil"))))
                        << Via::Ssh << i.path << busy << end;
            }
        }
    }
}

void TestLifecycle::contextEndsWithItsProcesses()
{
    QFETCH(Via, via);
    QFETCH(QString, python);
    QFETCH(Busy, busy);
    QFETCH(End, end);
    if (via == Via::Ssh) {
        if (!m_sshd)
            QSKIP("ssh as root needs the tests to run as root");
        if (!m_sshd->isRunning())
            QSKIP(qPrintable(QStringLiteral("sshd fixture not available: ")
                             + m_sshd->errorString()));
    }
    Broker broker;
    broker.moduleServer().setReferencePython(QString());
    const ConnectOptions options = via == Via::Ssh ? sshRootOptions(python) : localOptions(python);
    Context *ctx = broker.connectContext(options);
    Context *sibling = broker.connectContext(options);
    QString why;
    QVERIFY2(waitConnected(ctx, &why, 90000), qPrintable(why));
    QVERIFY2(waitConnected(sibling, &why, 90000), qPrintable(why));
    if (via == Via::Ssh)
        QCOMPARE(ctx->facts().user, QStringLiteral("root"));

    std::shared_ptr<Channel> channel;
    const QList<ProcessInfo> tree = keepBusy(ctx, busy, channel, &why);
    QVERIFY2(!tree.isEmpty(), qPrintable(why));
    Sweep sweep{tree};
    QCOMPARE(sleepsIn(tree), 3);
    // Both kinds of link the watchdog waits on: a socketpair here, sshd's pipes over ssh.
    const QByteArray kind = linkKind(ctx->facts().pid);
    QVERIFY2(kind.startsWith(via == Via::Ssh ? "pipe:" : "socket:"), kind.constData());

    switch (end) {
    case End::Shutdown:
        ctx->shutdown();
        break;
    case End::Disconnect:
        ctx->disconnectNow();
        break;
    case End::LinkDropped: {
        // The sshd processes of this one connection go, as when the network drops it.
        QList<qint64> sshd;
        for (qint64 pid = ctx->facts().pid;;) {
            const QList<ProcessInfo> all = Test::liveProcesses();
            const auto it = std::find_if(
                    all.begin(), all.end(), [pid](const ProcessInfo &p) { return p.pid == pid; });
            QVERIFY(it != all.end());
            pid = it->ppid;
            if (pid <= 1 || pid == m_sshd->pid())
                break;
            sshd.append(pid);
        }
        QVERIFY(!sshd.isEmpty());
        for (qint64 pid : std::as_const(sshd))
            ::kill(pid_t(pid), SIGKILL);
        break;
    }
    }
    QVERIFY(waitForState(ctx, {ContextState::Disconnected, ContextState::Failed}, 30000));
    QTRY_VERIFY2_WITH_TIMEOUT(
            survivors(tree).isEmpty(),
            qPrintable(QStringLiteral("left running: ") + describe(survivors(tree))),
            20000);

    // The sibling lives on, untouched.
    QCOMPARE(sibling->state(), ContextState::Connected);
    QCOMPARE(evalRepr(sibling, QStringLiteral("6 * 7")), QStringLiteral("42"));
    QVERIFY(Test::processAlive(sibling->facts().pid));
}

// The master's end of a local link goes with the master: the context cannot read it (C code
// holds the GIL), and no one signals it; its watchdog sees the socket hang up.
void TestLifecycle::masterKilledWhileGilHeld()
{
    QFETCH(QString, python);
    Broker broker;
    Context *sibling = broker.connectContext(localOptions(python));
    QString why;
    QVERIFY2(waitConnected(sibling, &why), qPrintable(why));

    QProcess master;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ECONTEXT_TEST_HELPER"), QStringLiteral("1"));
    master.setProcessEnvironment(env);
    master.start(QCoreApplication::applicationFilePath(), {python});
    QVERIFY(master.waitForStarted());
    qint64 pid = 0;
    QTRY_VERIFY2_WITH_TIMEOUT(
            [&] {
                master.waitForReadyRead(50);
                while (master.canReadLine()) {
                    const QByteArray line = master.readLine().trimmed();
                    if (line.startsWith("pid "))
                        pid = line.mid(4).toLongLong();
                }
                return pid > 0 || master.state() == QProcess::NotRunning;
            }(),
            qPrintable(QString::fromLocal8Bit(master.readAllStandardError())),
            60000);
    QVERIFY2(pid > 0, qPrintable(QString::fromLocal8Bit(master.readAllStandardError())));
    const QList<ProcessInfo> tree = processTree(pid);
    Sweep sweep{tree};
    QCOMPARE(sleepsIn(tree), 3);
    QVERIFY2(linkKind(pid).startsWith("socket:"), linkKind(pid).constData());

    ::kill(pid_t(master.processId()), SIGKILL);
    master.waitForFinished();
    QTRY_VERIFY2_WITH_TIMEOUT(
            survivors(tree).isEmpty(),
            qPrintable(QStringLiteral("left running: ") + describe(survivors(tree))),
            20000);
    QCOMPARE(evalRepr(sibling, QStringLiteral("6 * 7")), QStringLiteral("42"));
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet("ECONTEXT_TEST_HELPER"))
        return helperMain(argc, argv);
    QCoreApplication app(argc, argv);
    TestLifecycle test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_lifecycle.moc"
