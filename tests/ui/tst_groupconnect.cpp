// Group connect: GroupConnectModel and GroupConnectDialog against a real Broker with real
// local Python contexts. Fifty hosts connect at most sixteen at a time while the GUI event
// loop keeps running (the lateness of a 10 ms timer is printed, not asserted); a host with
// a Python that does not exist fails with its error while the others connect; failed hosts
// are retried; Cancel All stops what has not started. Also the sidebar's "Connect Group",
// with a folder of ssh hosts on one busy sshd beside hosts that cannot be reached.
#include "core/broker/broker.h"
#include "tests/support/sshdfixture.h"
#include "ui/hosts/groupconnectdialog.h"
#include "ui/hosts/groupconnectmodel.h"
#include "ui/hosts/hostsmodel.h"
#include "ui/hosts/hostssidebar.h"
#include "ui/hosts/hoststore.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

#include <memory>

using namespace Econtext;

namespace {

const QString Python = QStringLiteral("/usr/bin/python3");

ConnectOptions localHost(const QString &name, const QString &python = Python)
{
    ConnectOptions o;
    o.method = ConnectMethod::Local;
    o.name = name;
    o.python = python;
    return o;
}

// Measures how late a 10 ms repeating timer fires while the GUI thread is busy with
// whatever else the event loop does.
class LatenessProbe : public QObject
{
public:
    LatenessProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last > 0) {
                const double late = double(now - m_last) / 1e6 - 10.0;
                m_max = qMax(m_max, late);
                m_sum += qMax(0.0, late);
                ++m_ticks;
            }
            m_last = now;
        });
        m_clock.start();
        m_timer.start();
    }
    void print(const char *what) const
    {
        qInfo("%s: 10 ms timer fired %d times, worst lateness %.1f ms, mean %.2f ms",
              what,
              m_ticks,
              m_max,
              m_ticks ? m_sum / m_ticks : 0.0);
    }
    int ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    double m_max = 0;
    double m_sum = 0;
    int m_ticks = 0;
};

} // namespace

class tst_GroupConnect : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Broker> m_broker;

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo(Python).isExecutable())
            QSKIP("/usr/bin/python3 is not installed on this machine.");
    }

    void init() { m_broker = std::make_unique<Broker>(); }

    void cleanup()
    {
        if (m_broker)
            m_broker->shutdownAll(15000);
        m_broker.reset();
    }

    void fiftyLocalHosts()
    {
        GroupConnectDialog dialog(m_broker.get(), QStringLiteral("fifty"));
        GroupConnectModel *model = dialog.model();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model->maxParallel(), 16);
        for (int i = 1; i <= 50; ++i)
            dialog.addHost(localHost(QStringLiteral("group-%1").arg(i)));
        QCOMPARE(model->total(), 50);

        // How many are connecting at once, sampled at every progress step.
        int mostInFlight = 0;
        connect(model, &GroupConnectModel::progressChanged, this, [&] {
            int inFlight = 0;
            for (int r = 0; r < model->rowCount(); ++r) {
                if (model->hostState(r) == GroupConnectModel::HostState::Connecting)
                    ++inFlight;
            }
            mostInFlight = qMax(mostInFlight, inFlight);
        });
        QSignalSpy finished(model, &GroupConnectModel::finished);

        LatenessProbe probe;
        QElapsedTimer clock;
        clock.start();
        dialog.start();
        QVERIFY(dialog.isVisible());
        QVERIFY(!dialog.isModal());
        QTRY_COMPARE_WITH_TIMEOUT(model->connectedCount(), 50, 120000);
        QTRY_COMPARE(finished.count(), 1);
        probe.print("50 local contexts");
        qInfo("50 local contexts connected in %lld ms, at most %d in flight",
              clock.elapsed(),
              mostInFlight);
        QVERIFY(probe.ticks() > 0); // the event loop ran all along

        QVERIFY(mostInFlight >= 1);
        QVERIFY(mostInFlight <= 16);
        QCOMPARE(model->failedCount(), 0);
        QCOMPARE(model->pendingCount(), 0);
        QCOMPARE(dialog.progressBar()->value(), 50);
        QCOMPARE(dialog.progressBar()->maximum(), 50);
        QVERIFY(dialog.summaryLabel()->text().startsWith(QLatin1String("50 of 50 connected")));
        QVERIFY(!dialog.cancelAllButton()->isEnabled());
        QVERIFY(!dialog.retryButton()->isEnabled());
        for (int r = 0; r < 50; ++r) {
            Context *c = model->context(r);
            QVERIFY(c);
            QCOMPARE(c->state(), ContextState::Connected);
            QCOMPARE(model->index(r, GroupConnectModel::StateColumn).data().toString(),
                     GroupConnectModel::stateText(GroupConnectModel::HostState::Connected));
        }
        QCOMPARE(m_broker->contexts().size(), 50);
    }

    void failingHostStaysVisible()
    {
        GroupConnectDialog dialog(m_broker.get(), QStringLiteral("mixed"));
        GroupConnectModel *model = dialog.model();
        dialog.addHost(localHost(QStringLiteral("good-1")));
        dialog.addHost(localHost(QStringLiteral("broken"), QStringLiteral("/nonexistent/python9")));
        dialog.addHost(localHost(QStringLiteral("good-2")));
        dialog.addHost(localHost(QStringLiteral("good-3")));
        dialog.start();
        QTRY_COMPARE_WITH_TIMEOUT(model->pendingCount(), 0, 60000);
        QCOMPARE(model->connectedCount(), 3);
        QCOMPARE(model->failedCount(), 1);
        QCOMPARE(model->hostState(1), GroupConnectModel::HostState::Failed);
        const QString error = model->errorString(1);
        qInfo("the broken host says: %s", qPrintable(error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(model->index(1, GroupConnectModel::ErrorColumn).data().toString(), error);
        QVERIFY(dialog.summaryLabel()->text().contains(QLatin1String("1 failed")));
        QCOMPARE(dialog.progressBar()->value(), 4);
        QVERIFY(dialog.retryButton()->isEnabled());

        // Retrying fails again with the same kind of error; the others are not touched.
        const quint32 firstId = model->index(1, 0).data(GroupConnectModel::ContextIdRole).toUInt();
        QTest::mouseClick(dialog.retryButton(), Qt::LeftButton);
        QTRY_VERIFY(model->index(1, 0).data(GroupConnectModel::ContextIdRole).toUInt() != firstId);
        QTRY_COMPARE_WITH_TIMEOUT(model->pendingCount(), 0, 60000);
        QCOMPARE(model->hostState(1), GroupConnectModel::HostState::Failed);
        QVERIFY(!model->errorString(1).isEmpty());
        QCOMPARE(model->connectedCount(), 3);
    }

    void cancelAll()
    {
        // Each host's interpreter starts a second late, so nothing can finish connecting
        // (and let a further host start) before Cancel All: what was started and what was
        // not is known exactly, however fast or loaded the machine is.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString slowPython = dir.filePath(QStringLiteral("slow-python"));
        {
            QFile script(slowPython);
            QVERIFY(script.open(QIODevice::WriteOnly));
            script.write("#!/bin/sh\nsleep 1\nexec " + QFile::encodeName(Python) + " \"$@\"\n");
        }
        QVERIFY(QFile::setPermissions(slowPython,
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        const int contextsBefore = int(m_broker->contexts().size());

        GroupConnectModel model(m_broker.get());
        model.setMaxParallel(2);
        for (int i = 1; i <= 8; ++i)
            model.addHost(localHost(QStringLiteral("cancel-%1").arg(i), slowPython));
        QSignalSpy finished(&model, &GroupConnectModel::finished);
        model.start();
        QTRY_VERIFY(model.context(0) && model.context(1));
        QCOMPARE(model.pendingCount(), 8);
        model.cancelAll();
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(model.pendingCount(), 0);
        QCOMPARE(model.connectedCount(), 0);
        QCOMPARE(model.failedCount(), 8);
        // Only the first two were ever started; the rest were cancelled before starting.
        int neverStarted = 0;
        for (int r = 0; r < model.rowCount(); ++r) {
            QCOMPARE(model.hostState(r), GroupConnectModel::HostState::Cancelled);
            if (!model.context(r))
                ++neverStarted;
        }
        QCOMPARE(neverStarted, 6);
        QCOMPARE(model.errorString(7), GroupConnectModel::tr("Cancelled before it started."));
        QVERIFY(int(m_broker->contexts().size()) <= contextsBefore + 2);

        // Retry takes the cancelled ones up again.
        model.retryFailed();
        QTRY_COMPARE_WITH_TIMEOUT(model.connectedCount(), 8, 60000);
        QCOMPARE(model.failedCount(), 0);
    }

    void sidebarConnectGroup()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        qputenv("ECONTEXT_SSH_CONFIG", QFile::encodeName(dir.filePath(QStringLiteral("none"))));
        HostStore store(dir.filePath(QStringLiteral("hosts.ini")));
        for (int i = 1; i <= 5; ++i) {
            SavedHost h;
            h.name = QStringLiteral("lab-%1").arg(i);
            h.host = QStringLiteral("local");
            h.python = Python;
            h.group = QStringLiteral("Lab");
            h.tags = {i % 2 ? QStringLiteral("odd") : QStringLiteral("even")};
            store.add(h);
        }
        SavedHost other;
        other.name = QStringLiteral("elsewhere");
        other.host = QStringLiteral("local");
        other.python = Python;
        other.group = QStringLiteral("Other");
        other.tags = {QStringLiteral("odd")};
        store.add(other);

        HostsSidebar sidebar(&store);
        sidebar.setBroker(m_broker.get());
        sidebar.show();
        QSignalSpy started(&sidebar, &HostsSidebar::groupConnectStarted);

        QModelIndex lab;
        for (int r = 0; r < sidebar.proxyModel()->rowCount(); ++r) {
            if (sidebar.proxyModel()->index(r, 0).data().toString() == QLatin1String("Lab"))
                lab = sidebar.proxyModel()->index(r, 0);
        }
        QVERIFY(lab.isValid());
        // The filter hides some hosts; the folder still connects all of them.
        sidebar.setFilterText(QStringLiteral("lab-1"));
        QModelIndex labFiltered = sidebar.proxyModel()->index(0, 0);
        QCOMPARE(labFiltered.data().toString(), QStringLiteral("Lab"));
        QCOMPARE(sidebar.hostsUnder(labFiltered).size(), 5);
        QPointer<GroupConnectDialog> dialog = sidebar.connectGroup(labFiltered);
        QVERIFY(dialog);
        QCOMPARE(started.count(), 1);
        QCOMPARE(dialog->model()->total(), 5);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->model()->connectedCount(), 5, 60000);

        // A tag spans folders.
        QPointer<GroupConnectDialog> tagged = sidebar.connectTag(QStringLiteral("odd"));
        QVERIFY(tagged);
        QCOMPARE(tagged->model()->total(), 4);
        QTRY_COMPARE_WITH_TIMEOUT(tagged->model()->connectedCount(), 4, 60000);

        // A selection of hosts.
        sidebar.setFilterText(QString());
        sidebar.view()->selectionModel()->clearSelection();
        QModelIndex otherGroup;
        for (int r = 0; r < sidebar.proxyModel()->rowCount(); ++r) {
            if (sidebar.proxyModel()->index(r, 0).data().toString() == QLatin1String("Other"))
                otherGroup = sidebar.proxyModel()->index(r, 0);
        }
        QVERIFY(otherGroup.isValid());
        const QModelIndex labNow = sidebar.proxyModel()->index(lab.row(), 0);
        sidebar.view()->selectionModel()->select(sidebar.proxyModel()->index(0, 0, labNow),
                                                 QItemSelectionModel::Select);
        sidebar.view()->selectionModel()->select(sidebar.proxyModel()->index(0, 0, otherGroup),
                                                 QItemSelectionModel::Select);
        QCOMPARE(sidebar.selectedHosts().size(), 2);
        QPointer<GroupConnectDialog> selection = sidebar.connectSelection();
        QVERIFY(selection);
        QCOMPARE(selection->model()->total(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(selection->model()->connectedCount(), 2, 60000);

        // Closing a finished panel deletes it.
        selection->close();
        QTRY_VERIFY(!selection);
        qunsetenv("ECONTEXT_SSH_CONFIG");
    }

    // A folder of twelve ssh hosts on one sshd that lets two unauthenticated connections
    // in at a time, a host on a closed port, a host whose Python does not exist and two
    // local ones, connected from the sidebar: every reachable host connects, each failure
    // keeps its row with its own cause, the summary counts them, and Retry Failed takes up
    // only those.
    void sidebarFleetWithFailures()
    {
        Test::SshdFixture sshd("MaxStartups 2\n");
        if (!sshd.isRunning())
            QSKIP(qPrintable(QStringLiteral("no sshd fixture: ") + sshd.errorString()));
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const int closedPort = probe.serverPort();
        probe.close();
        QByteArray config;
        const auto alias = [&](const QString &name, int port) {
            config += "Host " + name.toUtf8() + "\n    HostName 127.0.0.1\n    Port "
                      + QByteArray::number(port) + "\n    User " + sshd.user().toUtf8()
                      + "\n    IdentityFile " + sshd.clientKey().toUtf8()
                      + "\n    UserKnownHostsFile " + sshd.knownHostsFile().toUtf8() + "\n";
        };
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        HostStore store(dir.filePath(QStringLiteral("hosts.ini")));
        const auto save = [&](const QString &name, const QString &host, const QString &python) {
            SavedHost h;
            h.name = name;
            h.host = host;
            h.python = python;
            h.group = QStringLiteral("Fleet");
            store.add(h);
        };
        for (int i = 1; i <= 12; ++i) {
            const QString name = QStringLiteral("fleet-ssh-%1").arg(i, 2, 10, QLatin1Char('0'));
            alias(name, sshd.port());
            save(name, name, QString());
        }
        alias(QStringLiteral("fleet-closed"), closedPort);
        save(QStringLiteral("fleet-closed"), QStringLiteral("fleet-closed"), QString());
        save(QStringLiteral("fleet-local-1"), QStringLiteral("local"), Python);
        save(QStringLiteral("fleet-no-python"),
             QStringLiteral("local"),
             QStringLiteral("/nonexistent/python9"));
        save(QStringLiteral("fleet-local-2"), QStringLiteral("local"), Python);
        QFile configFile(dir.filePath(QStringLiteral("ssh_config")));
        QVERIFY(configFile.open(QIODevice::WriteOnly));
        configFile.write(config);
        configFile.close();
        qputenv("ECONTEXT_SSH_CONFIG", QFile::encodeName(configFile.fileName()));
        const QByteArray agent = qgetenv("SSH_AUTH_SOCK");
        qunsetenv("SSH_AUTH_SOCK");

        HostsSidebar sidebar(&store);
        sidebar.setBroker(m_broker.get());
        sidebar.show();
        QModelIndex fleet;
        for (int r = 0; r < sidebar.proxyModel()->rowCount(); ++r) {
            if (sidebar.proxyModel()->index(r, 0).data().toString() == QLatin1String("Fleet"))
                fleet = sidebar.proxyModel()->index(r, 0);
        }
        QVERIFY(fleet.isValid());
        QPointer<GroupConnectDialog> dialog = sidebar.connectGroup(fleet);
        QVERIFY(dialog);
        GroupConnectModel *model = dialog->model();
        QCOMPARE(model->total(), 16);
        QTRY_COMPARE_WITH_TIMEOUT(model->pendingCount(), 0, 180000);

        int turnedAway = 0;
        for (int r = 0; r < model->rowCount(); ++r) {
            const QString name = model->index(r, GroupConnectModel::NameColumn).data().toString();
            const GroupConnectModel::HostState state = model->hostState(r);
            const QString error = model->errorString(r);
            QCOMPARE(model->index(r, GroupConnectModel::ErrorColumn).data().toString(), error);
            if (name == QLatin1String("fleet-closed")) {
                QCOMPARE(state, GroupConnectModel::HostState::Failed);
                QVERIFY2(error.contains(QLatin1String("Connection refused")), qPrintable(error));
            } else if (name == QLatin1String("fleet-no-python")) {
                QCOMPARE(state, GroupConnectModel::HostState::Failed);
                QVERIFY2(error.contains(QLatin1String("/nonexistent/python9")), qPrintable(error));
            } else if (name.startsWith(QLatin1String("fleet-local"))) {
                QCOMPARE(state, GroupConnectModel::HostState::Connected);
            } else if (state != GroupConnectModel::HostState::Connected) {
                // Turned away by MaxStartups on every try: it says so.
                QCOMPARE(state, GroupConnectModel::HostState::Failed);
                QVERIFY2(error.contains(QLatin1String("MaxStartups")), qPrintable(error));
                ++turnedAway;
            }
        }
        qInfo("12 ssh hosts on MaxStartups 2 from the sidebar: %d connected, %d turned away",
              12 - turnedAway,
              turnedAway);
        QCOMPARE(model->failedCount(), 2 + turnedAway);
        QCOMPARE(model->connectedCount(), 14 - turnedAway);
        QVERIFY2(dialog->summaryLabel()->text().contains(
                         QStringLiteral("%1 failed").arg(2 + turnedAway)),
                 qPrintable(dialog->summaryLabel()->text()));
        QVERIFY(dialog->retryButton()->isEnabled());

        // Retry Failed: the two that cannot work fail again, nothing connected is touched.
        QList<Context *> connected;
        for (int r = 0; r < model->rowCount(); ++r) {
            if (model->hostState(r) == GroupConnectModel::HostState::Connected)
                connected << model->context(r);
        }
        QTest::mouseClick(dialog->retryButton(), Qt::LeftButton);
        QTRY_VERIFY(model->pendingCount() > 0 || model->failedCount() <= 2);
        QTRY_COMPARE_WITH_TIMEOUT(model->pendingCount(), 0, 180000);
        QVERIFY(model->failedCount() >= 2);
        for (Context *c : std::as_const(connected)) {
            QVERIFY(c);
            QCOMPARE(c->state(), ContextState::Connected);
        }
        if (!agent.isEmpty())
            qputenv("SSH_AUTH_SOCK", agent);
        qunsetenv("ECONTEXT_SSH_CONFIG");
    }

    void noBrokerNoDialog()
    {
        HostsSidebar sidebar(nullptr);
        QVERIFY(!sidebar.connectHosts(QStringLiteral("x"), {localHost(QStringLiteral("x"))}));
    }
};

QTEST_MAIN(tst_GroupConnect)
#include "tst_groupconnect.moc"
