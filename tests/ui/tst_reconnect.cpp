// Automatic reconnect and session restore, for real: the remote interpreter is
// killed with SIGKILL and comes back with a new pid, the attempt noted in its
// log; a user's Disconnect is never undone; the delays double up to the cap;
// the contexts of one window come back in the next one, without secrets.
#include "core/broker/broker.h"
#include "tests/support/await.h"
#include "ui/contexts/contexttab.h"
#include "ui/contexts/contexttreemodel.h"
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

QTEST_MAIN(TestReconnect)
#include "tst_reconnect.moc"
