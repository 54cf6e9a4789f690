// Automatic reconnect and session restore, for real: the remote interpreter is
// killed with SIGKILL and comes back with a new pid, the attempt noted in its
// log; a user's Disconnect is never undone; the delays double up to the cap;
// the contexts of one window come back in the next one, without secrets.
#include "core/broker/broker.h"
#include "core/modules/moduleserver.h"
#include "tests/support/await.h"
#include "tests/support/sshdfixture.h"
#include "ui/contexts/contexttab.h"
#include "ui/contexts/contexttreemodel.h"
#include "ui/imports/importeventmodel.h"
#include "ui/imports/importfilterproxy.h"
#include "ui/imports/importspane.h"
#include "ui/logs/logmodel.h"
#include "ui/logs/logpane.h"
#include "ui/mainwindow.h"
#include "ui/settings/appsettings.h"
#include "ui/settings/preferencesdialog.h"

#include <QAction>
#include <QCheckBox>
#include <QFileInfo>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <csignal>
#include <sys/types.h>

using namespace Econtext;

namespace {

bool logContains(const LogModel *model, const QString &text)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->record(row).message.contains(text))
            return true;
    }
    return false;
}

ConnectOptions localOptions(const QString &name)
{
    ConnectOptions options;
    options.name = name;
    options.python = QStringLiteral("/usr/bin/python3");
    return options;
}

} // namespace

class TestReconnect : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void delaysDoubleUpToTheCap();
    void preferencesHaveTheSettings();
    void reconnectsAfterTheInterpreterIsKilled();
    void disconnectByTheUserIsFinal();
    void restoresTheLastSession();
    void reconnectsAChainFromTheFirstLostHop();
    void importsPaneFollowsAReconnect();

private:
    QTemporaryDir m_dir;
};

void TestReconnect::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("EcontextTest"));
    QCoreApplication::setApplicationName(QStringLiteral("econtext-reconnect-test"));
}

void TestReconnect::init()
{
    QSettings().clear();
}

void TestReconnect::delaysDoubleUpToTheCap()
{
    QCOMPARE(AppSettings::reconnectDelayMs(0), 1000);
    QCOMPARE(AppSettings::reconnectDelayMs(1), 2000);
    QCOMPARE(AppSettings::reconnectDelayMs(2), 4000);
    QCOMPARE(AppSettings::reconnectDelayMs(5), 32000);
    QCOMPARE(AppSettings::reconnectDelayMs(6), 60000);
    QCOMPARE(AppSettings::reconnectDelayMs(1000), 60000);
    QVERIFY(!AppSettings::autoReconnect());  // off by default
    QVERIFY(!AppSettings::restoreSession()); // off by default
}

void TestReconnect::preferencesHaveTheSettings()
{
    PreferencesDialog dialog;
    QVERIFY(!dialog.autoReconnectCheck()->isChecked());
    QVERIFY(!dialog.restoreSessionCheck()->isChecked());
    dialog.autoReconnectCheck()->setChecked(true);
    dialog.restoreSessionCheck()->setChecked(true);
    dialog.save();
    QVERIFY(AppSettings::autoReconnect());
    QVERIFY(AppSettings::restoreSession());
}

void TestReconnect::reconnectsAfterTheInterpreterIsKilled()
{
    if (!QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable())
        QSKIP("No /usr/bin/python3 on this machine.");
    AppSettings::setAutoReconnect(true);
    Broker broker;
    MainWindow window(&broker);
    window.show();
    Context *context = window.connectWith(localOptions(QStringLiteral("victim")));
    QVERIFY(context);
    const quint32 first = context->id();
    QString why;
    QVERIFY2(Test::waitConnected(context, &why), qPrintable(why));
    const qint64 pid = context->facts().pid;
    QVERIFY(pid > 0);
    ContextTab *tab = window.tabFor(first);
    QVERIFY(tab);

    QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
    // Lost, then back on its own in the same tab: a new context, a new interpreter.
    QTRY_VERIFY_WITH_TIMEOUT(tab->contextId() != first, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(tab->state() == ContextState::Connected, 30000);
    Context *again = tab->context();
    QVERIFY(again);
    QTRY_VERIFY(again->facts().pid > 0);
    QVERIFY(again->facts().pid != pid);
    // The log pane shows its lines in batches, on a timer: the note of the attempt made
    // just before the new context connected may still be on its way.
    QTRY_VERIFY(logContains(tab->logPane()->model(), QStringLiteral("Reconnecting in")));
    QTRY_VERIFY(logContains(tab->logPane()->model(), QStringLiteral("Reconnect attempt 1")));
    QVERIFY(window.contextModel()->indexForId(again->id()).isValid());
    QVERIFY(!window.contextModel()->indexForId(first).isValid());
    // It works: a call answers.
    QCOMPARE(Test::evalRepr(again, QStringLiteral("1 + 1")), QStringLiteral("2"));

    window.contextView()->setCurrentIndex(window.contextModel()->indexForId(again->id()));
    auto *disconnect = window.findChild<QAction *>(QStringLiteral("disconnectAction"));
    QVERIFY(disconnect && disconnect->isEnabled());
    disconnect->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(again->state() != ContextState::Connected, 15000);
    QVERIFY(!window.reconnectPending(again->id()));
}

void TestReconnect::disconnectByTheUserIsFinal()
{
    if (!QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable())
        QSKIP("No /usr/bin/python3 on this machine.");
    AppSettings::setAutoReconnect(true);
    Broker broker;
    MainWindow window(&broker);
    window.show();
    Context *context = window.connectWith(localOptions(QStringLiteral("left-alone")));
    QVERIFY(context);
    const quint32 id = context->id();
    QString why;
    QVERIFY2(Test::waitConnected(context, &why), qPrintable(why));
    window.contextView()->setCurrentIndex(window.contextModel()->indexForId(id));
    window.findChild<QAction *>(QStringLiteral("disconnectAction"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(window.tabFor(id)->state() == ContextState::Disconnected
                                     || window.tabFor(id)->state() == ContextState::Failed,
                             15000);
    QVERIFY(!window.reconnectPending(id));
    // Longer than the first delay: nothing came back.
    QTest::qWait(AppSettings::FirstReconnectDelayMs + 500);
    QCOMPARE(window.tabFor(id)->contextId(), id);
    QVERIFY(!window.reconnectPending(id));
}

void TestReconnect::restoresTheLastSession()
{
    if (!QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable())
        QSKIP("No /usr/bin/python3 on this machine.");
    AppSettings::setRestoreSession(true);
    {
        Broker broker;
        MainWindow window(&broker);
        window.show();
        ConnectOptions options = localOptions(QStringLiteral("kept"));
        options.passwordFile = m_dir.filePath(QStringLiteral("secret"));
        Context *context = window.connectWith(options);
        QString why;
        QVERIFY2(Test::waitConnected(context, &why), qPrintable(why));
        QTRY_COMPARE(window.currentSession().size(), 1);
        window.close();
    }
    const QList<SessionEntry> saved = AppSettings::lastSession();
    QCOMPARE(saved.size(), 1);
    QCOMPARE(saved.constFirst().options.name, QStringLiteral("kept"));
    QCOMPARE(saved.constFirst().options.python, QStringLiteral("/usr/bin/python3"));
    QVERIFY(saved.constFirst().options.passwordFile.isEmpty());
    // No secret reaches the settings file.
    QSettings settings;
    const QStringList keys = settings.allKeys();
    for (const QString &key : keys)
        QVERIFY2(!settings.value(key).toString().contains(QStringLiteral("secret")),
                 qPrintable(key));

    Broker broker;
    MainWindow window(&broker);
    window.show(); // restores on the first show
    QTRY_COMPARE(broker.contexts().size(), 1);
    Context *restored = broker.contexts().constFirst();
    QCOMPARE(restored->name(), QStringLiteral("kept"));
    QString why;
    QVERIFY2(Test::waitConnected(restored, &why), qPrintable(why));
    QVERIFY(window.tabFor(restored->id()));
    AppSettings::setRestoreSession(false);
}

// local -> ssh (OpenSSH's client, started by the local context) -> a local interpreter on the
// far side. The middle one is killed: Reconnect on the leaf brings back the middle first,
// then the leaf, with their names, their places in the tree and their tabs.
void TestReconnect::reconnectsAChainFromTheFirstLostHop()
{
    if (!QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable())
        QSKIP("No /usr/bin/python3 on this machine.");
    Test::SshdFixture sshd;
    if (!sshd.isRunning())
        QSKIP(qPrintable(QStringLiteral("sshd fixture not available: ") + sshd.errorString()));
    Broker broker;
    MainWindow window(&broker);
    window.show();
    ContextTreeModel *model = window.contextModel();

    Context *top = window.connectWith(localOptions(QStringLiteral("top")));
    QString why;
    QVERIFY2(Test::waitConnected(top, &why), qPrintable(why));
    ConnectOptions ssh;
    ssh.method = ConnectMethod::Ssh;
    ssh.name = QStringLiteral("middle");
    ssh.host = sshd.host();
    ssh.port = sshd.port();
    ssh.user = sshd.hasPasswordUser() ? sshd.passwordUser() : sshd.user();
    ssh.identityFile = sshd.clientKey();
    ssh.knownHostsFile = sshd.knownHostsFile();
    ssh.python = QStringLiteral("/usr/bin/python3");
    ssh.viaContextId = top->id();
    Context *middle = window.connectWith(ssh);
    QVERIFY2(Test::waitConnected(middle, &why, 60000), qPrintable(why));
    ConnectOptions inner = localOptions(QStringLiteral("leaf"));
    inner.viaContextId = middle->id();
    Context *leaf = window.connectWith(inner);
    QVERIFY2(Test::waitConnected(leaf, &why, 60000), qPrintable(why));
    ContextTab *middleTab = window.tabFor(middle->id());
    ContextTab *leafTab = window.tabFor(leaf->id());
    QVERIFY(middleTab && leafTab);
    QCOMPARE(window.tabWidget()->count(), 3);
    const auto parentOf = [model](Context *c) {
        return model->idForIndex(model->indexForId(c->id()).parent());
    };
    QCOMPARE(parentOf(leaf), middle->id());
    QCOMPARE(parentOf(middle), top->id());

    const qint64 middlePid = middle->facts().pid;
    QVERIFY(middlePid > 0);
    QCOMPARE(::kill(pid_t(middlePid), SIGKILL), 0);
    QVERIFY(Test::waitForState(middle, {ContextState::Failed, ContextState::Disconnected}));
    QVERIFY(Test::waitForState(leaf, {ContextState::Failed, ContextState::Disconnected}));
    QTRY_VERIFY(leafTab->state() == ContextState::Failed
                || leafTab->state() == ContextState::Disconnected);

    // Reconnect (F5) on the leaf.
    window.contextView()->setCurrentIndex(model->indexForId(leaf->id()));
    auto *reconnect = window.findChild<QAction *>(QStringLiteral("reconnectAction"));
    QVERIFY(reconnect && reconnect->isEnabled());
    reconnect->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(leafTab->state() == ContextState::Connected, 90000);
    Context *middleAgain = middleTab->context();
    Context *leafAgain = leafTab->context();
    QVERIFY(middleAgain && leafAgain);
    QVERIFY(middleAgain != middle && leafAgain != leaf);
    QCOMPARE(middleTab->state(), ContextState::Connected);
    // Names kept.
    QCOMPARE(middleAgain->name(), QStringLiteral("middle"));
    QCOMPARE(leafAgain->name(), QStringLiteral("leaf"));
    QCOMPARE(middleTab->contextName(), QStringLiteral("middle"));
    QCOMPARE(leafTab->contextName(), QStringLiteral("leaf"));
    // The same chain, in the same places of the tree; the old rows gave theirs up.
    QCOMPARE(leafAgain->parentId(), middleAgain->id());
    QCOMPARE(middleAgain->parentId(), top->id());
    QCOMPARE(parentOf(leafAgain), middleAgain->id());
    QCOMPARE(parentOf(middleAgain), top->id());
    QCOMPARE(model->rowCount(model->index(0, 0)), 1);
    QCOMPARE(model->contextIds().size(), 3);
    QCOMPARE(window.tabWidget()->count(), 3);
    // The top one was never touched, and the leaf answers through the new middle.
    QCOMPARE(top->state(), ContextState::Connected);
    QCOMPARE(Test::evalRepr(leafAgain, QStringLiteral("1 + 1")), QStringLiteral("2"));
    QVERIFY(Test::evalRepr(leafAgain, QStringLiteral("__import__('os').getppid()")).toLongLong()
            != middlePid);
}

// The Imports pane of a tab shows the traffic of the context now in it, before and after
// a reconnect.
void TestReconnect::importsPaneFollowsAReconnect()
{
    if (!QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable())
        QSKIP("No /usr/bin/python3 on this machine.");
    QTemporaryDir modules;
    QVERIFY(modules.isValid());
    for (const char *name : {"before_reconnect", "after_reconnect"}) {
        QFile file(modules.filePath(QString::fromLatin1(name) + QStringLiteral(".py")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("VALUE = 7\n");
    }
    Broker broker;
    broker.moduleServer().addDirectory(modules.path());
    broker.moduleServer().setReferencePython(QString());
    MainWindow window(&broker);
    window.show();
    Context *context = window.connectWith(localOptions(QStringLiteral("importer")));
    QString why;
    QVERIFY2(Test::waitConnected(context, &why), qPrintable(why));
    ContextTab *tab = window.tabFor(context->id());
    QVERIFY(tab);
    ImportsPane *pane = tab->importsPane();
    QVERIFY(pane);
    const auto shows = [pane](const QString &module) {
        const QAbstractItemModel *rows = pane->proxy();
        for (int r = 0; r < rows->rowCount(); ++r) {
            if (rows->index(r, ImportEventModel::ModuleColumn).data().toString() == module)
                return true;
        }
        return false;
    };
    QCOMPARE(Test::evalRepr(context, QStringLiteral("__import__('before_reconnect').VALUE")),
             QStringLiteral("7"));
    QTRY_VERIFY(shows(QStringLiteral("before_reconnect")));

    window.contextView()->setCurrentIndex(window.contextModel()->indexForId(context->id()));
    window.findChild<QAction *>(QStringLiteral("reconnectAction"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(tab->context() && tab->context() != context
                                     && tab->state() == ContextState::Connected,
                             30000);
    QCOMPARE(Test::evalRepr(tab->context(), QStringLiteral("__import__('after_reconnect').VALUE")),
             QStringLiteral("7"));
    QTRY_VERIFY(shows(QStringLiteral("after_reconnect")));
    // What came before stays.
    QVERIFY(shows(QStringLiteral("before_reconnect")));
}

QTEST_MAIN(TestReconnect)
#include "tst_reconnect.moc"
