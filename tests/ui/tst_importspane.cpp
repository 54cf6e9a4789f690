// ImportsPane against a real broker and real local contexts: a package served
// from a module directory shows as one request with its modules sent ahead and
// then used from the cache, in the per-context pane and in the global view
// (which also follows contexts connected after it was made); totals, details
// and a screenshot of the pane after importing a real package tree.
#include "core/broker/broker.h"
#include "core/modules/moduleserver.h"
#include "tests/support/await.h"
#include "ui/imports/importchart.h"
#include "ui/imports/importeventmodel.h"
#include "ui/imports/importfilterproxy.h"
#include "ui/imports/importspane.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPixmap>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Econtext;
using Econtext::Test::evalRepr;
using Econtext::Test::waitConnected;

namespace {

constexpr auto kPython = "/usr/bin/python3";

bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    return f.write(content) == content.size();
}

ConnectOptions localOptions(const QString &name)
{
    ConnectOptions o;
    o.method = ConnectMethod::Local;
    o.python = QString::fromLatin1(kPython);
    o.name = name;
    return o;
}

// "module outcome" for every row of one context (0 = all), in model order.
QStringList rows(const ImportEventModel &model, quint32 contextId = 0)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r) {
        const ImportEvent &e = model.event(r);
        if (contextId == 0 || e.contextId == contextId)
            out << e.module + QLatin1Char(' ') + importOutcomeKeyword(e.outcome);
    }
    return out;
}

int findRow(const QAbstractItemModel &model, const QString &module, ImportOutcome outcome)
{
    for (int r = 0; r < model.rowCount(); ++r) {
        const QModelIndex i = model.index(r, 0);
        if (i.data(ImportEventModel::ModuleRole).toString() == module
            && i.data(ImportEventModel::OutcomeRole).value<ImportOutcome>() == outcome)
            return r;
    }
    return -1;
}

QString shotsDir()
{
    QString base = qEnvironmentVariable("ECONTEXT_BINARY_DIR");
    if (base.isEmpty())
        base = QDir::currentPath();
    const QString dir = base + QStringLiteral("/shots");
    QDir().mkpath(dir);
    return dir;
}

} // namespace

class TestImportsPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void packageTraffic();

private:
    QTemporaryDir m_modules;
};

void TestImportsPane::initTestCase()
{
    if (!QFileInfo(QString::fromLatin1(kPython)).isExecutable())
        QSKIP("/usr/bin/python3 is not installed on this machine.");
    QVERIFY(m_modules.isValid());
    const QString root = m_modules.path() + QStringLiteral("/trafficpkg/");
    QVERIFY(writeFile(root + QStringLiteral("__init__.py"),
                      "from . import a\nfrom . import b\nNAME = 'trafficpkg'\n"));
    QVERIFY(writeFile(root + QStringLiteral("a.py"),
                      "X = 42\n\n\ndef twice(v):\n    return 2 * v\n"));
    QVERIFY(writeFile(root + QStringLiteral("b.py"),
                      "import json\n\nY = json.dumps({'b': [1, 2, 3]})\n" + QByteArray(2000, '#')
                              + "\n"));
}

void TestImportsPane::packageTraffic()
{
    Broker broker;
    broker.moduleServer().addDirectory(m_modules.path());
    broker.moduleServer().setReferencePython(QString());
    // Sizes below are those of the source: the second context must not get compiled code.
    broker.moduleServer().setBytecodeEnabled(false);

    // The global view exists before any context: it must pick up contexts added later.
    ImportsPane global(&broker, 0);
    global.resize(1280, 760);
    QAbstractItemModelTester globalTester(global.proxy(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);

    Context *ctx = broker.connectContext(localOptions(QStringLiteral("traffic")));
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));

    ImportsPane pane(&broker, ctx->id());
    pane.resize(1280, 760);
    QCOMPARE(pane.contextId(), ctx->id());
    QVERIFY(!pane.isGlobal());
    QAbstractItemModelTester sourceTester(pane.model(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(pane.proxy(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);

    QCOMPARE(evalRepr(ctx, QStringLiteral("__import__('trafficpkg').a.X")), QStringLiteral("42"));

    const QStringList expected{QStringLiteral("trafficpkg served"),
                               QStringLiteral("trafficpkg.a related"),
                               QStringLiteral("trafficpkg.b related"),
                               QStringLiteral("trafficpkg.a cached"),
                               QStringLiteral("trafficpkg.b cached")};
    const auto hasAll = [&](const ImportsPane &p) {
        const QStringList seen = rows(*p.model(), ctx->id());
        return std::all_of(expected.cbegin(), expected.cend(), [&](const QString &row) {
            return seen.contains(row);
        });
    };
    QTRY_VERIFY2_WITH_TIMEOUT(hasAll(pane), qPrintable(rows(*pane.model()).join(u", ")), 10000);
    QTRY_VERIFY2_WITH_TIMEOUT(hasAll(global), qPrintable(rows(*global.model()).join(u", ")), 10000);

    // The served row carries its path, package flag, sizes and roundtrip.
    const int served = findRow(*pane.model(), QStringLiteral("trafficpkg"), ImportOutcome::Served);
    QVERIFY(served >= 0);
    const ImportEvent &e = pane.model()->event(served);
    QVERIFY(e.isPackage);
    QCOMPARE(QFileInfo(e.path).fileName(), QStringLiteral("__init__.py"));
    QVERIFY(e.bytesRaw > 0);
    QVERIFY(e.bytesCompressed > 0);
    QVERIFY(e.roundtripMs >= 0);
    QCOMPARE(pane.model()->index(served, ImportEventModel::KindColumn).data().toString(),
             ImportEventModel::tr("package"));
    // Sorted by time, the request's row comes before the modules sent ahead with it.
    QVERIFY(findRow(*pane.proxy(), QStringLiteral("trafficpkg"), ImportOutcome::Served)
            < findRow(*pane.proxy(), QStringLiteral("trafficpkg.a"), ImportOutcome::Related));
    // A sent-ahead module is requested by the package.
    const int related
            = findRow(*pane.model(), QStringLiteral("trafficpkg.b"), ImportOutcome::Related);
    QVERIFY(related >= 0);
    QCOMPARE(pane.model()->event(related).requestedBy, QStringLiteral("trafficpkg"));
    QVERIFY(pane.model()->event(related).bytesRaw > 2000);

    // Totals: one roundtrip; both submodules came from the cache without one.
    const ImportCounts counts = pane.totals().counts(ctx->id());
    QCOMPARE(counts.roundtrips, 1);
    QVERIFY(counts.roundtripsAvoided() >= 2);
    QCOMPARE(counts.modulesSent, 3);
    QCOMPARE(counts.relatedSent, 2);
    QCOMPARE(counts.roundtrips, broker.moduleServer().stats(ctx->id()).requests);
    QCOMPARE(counts.bytesCompressed, broker.moduleServer().stats(ctx->id()).bytesCompressed);
    QVERIFY2(pane.totalsText().contains(QStringLiteral("Roundtrips: 1")),
             qPrintable(pane.totalsText()));
    QCOMPARE(global.totals().counts().roundtrips, 1);

    // The context's name shows in the global view.
    const int globalServed
            = findRow(*global.proxy(), QStringLiteral("trafficpkg"), ImportOutcome::Served);
    QVERIFY(globalServed >= 0);
    QCOMPARE(global.proxy()->index(globalServed, ImportEventModel::ContextColumn).data().toString(),
             QStringLiteral("traffic"));

    // Details of the package: its path, the request, what was sent with it.
    pane.selectRow(findRow(*pane.proxy(), QStringLiteral("trafficpkg"), ImportOutcome::Served));
    const QString details = pane.detailsText();
    QVERIFY2(details.contains(e.path), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("trafficpkg.a")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("trafficpkg.b")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("Sent with the same request")), qPrintable(details));
    // A cache hit names the request that sent it ahead.
    pane.selectRow(findRow(*pane.proxy(), QStringLiteral("trafficpkg.a"), ImportOutcome::Cached));
    QVERIFY2(pane.detailsText().contains(QStringLiteral("with the request for trafficpkg")),
             qPrintable(pane.detailsText()));

    // A second context, connected after the global view: a negative-cache hit and a miss.
    Context *second = broker.connectContext(localOptions(QStringLiteral("second")));
    QVERIFY2(waitConnected(second, &why), qPrintable(why));
    QCOMPARE(evalRepr(second, QStringLiteral("__import__('trafficpkg').b.Y")),
             QStringLiteral("'{\"b\": [1, 2, 3]}'"));
    const QString negative = evalRepr(
            second, QStringLiteral("__import__('importlib').import_module('trafficpkg.nothere')"));
    QVERIFY2(negative.startsWith(QStringLiteral("ERROR")), qPrintable(negative));
    const QString missing = evalRepr(
            second, QStringLiteral("__import__('importlib').import_module('ec_traffic_missing')"));
    QVERIFY2(missing.startsWith(QStringLiteral("ERROR")), qPrintable(missing));
    QTRY_VERIFY2_WITH_TIMEOUT(rows(*global.model(), second->id())
                                      .contains(QStringLiteral("trafficpkg.nothere negative")),
                              qPrintable(rows(*global.model(), second->id()).join(u", ")),
                              10000);
    QTRY_VERIFY2_WITH_TIMEOUT(rows(*global.model(), second->id())
                                      .contains(QStringLiteral("ec_traffic_missing notfound")),
                              qPrintable(rows(*global.model(), second->id()).join(u", ")),
                              10000);
    // The per-context pane shows only its own context.
    QVERIFY(rows(*pane.model(), second->id()).isEmpty());
    QCOMPARE(global.totals().counts().roundtrips, 3);
    QVERIFY(global.totals().counts().roundtripsAvoided() >= 5);

    // Filters in the global view.
    const int all = global.proxy()->rowCount();
    global.setContextFilter(second->id());
    QVERIFY(global.proxy()->rowCount() < all);
    QCOMPARE(global.shownContextId(), second->id());
    QVERIFY2(global.totalsText().contains(QStringLiteral("Roundtrips: 2")),
             qPrintable(global.totalsText()));
    global.setContextFilter(0);
    QCOMPARE(global.proxy()->rowCount(), all);
    global.setOutcomeAccepted(ImportOutcome::Cached, false);
    QCOMPARE(findRow(*global.proxy(), QStringLiteral("trafficpkg.a"), ImportOutcome::Cached), -1);
    global.setOutcomeAccepted(ImportOutcome::Cached, true);
    global.setFilterText(QStringLiteral("TRAFFICPKG.B"));
    for (int r = 0; r < global.proxy()->rowCount(); ++r)
        QCOMPARE(global.proxy()->index(r, 0).data(ImportEventModel::ModuleRole).toString(),
                 QStringLiteral("trafficpkg.b"));
    global.setFilterText(QString());

    // Sorting by compressed size puts trafficpkg.b (the largest) first.
    global.view()->sortByColumn(ImportEventModel::BytesCompressedColumn, Qt::DescendingOrder);
    QCOMPARE(global.proxy()->index(0, ImportEventModel::ModuleColumn).data().toString(),
             QStringLiteral("trafficpkg.b"));
    global.view()->sortByColumn(ImportEventModel::TimeColumn, Qt::AscendingOrder);

    // CSV of what the per-context pane shows.
    QTemporaryDir out;
    QVERIFY(out.isValid());
    QString error;
    QVERIFY2(pane.exportCsv(out.filePath(QStringLiteral("imports.csv")), &error),
             qPrintable(error));
    QFile csv(out.filePath(QStringLiteral("imports.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray text = csv.readAll();
    QCOMPARE(text.count('\n'), pane.proxy()->rowCount() + 1);
    QVERIFY(text.contains("trafficpkg.a,related"));

    // Screenshots: the per-context pane with the package row selected, and the global view.
    pane.selectRow(findRow(*pane.proxy(), QStringLiteral("trafficpkg"), ImportOutcome::Served));
    pane.show();
    global.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QVERIFY(QTest::qWaitForWindowExposed(&global));
    const QImage shot = pane.grab().toImage();
    QVERIFY(!shot.isNull());
    QVERIFY(shot.save(shotsDir() + QStringLiteral("/imports.png")));
    global.selectRow(findRow(
            *global.proxy(), QStringLiteral("trafficpkg.nothere"), ImportOutcome::Negative));
    QVERIFY2(global.detailsText().contains(QStringLiteral("has no submodule nothere")),
             qPrintable(global.detailsText()));
    QVERIFY(global.grab().save(shotsDir() + QStringLiteral("/imports-global.png")));
    // The chart drew the roundtrip bar: a pixel of the highlight colour in its plot.
    const QImage chart = pane.chart()->grab().toImage();
    const QColor bar = pane.chart()->palette().color(QPalette::Highlight);
    bool found = false;
    for (int y = 0; y < chart.height() && !found; ++y) {
        for (int x = chart.width() * 3 / 4; x < chart.width() && !found; ++x) {
            const QColor c = chart.pixelColor(x, y);
            found = std::abs(c.hue() - bar.hue()) < 8 && c.saturation() > 60;
        }
    }
    QVERIFY2(found, "The chart shows no roundtrip bar for the last seconds.");
}

QTEST_MAIN(TestImportsPane)
#include "tst_importspane.moc"
