// ContextTreeModel: the master row, live rows for real local contexts driven by
// a real Broker, failures with their reason, detached rows, and dataChanged
// only for cells that changed.
#include "core/broker/broker.h"
#include "tests/support/pythons.h"
#include "ui/contexts/contexttreemodel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>

using namespace Econtext;

namespace {

QString systemPython()
{
    const QList<Test::Interpreter> pythons = Test::availableInterpreters();
    for (const Test::Interpreter &p : pythons) {
        if (p.major == 3)
            return p.path;
    }
    return QFileInfo::exists(QStringLiteral("/usr/bin/python3"))
                   ? QStringLiteral("/usr/bin/python3")
                   : QString();
}

ConnectOptions localOptions(const QString &python, const QString &name)
{
    ConnectOptions options;
    options.method = ConnectMethod::Local;
    options.python = python;
    options.name = name;
    return options;
}

} // namespace

class TestContextTreeModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void masterRow();
    void formatting();
    void liveLocalContext();
    void failingContextShowsReason();
    void refreshReportsOnlyChangedCells();
    void childUnderParent();
};

void TestContextTreeModel::masterRow()
{
    ContextTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.columnCount(), int(ContextTreeModel::ColumnCount));
    QCOMPARE(ContextTreeModel::formatAge(0), QStringLiteral("0 s"));
    QCOMPARE(ContextTreeModel::formatAge(12500), QStringLiteral("12 s"));
    QCOMPARE(ContextTreeModel::formatAge(184000), QStringLiteral("3 min 4 s"));
    QCOMPARE(ContextTreeModel::formatAge(7500000), QStringLiteral("2 h 5 min"));
    QVERIFY(!ContextTreeModel::isHiddenByDefault(ContextTreeModel::StateColumn));
    QVERIFY(ContextTreeModel::isHiddenByDefault(ContextTreeModel::ImportsColumn));
    for (int c = 0; c < ContextTreeModel::ColumnCount; ++c)
        QVERIFY(!model.headerData(c, Qt::Horizontal).toString().isEmpty());
    const QModelIndex master = model.index(0, 0);
    QVERIFY(master.isValid());
    QVERIFY(!model.parent(master).isValid());
    QCOMPARE(model.rowCount(master), 0);
    QVERIFY(master.data().toString().contains(QStringLiteral("master")));
    QCOMPARE(master.data(ContextTreeModel::IsMasterRole).toBool(), true);
    QCOMPARE(master.data(ContextTreeModel::ContextIdRole).toUInt(), 0u);
    QCOMPARE(model.index(0, ContextTreeModel::PidColumn).data().toString(),
             QString::number(QCoreApplication::applicationPid()));
    QVERIFY(!master.data(Qt::DecorationRole).value<QIcon>().isNull());
    QCOMPARE(model.headerData(ContextTreeModel::StateColumn, Qt::Horizontal).toString(),
             QStringLiteral("State"));
    QVERIFY(!model.index(1, 0).isValid());
    QVERIFY(model.details(0).isEmpty());
}

void TestContextTreeModel::formatting()
{
    QCOMPARE(ContextTreeModel::formatDuration(3723000), QStringLiteral("1:02:03"));
    QCOMPARE(ContextTreeModel::formatDuration(59000), QStringLiteral("0:00:59"));
    QVERIFY(ContextTreeModel::formatDuration(90000000).contains(QStringLiteral("1:00:00")));
    QVERIFY(ContextTreeModel::formatBytes(2048).contains(QStringLiteral("KiB")));
}

void TestContextTreeModel::liveLocalContext()
{
    const QString python = systemPython();
    if (python.isEmpty())
        QSKIP("No Python 3 interpreter on this machine.");
    Broker broker;
    ContextTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setBroker(&broker);
    Context *context = broker.connectContext(localOptions(python, QStringLiteral("tree-local")));
    QVERIFY(context);
    const quint32 id = context->id();
    const QModelIndex master = model.index(0, 0);
    QTRY_COMPARE(model.rowCount(master), 1);
    QModelIndex row = model.indexForId(id);
    QCOMPARE(model.parent(row), master);
    QCOMPARE(row.data().toString(), QStringLiteral("tree-local"));
    QCOMPARE(model.index(row.row(), ContextTreeModel::MethodColumn, master).data().toString(),
             QStringLiteral("local"));

    QTRY_COMPARE_WITH_TIMEOUT(row.siblingAtColumn(ContextTreeModel::StateColumn)
                                      .data(ContextTreeModel::StateRole)
                                      .toInt(),
                              int(ContextState::Connected),
                              30000);
    QCOMPARE(row.siblingAtColumn(ContextTreeModel::StateColumn).data().toString(),
             contextStateName(ContextState::Connected));
    QVERIFY(!row.siblingAtColumn(ContextTreeModel::StateColumn)
                     .data(Qt::DecorationRole)
                     .value<QIcon>()
                     .isNull());
    QTRY_VERIFY(!row.siblingAtColumn(ContextTreeModel::PythonColumn).data().toString().isEmpty());
    QVERIFY(row.siblingAtColumn(ContextTreeModel::PythonColumn)
                    .data()
                    .toString()
                    .startsWith(QLatin1Char('3')));
    QVERIFY(row.siblingAtColumn(ContextTreeModel::PidColumn).data().toLongLong() > 0);
    // Traffic shows up within the one-second refresh.
    QTRY_VERIFY(row.siblingAtColumn(ContextTreeModel::MessagesColumn).data().toString()
                != QStringLiteral("0 / 0"));
    QVERIFY(model.details(id).contains(QStringLiteral("tree-local")));
    QCOMPARE(model.stateCount(ContextState::Connected), 1);
    // The live counters: nothing in flight, imports counted, and no wait once up.
    QTRY_COMPARE(row.siblingAtColumn(ContextTreeModel::CallsColumn).data().toString(),
                 QStringLiteral("0"));
    QVERIFY(row.siblingAtColumn(ContextTreeModel::OldestCallColumn).data().toString().isEmpty());
    QVERIFY(!row.siblingAtColumn(ContextTreeModel::ImportsColumn).data().toString().isEmpty());
    QVERIFY(row.siblingAtColumn(ContextTreeModel::StateColumn)
                    .data(ContextTreeModel::WaitingRole)
                    .toString()
                    .isEmpty());
    QVERIFY(model.waitingText(id).isEmpty());

    context->shutdown();
    QTRY_COMPARE_WITH_TIMEOUT(row.siblingAtColumn(ContextTreeModel::StateColumn)
                                      .data(ContextTreeModel::StateRole)
                                      .toInt(),
                              int(ContextState::Disconnected),
                              15000);
    // Gone from the broker or not, the row stays until the user removes it.
    model.detachContext(id);
    row = model.indexForId(id);
    QVERIFY(row.isValid());
    QCOMPARE(row.data(ContextTreeModel::IsAttachedRole).toBool(), false);
    QVERIFY(model.isFinished(id));
    model.removeFinished();
    QCOMPARE(model.rowCount(master), 0);
    QVERIFY(!model.indexForId(id).isValid());
}

void TestContextTreeModel::failingContextShowsReason()
{
    Broker broker;
    ContextTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setBroker(&broker);
    Context *context = broker.connectContext(
            localOptions(QStringLiteral("/nonexistent/bin/python3"), QStringLiteral("broken")));
    QVERIFY(context);
    const quint32 id = context->id();
    QTRY_VERIFY(model.indexForId(id).isValid());
    const QModelIndex state = model.indexForId(id, ContextTreeModel::StateColumn);
    QTRY_COMPARE_WITH_TIMEOUT(
            state.data(ContextTreeModel::StateRole).toInt(), int(ContextState::Failed), 30000);
    QTRY_VERIFY(!state.data(ContextTreeModel::ReasonRole).toString().isEmpty());
    const QString reason = state.data(ContextTreeModel::ReasonRole).toString();
    QVERIFY(state.data(Qt::ToolTipRole).toString().contains(reason));
    QCOMPARE(model.stateCount(ContextState::Failed), 1);
    qInfo("failure reason: %s", qPrintable(reason));
}

void TestContextTreeModel::refreshReportsOnlyChangedCells()
{
    const QString python = systemPython();
    if (python.isEmpty())
        QSKIP("No Python 3 interpreter on this machine.");
    Broker broker;
    ContextTreeModel model;
    model.setBroker(&broker);
    Context *context = broker.connectContext(localOptions(python, QStringLiteral("quiet")));
    QTRY_VERIFY(model.indexForId(context->id()).isValid());
    const QModelIndex state = model.indexForId(context->id(), ContextTreeModel::StateColumn);
    QTRY_COMPARE_WITH_TIMEOUT(
            state.data(ContextTreeModel::StateRole).toInt(), int(ContextState::Connected), 30000);
    QTRY_VERIFY(!model.indexForId(context->id(), ContextTreeModel::PythonColumn)
                         .data()
                         .toString()
                         .isEmpty());
    QTest::qWait(1200); // let the first refreshes settle
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.refresh();
    model.refresh();
    for (const QList<QVariant> &args : std::as_const(changed)) {
        const auto topLeft = args.at(0).value<QModelIndex>();
        const auto bottomRight = args.at(1).value<QModelIndex>();
        QCOMPARE(topLeft.row(), bottomRight.row());
        if (topLeft.data(ContextTreeModel::IsMasterRole).toBool())
            continue;
        // Name, state, method and Python did not change: no signal covers them.
        QVERIFY2(topLeft.column() > ContextTreeModel::PidColumn,
                 qPrintable(QStringLiteral("column %1").arg(topLeft.column())));
    }
    context->disconnectNow();
    QTRY_VERIFY_WITH_TIMEOUT(
            state.data(ContextTreeModel::StateRole).toInt() != int(ContextState::Connected), 15000);
}

void TestContextTreeModel::childUnderParent()
{
    const QString python = systemPython();
    if (python.isEmpty())
        QSKIP("No Python 3 interpreter on this machine.");
    Broker broker;
    ContextTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setBroker(&broker);
    Context *parent = broker.connectContext(localOptions(python, QStringLiteral("parent")));
    QTRY_VERIFY_WITH_TIMEOUT(parent->state() == ContextState::Connected, 30000);
    ConnectOptions childOptions = localOptions(python, QStringLiteral("child"));
    childOptions.viaContextId = parent->id();
    Context *child = broker.connectContext(childOptions);
    QVERIFY(child);
    QTRY_VERIFY_WITH_TIMEOUT(child->state() == ContextState::Connected
                                     || child->state() == ContextState::Failed,
                             30000);
    if (child->state() == ContextState::Failed)
        QSKIP(qPrintable(QStringLiteral("Connecting through a context failed: ")
                         + child->errorString()));
    QCOMPARE(child->parentId(), parent->id());
    QTRY_VERIFY(model.indexForId(child->id()).isValid());
    QCOMPARE(model.parent(model.indexForId(child->id())), model.indexForId(parent->id()));
    // Removing the parent's row keeps the child listed, one level up.
    model.removeContext(parent->id());
    QCOMPARE(model.parent(model.indexForId(child->id())), model.index(0, 0));
}

QTEST_MAIN(TestContextTreeModel)
#include "tst_contexttreemodel.moc"
