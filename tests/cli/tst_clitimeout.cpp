// econtext-cli --timeout, end to end with the real binary: run stops the command at the
// timeout with the console's ladder (SIGINT, then SIGTERM, then SIGKILL), says so in one
// line, keeps what the command printed and exits 124; a call that times out exits 124 too.
// Over ssh as root (sshd refuses to signal root's sessions) the orphan check follows: once
// the CLI has exited, no process is left in the context's session nor in the command's.
#include "tests/support/processes.h"
#include "tests/support/pythons.h"
#include "tests/support/sshdfixture.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <csignal>
#include <unistd.h>

using namespace Econtext;
using Econtext::Test::processAlive;
using Econtext::Test::ProcessInfo;
using Econtext::Test::survivors;

namespace {

QString cliPath()
{
    return qEnvironmentVariable("ECONTEXT_BINARY_DIR") + QStringLiteral("/bin/econtext-cli");
}

// A session (its leader's pid) for the orphan check.
ProcessInfo session(qint64 sid)
{
    ProcessInfo p;
    p.pid = sid;
    p.sid = sid;
    return p;
}

// Kills what a failed check left behind, so that one failure does not litter the machine.
struct Sweep
{
    QList<ProcessInfo> sessions;
    ~Sweep()
    {
        for (qint64 pid : survivors(sessions))
            ::kill(pid_t(pid), SIGKILL);
    }
};

// The CLI, running: its first stdout line (numbers the remote printed), then its end.
class Cli
{
public:
    explicit Cli(const QStringList &args) { m_process.start(cliPath(), args); }
    ~Cli()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
    QList<qint64> firstLineNumbers()
    {
        (void)QTest::qWaitFor(
                [this] {
                    return m_process.canReadLine() || m_process.state() == QProcess::NotRunning;
                },
                60000);
        m_out = m_process.readLine();
        QList<qint64> numbers;
        for (const QString &word : QString::fromUtf8(m_out).split(u' ', Qt::SkipEmptyParts))
            numbers << word.trimmed().toLongLong();
        return numbers;
    }
    bool finish()
    {
        if (!m_process.waitForFinished(60000))
            return false;
        m_out += m_process.readAllStandardOutput();
        m_err = QString::fromUtf8(m_process.readAllStandardError());
        return m_process.exitStatus() == QProcess::NormalExit;
    }
    int exitCode() const { return m_process.exitCode(); }
    QString out() const { return QString::fromUtf8(m_out); }
    QString err() const { return m_err; }

private:
    QProcess m_process;
    QByteArray m_out;
    QString m_err;
};

} // namespace

class tst_CliTimeout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void runStopsTheCommand_data();
    void runStopsTheCommand();
    void runTimeoutOverSshAsRoot();
    void callTimeoutOverSshAsRoot();

private:
    QStringList sshRoot() const;
    std::unique_ptr<Test::SshdFixture> m_sshd;
    QString m_knownHosts;
};

void tst_CliTimeout::initTestCase()
{
    if (::geteuid() != 0)
        return;
    m_sshd = std::make_unique<Test::SshdFixture>();
    m_knownHosts = m_sshd->knownHostsFile();
}

QStringList tst_CliTimeout::sshRoot() const
{
    return {QStringLiteral("ssh://root@127.0.0.1:%1").arg(m_sshd->port()),
            QStringLiteral("--identity"),
            m_sshd->clientKey(),
            QStringLiteral("--known-hosts"),
            m_knownHosts,
            QStringLiteral("--python"),
            QStringLiteral("/usr/bin/python3")};
}

void tst_CliTimeout::runStopsTheCommand_data()
{
    QTest::addColumn<QString>("python");
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("signals");
    for (const Test::Interpreter &i : Test::availableInterpreters()) {
        if (i.path != QLatin1String("/usr/bin/python3") && i.label != QLatin1String("py2.7"))
            continue;
        QTest::newRow(qPrintable(i.label + QStringLiteral("-ends-on-sigint")))
                << i.path << QStringLiteral("echo partial $$; sleep 1000")
                << QStringLiteral("SIGINT");
        QTest::newRow(qPrintable(i.label + QStringLiteral("-ignores-sigint")))
                << i.path << QStringLiteral("trap '' INT; echo partial $$; sleep 1000")
                << QStringLiteral("SIGINT, then SIGTERM");
        QTest::newRow(qPrintable(i.label + QStringLiteral("-ignores-sigint-and-sigterm")))
                << i.path << QStringLiteral("trap '' INT TERM; echo partial $$; sleep 1000")
                << QStringLiteral("SIGINT, then SIGTERM, then SIGKILL");
    }
}

void tst_CliTimeout::runStopsTheCommand()
{
    QFETCH(QString, python);
    QFETCH(QString, script);
    QFETCH(QString, signals);
    Cli cli({QStringLiteral("run"),
             QStringLiteral("local"),
             QStringLiteral("--python"),
             python,
             QStringLiteral("--timeout"),
             QStringLiteral("1"),
             QStringLiteral("--connect-timeout"),
             QStringLiteral("60"),
             QStringLiteral("--"),
             QStringLiteral("sh"),
             QStringLiteral("-c"),
             script});
    const QList<qint64> numbers = cli.firstLineNumbers();
    QCOMPARE(numbers.size(), 2);
    const qint64 shell = numbers.at(1);
    Sweep sweep{{session(shell)}};
    QVERIFY(processAlive(shell));
    QVERIFY(cli.finish());
    QVERIFY2(cli.exitCode() == 124, qPrintable(cli.err()));
    // What it printed before is there; the reason is one line naming the target.
    QCOMPARE(cli.out(), QStringLiteral("partial %1\n").arg(shell));
    QCOMPARE(cli.err().trimmed(),
             QStringLiteral("econtext-cli: local: the command timed out after 1 s (%1).")
                     .arg(signals));
    QTRY_VERIFY_WITH_TIMEOUT(survivors({session(shell)}).isEmpty(), 10000);
}

// A shell waiting for a background job: SIGINT ends the shell, and the job (which a shell
// starts with SIGINT ignored) holds the output open until SIGTERM.
void tst_CliTimeout::runTimeoutOverSshAsRoot()
{
    if (!m_sshd)
        QSKIP("ssh as root needs the tests to run as root");
    if (!m_sshd->isRunning())
        QSKIP(qPrintable(QStringLiteral("sshd fixture not available: ") + m_sshd->errorString()));
    Cli cli(QStringList{QStringLiteral("run")} + sshRoot()
            + QStringList{QStringLiteral("--timeout"),
                          QStringLiteral("2"),
                          QStringLiteral("--"),
                          QStringLiteral("sh"),
                          QStringLiteral("-c"),
                          QStringLiteral("echo $PPID $$; sleep 1000 & wait")});
    const QList<qint64> pids = cli.firstLineNumbers();
    QCOMPARE(pids.size(), 2);
    const QList<ProcessInfo> sessions{session(pids.at(0)), session(pids.at(1))};
    Sweep sweep{sessions};
    QVERIFY(processAlive(pids.at(0)) && processAlive(pids.at(1)));
    QVERIFY(cli.finish());
    QVERIFY2(cli.exitCode() == 124, qPrintable(cli.err()));
    QVERIFY2(cli.err().contains(
                     QStringLiteral("the command timed out after 2 s (SIGINT, then SIGTERM).")),
             qPrintable(cli.err()));
    // The orphan check: the context and the command went, with everything in their sessions.
    QTRY_VERIFY2_WITH_TIMEOUT(
            survivors(sessions).isEmpty(),
            qPrintable(QStringLiteral("%1 processes left").arg(survivors(sessions).size())),
            20000);
}

// A call that outlives --timeout: the CLI says so, exits 124 and shuts the context down,
// which takes along what the call started (a shell and its child) although the call still
// runs and no signal can reach a root session.
void tst_CliTimeout::callTimeoutOverSshAsRoot()
{
    if (!m_sshd)
        QSKIP("ssh as root needs the tests to run as root");
    if (!m_sshd->isRunning())
        QSKIP(qPrintable(QStringLiteral("sshd fixture not available: ") + m_sshd->errorString()));
    const QString expr = QStringLiteral(
            "(print(os.getpid(), __import__('subprocess').Popen(['sh', '-c', 'sleep 1000 & "
            "sleep 1000']).pid, flush=True), __import__('time').sleep(1000))");
    Cli cli(QStringList{QStringLiteral("eval")} + sshRoot()
            + QStringList{expr, QStringLiteral("--timeout"), QStringLiteral("2")});
    const QList<qint64> pids = cli.firstLineNumbers();
    QCOMPARE(pids.size(), 2);
    const QList<ProcessInfo> sessions{session(pids.at(0))};
    Sweep sweep{sessions};
    QVERIFY(processAlive(pids.at(0)) && processAlive(pids.at(1)));
    QVERIFY(cli.finish());
    QVERIFY2(cli.exitCode() == 124, qPrintable(cli.err()));
    QVERIFY2(cli.err().contains(QStringLiteral("timed out after 2 s")), qPrintable(cli.err()));
    QTRY_VERIFY2_WITH_TIMEOUT(
            survivors(sessions).isEmpty(),
            qPrintable(QStringLiteral("%1 processes left").arg(survivors(sessions).size())),
            20000);
    QVERIFY(!processAlive(pids.at(1)));
}

QTEST_GUILESS_MAIN(tst_CliTimeout)
#include "tst_clitimeout.moc"
