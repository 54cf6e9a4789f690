// Host list import and export: the JSON round trip gives back the same hosts, an import
// merges (added / updated / skipped) and a bad file is refused with one sentence; the
// aliases of an ssh configuration (ECONTEXT_SSH_CONFIG pointing at a temporary file) are
// saved once and not duplicated; no password, passphrase or other credential ever reaches
// the exported file or the settings file.
#include "ui/hosts/hostsmodel.h"
#include "ui/hosts/hostssidebar.h"
#include "ui/hosts/hoststore.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Econtext;

namespace {

SavedHost makeHost(const QString &name,
                   const QString &host,
                   const QString &group = QString(),
                   const QStringList &tags = {})
{
    SavedHost h;
    h.name = name;
    h.host = host;
    h.group = group;
    h.tags = tags;
    return h;
}

QList<SavedHost> withoutIds(QList<SavedHost> hosts)
{
    for (SavedHost &h : hosts)
        h.id.clear();
    return hosts;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(data) == data.size();
}

void closeOutcomeBoxes()
{
    const QList<QWidget *> widgets = QApplication::topLevelWidgets();
    for (QWidget *w : widgets) {
        if (w->objectName() == QLatin1String("HostsOutcomeBox"))
            w->close();
    }
}

} // namespace

class tst_HostsImport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // No user configuration leaks in.
        qputenv("ECONTEXT_SSH_CONFIG", QFile::encodeName(path(QStringLiteral("no-config"))));
    }

    void cleanup() { closeOutcomeBoxes(); }

    void roundTrip()
    {
        const QString ini = path(QStringLiteral("roundtrip.ini"));
        QFile::remove(ini);
        HostStore store(ini);
        SavedHost web = makeHost(QStringLiteral("web1"),
                                 QStringLiteral("web1.example.com"),
                                 QStringLiteral("Production"),
                                 {QStringLiteral("web"), QStringLiteral("eu")});
        web.user = QStringLiteral("deploy");
        web.port = 2222;
        web.identityFile = QStringLiteral("/home/me/.ssh/id_ed25519");
        web.python = QStringLiteral("/usr/bin/python3.11");
        web.favourite = true;
        store.add(web);
        store.add(makeHost(
                QStringLiteral("db"), QStringLiteral("10.0.0.5"), QStringLiteral("Production")));
        store.add(makeHost(QStringLiteral("laptop"), QStringLiteral("local")));
        store.add(makeHost(
                QStringLiteral("Ünïcødé"), QStringLiteral("[fe80::1]"), QStringLiteral("Lab ✓")));

        const QString json = path(QStringLiteral("hosts.json"));
        const Result<void> exported = store.exportToFile(json);
        QVERIFY2(exported, qPrintable(exported.errorString()));
        const QJsonObject root = QJsonDocument::fromJson(readAll(json)).object();
        QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("econtext-hosts"));
        QCOMPARE(root.value(QStringLiteral("version")).toInt(), HostStore::JsonFormatVersion);

        const QString ini2 = path(QStringLiteral("roundtrip2.ini"));
        QFile::remove(ini2);
        HostStore other(ini2);
        QSignalSpy reset(&other, &HostStore::hostsReset);
        const Result<HostImportSummary> imported = other.importFromFile(json);
        QVERIFY2(imported, qPrintable(imported.errorString()));
        QCOMPARE(imported->added, 4);
        QCOMPARE(imported->updated, 0);
        QCOMPARE(imported->skipped, 0);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(withoutIds(other.hosts()), withoutIds(store.hosts()));

        // It was written through: a new store on the same file reads the same hosts.
        HostStore reread(ini2);
        QCOMPARE(withoutIds(reread.hosts()), withoutIds(store.hosts()));

        // Importing the same file again changes nothing.
        const Result<HostImportSummary> again = other.importFromFile(json);
        QVERIFY(again);
        QCOMPARE(again->added, 0);
        QCOMPARE(again->updated, 0);
        QCOMPARE(again->skipped, 4);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(again->text(), QStringLiteral("0 added, 0 updated, 4 skipped."));
    }

    void mergeCounts()
    {
        const QString ini = path(QStringLiteral("merge.ini"));
        QFile::remove(ini);
        HostStore store(ini);
        store.add(makeHost(QStringLiteral("keep"), QStringLiteral("keep.example.com")));
        store.add(makeHost(QStringLiteral("change"), QStringLiteral("old.example.com")));
        const QByteArray json = R"({
            "format": "econtext-hosts", "version": 1,
            "hosts": [
                {"name": "keep", "host": "keep.example.com"},
                {"name": "CHANGE", "host": "new.example.com", "tags": ["x", "x", " "]},
                {"name": "fresh", "host": "fresh.example.com", "group": " G ", "favourite": true},
                {"name": "no host"},
                "not an object",
                {"name": "badport", "host": "h", "port": 70000}
            ]})";
        const Result<HostImportSummary> r = store.importJson(json);
        QVERIFY2(r, qPrintable(r.errorString()));
        QCOMPARE(r->added, 1);
        QCOMPARE(r->updated, 1);
        QCOMPARE(r->skipped, 4);
        QCOMPARE(store.hosts().size(), 3);
        const std::optional<SavedHost> changed = store.findByName(QStringLiteral("change"));
        QVERIFY(changed);
        QCOMPARE(changed->host, QStringLiteral("new.example.com"));
        QCOMPARE(changed->tags, QStringList{QStringLiteral("x")});
        const std::optional<SavedHost> fresh = store.findByName(QStringLiteral("fresh"));
        QVERIFY(fresh);
        QCOMPARE(fresh->group, QStringLiteral("G"));
        QVERIFY(fresh->favourite);
    }

    void badFiles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("needle");
        QTest::newRow("not json") << QByteArray("hello, world") << QStringLiteral("not valid JSON");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("not valid JSON");
        QTest::newRow("array") << QByteArray("[1, 2]")
                               << QStringLiteral("not an Econtext host list");
        QTest::newRow("other format")
                << QByteArray(R"({"format": "something", "version": 1, "hosts": []})")
                << QStringLiteral("not an Econtext host list");
        QTest::newRow("newer version")
                << QByteArray(R"({"format": "econtext-hosts", "version": 99, "hosts": []})")
                << QStringLiteral("format version 99");
        QTest::newRow("no version") << QByteArray(R"({"format": "econtext-hosts", "hosts": []})")
                                    << QStringLiteral("no valid format version");
        QTest::newRow("no hosts") << QByteArray(
                R"({"format": "econtext-hosts", "version": 1, "hosts": {}})")
                                  << QStringLiteral("no \"hosts\" array");
    }

    void badFiles()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, needle);
        const QString ini = path(QStringLiteral("bad.ini"));
        QFile::remove(ini);
        HostStore store(ini);
        store.add(makeHost(QStringLiteral("one"), QStringLiteral("one.example.com")));
        const QString file = path(QStringLiteral("bad.json"));
        QVERIFY(writeFile(file, content));
        const Result<HostImportSummary> r = store.importFromFile(file);
        QVERIFY(!r);
        const QString message = r.errorString();
        qInfo("%s", qPrintable(message));
        QVERIFY2(message.contains(needle), qPrintable(message));
        QVERIFY(message.contains(QLatin1String("bad.json")));
        // One sentence: ends with a full stop, one line.
        QVERIFY(message.endsWith(QLatin1Char('.')));
        QVERIFY(!message.contains(QLatin1Char('\n')));
        QCOMPARE(store.hosts().size(), 1);

        const Result<HostImportSummary> missing
                = store.importFromFile(path(QStringLiteral("does-not-exist.json")));
        QVERIFY(!missing);
        QVERIFY(missing.errorString().contains(QLatin1String("does-not-exist.json")));
    }

    void sidebarReportsImport()
    {
        const QString ini = path(QStringLiteral("sidebar.ini"));
        QFile::remove(ini);
        HostStore store(ini);
        HostsSidebar sidebar(&store);
        QSignalSpy imported(&sidebar, &HostsSidebar::importFinished);
        QSignalSpy exported(&sidebar, &HostsSidebar::exportFinished);

        const QString bad = path(QStringLiteral("sidebar-bad.json"));
        QVERIFY(writeFile(bad, "{"));
        sidebar.importHosts(bad);
        QCOMPARE(imported.count(), 1);
        QCOMPARE(imported.at(0).at(0).toBool(), false);
        QTRY_VERIFY(QApplication::activeModalWidget()
                    || !QApplication::topLevelWidgets().isEmpty());

        store.add(makeHost(QStringLiteral("a"), QStringLiteral("a.example.com")));
        const QString good = path(QStringLiteral("sidebar.json"));
        sidebar.exportHosts(good);
        QCOMPARE(exported.count(), 1);
        QVERIFY(exported.at(0).at(0).toBool());
        QVERIFY(QFile::exists(good));
        store.remove(store.hosts().first().id);
        sidebar.importHosts(good);
        QCOMPARE(imported.count(), 2);
        QVERIFY(imported.at(1).at(0).toBool());
        QVERIFY(imported.at(1).at(1).toString().contains(QLatin1String("1 added")));
        QCOMPARE(store.hosts().size(), 1);
    }

    void sshConfigImport()
    {
        const QString config = path(QStringLiteral("ssh_config"));
        QVERIFY(writeFile(config,
                          "Host web1 web2\n"
                          "    HostName %h.example.com\n"
                          "    User deploy\n"
                          "Host db\n"
                          "    HostName 10.0.0.5\n"
                          "    Port 2200\n"
                          "Host *.internal !bastion\n"
                          "    User ops\n"
                          "Host *\n"
                          "    ServerAliveInterval 30\n"));
        qputenv("ECONTEXT_SSH_CONFIG", QFile::encodeName(config));
        const QString ini = path(QStringLiteral("sshimport.ini"));
        QFile::remove(ini);
        HostStore store(ini);
        // Already saved under its alias: not imported twice.
        store.add(makeHost(QStringLiteral("my db"), QStringLiteral("db")));

        HostsSidebar sidebar(&store);
        QAbstractItemModelTester tester(sidebar.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(sidebar.model()->sshConfig().aliases().contains(QStringLiteral("web1")));
        // The config group lists what is not saved yet.
        QVERIFY(sidebar.model()->indexForAlias(QStringLiteral("web1")).isValid());
        QVERIFY(!sidebar.model()->indexForAlias(QStringLiteral("db")).isValid());

        QSignalSpy imported(&sidebar, &HostsSidebar::importFinished);
        const HostImportSummary first = sidebar.importSshConfigHosts();
        QCOMPARE(first.added, 2);   // web1, web2
        QCOMPARE(first.skipped, 1); // db
        QCOMPARE(imported.count(), 1);
        QVERIFY(imported.at(0).at(1).toString().contains(QLatin1String("2 added")));
        QCOMPARE(store.hosts().size(), 3);
        const std::optional<SavedHost> web1 = store.findByName(QStringLiteral("web1"));
        QVERIFY(web1);
        QCOMPARE(web1->host, QStringLiteral("web1"));
        QVERIFY(web1->tags.contains(QStringLiteral("ssh-config")));
        // The alias is the target: the ssh transport applies HostName and User itself.
        const ConnectOptions options = web1->toConnectOptions();
        QCOMPARE(options.method, ConnectMethod::Ssh);
        QCOMPARE(options.host, QStringLiteral("web1"));
        // Now shown once, among the saved hosts; the config group is gone.
        QVERIFY(sidebar.model()->indexForHostId(web1->id).isValid());
        QVERIFY(!sidebar.model()->indexForAlias(QStringLiteral("web1")).isValid());
        bool configGroup = false;
        for (int r = 0; r < sidebar.model()->rowCount(); ++r) {
            if (sidebar.model()->index(r, 0).data().toString() == HostsModel::sshConfigTitle())
                configGroup = true;
        }
        QVERIFY(!configGroup);

        // Again: nothing new.
        const HostImportSummary second = sidebar.importSshConfigHosts();
        QCOMPARE(second.added, 0);
        QCOMPARE(second.skipped, 3);
        QCOMPARE(store.hosts().size(), 3);
        qputenv("ECONTEXT_SSH_CONFIG", QFile::encodeName(path(QStringLiteral("no-config"))));
    }

    void noCredentialsStored()
    {
        const QString ini = path(QStringLiteral("secrets.ini"));
        QFile::remove(ini);
        HostStore store(ini);
        // Options carrying credentials-related settings as the Connect dialog could give them.
        ConnectOptions options;
        options.method = ConnectMethod::Ssh;
        options.host = QStringLiteral("vault.example.com");
        options.user = QStringLiteral("alice");
        options.passwordFile = path(QStringLiteral("password-file-hunter2"));
        options.identityFile = QStringLiteral("/home/alice/.ssh/id_ed25519");
        SavedHost h = SavedHost::fromConnectOptions(options);
        h.name = QStringLiteral("vault");
        store.add(h);
        // A hand-written list with credentials: they are not taken in.
        const QByteArray json = R"({"format": "econtext-hosts", "version": 1, "hosts": [
            {"name": "leaky", "host": "leaky.example.com", "password": "hunter2",
             "passphrase": "hunter2", "passwordFile": "/tmp/hunter2", "secret": "hunter2"}]})";
        const Result<HostImportSummary> r = store.importJson(json);
        QVERIFY(r);
        QCOMPARE(r->added, 1);

        const QString exported = path(QStringLiteral("secrets.json"));
        QVERIFY(store.exportToFile(exported));
        for (const QString &file : {exported, ini}) {
            const QByteArray data = readAll(file).toLower();
            QVERIFY2(!data.isEmpty(), qPrintable(file));
            QVERIFY2(data.contains("vault.example.com"), qPrintable(file));
            QVERIFY2(data.contains("leaky.example.com"), qPrintable(file));
            for (const char *word : {"password", "passphrase", "secret", "hunter2"})
                QVERIFY2(!data.contains(word),
                         qPrintable(file + QLatin1String(": ") + QLatin1String(word)));
        }
    }
};

QTEST_MAIN(tst_HostsImport)
#include "tst_hostsimport.moc"
