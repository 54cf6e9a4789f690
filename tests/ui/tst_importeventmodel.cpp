// ImportEventModel, ImportFilterProxy and ImportTotals: the bounded buffer and its
// batch signals, filtering by context, outcome and text, numeric sorting, CSV
// export with quoting, and the totals arithmetic (roundtrips avoided, series).
#include "ui/imports/importchart.h"
#include "ui/imports/importeventmodel.h"
#include "ui/imports/importfilterproxy.h"
#include "ui/imports/importspane.h"
#include "ui/imports/importtotals.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Econtext;

namespace {

constexpr double kT0 = 1700000000.0;

ImportEvent makeEvent(quint32 ctx,
                      const QString &module,
                      ImportOutcome outcome,
                      double time = kT0,
                      qint64 raw = 0,
                      qint64 compressed = 0,
                      const QString &requestedBy = {})
{
    ImportEvent e;
    e.contextId = ctx;
    e.time = time;
    e.module = module;
    e.outcome = outcome;
    e.bytesRaw = raw;
    e.bytesCompressed = compressed;
    e.requestedBy = requestedBy;
    if (outcome == ImportOutcome::Served || outcome == ImportOutcome::Related)
        e.path = QStringLiteral("/srv/modules/")
                 + QString(module).replace(QLatin1Char('.'), QLatin1Char('/'))
                 + QStringLiteral(".py");
    return e;
}

// One request for pkg: served, pkg.a and pkg.b sent ahead, later used from the cache,
// a negative-cache hit and a local import.
ImportEvents packageTraffic(quint32 ctx, double t = kT0)
{
    ImportEvent served = makeEvent(
            ctx, QStringLiteral("pkg"), ImportOutcome::Served, t, 300, 200, QStringLiteral("pkg"));
    served.isPackage = true;
    served.roundtripMs = 4.5;
    return {served,
            makeEvent(ctx,
                      QStringLiteral("pkg.a"),
                      ImportOutcome::Related,
                      t,
                      1000,
                      400,
                      QStringLiteral("pkg")),
            makeEvent(ctx,
                      QStringLiteral("pkg.b"),
                      ImportOutcome::Related,
                      t,
                      5000,
                      1500,
                      QStringLiteral("pkg")),
            makeEvent(ctx, QStringLiteral("pkg.a"), ImportOutcome::Cached, t + 0.01),
            makeEvent(ctx, QStringLiteral("pkg.b"), ImportOutcome::Cached, t + 0.02),
            makeEvent(ctx, QStringLiteral("pkg.missing"), ImportOutcome::Negative, t + 0.03),
            makeEvent(ctx, QStringLiteral("json"), ImportOutcome::Local, t + 0.04)};
}

int findRow(const QAbstractItemModel &model,
            quint32 ctx,
            const QString &module,
            ImportOutcome outcome)
{
    for (int r = 0; r < model.rowCount(); ++r) {
        const QModelIndex i = model.index(r, 0);
        if (i.data(ImportEventModel::ContextIdRole).toUInt() == ctx
            && i.data(ImportEventModel::ModuleRole).toString() == module
            && i.data(ImportEventModel::OutcomeRole).value<ImportOutcome>() == outcome)
            return r;
    }
    return -1;
}

QStringList column(const QAbstractItemModel &model, int col, int role = Qt::DisplayRole)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r)
        out << model.index(r, col).data(role).toString();
    return out;
}

// A minimal CSV reader (RFC 4180) to check what the export wrote.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field += QLatin1Char('"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\r')) {
            continue;
        } else if (c == QLatin1Char('\n')) {
            row << field;
            field.clear();
            rows << row;
            row.clear();
        } else {
            field += c;
        }
    }
    return rows;
}

} // namespace

class TestImportEventModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelTester();
    void batchSignals();
    void eviction();
    void hugeBatchKeepsNewest();
    void contextNames();
    void kindFromEarlierRows();
    void roundtripOnlyForRequests();
    void timeTiesPutRequestsFirst();
    void filterByContext();
    void filterByOutcome();
    void filterByText();
    void filterCombined();
    void sortNumericColumns_data();
    void sortNumericColumns();
    void csvField_data();
    void csvField();
    void csvExport();
    void totalsMath();
    void totalsPerContext();
    void totalsSeries();
    void niceCeiling_data();
    void niceCeiling();
    void paneWithoutBroker();
};

void TestImportEventModel::modelTester()
{
    ImportEventModel model;
    ImportFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(ImportEventModel::BytesRawColumn, Qt::DescendingOrder);
    QAbstractItemModelTester sourceTester(&model,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapacity(10);
    model.appendEvents(packageTraffic(1));
    model.appendEvents(packageTraffic(2, kT0 + 5));
    QCOMPARE(model.rowCount(), 10);
    proxy.setContextFilter(2);
    proxy.setOutcomeAccepted(ImportOutcome::Local, false);
    proxy.setFilterText(QStringLiteral("pkg"));
    model.appendEvents(packageTraffic(2, kT0 + 10));
    proxy.clearOutcomeFilter();
    proxy.setContextFilter(0);
    model.setContextName(2, QStringLiteral("worker"));
    model.setCapacity(3);
    QCOMPARE(model.rowCount(), 3);
    model.clear();
    QCOMPARE(proxy.rowCount(), 0);
}

void TestImportEventModel::batchSignals()
{
    ImportEventModel model;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.appendEvents(packageTraffic(1));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 6);
    model.appendEvents({});
    QCOMPARE(inserted.count(), 1);
}

void TestImportEventModel::eviction()
{
    ImportEventModel model;
    QCOMPARE(model.capacity(), 200000);
    model.setCapacity(5);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QStringList order;
    const auto removedFirst = connect(&model, &QAbstractItemModel::rowsAboutToBeRemoved, this, [&] {
        order << QStringLiteral("remove");
    });
    const auto insertedNext
            = connect(&model, &QAbstractItemModel::rowsAboutToBeInserted, this, [&] {
                  order << QStringLiteral("insert");
              });

    ImportEvents batch;
    for (int i = 0; i < 4; ++i)
        batch << makeEvent(1, QStringLiteral("m%1").arg(i), ImportOutcome::Served, kT0 + i);
    model.appendEvents(batch);
    batch.clear();
    for (int i = 4; i < 7; ++i)
        batch << makeEvent(1, QStringLiteral("m%1").arg(i), ImportOutcome::Served, kT0 + i);
    model.appendEvents(batch);
    disconnect(removedFirst);
    disconnect(insertedNext);

    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.evictedCount(), 2);
    QCOMPARE(column(model, ImportEventModel::ModuleColumn),
             (QStringList{QStringLiteral("m2"),
                          QStringLiteral("m3"),
                          QStringLiteral("m4"),
                          QStringLiteral("m5"),
                          QStringLiteral("m6")}));
    // The oldest rows go first, in one step, before the batch comes in one step.
    QCOMPARE(order,
             (QStringList{QStringLiteral("insert"),
                          QStringLiteral("remove"),
                          QStringLiteral("insert")}));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 0);
    QCOMPARE(removed.first().at(2).toInt(), 1);
    QCOMPARE(inserted.count(), 2);

    model.setCapacity(2);
    QCOMPARE(column(model, ImportEventModel::ModuleColumn),
             (QStringList{QStringLiteral("m5"), QStringLiteral("m6")}));
    QCOMPARE(model.evictedCount(), 5);
}

void TestImportEventModel::hugeBatchKeepsNewest()
{
    ImportEventModel model;
    model.setCapacity(3);
    model.appendEvents(packageTraffic(1));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(column(model, ImportEventModel::OutcomeColumn, ImportEventModel::CsvRole),
             (QStringList{QStringLiteral("cached"),
                          QStringLiteral("negative"),
                          QStringLiteral("local")}));
    QCOMPARE(model.evictedCount(), 4);
}

void TestImportEventModel::contextNames()
{
    ImportEventModel model;
    model.appendEvents(packageTraffic(7));
    QCOMPARE(model.index(0, ImportEventModel::ContextColumn).data().toString(),
             QStringLiteral("#7"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setContextName(7, QStringLiteral("build-host"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(3, ImportEventModel::ContextColumn).data().toString(),
             QStringLiteral("build-host"));
    QCOMPARE(model.index(0, ImportEventModel::OutcomeColumn).data().toString(),
             ImportEventModel::outcomeLabel(ImportOutcome::Served));
    QVERIFY(model.index(0, ImportEventModel::OutcomeColumn).data(Qt::DecorationRole).isValid());
    QVERIFY(model.index(1, ImportEventModel::OutcomeColumn)
                    .data(ImportEventModel::OutcomeColorRole)
                    .value<QColor>()
                    .isValid());
    QVERIFY(model.outcomeColor(ImportOutcome::Served)
            != model.outcomeColor(ImportOutcome::Refused));
}

void TestImportEventModel::kindFromEarlierRows()
{
    ImportEventModel model;
    model.appendEvents(packageTraffic(1));
    // Served and sent ahead rows know their kind; a cache hit learns it from them.
    QCOMPARE(model.index(0, ImportEventModel::KindColumn).data().toString(), tr("package"));
    QCOMPARE(model.index(1, ImportEventModel::KindColumn).data().toString(), tr("module"));
    QCOMPARE(model.index(3, ImportEventModel::KindColumn).data().toString(), tr("module"));
    // Nothing is known about a module the master never sent.
    QCOMPARE(model.index(6, ImportEventModel::KindColumn).data().toString(), QString());
    QCOMPARE(model.knownPackage(QStringLiteral("pkg")), 1);
    QCOMPARE(model.knownPackage(QStringLiteral("json")), -1);
    // Code compiled on the master says so.
    ImportEvents compiled = packageTraffic(2, kT0 + 1);
    compiled[0].compiled = true;
    compiled[1].compiled = true;
    model.appendEvents(compiled);
    QCOMPARE(model.index(7, ImportEventModel::KindColumn).data().toString(),
             ImportEventModel::tr("compiled package"));
    QCOMPARE(model.index(8, ImportEventModel::KindColumn).data().toString(),
             ImportEventModel::tr("compiled module"));
    QCOMPARE(model.index(9, ImportEventModel::KindColumn).data().toString(),
             ImportEventModel::tr("module"));
}

void TestImportEventModel::roundtripOnlyForRequests()
{
    ImportEventModel model;
    ImportEvents events = packageTraffic(1);
    events[3].roundtripMs = 0.0; // the context reports 0 ms for a cache hit
    model.appendEvents(events);
    QCOMPARE(model.index(0, ImportEventModel::RoundtripColumn).data().toString(),
             ImportEventModel::tr("%1 ms").arg(QLocale().toString(4.5, 'f', 1)));
    QCOMPARE(model.index(3, ImportEventModel::RoundtripColumn).data().toString(), QString());
    QCOMPARE(model.index(3, ImportEventModel::RoundtripColumn).data(ImportEventModel::SortRole),
             QVariant(-1.0));
    QCOMPARE(model.index(3, ImportEventModel::RoundtripColumn).data(ImportEventModel::CsvRole),
             QVariant(QString()));
}

void TestImportEventModel::timeTiesPutRequestsFirst()
{
    ImportEventModel model;
    ImportFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(ImportEventModel::TimeColumn, Qt::AscendingOrder);
    // The core delivers the request's own row after the modules sent ahead with it.
    ImportEvents events = packageTraffic(1);
    model.appendEvents({events.at(1), events.at(2)});
    model.appendEvents({events.at(0)});
    QCOMPARE(
            column(proxy, ImportEventModel::ModuleColumn),
            (QStringList{QStringLiteral("pkg"), QStringLiteral("pkg.a"), QStringLiteral("pkg.b")}));
}

void TestImportEventModel::filterByContext()
{
    ImportEventModel model;
    ImportFilterProxy proxy;
    proxy.setSourceModel(&model);
    model.appendEvents(packageTraffic(1));
    model.appendEvents(packageTraffic(2));
    model.appendEvents({makeEvent(3, QStringLiteral("solo"), ImportOutcome::Served)});
    QCOMPARE(proxy.rowCount(), 15);
    QVERIFY(!proxy.isFiltering());
    proxy.setContextFilter(2);
    QCOMPARE(proxy.rowCount(), 7);
    QVERIFY(proxy.isFiltering());
    for (int r = 0; r < proxy.rowCount(); ++r)
        QCOMPARE(proxy.index(r, 0).data(ImportEventModel::ContextIdRole).toUInt(), 2U);
    proxy.setContextFilter(3);
    QCOMPARE(proxy.rowCount(), 1);
    // Rows arriving later pass the same filter.
    model.appendEvents(packageTraffic(3));
    QCOMPARE(proxy.rowCount(), 8);
    proxy.setContextFilter(0);
    QCOMPARE(proxy.rowCount(), 22);
}

void TestImportEventModel::filterByOutcome()
{
    ImportEventModel model;
    ImportFilterProxy proxy;
    proxy.setSourceModel(&model);
    model.appendEvents(packageTraffic(1));
    proxy.setAcceptedOutcomes({ImportOutcome::Related, ImportOutcome::Cached});
    QCOMPARE(proxy.rowCount(), 4);
    QVERIFY(proxy.isOutcomeAccepted(ImportOutcome::Cached));
    QVERIFY(!proxy.isOutcomeAccepted(ImportOutcome::Served));
    proxy.setOutcomeAccepted(ImportOutcome::Cached, false);
    QCOMPARE(column(proxy, ImportEventModel::ModuleColumn),
             (QStringList{QStringLiteral("pkg.a"), QStringLiteral("pkg.b")}));
    proxy.setAcceptedOutcomes({});
    QCOMPARE(proxy.rowCount(), 0);
    proxy.clearOutcomeFilter();
    QCOMPARE(proxy.rowCount(), 7);
    // Unchecking one outcome from "all" keeps the others.
    proxy.setOutcomeAccepted(ImportOutcome::Local, false);
    QCOMPARE(proxy.rowCount(), 6);
    QVERIFY(proxy.isFiltering());
}

void TestImportEventModel::filterByText()
{
    ImportEventModel model;
    ImportFilterProxy proxy;
    proxy.setSourceModel(&model);
    model.appendEvents(packageTraffic(1));
    proxy.setFilterText(QStringLiteral("PKG.A"));
    QCOMPARE(column(proxy, ImportEventModel::OutcomeColumn, ImportEventModel::CsvRole),
             (QStringList{QStringLiteral("related"), QStringLiteral("cached")}));
    proxy.setFilterText(QStringLiteral("  json "));
    QCOMPARE(proxy.rowCount(), 1);
    // The text matches the module name only, not the requesting module.
    proxy.setFilterText(QStringLiteral("srv/modules"));
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setFilterText(QString());
    QCOMPARE(proxy.rowCount(), 7);
    QVERIFY(!proxy.isFiltering());
}

void TestImportEventModel::filterCombined()
{
    ImportEventModel model;
    ImportFilterProxy proxy;
    proxy.setSourceModel(&model);
    model.appendEvents(packageTraffic(1));
    model.appendEvents(packageTraffic(2));
    proxy.setContextFilter(2);
    proxy.setAcceptedOutcomes({ImportOutcome::Cached});
    proxy.setFilterText(QStringLiteral(".b"));
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, 0).data(ImportEventModel::ContextIdRole).toUInt(), 2U);
    QCOMPARE(proxy.index(0, ImportEventModel::ModuleColumn).data().toString(),
             QStringLiteral("pkg.b"));
}

void TestImportEventModel::sortNumericColumns_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QStringList>("ascending");
    // Sizes 900 < 10000 < 80000: as text they would sort "10000" < "80000" < "900".
    QTest::newRow("bytes raw") << int(ImportEventModel::BytesRawColumn)
                               << QStringList{QStringLiteral("small"),
                                              QStringLiteral("medium"),
                                              QStringLiteral("large")};
    QTest::newRow("bytes compressed")
            << int(ImportEventModel::BytesCompressedColumn)
            << QStringList{
                       QStringLiteral("medium"), QStringLiteral("large"), QStringLiteral("small")};
    QTest::newRow("roundtrip") << int(ImportEventModel::RoundtripColumn)
                               << QStringList{QStringLiteral("large"),
                                              QStringLiteral("small"),
                                              QStringLiteral("medium")};
    QTest::newRow("time") << int(ImportEventModel::TimeColumn)
                          << QStringList{QStringLiteral("medium"),
                                         QStringLiteral("large"),
                                         QStringLiteral("small")};
    QTest::newRow("module") << int(ImportEventModel::ModuleColumn)
                            << QStringList{QStringLiteral("large"),
                                           QStringLiteral("medium"),
                                           QStringLiteral("small")};
}

void TestImportEventModel::sortNumericColumns()
{
    QFETCH(int, column);
    QFETCH(QStringList, ascending);
    ImportEventModel model;
    ImportFilterProxy proxy;
    proxy.setSourceModel(&model);
    ImportEvent small = makeEvent(1,
                                  QStringLiteral("small"),
                                  ImportOutcome::Served,
                                  kT0 + 20,
                                  900,
                                  99000,
                                  QStringLiteral("small"));
    small.roundtripMs = 9.5;
    ImportEvent medium = makeEvent(1,
                                   QStringLiteral("medium"),
                                   ImportOutcome::Served,
                                   kT0 + 2,
                                   10000,
                                   800,
                                   QStringLiteral("medium"));
    medium.roundtripMs = 10.25;
    ImportEvent large = makeEvent(1,
                                  QStringLiteral("large"),
                                  ImportOutcome::Related,
                                  kT0 + 10,
                                  80000,
                                  9000,
                                  QStringLiteral("medium"));
    large.roundtripMs = -1; // not measured: sorts first
    model.appendEvents({small, medium, large});

    proxy.sort(column, Qt::AscendingOrder);
    QCOMPARE(::column(proxy, ImportEventModel::ModuleColumn), ascending);
    proxy.sort(column, Qt::DescendingOrder);
    QStringList descending = ascending;
    std::reverse(descending.begin(), descending.end());
    QCOMPARE(::column(proxy, ImportEventModel::ModuleColumn), descending);
    // The sort role carries numbers for numeric columns.
    if (column != ImportEventModel::ModuleColumn) {
        const QVariant v = proxy.index(0, column).data(ImportEventModel::SortRole);
        QVERIFY2(v.typeId() == QMetaType::Double || v.typeId() == QMetaType::LongLong,
                 v.typeName());
    }
}

void TestImportEventModel::csvField_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QStringLiteral("pkg.mod") << QStringLiteral("pkg.mod");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("comma") << QStringLiteral("a,b") << QStringLiteral("\"a,b\"");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
    QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
    QTest::newRow("leading space") << QStringLiteral(" a") << QStringLiteral("\" a\"");
}

void TestImportEventModel::csvField()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(ImportEventModel::csvField(input), expected);
}

void TestImportEventModel::csvExport()
{
    ImportEventModel model;
    ImportFilterProxy proxy;
    proxy.setSourceModel(&model);
    model.setContextName(1, QStringLiteral("host, \"the\" first"));
    ImportEvent odd = makeEvent(1,
                                QStringLiteral("odd"),
                                ImportOutcome::Served,
                                kT0,
                                1234567,
                                45678,
                                QStringLiteral("odd"));
    odd.path = QStringLiteral("/tmp/dir, with \"quotes\"/odd.py");
    odd.roundtripMs = 12.5;
    model.appendEvents(packageTraffic(1));
    model.appendEvents({odd});
    proxy.setAcceptedOutcomes({ImportOutcome::Served});
    proxy.sort(ImportEventModel::BytesRawColumn, Qt::DescendingOrder);

    const QByteArray csv = ImportEventModel::toCsv(proxy);
    QVERIFY(csv.endsWith("\r\n"));
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(csv));
    QCOMPARE(rows.size(), 3); // header + two served rows, in the shown order
    QCOMPARE(rows.at(0).size(), int(ImportEventModel::ColumnCount));
    QCOMPARE(rows.at(0).at(ImportEventModel::ModuleColumn), tr("Module"));
    QCOMPARE(rows.at(0).at(ImportEventModel::RequestedByColumn), tr("Requested by"));
    const QStringList &first = rows.at(1);
    QCOMPARE(first.size(), int(ImportEventModel::ColumnCount));
    QCOMPARE(first.at(ImportEventModel::ModuleColumn), QStringLiteral("odd"));
    QCOMPARE(first.at(ImportEventModel::ContextColumn), QStringLiteral("host, \"the\" first"));
    QCOMPARE(first.at(ImportEventModel::PathColumn), odd.path);
    QCOMPARE(first.at(ImportEventModel::OutcomeColumn), QStringLiteral("served"));
    // Numbers are raw, not localised: no thousands separators.
    QCOMPARE(first.at(ImportEventModel::BytesRawColumn), QStringLiteral("1234567"));
    QCOMPARE(first.at(ImportEventModel::BytesCompressedColumn), QStringLiteral("45678"));
    QCOMPARE(first.at(ImportEventModel::RoundtripColumn), QStringLiteral("12.500"));
    QVERIFY(first.at(ImportEventModel::TimeColumn).startsWith(QStringLiteral("20")));
    QCOMPARE(rows.at(2).at(ImportEventModel::ModuleColumn), QStringLiteral("pkg"));
    // The raw text has the quoted forms.
    QVERIFY(csv.contains("\"host, \"\"the\"\" first\""));
    QVERIFY(csv.contains("\"/tmp/dir, with \"\"quotes\"\"/odd.py\""));

    // An empty model still has its header.
    ImportEventModel empty;
    QCOMPARE(parseCsv(QString::fromUtf8(ImportEventModel::toCsv(empty))).size(), 1);
}

void TestImportEventModel::totalsMath()
{
    ImportTotals totals;
    totals.addEvents(packageTraffic(1));
    ImportEvent missing = makeEvent(1, QStringLiteral("nowhere"), ImportOutcome::NotFound, kT0 + 1);
    missing.roundtripMs = 1.5;
    missing.requestedBy = QStringLiteral("nowhere");
    totals.addEvents({missing,
                      makeEvent(1, QStringLiteral("_speedups"), ImportOutcome::Native, kT0 + 1),
                      makeEvent(1, QStringLiteral("pkg.gone"), ImportOutcome::Negative, kT0 + 1)});
    const ImportCounts c = totals.counts();
    QCOMPARE(c.roundtrips, 3);  // served, notfound, native
    QCOMPARE(c.modulesSent, 3); // pkg, pkg.a, pkg.b
    QCOMPARE(c.relatedSent, 2);
    QCOMPARE(c.cacheHits, 2);
    QCOMPARE(c.negativeHits, 2);
    QCOMPARE(c.roundtripsAvoided(), 4); // cached + negative
    QCOMPARE(c.local, 1);
    QCOMPARE(c.notFound, 2);
    QCOMPARE(c.imports, 10 - 2); // every row but the two sent ahead
    QCOMPARE(c.bytesRaw, 300 + 1000 + 5000);
    QCOMPARE(c.bytesCompressed, 200 + 400 + 1500);
    QCOMPARE(c.roundtripsMeasured, 2);
    QCOMPARE(c.averageRoundtripMs(), 3.0);
    totals.clear();
    QCOMPARE(totals.counts().roundtrips, 0);
    QCOMPARE(totals.counts().averageRoundtripMs(), -1.0);
}

void TestImportEventModel::totalsPerContext()
{
    ImportTotals totals;
    totals.addEvents(packageTraffic(1));
    totals.addEvents(packageTraffic(2));
    totals.addEvents({makeEvent(2, QStringLiteral("extra"), ImportOutcome::Served, kT0, 10, 5)});
    QCOMPARE(totals.contextIds(), (QList<quint32>{1, 2}));
    QCOMPARE(totals.counts(1).roundtrips, 1);
    QCOMPARE(totals.counts(2).roundtrips, 2);
    QCOMPARE(totals.counts(0).roundtrips, 3);
    QCOMPARE(totals.counts(0).roundtripsAvoided(), 6);
    QCOMPARE(totals.counts(2).bytesCompressed, 2100 + 5);
    QCOMPARE(totals.counts(99).roundtrips, 0);
}

void TestImportEventModel::totalsSeries()
{
    ImportTotals totals;
    totals.addEvents(packageTraffic(1, kT0 + 0.2));
    totals.addEvents(packageTraffic(2, kT0 + 2.7));
    totals.addEvents(
            {makeEvent(2, QStringLiteral("later"), ImportOutcome::Served, kT0 + 2.9, 10, 7)});
    const auto s0 = qint64(kT0);
    QCOMPARE(totals.lastSecond(), s0 + 2);
    const QList<ImportBucket> all = totals.series(0, s0 - 1, s0 + 3);
    QCOMPARE(all.size(), 5);
    QCOMPARE(all.at(0).roundtrips, 0);
    QCOMPARE(all.at(1).second, s0);
    QCOMPARE(all.at(1).roundtrips, 1);
    QCOMPARE(all.at(1).modulesSent, 3);
    QCOMPARE(all.at(1).bytesCompressed, 2100);
    QCOMPARE(all.at(2).roundtrips, 0);
    QCOMPARE(all.at(3).roundtrips, 2);
    QCOMPARE(all.at(3).bytesCompressed, 2107);
    const QList<ImportBucket> second = totals.series(2, s0, s0 + 2);
    QCOMPARE(second.at(0).roundtrips, 0);
    QCOMPARE(second.at(2).roundtrips, 2);
    QCOMPARE(totals.series(42, s0, s0 + 2).size(), 3);
    // Old buckets are dropped.
    totals.setHistorySeconds(1);
    QCOMPARE(totals.series(0, s0, s0).at(0).roundtrips, 0);
    QCOMPARE(totals.series(0, s0 + 2, s0 + 2).at(0).roundtrips, 2);
}

void TestImportEventModel::niceCeiling_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<double>("expected");
    QTest::newRow("zero") << 0.0 << 1.0;
    QTest::newRow("one") << 1.0 << 1.0;
    QTest::newRow("1.5") << 1.5 << 2.0;
    QTest::newRow("3") << 3.0 << 5.0;
    QTest::newRow("7") << 7.0 << 10.0;
    QTest::newRow("0.3") << 0.3 << 0.5;
    QTest::newRow("120") << 120.0 << 200.0;
}

void TestImportEventModel::niceCeiling()
{
    QFETCH(double, value);
    QFETCH(double, expected);
    QCOMPARE(ImportChart::niceCeiling(value), expected);
}

void TestImportEventModel::paneWithoutBroker()
{
    ImportsPane pane(nullptr, 0);
    pane.resize(1000, 600);
    QSignalSpy totalsChanged(&pane, &ImportsPane::totalsChanged);
    pane.appendEvents(packageTraffic(1));
    pane.appendEvents(packageTraffic(2));
    // Batches in quick succession redraw the totals once.
    QTRY_COMPARE(totalsChanged.count(), 1);
    QCOMPARE(pane.totals().counts().roundtripsAvoided(), 6);
    QVERIFY2(pane.totalsText().contains(QStringLiteral("Roundtrips avoided: 6")),
             qPrintable(pane.totalsText()));
    pane.setOutcomeAccepted(ImportOutcome::Local, false);
    QCOMPARE(pane.proxy()->rowCount(), 12);
    pane.setFilterText(QStringLiteral("pkg.b"));
    QCOMPARE(pane.proxy()->rowCount(), 4);
    pane.setFilterText(QString());
    pane.setOutcomeAccepted(ImportOutcome::Local, true);
    QCOMPARE(pane.proxy()->rowCount(), 14);

    // Details of a row sent ahead: the request that caused it and its companions.
    pane.selectRow(findRow(*pane.proxy(), 1, QStringLiteral("pkg.a"), ImportOutcome::Related));
    const QString details = pane.detailsText();
    QVERIFY2(details.contains(QStringLiteral("pkg.a")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("Sent ahead with the request for pkg")),
             qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("pkg.b")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("/srv/modules/pkg/a.py")), qPrintable(details));
    // A package lists the submodules seen.
    pane.selectRow(findRow(*pane.proxy(), 1, QStringLiteral("pkg"), ImportOutcome::Served));
    QVERIFY2(pane.detailsText().contains(QStringLiteral("Submodules seen")),
             qPrintable(pane.detailsText()));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("imports.csv"));
    QString error;
    QVERIFY2(pane.exportCsv(file, &error), qPrintable(error));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(parseCsv(QString::fromUtf8(f.readAll())).size(), 15);
    QVERIFY(!pane.exportCsv(dir.filePath(QStringLiteral("missing/dir/x.csv")), &error));
    QVERIFY(error.contains(QStringLiteral("missing/dir/x.csv")));

    pane.clear();
    QCOMPARE(pane.model()->rowCount(), 0);
    QCOMPARE(pane.totals().counts().roundtrips, 0);
}

QTEST_MAIN(TestImportEventModel)
#include "tst_importeventmodel.moc"
