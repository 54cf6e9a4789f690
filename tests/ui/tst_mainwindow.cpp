// MainWindow end to end: a real Broker, a real local context connected through
// the quick-connect field, its state and Python version in the tree, one of its
// output lines in its log pane, a failure in the tree and the log, the
// Preferences dialog's validation, and a screenshot for the README.
#include "core/broker/broker.h"
#include "core/modules/moduleserver.h"
#include "tests/support/monospace.h"
#include "tests/support/pythons.h"
#include "ui/contexts/contexttab.h"
#include "ui/contexts/contexttreemodel.h"
#include "ui/logs/logfilterproxy.h"
#include "ui/logs/logmodel.h"
#include "ui/logs/logpane.h"
#include "ui/mainwindow.h"
#include "ui/settings/appsettings.h"
#include "ui/settings/preferencesdialog.h"
#include "ui/stacks/stackspane.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Econtext;

namespace {

bool logContains(const LogModel *model, const QString &text, LogRecord::Kind kind)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        const LogRecord &r = model->record(row);
        if (r.kind == kind && r.message.contains(text))
            return true;
    }
    return false;
}

QString shotsDir()
{
    const QString base = qEnvironmentVariable("ECONTEXT_BINARY_DIR", QDir::currentPath());
    const QString dir = base + QStringLiteral("/shots");
    QDir().mkpath(dir);
    return dir;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void constructs();
    void quickConnectRejectsNonsense();
    void localContextEndToEnd();
    void failureShowsInTreeAndLog();
    void reconnectKeepsTheTab();
    void dumpStacksWhileACallBlocks();
    void preferencesValidation();
    void restoresWindowState();

private:
    QTemporaryDir m_settingsDir;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    // Never touch the user's real settings.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("EcontextTest"));
    QCoreApplication::setApplicationName(QStringLiteral("econtext-test"));
}

void TestMainWindow::constructs()
{
    Broker broker;
    MainWindow window(&broker);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!window.font().family().isEmpty());
    QVERIFY(!QFontInfo(window.contextView()->font()).family().isEmpty());
    QCOMPARE(window.contextModel()->rowCount(), 1); // the master
    QCOMPARE(window.tabWidget()->count(), 0);
    const QList<QAction *> menus = window.menuBar()->actions();
    QVERIFY(menus.size() >= 5);
    // Standard shortcuts are wired.
    bool quit = false;
    bool connect = false;
    const QList<QAction *> all = window.findChildren<QAction *>();
    for (const QAction *a : all) {
        quit = quit || a->shortcut() == QKeySequence(QKeySequence::Quit);
        connect = connect || a->shortcut() == QKeySequence(QKeySequence::New);
    }
    QVERIFY(quit);
    QVERIFY(connect);
    QVERIFY(window.findChild<QDockWidget *>(QStringLiteral("contextsDock")));
    QVERIFY(window.statusText().contains(QStringLiteral("Roundtrips")));
}

void TestMainWindow::quickConnectRejectsNonsense()
{
    Broker broker;
    MainWindow window(&broker);
    QVERIFY(!window.quickConnect(QStringLiteral("user@host:notaport")));
    QVERIFY(!window.quickConnect(QString()));
    // The one grammar's sentence, in the status bar.
    QVERIFY(!window.quickConnect(QStringLiteral("docker:web")));
    QVERIFY2(window.statusBar()->currentMessage().startsWith(
                     QLatin1String("'docker:web' is not a valid target: the method 'docker' is "
                                   "not supported yet")),
             qPrintable(window.statusBar()->currentMessage()));
    // sudo is a hop: it needs a context to start from.
    QVERIFY(!window.quickConnect(QStringLiteral("sudo")));
    QVERIFY2(window.statusBar()->currentMessage().contains(QLatin1String("Connect Through")),
             qPrintable(window.statusBar()->currentMessage()));
    QCOMPARE(window.tabWidget()->count(), 0);
    QCOMPARE(window.contextModel()->rowCount(window.contextModel()->index(0, 0)), 0);
}

void TestMainWindow::localContextEndToEnd()
{
    if (!QFileInfo(AppSettings::defaultPython()).isExecutable()
        && !QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable())
        QSKIP("No python3 on this machine.");
    Broker broker;
    MainWindow window(&broker);
    window.resize(1400, 850);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    window.quickConnectEdit()->setText(QStringLiteral("local"));
    QTest::keyClick(window.quickConnectEdit(), Qt::Key_Return);
    QTRY_COMPARE(window.tabWidget()->count(), 1);
    auto *tab = qobject_cast<ContextTab *>(window.tabWidget()->currentWidget());
    QVERIFY(tab);
    QCOMPARE(tab->contextName(), QStringLiteral("local"));

    ContextTreeModel *model = window.contextModel();
    const quint32 id = tab->contextId();
    QTRY_VERIFY(model->indexForId(id).isValid());
    const QModelIndex state = model->indexForId(id, ContextTreeModel::StateColumn);
    QTRY_COMPARE_WITH_TIMEOUT(
            state.data().toString(), contextStateName(ContextState::Connected), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(
            !model->indexForId(id, ContextTreeModel::PythonColumn).data().toString().isEmpty(),
            10000);

    Context *context = tab->context();
    QVERIFY(context);
    QFuture<CallResult> future = context->call(
            QStringLiteral("econtext.core"),
            QString(),
            QStringLiteral("eval_repr"),
            {Wire::Value(QStringLiteral("__import__('sys').stdout.write('hello-from-ctx\\n')"))});
    QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), 30000);
    QVERIFY2(future.result().has_value(), qPrintable(future.result().errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(logContains(tab->logPane()->model(),
                                         QStringLiteral("hello-from-ctx"),
                                         LogRecord::Kind::Stdout),
                             15000);
    // The view shows it too (through the filter proxy).
    QVERIFY(tab->logPane()->proxy()->rowCount() >= 1);
    QTRY_VERIFY(window.statusText().contains(QStringLiteral("1 connected")));

    // The tab holds the Log, Timeline, Stacks, Imports and Console panes; the Context menu
    // can run on many.
    QStringList paneTitles;
    for (int i = 0; i < tab->panes()->count(); ++i)
        paneTitles << tab->panes()->tabText(i);
    QCOMPARE(paneTitles,
             QStringList({QStringLiteral("Log"),
                          QStringLiteral("Timeline"),
                          QStringLiteral("Stacks"),
                          QStringLiteral("Imports"),
                          QStringLiteral("Console")}));
    // Once connected, the Log is in front again (the Timeline shows while connecting).
    QCOMPARE(tab->panes()->currentWidget(), tab->logPane());
    bool hasMultiRun = false;
    for (QAction *a : window.findChildren<QAction *>())
        hasMultiRun = hasMultiRun || a->text().contains(QStringLiteral("Several Contexts"));
    QVERIFY(hasMultiRun);

    // Some variety for the screenshot: a warning, an error and a line on stderr.
    QFuture<CallResult> more = context->call(
            QStringLiteral("econtext.core"),
            QString(),
            QStringLiteral("eval_repr"),
            {Wire::Value(QStringLiteral("[__import__('logging').getLogger('app.disk').warning('"
                                        "disk /var is 91% full'), "
                                        "__import__('logging').getLogger('app.db').error('"
                                        "connection refused by db1:5432'), "
                                        "__import__('sys').stderr.write('DeprecationWarning: use "
                                        "spawn instead\\n')]"))});
    QTRY_VERIFY_WITH_TIMEOUT(more.isFinished(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(logContains(tab->logPane()->model(),
                                         QStringLiteral("spawn instead"),
                                         LogRecord::Kind::Stderr),
                             15000);
    QTRY_VERIFY_WITH_TIMEOUT(
            logContains(tab->logPane()->model(), QStringLiteral("db1:5432"), LogRecord::Kind::Log),
            15000);
    QTest::qWait(1100); // one refresh, so traffic and uptime are filled in
    const QString shot = shotsDir() + QStringLiteral("/mainwindow.png");
    QVERIFY(window.grab().save(shot));
    qInfo("screenshot: %s", qPrintable(shot));

    context->shutdown();
    QTRY_VERIFY_WITH_TIMEOUT(tab->state() == ContextState::Disconnected
                                     || tab->state() == ContextState::Failed,
                             15000);
}

void TestMainWindow::failureShowsInTreeAndLog()
{
    Broker broker;
    MainWindow window(&broker);
    window.show();
    QVERIFY(window.quickConnect(QStringLiteral("local:/nonexistent/bin/python3")));
    auto *tab = qobject_cast<ContextTab *>(window.tabWidget()->currentWidget());
    QVERIFY(tab);
    const quint32 id = tab->contextId();
    const QModelIndex state = window.contextModel()->indexForId(id, ContextTreeModel::StateColumn);
    QTRY_COMPARE_WITH_TIMEOUT(
            state.data(ContextTreeModel::StateRole).toInt(), int(ContextState::Failed), 30000);
    QTRY_VERIFY(!state.data(Qt::ToolTipRole).toString().isEmpty());
    const QString reason = state.data(ContextTreeModel::ReasonRole).toString();
    QVERIFY(!reason.isEmpty());
    QTRY_VERIFY(logContains(tab->logPane()->model(), reason, LogRecord::Kind::Internal));
    // Said once in the log, whether the core or the tab wrote it.
    QTest::qWait(600);
    int notes = 0;
    const LogModel *log = tab->logPane()->model();
    for (int row = 0; row < log->rowCount(); ++row) {
        const LogRecord &r = log->record(row);
        notes += r.kind == LogRecord::Kind::Internal && r.message.contains(reason) ? 1 : 0;
    }
    QCOMPARE(notes, 1);
    QTRY_VERIFY(window.statusText().contains(QStringLiteral("1 failed")));
    QVERIFY(window.statusText().contains(QStringLiteral("Errors: 1")));
    // A closed tab can be reopened from the tree.
    Q_EMIT window.tabWidget()->tabCloseRequested(window.tabWidget()->indexOf(tab));
    QCOMPARE(window.tabWidget()->count(), 0);
    QCOMPARE(window.openTab(id), tab);
    QCOMPARE(window.tabWidget()->count(), 1);
    // Finished contexts can be forgotten, tab and all.
    auto *removeFinished = window.findChild<QAction *>(QStringLiteral("removeFinishedAction"));
    QVERIFY(removeFinished && removeFinished->isEnabled());
    removeFinished->trigger();
    QCOMPARE(window.tabWidget()->count(), 0);
    QVERIFY(!window.contextModel()->indexForId(id).isValid());
    QVERIFY(!window.tabFor(id));
}

void TestMainWindow::reconnectKeepsTheTab()
{
    if (!QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable())
        QSKIP("No python3 on this machine.");
    Broker broker;
    MainWindow window(&broker);
    window.show();
    QVERIFY(window.quickConnect(QStringLiteral("local:/usr/bin/python3")));
    auto *tab = qobject_cast<ContextTab *>(window.tabWidget()->currentWidget());
    QVERIFY(tab);
    const quint32 first = tab->contextId();
    QTRY_VERIFY_WITH_TIMEOUT(tab->state() == ContextState::Connected, 30000);
    window.contextView()->setCurrentIndex(window.contextModel()->indexForId(first));

    auto *copy = window.findChild<QAction *>(QStringLiteral("copyDetailsAction"));
    QVERIFY(copy && copy->isEnabled());
    copy->trigger();
    QVERIFY(QApplication::clipboard()->text().contains(QStringLiteral("/usr/bin/python3")));

    auto *reconnect = window.findChild<QAction *>(QStringLiteral("reconnectAction"));
    QVERIFY(reconnect && reconnect->isEnabled());
    reconnect->trigger();
    QCOMPARE(window.tabWidget()->count(), 1);
    QCOMPARE(window.tabWidget()->currentWidget(), tab);
    QVERIFY(tab->contextId() != first);
    QTRY_VERIFY_WITH_TIMEOUT(tab->state() == ContextState::Connected, 30000);
    const QModelIndex master = window.contextModel()->index(0, 0);
    QTRY_COMPARE(window.contextModel()->rowCount(master), 1);
    QVERIFY(window.contextModel()->indexForId(tab->contextId()).isValid());
    QVERIFY(logContains(
            tab->logPane()->model(), QStringLiteral("Reconnecting"), LogRecord::Kind::Internal));
}

void TestMainWindow::dumpStacksWhileACallBlocks()
{
    if (!QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable())
        QSKIP("No python3 on this machine.");
    // time.sleep called straight from the core leaves no Python frame of its own; a
    // served module's function that calls it does.
    QTemporaryDir modules;
    QVERIFY(modules.isValid());
    {
        QFile helper(modules.filePath(QStringLiteral("stuck_helper.py")));
        QVERIFY(helper.open(QIODevice::WriteOnly));
        // It says when it is about to sleep, in a file the test watches.
        helper.write("import time\n\n\ndef sleep_a_while(seconds, started):\n"
                     "    open(started, 'w').close()\n"
                     "    time.sleep(seconds)\n");
    }
    Broker broker;
    broker.moduleServer().addDirectory(modules.path());
    MainWindow window(&broker);
    window.show();
    QVERIFY(window.quickConnect(QStringLiteral("local:/usr/bin/python3")));
    auto *tab = qobject_cast<ContextTab *>(window.tabWidget()->currentWidget());
    QVERIFY(tab);
    const quint32 id = tab->contextId();
    QTRY_VERIFY_WITH_TIMEOUT(tab->state() == ContextState::Connected, 30000);
    Context *context = tab->context();
    QVERIFY(context);
    window.contextView()->setCurrentIndex(window.contextModel()->indexForId(id));

    // The main thread of the context is stuck in a long call.
    QTemporaryDir marks;
    QVERIFY(marks.isValid());
    const QString started = marks.filePath(QStringLiteral("started"));
    QFuture<CallResult> stuck = context->call(QStringLiteral("stuck_helper"),
                                              QString(),
                                              QStringLiteral("sleep_a_while"),
                                              {Wire::Value(30), Wire::Value(started)},
                                              {},
                                              CallMode::Serial);

    // The counters show it live: one call in flight, and its age.
    ContextTreeModel *model = window.contextModel();
    const QModelIndex calls = model->indexForId(id, ContextTreeModel::CallsColumn);
    const QModelIndex oldest = model->indexForId(id, ContextTreeModel::OldestCallColumn);
    QTRY_COMPARE_WITH_TIMEOUT(calls.data().toString(), QStringLiteral("1"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(oldest.data().toString().endsWith(QStringLiteral(" s")), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(oldest.data().toString() != QStringLiteral("0 s"), 10000);
    QVERIFY(calls.data(Qt::ToolTipRole).toString().contains(QStringLiteral("oldest")));
    QVERIFY(!model->headerData(ContextTreeModel::ImportsColumn, Qt::Horizontal)
                     .toString()
                     .isEmpty());
    QVERIFY(!model->indexForId(id, ContextTreeModel::ImportsColumn).data().toString().isEmpty());

    // Dump Stacks answers while the main thread sleeps, and shows where it sleeps: once it
    // does (a call is in flight from the moment it is sent, while the context may still be
    // importing the helper; on a busy machine that takes seconds).
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(started) || stuck.isFinished(), 30000);
    if (stuck.isFinished())
        QFAIL(qPrintable(QStringLiteral("the call ended early: ") + stuck.result().errorString()));
    auto *dump = window.findChild<QAction *>(QStringLiteral("dumpStacksAction"));
    QVERIFY(dump);
    QVERIFY(!dump->shortcut().isEmpty());
    QTRY_VERIFY(dump->isEnabled());
    dump->trigger();
    StacksPane *stacks = tab->stacksPane();
    QCOMPARE(tab->panes()->currentWidget(), stacks);
    QTRY_VERIFY_WITH_TIMEOUT(!stacks->isBusy(), 20000);
    QVERIFY2(stacks->lastDump().contains(QStringLiteral("sleep")),
             qPrintable(stacks->statusText()));
    QVERIFY(stacks->text().contains(QStringLiteral("sleep")));
    QVERIFY(stacks->statusText().startsWith(QStringLiteral("Stacks at")));
    QVERIFY(!stacks->isBusy());
    QVERIFY(!stuck.isFinished());
    // Monospaced as the user sees it (fontconfig's "fixed pitch" flag is not: it is false
    // for Noto Sans Mono, the "monospace" of many desktops).
    const QString unequal = Test::unequalAdvances(stacks->findChild<QPlainTextEdit *>()->font(),
                                                  stacks->text() + Test::printableAscii());
    QVERIFY2(unequal.isEmpty(), qPrintable(unequal));
    // Copy puts the dump on the clipboard; Refresh adds a second timestamped dump.
    QTest::mouseClick(stacks->copyButton(), Qt::LeftButton);
    QVERIFY(QApplication::clipboard()->text().contains(QStringLiteral("sleep")));
    QVERIFY(stacks->refreshButton()->isEnabled());
    QTest::mouseClick(stacks->refreshButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!stacks->isBusy(), 20000);
    QCOMPARE(stacks->text().count(QStringLiteral("────")), 4); // two headers, two rules each

    context->disconnectNow();
    QTRY_VERIFY_WITH_TIMEOUT(stuck.isFinished(), 15000);
    QTRY_VERIFY(calls.data().toString().isEmpty()
                || calls.data().toString() == QStringLiteral("0"));
}

void TestMainWindow::preferencesValidation()
{
    PreferencesDialog dialog;
    dialog.pythonEdit()->setText(QStringLiteral("/nonexistent/python9"));
    QVERIFY(!dialog.validationError().isEmpty());
    dialog.pythonEdit()->setText(QStringLiteral("python3"));
    QVERIFY(dialog.validationError().isEmpty());
    dialog.modulePathList()->addItem(QStringLiteral("/nonexistent/modules"));
    QVERIFY(dialog.validationError().contains(QStringLiteral("/nonexistent/modules")));
    dialog.modulePathList()->clear();
    dialog.modulePathList()->addItem(m_settingsDir.path());
    dialog.bufferSizeSpin()->setValue(25000);
    QVERIFY(dialog.validationError().isEmpty());
    dialog.save();
    QCOMPARE(AppSettings::logBufferSize(), 25000);
    QCOMPARE(AppSettings::modulePathDirectories(), QStringList{m_settingsDir.path()});
    AppSettings::setLogBufferSize(AppSettings::DefaultLogBufferSize);
    AppSettings::setModulePathDirectories({});
}

void TestMainWindow::restoresWindowState()
{
    Broker broker;
    {
        MainWindow window(&broker);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.findChild<QDockWidget *>(QStringLiteral("contextsDock"))->hide();
        window.close();
    }
    MainWindow again(&broker);
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QVERIFY(!again.findChild<QDockWidget *>(QStringLiteral("contextsDock"))->isVisible());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
