// parseTarget (table-driven, valid and invalid targets with their messages) and
// ConnectDialog: validation as one types, conflicts between the target and the fields,
// saving and editing hosts in a real INI store, "connect through" with a real Broker and
// a local context.
#include "core/broker/broker.h"
#include "core/connect/sshconfig.h"
#include "tests/support/await.h"
#include "ui/connect/connectdialog.h"
#include "ui/connect/targetparser.h"
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
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("python");
        QTest::addColumn<QString>("name");

        QTest::newRow("local") << "local"
                               << "local"
                               << ""
                               << "" << 0 << ""
                               << "local";
        QTest::newRow("local python") << "local:/usr/bin/python3"
                                      << "local"
                                      << ""
                                      << "" << 0 << "/usr/bin/python3"
                                      << "local";
        QTest::newRow("local command") << "local:python3.11"
                                       << "local"
                                       << ""
                                       << "" << 0 << "python3.11"
                                       << "local";
        QTest::newRow("host") << "web1"
                              << "ssh"
                              << ""
                              << "web1" << 0 << ""
                              << "web1";
        QTest::newRow("spaces around") << "  web1  "
                                       << "ssh"
                                       << ""
                                       << "web1" << 0 << ""
                                       << "web1";
        QTest::newRow("user@host") << "bob@db.example.com"
                                   << "ssh"
                                   << "bob"
                                   << "db.example.com" << 0 << ""
                                   << "db.example.com";
        QTest::newRow("user@host:port") << "bob@host:2222"
                                        << "ssh"
                                        << "bob"
                                        << "host" << 2222 << ""
                                        << "host";
        QTest::newRow("ssh url") << "ssh://user@host:22"
                                 << "ssh"
                                 << "user"
                                 << "host" << 22 << ""
                                 << "host";
        QTest::newRow("ssh url slash") << "ssh://host/"
                                       << "ssh"
                                       << ""
                                       << "host" << 0 << ""
                                       << "host";
        QTest::newRow("ipv6 port") << "[::1]:22"
                                   << "ssh"
                                   << ""
                                   << "::1" << 22 << ""
                                   << "::1";
        QTest::newRow("ipv6 user") << "root@[fe80::1%eth0]"
                                   << "ssh"
                                   << "root"
                                   << "fe80::1%eth0" << 0 << ""
                                   << "fe80::1%eth0";
        QTest::newRow("bare ipv6") << "2001:db8::7"
                                   << "ssh"
                                   << ""
                                   << "2001:db8::7" << 0 << ""
                                   << "2001:db8::7";
        QTest::newRow("ipv4") << "10.0.0.1:65535"
                              << "ssh"
                              << ""
                              << "10.0.0.1" << 65535 << ""
                              << "10.0.0.1";
    }

    void parse()
    {
        QFETCH(QString, text);
        bool ok = false;
        QString error = QStringLiteral("stale");
        const ConnectOptions o = parseTarget(text, &ok, &error);
        QVERIFY2(ok, qPrintable(error));
        QVERIFY(error.isEmpty());
        QTEST(o.method, "method");
        QTEST(o.user, "user");
        QTEST(o.host, "host");
        QTEST(o.port, "port");
        QTEST(o.python, "python");
        QTEST(o.name, "name");
        // formatTarget reads back as the same options.
        bool again = false;
        const ConnectOptions round = parseTarget(formatTarget(o), &again);
        QVERIFY(again);
        QCOMPARE(round.host, o.host);
        QCOMPARE(round.user, o.user);
        QCOMPARE(round.port, o.port);
        QCOMPARE(round.python, o.python);
    }

    void parseErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("empty") << ""
                               << "Enter a target";
        QTest::newRow("blank") << "   "
                               << "Enter a target";
        QTest::newRow("user@") << "user@"
                               << "host name after “@” is missing";
        QTest::newRow("@host") << "@host"
                               << "user name before “@” is empty";
        QTest::newRow("port too big") << "host:99999"
                                      << "Port 99999 is out of range";
        QTest::newRow("port zero") << "host:0"
                                   << "Port 0 is out of range";
        QTest::newRow("port abc") << "host:abc"
                                  << "“abc” is not a port number";
        QTest::newRow("port negative") << "host:-1"
                                       << "“-1” is not a port number";
        QTest::newRow("port missing") << "host:"
                                      << "port after “:” is missing";
        QTest::newRow("local empty") << "local:"
                                     << "Python interpreter after “local:”";
        QTest::newRow("space") << "my host"
                               << "must not contain spaces";
        QTest::newRow("bad char") << "ho/st"
                                  << "“ho/st” is not a valid host name";
        QTest::newRow("unclosed") << "[::1:22"
                                  << "is not closed";
        QTest::newRow("after bracket") << "[::1]x"
                                       << "Only “:port” may follow";
        QTest::newRow("no host") << ":22"
                                 << "host name is missing";
    }

    void parseErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        bool ok = true;
        QString message;
        parseTarget(text, &ok, &message);
        QVERIFY(!ok);
        QVERIFY2(message.contains(error), qPrintable(message));
        QVERIFY(message.endsWith(QLatin1Char('.'))); // one sentence
    }

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
        QVERIFY(dialog.errorLabel()->text().contains(QLatin1String("host name")));

        QTest::keyClicks(dialog.targetEdit(), QStringLiteral("example.com:2222"));
        QVERIFY(okButton(dialog)->isEnabled());
        QVERIFY(dialog.errorLabel()->isHidden());

        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QTest::mouseClick(okButton(dialog), Qt::LeftButton);
        QCOMPARE(accepted.count(), 1);
        const ConnectOptions o = dialog.options();
        QCOMPARE(o.method, QStringLiteral("ssh"));
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
        QCOMPARE(dialog.options().method, QStringLiteral("local"));
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
        options.method = QStringLiteral("local");
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
