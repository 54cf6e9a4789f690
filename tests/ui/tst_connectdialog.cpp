// ConnectDialog: validation as one types (the target grammar itself is tested in
// tests/connect/tst_target.cpp), conflicts between the target and the fields, sudo through a
// context, saving and editing hosts in a real INI store, "connect through" with a real
// Broker and a local context.
#include "core/broker/broker.h"
#include "core/connect/sshconfig.h"
#include "tests/support/await.h"
#include "ui/connect/connectdialog.h"
#include "ui/hosts/hoststore.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace Econtext;

namespace {

QPushButton *okButton(ConnectDialog &dialog)
{
    return dialog.buttons()->button(QDialogButtonBox::Ok);
}

} // namespace

class tst_ConnectDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void dialogValidatesAsYouType()
    {
        ConnectDialog dialog(nullptr, nullptr, nullptr);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        // Empty: OK disabled, but no red sentence yet.
        QVERIFY(!okButton(dialog)->isEnabled());
        QVERIFY(dialog.errorLabel()->isHidden());

        QTest::keyClicks(dialog.targetEdit(), QStringLiteral("user@"));
        QVERIFY(!okButton(dialog)->isEnabled());
        QVERIFY(dialog.errorLabel()->isVisible());
        QCOMPARE(dialog.errorLabel()->text(),
                 QStringLiteral("'user@' is not a valid target: the host after '@' is missing. "
                                "Examples: host, user@host:2222, ssh://user@host, [::1]:22."));

        QTest::keyClicks(dialog.targetEdit(), QStringLiteral("example.com:2222"));
        QVERIFY(okButton(dialog)->isEnabled());
        QVERIFY(dialog.errorLabel()->isHidden());

        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QTest::mouseClick(okButton(dialog), Qt::LeftButton);
        QCOMPARE(accepted.count(), 1);
        const ConnectOptions o = dialog.options();
        QCOMPARE(o.method, ConnectMethod::Ssh);
        QCOMPARE(o.user, QStringLiteral("user"));
        QCOMPARE(o.host, QStringLiteral("example.com"));
        QCOMPARE(o.port, 2222);
        QCOMPARE(o.name, QStringLiteral("example.com"));
        QCOMPARE(o.viaContextId, 0u);
        QVERIFY(o.python.isEmpty());
    }

    void fieldsAndConflicts()
    {
        ConnectDialog dialog(nullptr, nullptr, nullptr);
        dialog.targetEdit()->setText(QStringLiteral("host"));
        dialog.userEdit()->setText(QStringLiteral("alice"));
        dialog.portSpin()->setValue(2022);
        dialog.pythonCombo()->setCurrentText(QStringLiteral("/opt/py/bin/python3"));
        QVERIFY(dialog.isValid());
        ConnectOptions o = dialog.options();
        QCOMPARE(o.user, QStringLiteral("alice"));
        QCOMPARE(o.port, 2022);
        QCOMPARE(o.python, QStringLiteral("/opt/py/bin/python3")); // remote: not checked here

        dialog.pythonCombo()->setCurrentIndex(1);
        QCOMPARE(dialog.options().python, QStringLiteral("python3"));
        dialog.pythonCombo()->setCurrentIndex(0); // the default
        QVERIFY(dialog.options().python.isEmpty());

        dialog.targetEdit()->setText(QStringLiteral("bob@host"));
        QVERIFY(!dialog.isValid());
        QVERIFY(dialog.errorText().contains(QStringLiteral("“bob”")));
        QVERIFY(!okButton(dialog)->isEnabled());
        dialog.userEdit()->clear();
        QVERIFY(dialog.isValid());

        dialog.targetEdit()->setText(QStringLiteral("bob@host:22"));
        QVERIFY(!dialog.isValid());
        QVERIFY(dialog.errorText().contains(QLatin1String("port 22")));
        dialog.portSpin()->setValue(0);
        QVERIFY(dialog.isValid());

        // Identity file: must exist; a real one becomes an absolute path.
        dialog.identityEdit()->setText(m_dir.filePath(QStringLiteral("missing_key")));
        QVERIFY(!dialog.isValid());
        QVERIFY(dialog.errorText().contains(QLatin1String("does not exist")));
        const QString key = m_dir.filePath(QStringLiteral("id_test"));
        {
            QFile f(key);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("not really a key\n");
        }
        dialog.identityEdit()->setText(key);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.errorText()));
        QCOMPARE(dialog.options().identityFile, QFileInfo(key).absoluteFilePath());
    }

    void localTarget()
    {
        ConnectDialog dialog(nullptr, nullptr, nullptr);
        dialog.targetEdit()->setText(QStringLiteral("local"));
        QVERIFY(dialog.isValid());
        // Nothing ssh-specific applies on this machine.
        QVERIFY(!dialog.userEdit()->isEnabled());
        QVERIFY(!dialog.portSpin()->isEnabled());
        QVERIFY(!dialog.identityEdit()->isEnabled());
        QCOMPARE(dialog.options().method, ConnectMethod::Local);
        QCOMPARE(dialog.options().name, QStringLiteral("local"));

        dialog.pythonCombo()->setCurrentText(QStringLiteral("/nonexistent/python9"));
        QVERIFY(!dialog.isValid());
        QVERIFY(dialog.errorText().contains(QLatin1String("/nonexistent/python9")));

        const QString python = QStringLiteral("/usr/bin/python3");
        if (!QFileInfo(python).isExecutable())
            QSKIP("/usr/bin/python3 is not on this machine");
        dialog.pythonCombo()->setCurrentText(python);
        QVERIFY(dialog.isValid());
        QCOMPARE(dialog.options().python, python);

        dialog.pythonCombo()->setCurrentIndex(0);
        dialog.targetEdit()->setText(QStringLiteral("local:") + python);
        QVERIFY(dialog.isValid());
        QCOMPARE(dialog.options().python, python);
        dialog.pythonCombo()->setCurrentText(QStringLiteral("python"));
        QVERIFY(!dialog.isValid()); // two different interpreters

        dialog.targetEdit()->setText(QStringLiteral("host"));
        QVERIFY(dialog.userEdit()->isEnabled());
    }

    void saveHost()
    {
        HostStore store(m_dir.filePath(QStringLiteral("save.ini")));
        ConnectDialog dialog(nullptr, &store, nullptr);
        dialog.targetEdit()->setText(QStringLiteral("deploy@web.example.com:2200"));
        QVERIFY(!dialog.nameEdit()->isEnabled()); // until "Save" is checked
        QCOMPARE(dialog.nameEdit()->placeholderText(), QStringLiteral("web.example.com"));
        dialog.saveCheck()->setChecked(true);
        QVERIFY(dialog.nameEdit()->isEnabled());
        dialog.nameEdit()->setText(QStringLiteral("Web"));
        dialog.groupCombo()->setCurrentText(QStringLiteral("Prod"));
        dialog.tagsEdit()->setText(QStringLiteral("nginx, , front"));
        QVERIFY(dialog.isValid());
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.options().name, QStringLiteral("Web"));

        HostStore reread(m_dir.filePath(QStringLiteral("save.ini")));
        const std::optional<SavedHost> h = reread.findByName(QStringLiteral("Web"));
        QVERIFY(h);
        QCOMPARE(h->id, dialog.savedHost().id);
        QCOMPARE(h->host, QStringLiteral("web.example.com"));
        QCOMPARE(h->user, QStringLiteral("deploy"));
        QCOMPARE(h->port, 2200);
        QCOMPARE(h->group, QStringLiteral("Prod"));
        QCOMPARE(h->tags, (QStringList{QStringLiteral("nginx"), QStringLiteral("front")}));

        // A second host cannot take the same name.
        ConnectDialog second(nullptr, &store, nullptr);
        second.targetEdit()->setText(QStringLiteral("other"));
        second.saveCheck()->setChecked(true);
        second.nameEdit()->setText(QStringLiteral("web"));
        QVERIFY(!second.isValid());
        QVERIFY(second.errorText().contains(QLatin1String("already exists")));
        second.saveCheck()->setChecked(false); // connecting without saving is fine
        QVERIFY(second.isValid());

        // A saved host's name as the target resolves to it.
        ConnectDialog third(nullptr, &store, nullptr);
        third.targetEdit()->setText(QStringLiteral("web"));
        QVERIFY(third.isValid());
        QCOMPARE(third.options().host, QStringLiteral("web.example.com"));
        QCOMPARE(third.options().port, 2200);
        QCOMPARE(third.options().name, QStringLiteral("Web"));
    }

    void editHost()
    {
        HostStore store(m_dir.filePath(QStringLiteral("edit.ini")));
        SavedHost h;
        h.name = QStringLiteral("db");
        h.host = QStringLiteral("db.example.com");
        h.user = QStringLiteral("pg");
        h.group = QStringLiteral("Data");
        h.favourite = true;
        h.python = QStringLiteral("python3");
        const QString id = store.add(h);
        h.id = id;

        ConnectDialog dialog(nullptr, &store, nullptr, nullptr, ConnectDialog::Mode::EditHost);
        dialog.setSavedHost(h);
        QVERIFY(dialog.saveCheck()->isHidden());
        QVERIFY(dialog.viaCombo()->isHidden());
        QCOMPARE(dialog.targetEdit()->text(), QStringLiteral("pg@db.example.com"));
        QCOMPARE(dialog.pythonCombo()->currentText(), QStringLiteral("python3"));
        QCOMPARE(dialog.nameEdit()->text(), QStringLiteral("db"));
        QCOMPARE(dialog.groupCombo()->currentText(), QStringLiteral("Data"));
        QVERIFY(dialog.isValid()); // its own name is not a duplicate
        dialog.portSpin()->setValue(5432);
        dialog.accept();
        QCOMPARE(store.hosts().size(), 1);
        const SavedHost edited = *store.host(id);
        QCOMPARE(edited.port, 5432);
        QVERIFY(edited.favourite);
        QCOMPARE(edited.group, QStringLiteral("Data"));
    }

    void aliasFromSshConfig()
    {
        SshConfig config;
        config.setHomePath(m_dir.path());
        config.parse(QStringLiteral("Host gw\n  HostName 192.0.2.10\n  User admin\n  Port 2201\n"
                                    "  IdentityFile ~/keys/gw\n"));
        ConnectDialog dialog(nullptr, nullptr, &config);
        dialog.targetEdit()->setText(QStringLiteral("gw"));
        QVERIFY(dialog.isValid());
        QVERIFY(dialog.targetHint()->text().contains(QLatin1String("192.0.2.10")));
        QVERIFY(dialog.userEdit()->placeholderText().contains(QLatin1String("admin")));
        QVERIFY(dialog.portSpin()->specialValueText().contains(QLatin1String("2201")));
        QVERIFY(dialog.identityEdit()->placeholderText().contains(m_dir.path()));
        // The alias stays the host: the ssh transport applies the configuration itself.
        const ConnectOptions o = dialog.options();
        QCOMPARE(o.host, QStringLiteral("gw"));
        QCOMPARE(o.name, QStringLiteral("gw"));
        QVERIFY(o.user.isEmpty());
        QCOMPARE(o.port, 0);

        dialog.targetEdit()->setText(QStringLiteral("plainhost"));
        QVERIFY(dialog.targetHint()->isHidden());
        QVERIFY(!dialog.userEdit()->placeholderText().contains(QLatin1String("admin")));
    }

    // sudo is a hop: valid only through a context; the user is in its target.
    void sudoThroughAContext()
    {
        ConnectDialog dialog(nullptr, nullptr, nullptr);
        dialog.targetEdit()->setText(QStringLiteral("sudo:postgres"));
        QVERIFY(!dialog.isValid());
        QCOMPARE(dialog.errorText(),
                 QStringLiteral("sudo is started by a connected context; choose one under "
                                "Connect through."));
        dialog.addViaContext(7, QStringLiteral("gateway"));
        dialog.setViaContext(7);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.errorText()));
        QVERIFY(!dialog.userEdit()->isEnabled());
        QVERIFY(!dialog.portSpin()->isEnabled());
        const ConnectOptions o = dialog.options();
        QCOMPARE(o.method, ConnectMethod::Sudo);
        QCOMPARE(o.user, QStringLiteral("postgres"));
        QCOMPARE(o.viaContextId, 7u);
        QCOMPARE(o.name, QStringLiteral("sudo:postgres"));

        // A saved host starts from this machine: no sudo there.
        HostStore store(m_dir.filePath(QStringLiteral("sudo.ini")));
        ConnectDialog add(nullptr, &store, nullptr, nullptr, ConnectDialog::Mode::AddHost);
        add.targetEdit()->setText(QStringLiteral("sudo"));
        QVERIFY(!add.isValid());
        QVERIFY2(add.errorText().contains(QLatin1String("Connect Through")),
                 qPrintable(add.errorText()));
    }

    // An interpreter path is checked on this machine only when the context starts here.
    void localPathThroughAContext()
    {
        ConnectDialog dialog(nullptr, nullptr, nullptr);
        dialog.targetEdit()->setText(QStringLiteral("local:/nonexistent/python9"));
        QVERIFY(!dialog.isValid());
        QVERIFY(dialog.errorText().contains(QLatin1String("/nonexistent/python9")));
        dialog.addViaContext(7, QStringLiteral("gateway"));
        dialog.setViaContext(7);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.errorText()));
        QCOMPARE(dialog.options().python, QStringLiteral("/nonexistent/python9"));
    }

    void connectThrough()
    {
        ConnectDialog dialog(nullptr, nullptr, nullptr);
        QCOMPARE(dialog.viaCombo()->count(), 1);
        QCOMPARE(dialog.viaCombo()->itemData(0).toUInt(), 0u);
        dialog.addViaContext(7, QStringLiteral("gateway"));
        dialog.targetEdit()->setText(QStringLiteral("inner"));
        dialog.setViaContext(7);
        QCOMPARE(dialog.viaCombo()->currentText(), QStringLiteral("gateway"));
        QCOMPARE(dialog.options().viaContextId, 7u);
    }

    void connectThroughBrokerContexts()
    {
        if (!QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable())
            QSKIP("/usr/bin/python3 is not on this machine");
        Broker broker;
        ConnectDialog dialog(&broker, nullptr, nullptr);
        QCOMPARE(dialog.viaCombo()->count(), 1);

        ConnectOptions options;
        options.method = ConnectMethod::Local;
        options.name = QStringLiteral("gateway");
        options.python = QStringLiteral("/usr/bin/python3");
        Context *context = broker.connectContext(options);
        QString why;
        QVERIFY2(Test::waitConnected(context, &why), qPrintable(why));
        // The dialog learns of it through the broker's signals.
        QTRY_COMPARE(dialog.viaCombo()->count(), 2);
        QVERIFY(dialog.viaCombo()->itemText(1).startsWith(QLatin1String("gateway")));
        QCOMPARE(dialog.viaCombo()->itemData(1).toUInt(), context->id());
        dialog.viaCombo()->setCurrentIndex(1);
        dialog.targetEdit()->setText(QStringLiteral("local"));
        QCOMPARE(dialog.options().viaContextId, context->id());

        context->shutdown();
        QVERIFY(Test::waitForState(context, {ContextState::Disconnected, ContextState::Failed}));
        QTRY_COMPARE(dialog.viaCombo()->count(), 1);
        QCOMPARE(dialog.options().viaContextId, 0u); // it fell back to "directly"
        broker.shutdownAll();
    }
};

QTEST_MAIN(tst_ConnectDialog)
#include "tst_connectdialog.moc"
