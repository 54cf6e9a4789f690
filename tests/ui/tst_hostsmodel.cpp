// HostsModel, HostStore and HostsSidebar: groups and favourites from a real INI store,
// aliases from a real ~/.ssh/config in a temporary home, QAbstractItemModelTester on the
// model and the filter proxy through adds, edits and removals, the search-as-you-type
// filter, and connecting by double-click, Return and the context menu.
#include "core/connect/target.h"
#include "ui/hosts/hostsmodel.h"
#include "ui/hosts/hostssidebar.h"
#include "ui/hosts/hoststore.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace Econtext;

namespace {

SavedHost makeHost(const QString &name,
                   const QString &host,
                   const QString &group,
                   bool favourite = false,
                   const QStringList &tags = {})
{
    SavedHost h;
    h.name = name;
    h.host = host;
    h.group = group;
    h.favourite = favourite;
    h.tags = tags;
    return h;
}

QStringList childNames(const QAbstractItemModel *model, const QModelIndex &parent)
{
    QStringList names;
    for (int r = 0; r < model->rowCount(parent); ++r)
        names << model->index(r, 0, parent).data().toString();
    return names;
}

QModelIndex findGroup(const QAbstractItemModel *model, const QString &title)
{
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, 0).data().toString() == title)
            return model->index(r, 0);
    }
    return {};
}

QAction *findAction(QMenu *menu, const QString &text)
{
    const QList<QAction *> actions = menu->actions();
    for (QAction *a : actions) {
        if (a->text() == text)
            return a;
    }
    return nullptr;
}

} // namespace

class tst_HostsModel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_home;
    QString m_ini;

    void writeConfig(const QByteArray &content)
    {
        QFile f(m_home + QLatin1String("/.ssh/config"));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content);
    }

    void fillStore(HostStore &store)
    {
        SavedHost web1 = makeHost(QStringLiteral("web1"),
                                  QStringLiteral("web1.example.com"),
                                  QStringLiteral("Production"),
                                  true,
                                  {QStringLiteral("nginx")});
        web1.user = QStringLiteral("deploy");
        web1.port = 2222;
        web1.identityFile = QStringLiteral("/keys/id_web");
        web1.python = QStringLiteral("/usr/bin/python3");
        store.add(web1);
        store.add(makeHost(QStringLiteral("web2"),
                           QStringLiteral("web2.example.com"),
                           QStringLiteral("Production")));
        store.add(makeHost(QStringLiteral("db"),
                           QStringLiteral("db.example.com"),
                           QStringLiteral("Production"),
                           false,
                           {QStringLiteral("postgres")}));
        store.add(makeHost(QStringLiteral("stage"),
                           QStringLiteral("stage.example.com"),
                           QStringLiteral("Staging")));
        store.add(makeHost(QStringLiteral("laptop"), QStringLiteral("local"), QString()));
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        const QString base = m_dir.path() + QLatin1Char('/')
                             + QString::fromLatin1(QTest::currentTestFunction());
        m_home = base + QLatin1String("/home");
        m_ini = base + QLatin1String("/hosts.ini");
        QVERIFY(QDir().mkpath(m_home + QLatin1String("/.ssh")));
        QFile::remove(m_ini); // data rows share the function's directory
        writeConfig("Host alpha\n"
                    "  HostName alpha.example.org\n"
                    "  User root\n"
                    "  Port 2200\n"
                    "Host beta *.wild !neg\n"
                    "  User bob\n");
    }

    void storePersistsWithoutSecrets()
    {
        {
            HostStore store(m_ini);
            fillStore(store);
            QCOMPARE(store.hosts().size(), 5);
            QCOMPARE(store.groups(),
                     (QStringList{QStringLiteral("Production"), QStringLiteral("Staging")}));
        }
        HostStore reread(m_ini);
        QCOMPARE(reread.hosts().size(), 5);
        const std::optional<SavedHost> web1 = reread.findByName(QStringLiteral("WEB1"));
        QVERIFY(web1);
        QCOMPARE(web1->user, QStringLiteral("deploy"));
        QCOMPARE(web1->port, 2222);
        QCOMPARE(web1->identityFile, QStringLiteral("/keys/id_web"));
        QCOMPARE(web1->python, QStringLiteral("/usr/bin/python3"));
        QVERIFY(web1->favourite);
        QCOMPARE(web1->tags, QStringList{QStringLiteral("nginx")});

        QFile f(m_ini);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray content = f.readAll().toLower();
        QVERIFY(!content.contains("password"));
        QVERIFY(!content.contains("passphrase"));

        QVERIFY(reread.remove(web1->id));
        QVERIFY(!reread.remove(web1->id));
        QCOMPARE(HostStore(m_ini).hosts().size(), 4);
    }

    // A saved host's "host" field is read with the target grammar; files of earlier versions
    // (a plain host, an alias the grammar refuses, "local") read as they always did.
    void savedHostReadsItsTarget_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("user");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("python");
        QTest::addColumn<QString>("target"); // formatTarget() of the options
        QTest::addColumn<QString>("wantPython");
        QTest::newRow("local") << "local"
                               << "" << 0 << ""
                               << "local"
                               << "";
        QTest::newRow("empty host") << ""
                                    << "" << 0 << ""
                                    << "local"
                                    << "";
        QTest::newRow("local python field") << "local"
                                            << "" << 0 << "/usr/bin/python3"
                                            << "local:/usr/bin/python3"
                                            << "/usr/bin/python3";
        QTest::newRow("plain host") << "web1"
                                    << "deploy" << 2222 << ""
                                    << "deploy@web1:2222"
                                    << "";
        QTest::newRow("ipv6") << "::1"
                              << "" << 2222 << ""
                              << "[::1]:2222"
                              << "";
        QTest::newRow("alias the grammar refuses") << "web+1"
                                                   << "" << 0 << ""
                                                   << "web+1"
                                                   << "";
        QTest::newRow("target in the host field") << "deploy@db:2200"
                                                  << "" << 0 << ""
                                                  << "deploy@db:2200"
                                                  << "";
        QTest::newRow("fields win") << "deploy@db:2200"
                                    << "admin" << 22 << "python3"
                                    << "admin@db:22"
                                    << "python3";
        QTest::newRow("local python in host") << "local:/usr/bin/python2"
                                              << "" << 0 << ""
                                              << "local:/usr/bin/python2"
                                              << "/usr/bin/python2";
        QTest::newRow("python field wins") << "local:/usr/bin/python2"
                                           << "" << 0 << "/usr/bin/python3"
                                           << "local:/usr/bin/python3"
                                           << "/usr/bin/python3";
        QTest::newRow("host called local") << "ssh://local"
                                           << "" << 0 << ""
                                           << "ssh://local"
                                           << "";
        QTest::newRow("sudo") << "sudo:postgres"
                              << "" << 0 << ""
                              << "sudo:postgres"
                              << "";
    }

    void savedHostReadsItsTarget()
    {
        QFETCH(QString, host);
        QFETCH(QString, user);
        QFETCH(int, port);
        QFETCH(QString, python);
        QFETCH(QString, target);
        QFETCH(QString, wantPython);
        {
            // Written the way every version writes a host.
            QSettings ini(m_ini, QSettings::IniFormat);
            ini.beginGroup(QStringLiteral("SavedHosts/h1"));
            ini.setValue(QStringLiteral("name"), QStringLiteral("saved"));
            ini.setValue(QStringLiteral("host"), host);
            if (!user.isEmpty())
                ini.setValue(QStringLiteral("user"), user);
            if (port > 0)
                ini.setValue(QStringLiteral("port"), port);
            if (!python.isEmpty())
                ini.setValue(QStringLiteral("python"), python);
        }
        const std::optional<SavedHost> saved = HostStore(m_ini).findByName(QStringLiteral("saved"));
        QVERIFY(saved);
        const ConnectOptions options = saved->toConnectOptions();
        QCOMPARE(formatTarget(options), target);
        QCOMPARE(options.python, wantPython);
        QCOMPARE(options.name, QStringLiteral("saved"));
        // Saved again from its options, it reads back as the same target.
        const SavedHost again = SavedHost::fromConnectOptions(options);
        QCOMPARE(formatTarget(again.toConnectOptions()), target);
    }

    void groupsAndAliases()
    {
        HostStore store(m_ini);
        fillStore(store);
        HostsModel model(&store);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSshConfigHome(m_home);

        QCOMPARE(childNames(&model, {}),
                 (QStringList{QStringLiteral("Production"),
                              QStringLiteral("Staging"),
                              HostsModel::ungroupedTitle(),
                              HostsModel::sshConfigTitle()}));
        const QModelIndex production = findGroup(&model, QStringLiteral("Production"));
        // Favourites first, then by name.
        QCOMPARE(childNames(&model, production),
                 (QStringList{
                         QStringLiteral("web1"), QStringLiteral("db"), QStringLiteral("web2")}));
        const QModelIndex web1 = model.index(0, 0, production);
        QVERIFY(web1.data(HostsModel::FavouriteRole).toBool());
        QVERIFY(!web1.data(Qt::DecorationRole).value<QIcon>().isNull());
        QCOMPARE(web1.data(HostsModel::ItemTypeRole).toInt(), int(HostsModel::ItemType::SavedHost));
        QCOMPARE(web1.data(HostsModel::TargetRole).toString(),
                 QStringLiteral("deploy@web1.example.com:2222"));
        QVERIFY(!model.index(1, 0, production).data(HostsModel::FavouriteRole).toBool());

        const ConnectOptions o = web1.data(HostsModel::ConnectOptionsRole).value<ConnectOptions>();
        QCOMPARE(o.method, ConnectMethod::Ssh);
        QCOMPARE(o.name, QStringLiteral("web1"));
        QCOMPARE(o.host, QStringLiteral("web1.example.com"));
        QCOMPARE(o.user, QStringLiteral("deploy"));
        QCOMPARE(o.port, 2222);
        QCOMPARE(o.identityFile, QStringLiteral("/keys/id_web"));
        QCOMPARE(o.python, QStringLiteral("/usr/bin/python3"));

        const QModelIndex ungrouped = findGroup(&model, HostsModel::ungroupedTitle());
        QCOMPARE(childNames(&model, ungrouped), QStringList{QStringLiteral("laptop")});
        QCOMPARE(model.connectOptions(model.index(0, 0, ungrouped)).method, ConnectMethod::Local);

        const QModelIndex config = findGroup(&model, HostsModel::sshConfigTitle());
        QCOMPARE(childNames(&model, config),
                 (QStringList{QStringLiteral("alpha"), QStringLiteral("beta")}));
        const QModelIndex alpha = model.index(0, 0, config);
        QCOMPARE(model.itemType(alpha), HostsModel::ItemType::ConfigHost);
        QCOMPARE(alpha.data(HostsModel::AliasRole).toString(), QStringLiteral("alpha"));
        QVERIFY(alpha.data(Qt::ToolTipRole)
                        .toString()
                        .contains(QLatin1String("alpha.example.org")));
        const ConnectOptions a = model.connectOptions(alpha);
        QCOMPARE(a.method, ConnectMethod::Ssh);
        QCOMPARE(a.host, QStringLiteral("alpha")); // the alias: the transport applies the config
        QCOMPARE(a.name, QStringLiteral("alpha"));
        QCOMPARE(a.user, QStringLiteral("root"));
        QCOMPARE(a.port, 2200);
        QCOMPARE(model.indexForAlias(QStringLiteral("beta")).row(), 1);

        // Groups are not selectable and have no options.
        QVERIFY(!(model.flags(production) & Qt::ItemIsSelectable));
        QCOMPARE(model.connectOptions(production).host, QString());
    }

    void followsTheStore()
    {
        HostStore store(m_ini);
        HostsModel model(&store);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSshConfigHome(m_home + QLatin1String("/nowhere")); // no config at all
        QCOMPARE(model.rowCount(), 0);

        const QString id
                = store.add(makeHost(QStringLiteral("one"), QStringLiteral("h1"), QString()));
        QCOMPARE(childNames(&model, {}), QStringList{HostsModel::ungroupedTitle()});

        std::optional<SavedHost> h = store.host(id);
        QVERIFY(h);
        h->group = QStringLiteral("Moved");
        QVERIFY(store.update(*h));
        QCOMPARE(childNames(&model, {}), QStringList{QStringLiteral("Moved")});
        QVERIFY(model.indexForHostId(id).isValid());

        QVERIFY(store.setFavourite(id, true));
        QVERIFY(model.indexForHostId(id).data(HostsModel::FavouriteRole).toBool());

        QVERIFY(store.remove(id));
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.indexForHostId(id).isValid());
    }

    void configReloadsWhenEdited()
    {
        HostStore store(m_ini);
        HostsSidebar sidebar(&store);
        sidebar.model()->setSshConfigHome(m_home);
        sidebar.reloadSshConfig(); // watches the temporary home from now on
        const QModelIndex config = findGroup(sidebar.model(), HostsModel::sshConfigTitle());
        QCOMPARE(sidebar.model()->rowCount(config), 2);

        writeConfig("Host alpha gamma delta\n");
        QTRY_COMPARE(childNames(sidebar.model(),
                                findGroup(sidebar.model(), HostsModel::sshConfigTitle())),
                     (QStringList{QStringLiteral("alpha"),
                                  QStringLiteral("gamma"),
                                  QStringLiteral("delta")}));
    }

    void filter_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("groups");
        QTest::addColumn<QStringList>("firstGroupHosts");
        const QStringList none;
        QTest::newRow("empty") << QString()
                               << QStringList{QStringLiteral("Production"),
                                              QStringLiteral("Staging"),
                                              HostsModel::ungroupedTitle(),
                                              HostsModel::sshConfigTitle()}
                               << QStringList{QStringLiteral("web1"),
                                              QStringLiteral("db"),
                                              QStringLiteral("web2")};
        QTest::newRow("name") << QStringLiteral("web") << QStringList{QStringLiteral("Production")}
                              << QStringList{QStringLiteral("web1"), QStringLiteral("web2")};
        QTest::newRow("case and words")
                << QStringLiteral("  PROD   web2 ") << QStringList{QStringLiteral("Production")}
                << QStringList{QStringLiteral("web2")};
        QTest::newRow("tag") << QStringLiteral("postgres")
                             << QStringList{QStringLiteral("Production")}
                             << QStringList{QStringLiteral("db")};
        QTest::newRow("host name")
                << QStringLiteral("stage.example") << QStringList{QStringLiteral("Staging")}
                << QStringList{QStringLiteral("stage")};
        QTest::newRow("config alias")
                << QStringLiteral("alpha.example.org") << QStringList{HostsModel::sshConfigTitle()}
                << QStringList{QStringLiteral("alpha")};
        QTest::newRow("config user")
                << QStringLiteral("bob") << QStringList{HostsModel::sshConfigTitle()}
                << QStringList{QStringLiteral("beta")};
        QTest::newRow("nothing") << QStringLiteral("zzz") << none << none;
    }

    void filter()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, groups);
        QFETCH(QStringList, firstGroupHosts);

        HostStore store(m_ini);
        fillStore(store);
        HostsSidebar sidebar(&store);
        sidebar.model()->setSshConfigHome(m_home);
        QAbstractItemModelTester tester(sidebar.proxyModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        sidebar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&sidebar));

        QTest::keyClicks(sidebar.filterEdit(), text);
        const QAbstractItemModel *proxy = sidebar.proxyModel();
        QCOMPARE(childNames(proxy, {}), groups);
        if (!groups.isEmpty()) {
            QCOMPARE(childNames(proxy, proxy->index(0, 0)), firstGroupHosts);
            // While filtering, every group is open.
            QVERIFY(sidebar.view()->isExpanded(proxy->index(0, 0)));
        }

        // Edits keep the filter working.
        store.add(makeHost(
                QStringLiteral("web3"), QStringLiteral("w3"), QStringLiteral("Production")));
        if (text == QLatin1String("web"))
            QCOMPARE(proxy->rowCount(proxy->index(0, 0)), 3);

        sidebar.filterEdit()->clear();
        QCOMPARE(proxy->rowCount(), 4);
    }

    void favouritesOnlyAndFolderSearch()
    {
        HostStore store(m_ini);
        fillStore(store);
        HostsSidebar sidebar(&store);
        sidebar.model()->setSshConfigHome(m_home);
        QAbstractItemModelTester tester(sidebar.proxyModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QAbstractItemModel *proxy = sidebar.proxyModel();
        // The folder name matches its hosts.
        sidebar.setFilterText(QStringLiteral("staging"));
        QCOMPARE(childNames(proxy, {}), QStringList{QStringLiteral("Staging")});
        sidebar.setFilterText(QString());

        const std::optional<SavedHost> web2 = store.findByName(QStringLiteral("web2"));
        QVERIFY(web2);
        store.setFavourite(web2->id, true);
        QTest::mouseClick(sidebar.favouritesButton(), Qt::LeftButton);
        QVERIFY(sidebar.favouritesButton()->isChecked());
        QCOMPARE(childNames(proxy, {}), QStringList{QStringLiteral("Production")});
        QCOMPARE(childNames(proxy, proxy->index(0, 0)),
                 (QStringList{QStringLiteral("web1"), QStringLiteral("web2")}));
        // Combined with words: both must hold.
        sidebar.setFilterText(QStringLiteral("db"));
        QCOMPARE(proxy->rowCount(), 0);
        sidebar.setFilterText(QStringLiteral("nginx"));
        QCOMPARE(childNames(proxy, proxy->index(0, 0)), QStringList{QStringLiteral("web1")});
        sidebar.setFilterText(QString());
        sidebar.setFavouritesOnly(false);
        QVERIFY(!sidebar.favouritesButton()->isChecked());
        QCOMPARE(proxy->rowCount(), 4);

        QCOMPARE(store.tags(), (QStringList{QStringLiteral("nginx"), QStringLiteral("postgres")}));
        QCOMPARE(store.hostsWithTag(QStringLiteral("POSTGRES")).size(), 1);
        QCOMPARE(store.hostsInGroup(QStringLiteral("Production")).size(), 3);
        QCOMPARE(store.favourites().size(), 2);
    }

    void doubleClickAndReturnConnect()
    {
        HostStore store(m_ini);
        fillStore(store);
        HostsSidebar sidebar(&store);
        sidebar.model()->setSshConfigHome(m_home);
        sidebar.resize(300, 500);
        sidebar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&sidebar));
        QSignalSpy spy(&sidebar, &HostsSidebar::connectRequested);

        QTreeView *view = sidebar.view();
        const QAbstractItemModel *proxy = sidebar.proxyModel();
        const QModelIndex production = proxy->index(0, 0);
        const QModelIndex web1 = proxy->index(0, 0, production);
        const QPoint pos = view->visualRect(web1).center();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, pos);
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, pos);
        QCOMPARE(spy.count(), 1);
        const ConnectOptions o = spy.at(0).at(0).value<ConnectOptions>();
        QCOMPARE(o.host, QStringLiteral("web1.example.com"));
        QCOMPARE(o.port, 2222);

        // Double-click on a group connects nothing.
        QTest::mouseDClick(
                view->viewport(), Qt::LeftButton, {}, view->visualRect(production).center());
        QCOMPARE(spy.count(), 1);

        // Return on a config alias.
        const QModelIndex config = findGroup(proxy, HostsModel::sshConfigTitle());
        view->setCurrentIndex(proxy->index(1, 0, config));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Return);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).value<ConnectOptions>().host, QStringLiteral("beta"));

        // Return in the search field connects the first match.
        sidebar.setFilterText(QStringLiteral("laptop"));
        QTest::keyClick(sidebar.filterEdit(), Qt::Key_Return);
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.at(2).at(0).value<ConnectOptions>().method, ConnectMethod::Local);
    }

    void contextMenu()
    {
        HostStore store(m_ini);
        fillStore(store);
        HostsSidebar sidebar(&store);
        sidebar.model()->setSshConfigHome(m_home);
        QSignalSpy spy(&sidebar, &HostsSidebar::connectRequested);
        const QAbstractItemModel *proxy = sidebar.proxyModel();
        const QModelIndex production = proxy->index(0, 0);
        const QModelIndex db = proxy->index(1, 0, production);
        QCOMPARE(db.data().toString(), QStringLiteral("db"));

        std::unique_ptr<QMenu> menu(sidebar.createContextMenu(db, nullptr));
        for (const QString &text : {QStringLiteral("&Connect"),
                                    QStringLiteral("&Edit…"),
                                    QStringLiteral("&Remove"),
                                    QStringLiteral("&Add Host…"),
                                    QStringLiteral("&Favourite")}) {
            QVERIFY2(findAction(menu.get(), text), qPrintable(text));
        }
        QAction *favourite = findAction(menu.get(), QStringLiteral("&Favourite"));
        QVERIFY(favourite->isCheckable());
        QVERIFY(!favourite->isChecked());
        favourite->trigger();
        QVERIFY(store.findByName(QStringLiteral("db"))->favourite);
        // Now a favourite, db comes first in its group.
        QCOMPARE(proxy->index(0, 0, proxy->index(0, 0)).data().toString(), QStringLiteral("db"));

        std::unique_ptr<QMenu> again(
                sidebar.createContextMenu(proxy->index(0, 0, proxy->index(0, 0)), nullptr));
        findAction(again.get(), QStringLiteral("&Connect"))->trigger();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<ConnectOptions>().host, QStringLiteral("db.example.com"));

        // A config alias can be saved, not edited or removed.
        const QModelIndex config = findGroup(proxy, HostsModel::sshConfigTitle());
        std::unique_ptr<QMenu> aliasMenu(
                sidebar.createContextMenu(proxy->index(0, 0, config), nullptr));
        QVERIFY(findAction(aliasMenu.get(), QStringLiteral("&Save as Host…")));
        QVERIFY(!findAction(aliasMenu.get(), QStringLiteral("&Edit…")));
        QVERIFY(!findAction(aliasMenu.get(), QStringLiteral("&Remove")));

        // On empty space: only adding and reloading.
        std::unique_ptr<QMenu> emptyMenu(sidebar.createContextMenu({}, nullptr));
        QVERIFY(findAction(emptyMenu.get(), QStringLiteral("&Add Host…")));
        QVERIFY(!findAction(emptyMenu.get(), QStringLiteral("&Connect")));
    }

    void removeAsksFirst()
    {
        HostStore store(m_ini);
        fillStore(store);
        HostsSidebar sidebar(&store);
        sidebar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&sidebar));
        const QModelIndex stage = sidebar.proxyModel()->index(
                0, 0, findGroup(sidebar.proxyModel(), QStringLiteral("Staging")));
        QCOMPARE(stage.data().toString(), QStringLiteral("stage"));
        sidebar.removeHost(stage);
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = sidebar.window()->findChild<QMessageBox *>()) && box->isVisible());
        QVERIFY(store.findByName(QStringLiteral("stage"))); // still there while asking
        box->button(QMessageBox::Yes)->click();
        QTRY_VERIFY(!store.findByName(QStringLiteral("stage")));
        QVERIFY(!findGroup(sidebar.proxyModel(), QStringLiteral("Staging")).isValid());
    }

    void resetKeepsFoldedGroupsAndSelection()
    {
        HostStore store(m_ini);
        fillStore(store);
        HostsSidebar sidebar(&store);
        sidebar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&sidebar));
        QTreeView *view = sidebar.view();
        const QAbstractItemModel *proxy = sidebar.proxyModel();
        view->collapse(findGroup(proxy, QStringLiteral("Staging")));
        const QModelIndex web2 = proxy->index(2, 0, findGroup(proxy, QStringLiteral("Production")));
        QCOMPARE(web2.data().toString(), QStringLiteral("web2"));
        view->setCurrentIndex(web2);

        store.add(
                makeHost(QStringLiteral("aaa"), QStringLiteral("a"), QStringLiteral("Production")));
        QVERIFY(!view->isExpanded(findGroup(proxy, QStringLiteral("Staging"))));
        QVERIFY(view->isExpanded(findGroup(proxy, QStringLiteral("Production"))));
        QCOMPARE(view->currentIndex().data().toString(), QStringLiteral("web2"));
    }
};

QTEST_MAIN(tst_HostsModel)
#include "tst_hostsmodel.moc"
