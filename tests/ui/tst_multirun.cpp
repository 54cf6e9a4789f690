// Running on several contexts at once: the results model (checked with
// QAbstractItemModelTester while rows are added, regrouped and streamed into)
// and the dialog driving three real local contexts — identical outputs group
// into one row, differing ones do not, failures show their exit status or
// traceback, and Stop interrupts. A context lost in the middle of a run (its ssh
// connection cut) fails alone, with its own row, while the others finish.
#include "core/broker/broker.h"
#include "tests/support/await.h"
#include "tests/support/processes.h"
#include "tests/support/pythons.h"
#include "tests/support/sshdfixture.h"
#include "ui/multirun/multirundialog.h"
#include "ui/multirun/multirunmodel.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <csignal>

#include <memory>

using namespace Econtext;
using Econtext::Test::waitConnected;
using Tester = QAbstractItemModelTester;

namespace {

QString shotsDir()
{
    const QString base = qEnvironmentVariable("ECONTEXT_BINARY_DIR", QDir::currentPath());
    const QString dir = base + QStringLiteral("/shots");
    QDir().mkpath(dir);
    return dir;
}

} // namespace

class TestMultiRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void modelGroupsAndStreams();
    void modelFlatMode();
    void identicalOutputsGroup();
    void differingOutputsDoNotGroup();
    void failingCommandShowsExitStatus();
    void pythonExpressions();
    void stopInterrupts();
    void stopEscalatesLikeTheConsole();
    void lostContextFailsAlone();

private:
    // Runs on all three contexts and waits for the end; false on timeout.
    bool runAll(const QString &command, MultiRunner::Kind kind, int timeoutMs = 30000);

    QTemporaryDir m_settingsDir;
    std::unique_ptr<Broker> m_broker;
    QList<Context *> m_contexts;
    std::unique_ptr<MultiRunDialog> m_dialog;
    std::unique_ptr<Tester> m_tester;
};

void TestMultiRun::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("EcontextTest"));
    QCoreApplication::setApplicationName(QStringLiteral("econtext-multirun-test"));

    // Two system interpreters and, when the machine has one, another Python 3.
    QString other = QStringLiteral("/usr/bin/python3");
    for (const Test::Interpreter &i : Test::availableInterpreters()) {
        if (i.major == 3 && i.path != QLatin1String("/usr/bin/python3")) {
            other = i.path;
            break;
        }
    }
    if (other == QLatin1String("/usr/bin/python3"))
        qInfo("no second Python 3 interpreter on this machine: three system contexts");
    m_broker = std::make_unique<Broker>();
    const QStringList pythons{
            QStringLiteral("/usr/bin/python3"), QStringLiteral("/usr/bin/python3"), other};
    int n = 0;
    for (const QString &python : pythons) {
        ConnectOptions options;
        options.method = ConnectMethod::Local;
        options.python = python;
        options.name = QStringLiteral("multi-%1").arg(++n);
        m_contexts.append(m_broker->connectContext(options));
    }
    for (Context *c : std::as_const(m_contexts)) {
        QString why;
        QVERIFY2(waitConnected(c, &why), qPrintable(why));
    }
    m_dialog = std::make_unique<MultiRunDialog>(m_broker.get());
    m_tester = std::make_unique<Tester>(m_dialog->model(), Tester::FailureReportingMode::QtTest);
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
    // Connected contexts are listed and checked.
    QTRY_COMPARE(m_dialog->contextList()->count(), 3);
    QCOMPARE(m_dialog->checkedContexts().size(), 3);
}

void TestMultiRun::cleanupTestCase()
{
    m_tester.reset();
    m_dialog.reset();
    if (m_broker)
        m_broker->shutdownAll();
    m_broker.reset();
}

bool TestMultiRun::runAll(const QString &command, MultiRunner::Kind kind, int timeoutMs)
{
    QSignalSpy spy(m_dialog->runner(), &MultiRunner::finished);
    m_dialog->setKind(kind);
    m_dialog->setCommand(command);
    if (!m_dialog->run())
        return false;
    if (!spy.wait(timeoutMs))
        return false;
    m_dialog->model()->flushChanges();
    return true;
}

void TestMultiRun::modelGroupsAndStreams()
{
    MultiRunModel model;
    Tester tester(&model, Tester::FailureReportingMode::QtTest);
    model.setGrouped(true);
    const int a = model.addEntry(QStringLiteral("a"), 1);
    const int b = model.addEntry(QStringLiteral("b"), 2);
    const int c = model.addEntry(QStringLiteral("c"), 3);
    QCOMPARE(model.rowCount(), 3); // contexts at work are not grouped
    for (const int e : {a, b, c})
        model.setRunning(e);
    model.appendOutput(a, QStringLiteral("same\n"));
    model.appendOutput(b, QStringLiteral("sa"));
    model.appendOutput(b, QStringLiteral("me\n"));
    model.appendOutput(c, QStringLiteral("other\n"));
    model.flushChanges();
    QCOMPARE(model.index(1, MultiRunModel::OutputColumn).data().toString(), QStringLiteral("same"));

    model.setDone(b, 0, true, 300);
    model.setDone(a, 0, true, 100);
    QCOMPARE(model.rowCount(), 2); // a and b agree; c still runs
    model.setDone(c, 0, true, 200);
    QCOMPARE(model.rowCount(), 2);
    const QModelIndex same = model.index(0, 0);
    QCOMPARE(same.data(MultiRunModel::MemberCountRole).toInt(), 2);
    QVERIFY(same.data(MultiRunModel::IsGroupRole).toBool());
    QVERIFY(same.data().toString().startsWith(QLatin1String("2 context")));
    QCOMPARE(model.rowCount(same), 2);
    QCOMPARE(model.index(1, 0, same).data().toString(), QStringLiteral("b"));
    QCOMPARE(same.data(MultiRunModel::FullOutputRole).toString(), QStringLiteral("same\n"));
    QCOMPARE(model.index(0, MultiRunModel::ExitColumn).data().toString(), QStringLiteral("0"));
    QVERIFY(model.index(0, MultiRunModel::DurationColumn).data().toString().contains(u'–'));
    QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("c"));

    // Same output but another exit status is another group; a failure is its own.
    const int d = model.addEntry(QStringLiteral("d"), 4);
    model.setRunning(d);
    model.appendOutput(d, QStringLiteral("same\n"));
    model.setDone(d, 1, true, 10);
    QCOMPARE(model.rowCount(), 3);
    const int e = model.addEntry(QStringLiteral("e"), 5);
    model.setFailed(e, QStringLiteral("The context is gone."), 0);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.index(3, MultiRunModel::StateColumn).data().toString(),
             QStringLiteral("failed"));
    QVERIFY(model.isFinished());

    model.setGrouped(false);
    QCOMPARE(model.rowCount(), 5);
    model.setGrouped(true);
    QCOMPARE(model.rowCount(), 4);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestMultiRun::modelFlatMode()
{
    MultiRunModel model;
    Tester tester(&model, Tester::FailureReportingMode::QtTest);
    const int a = model.addEntry(QStringLiteral("a"), 1);
    model.setRunning(a);
    for (int i = 0; i < 1000; ++i)
        model.appendOutput(a, QStringLiteral("line %1\n").arg(i));
    model.setDone(a, 2, true, 5);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);
    QCOMPARE(model.index(0, MultiRunModel::OutputColumn).data().toString(),
             QStringLiteral("line 0"));
    QCOMPARE(model.index(0, MultiRunModel::ExitColumn).data().toString(), QStringLiteral("2"));
    QCOMPARE(model.index(0, 0).data(MultiRunModel::ExitStatusRole).toInt(), 2);
    // Output beyond the cap is cut, and says so.
    const int b = model.addEntry(QStringLiteral("b"), 2);
    model.setRunning(b);
    const QString big(MultiRunModel::MaxOutputPerEntry / 4, u'x');
    for (int i = 0; i < 5; ++i)
        model.appendOutput(b, big);
    QCOMPARE(model.entryOutput(b).size(), MultiRunModel::MaxOutputPerEntry);
    QVERIFY(model.index(1, 0)
                    .data(MultiRunModel::FullOutputRole)
                    .toString()
                    .endsWith(QLatin1String("[output truncated]")));
}

void TestMultiRun::identicalOutputsGroup()
{
    m_dialog->setGrouped(true);
    QVERIFY(runAll(QStringLiteral("echo same"), MultiRunner::Kind::Shell));
    MultiRunModel *model = m_dialog->model();
    QCOMPARE(model->rowCount(), 1);
    const QModelIndex group = model->index(0, 0);
    QCOMPARE(group.data(MultiRunModel::MemberCountRole).toInt(), 3);
    QCOMPARE(model->rowCount(group), 3);
    QCOMPARE(group.data(MultiRunModel::FullOutputRole).toString(), QStringLiteral("same\n"));
    QCOMPARE(model->index(0, MultiRunModel::ExitColumn).data().toString(), QStringLiteral("0"));
    QCOMPARE(model->index(0, MultiRunModel::StateColumn).data().toString(), QStringLiteral("done"));
    QCOMPARE(model->index(0, MultiRunModel::OutputColumn).data().toString(),
             QStringLiteral("same"));
    // Members are listed in the order the contexts were given, whichever finished first.
    QCOMPARE(group.data(MultiRunModel::ContextNamesRole).toStringList(),
             (QStringList{QStringLiteral("multi-1"),
                          QStringLiteral("multi-2"),
                          QStringLiteral("multi-3")}));
    // The selected group's output is shown in full.
    m_dialog->resultsView()->setCurrentIndex(group);
    QCOMPARE(m_dialog->outputView()->toPlainText(), QStringLiteral("same\n"));
    QVERIFY2(m_dialog->summaryText().contains(QLatin1String("3 of 3")),
             qPrintable(m_dialog->summaryText()));
    QVERIFY(m_dialog->summaryText().contains(QLatin1String("1 distinct output")));
    const QString shot = shotsDir() + QStringLiteral("/multirun.png");
    QCoreApplication::sendPostedEvents(); // pending relayouts, so the picture is complete
    QVERIFY(m_dialog->grab().save(shot));
    qInfo("screenshot: %s", qPrintable(shot));
    // Ungrouped: a row per context.
    m_dialog->setGrouped(false);
    QCOMPARE(model->rowCount(), 3);
    m_dialog->setGrouped(true);
}

void TestMultiRun::differingOutputsDoNotGroup()
{
    QVERIFY(runAll(QStringLiteral("python3 -c 'import os; print(os.getppid())'; echo tail"),
                   MultiRunner::Kind::Shell));
    MultiRunModel *model = m_dialog->model();
    QCOMPARE(model->rowCount(), 3);
    for (int row = 0; row < 3; ++row) {
        const QModelIndex index = model->index(row, 0);
        QCOMPARE(index.data(MultiRunModel::MemberCountRole).toInt(), 1);
        QVERIFY(index.data(MultiRunModel::FullOutputRole)
                        .toString()
                        .endsWith(QLatin1String("\ntail\n")));
    }
}

void TestMultiRun::failingCommandShowsExitStatus()
{
    QVERIFY(runAll(QStringLiteral("echo oops >&2; exit 4"), MultiRunner::Kind::Shell));
    MultiRunModel *model = m_dialog->model();
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, MultiRunModel::ExitColumn).data().toString(), QStringLiteral("4"));
    QCOMPARE(model->index(0, 0).data(MultiRunModel::ExitStatusRole).toInt(), 4);
    QCOMPARE(model->index(0, MultiRunModel::OutputColumn).data().toString(),
             QStringLiteral("oops"));
    m_dialog->resultsView()->setCurrentIndex(model->index(0, 0));
    QCOMPARE(m_dialog->outputView()->toPlainText(), QStringLiteral("oops\n"));
}

void TestMultiRun::pythonExpressions()
{
    MultiRunModel *model = m_dialog->model();
    QVERIFY(runAll(QStringLiteral("sys.version_info[0]"), MultiRunner::Kind::Python));
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, 0).data(MultiRunModel::FullOutputRole).toString(),
             QStringLiteral("3"));
    QCOMPARE(model->index(0, MultiRunModel::ExitColumn).data().toString(), QStringLiteral("—"));

    QVERIFY(runAll(QStringLiteral("os.getpid()"), MultiRunner::Kind::Python));
    QCOMPARE(model->rowCount(), 3);

    QVERIFY(runAll(QStringLiteral("1/0"), MultiRunner::Kind::Python));
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, MultiRunModel::StateColumn).data().toString(),
             QStringLiteral("failed"));
    QVERIFY(model->index(0, 0)
                    .data(MultiRunModel::FullOutputRole)
                    .toString()
                    .contains(QLatin1String("ZeroDivisionError")));
    QVERIFY(m_dialog->summaryText().contains(QLatin1String("3 failed")));
}

void TestMultiRun::stopInterrupts()
{
    QSignalSpy spy(m_dialog->runner(), &MultiRunner::finished);
    m_dialog->setKind(MultiRunner::Kind::Shell);
    const QStringList sleep{QStringLiteral("sleep"), Test::uniqueSeconds(30)};
    m_dialog->setCommand(QStringLiteral("echo started; ") + sleep.join(u' '));
    QVERIFY(m_dialog->run());
    MultiRunModel *model = m_dialog->model();
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int i = 0; i < model->entryCount(); ++i) {
                    if (!model->entryOutput(i).contains(QLatin1String("started")))
                        return false;
                }
                return true;
            }(),
            10000);
    // Stop once every sleep has started: a SIGINT between the shell's fork and exec is
    // swallowed by the shell (see tst_consolewidget's interruptStopsLongCommand).
    QTRY_VERIFY_WITH_TIMEOUT(Test::processesRunning(sleep).size() == model->entryCount(), 10000);
    m_dialog->stop();
    QVERIFY(spy.wait(10000));
    model->flushChanges();
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, 0).data(MultiRunModel::ExitStatusRole).toInt(), -SIGINT);
    // Said as the console says it, not "done" and "-2".
    QCOMPARE(model->index(0, MultiRunModel::StateColumn).data().toString(),
             QStringLiteral("interrupted (SIGINT)"));
    QCOMPARE(model->index(0, MultiRunModel::ExitColumn).data().toString(),
             QStringLiteral("SIGINT"));
}

void TestMultiRun::stopEscalatesLikeTheConsole()
{
    // A command that ignores SIGINT: the second Stop sends SIGTERM (the console's ladder),
    // not SIGKILL, so a command can still clean up.
    QSignalSpy spy(m_dialog->runner(), &MultiRunner::finished);
    m_dialog->setKind(MultiRunner::Kind::Shell);
    const QStringList sleep{QStringLiteral("sleep"), Test::uniqueSeconds(31)};
    m_dialog->setCommand(QStringLiteral("trap '' INT; ") + sleep.join(u' '));
    QVERIFY(m_dialog->run());
    MultiRunModel *model = m_dialog->model();
    QTRY_VERIFY_WITH_TIMEOUT(Test::processesRunning(sleep).size() == model->entryCount(), 10000);
    m_dialog->stop();
    m_dialog->stop();
    QVERIFY(spy.wait(10000));
    model->flushChanges();
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, 0).data(MultiRunModel::ExitStatusRole).toInt(), -SIGTERM);
    QCOMPARE(model->index(0, MultiRunModel::StateColumn).data().toString(),
             QStringLiteral("terminated (SIGTERM)"));
}

void TestMultiRun::lostContextFailsAlone()
{
    Test::SshdFixture sshd;
    if (!sshd.isRunning())
        QSKIP(qPrintable(QStringLiteral("no sshd fixture: ") + sshd.errorString()));
    Broker broker;
    QList<Context *> contexts;
    for (const QString &name : {QStringLiteral("near-1"), QStringLiteral("near-2")}) {
        ConnectOptions o;
        o.method = ConnectMethod::Local;
        o.python = QStringLiteral("/usr/bin/python3");
        o.name = name;
        contexts << broker.connectContext(o);
    }
    ConnectOptions far;
    far.method = ConnectMethod::Ssh;
    far.name = QStringLiteral("far");
    far.host = sshd.host();
    far.port = sshd.port();
    far.user = sshd.user();
    far.identityFile = sshd.clientKey();
    far.knownHostsFile = sshd.knownHostsFile();
    contexts << broker.connectContext(far);
    for (Context *c : std::as_const(contexts)) {
        QString why;
        QVERIFY2(waitConnected(c, &why), qPrintable(why));
    }

    MultiRunDialog dialog(&broker);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTRY_COMPARE(dialog.contextList()->count(), 3);
    dialog.setGrouped(false);
    QTemporaryDir dir;
    const QString go = dir.filePath(QStringLiteral("go"));
    QSignalSpy finished(dialog.runner(), &MultiRunner::finished);
    dialog.setKind(MultiRunner::Kind::Shell);
    // Each command waits for a file the test makes once the ssh context is gone.
    dialog.setCommand(
            QStringLiteral("echo started; while [ ! -e '%1' ]; do sleep 0.05; done; echo done")
                    .arg(go));
    QVERIFY(dialog.run());
    MultiRunModel *model = dialog.model();
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int i = 0; i < model->entryCount(); ++i) {
                    if (!model->entryOutput(i).contains(QLatin1String("started")))
                        return false;
                }
                return true;
            }(),
            30000);
    int farEntry = -1;
    for (int i = 0; i < model->entryCount(); ++i) {
        if (model->entryName(i) == QLatin1String("far"))
            farEntry = i;
    }
    QVERIFY(farEntry >= 0);

    sshd.signalSessions(SIGKILL); // the ssh connection and everything under it are gone
    QTRY_COMPARE_WITH_TIMEOUT(model->entryState(farEntry), MultiRunModel::RunState::Failed, 60000);
    QVERIFY(dialog.runner()->isRunning());
    for (int i = 0; i < model->entryCount(); ++i) {
        if (i != farEntry)
            QCOMPARE(model->entryState(i), MultiRunModel::RunState::Running);
    }
    QFile(go).open(QIODevice::WriteOnly);
    QVERIFY(finished.count() == 1 || finished.wait(30000));
    model->flushChanges();

    QCOMPARE(model->rowCount(), 3);
    for (int row = 0; row < 3; ++row) {
        const QModelIndex index = model->index(row, 0);
        const QString output = index.data(MultiRunModel::FullOutputRole).toString();
        const QString state = model->index(row, MultiRunModel::StateColumn).data().toString();
        if (index.data().toString() == QLatin1String("far")) {
            QCOMPARE(state, QStringLiteral("failed"));
            // The output it had, then why it ended.
            QVERIFY2(output.startsWith(QLatin1String("started\n")), qPrintable(output));
            QVERIFY2(output.count(u'\n') >= 1 && output.size() > 8, qPrintable(output));
            qInfo("the lost context's row says: %s", qPrintable(output.mid(8)));
        } else {
            QCOMPARE(state, QStringLiteral("done"));
            QCOMPARE(output, QStringLiteral("started\ndone\n"));
            QCOMPARE(index.data(MultiRunModel::ExitStatusRole).toInt(), 0);
        }
    }
    QVERIFY2(dialog.summaryText().contains(QLatin1String("3 of 3")),
             qPrintable(dialog.summaryText()));
    QVERIFY2(dialog.summaryText().contains(QLatin1String("1 failed")),
             qPrintable(dialog.summaryText()));
    broker.shutdownAll();
}

QTEST_MAIN(TestMultiRun)
#include "tst_multirun.moc"
