// LogModel, LogFilterProxy and LogPane: the bounded ring buffer, its batch
// signals, filtering, copy/save, and the event-loop latency under a flood.
#include "ui/logs/logfilterproxy.h"
#include "ui/logs/logmodel.h"
#include "ui/logs/logpane.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QFile>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace Econtext;

namespace {

LogRecord makeRecord(int i, LogRecord::Kind kind = LogRecord::Kind::Log, int level = 20)
{
    LogRecord r;
    r.contextId = 1;
    r.kind = kind;
    r.level = level;
    r.time = 1700000000.0 + i / 1000.0;
    r.logger = kind == LogRecord::Kind::Log ? QStringLiteral("app.worker") : QString();
    r.message = QStringLiteral("line %1").arg(i);
    return r;
}

LogRecords makeBatch(int first, int count)
{
    LogRecords batch;
    batch.reserve(count);
    for (int i = first; i < first + count; ++i)
        batch.append(makeRecord(i));
    return batch;
}

QString messageAt(const QAbstractItemModel *model, int row)
{
    return model->index(row, LogModel::MessageColumn).data().toString();
}

} // namespace

class TestLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelTester();
    void evictionKeepsBoundAndOrder();
    void evictionSignalsBeforeInsert();
    void batchLargerThanCapacity();
    void shrinkCapacity();
    void boundInCharacters();
    void displayAndRoles();
    void filterByLevel();
    void filterStreams();
    void filterText_data();
    void filterText();
    void paneFlushAndPause();
    void paneCopyAndSave();
    void paneHighlightPaints();
    void floodLatency();
};

void TestLogModel::modelTester()
{
    LogModel model;
    model.setCapacity(500);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    LogFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setFilterText(QStringLiteral("7"));
    for (int i = 0; i < 12; ++i)
        model.appendRecords(makeBatch(i * 100, 100));
    QCOMPARE(model.rowCount(), 500);
    model.appendRecord(makeRecord(5000, LogRecord::Kind::Stderr, 30));
    model.setCapacity(200);
    QCOMPARE(model.rowCount(), 200);
    proxy.setMinimumLevel(30);
    proxy.setFilterText(QString());
    QCOMPARE(proxy.rowCount(), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(proxy.rowCount(), 0);
}

void TestLogModel::evictionKeepsBoundAndOrder()
{
    LogModel model;
    model.setCapacity(1000);
    int next = 0;
    for (int batch = 0; batch < 17; ++batch) {
        const int size = 37 + batch * 11;
        model.appendRecords(makeBatch(next, size));
        next += size;
        QVERIFY(model.rowCount() <= 1000);
    }
    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(model.evictedCount(), qint64(next - 1000));
    QCOMPARE(messageAt(&model, 0), QStringLiteral("line %1").arg(next - 1000));
    QCOMPARE(messageAt(&model, 999), QStringLiteral("line %1").arg(next - 1));
    for (int row = 1; row < model.rowCount(); ++row)
        QVERIFY(model.record(row - 1).time < model.record(row).time);
}

void TestLogModel::evictionSignalsBeforeInsert()
{
    LogModel model;
    model.setCapacity(100);
    model.appendRecords(makeBatch(0, 90));
    QStringList events;
    connect(&model,
            &QAbstractItemModel::rowsAboutToBeRemoved,
            this,
            [&events](const QModelIndex &, int first, int last) {
                events.append(QStringLiteral("remove %1-%2").arg(first).arg(last));
            });
    connect(&model,
            &QAbstractItemModel::rowsAboutToBeInserted,
            this,
            [&events](const QModelIndex &, int first, int last) {
                events.append(QStringLiteral("insert %1-%2").arg(first).arg(last));
            });
    model.appendRecords(makeBatch(90, 30));
    QCOMPARE(events, QStringList({QStringLiteral("remove 0-19"), QStringLiteral("insert 70-99")}));
    events.clear();
    model.appendRecords(makeBatch(120, 5));
    QCOMPARE(events, QStringList({QStringLiteral("remove 0-4"), QStringLiteral("insert 95-99")}));
}

void TestLogModel::batchLargerThanCapacity()
{
    LogModel model;
    model.setCapacity(50);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendRecords(makeBatch(0, 20));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.appendRecords(makeBatch(20, 200));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(messageAt(&model, 0), QStringLiteral("line 170"));
    QCOMPARE(messageAt(&model, 49), QStringLiteral("line 219"));
    QCOMPARE(model.evictedCount(), qint64(170));
}

void TestLogModel::shrinkCapacity()
{
    LogModel model;
    model.appendRecords(makeBatch(0, 300));
    model.setCapacity(120);
    QCOMPARE(model.rowCount(), 120);
    QCOMPARE(messageAt(&model, 0), QStringLiteral("line 180"));
    model.setCapacity(1000);
    QCOMPARE(model.rowCount(), 120);
}

// Long rows evict old ones by their text, not only by count; lines of output that came
// together are made into rows only as far as they fit; one row longer than the bound stays.
void TestLogModel::boundInCharacters()
{
    LogModel model;
    model.setMaxChars(900);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendRecords(makeBatch(0, 30)); // "line N" and the logger: 16-17 characters each
    QCOMPARE(model.rowCount(), 30);

    LogRecord fields;
    fields.kind = LogRecord::Kind::Stdout;
    LogRecords lines;
    QByteArray text;
    for (char c = 'a'; c <= 'j'; ++c)
        text += QByteArray(300, c) + '\n';
    lines.appendLines(fields, text);
    model.appendRecords(lines);
    // The last three 300-character lines fill it: no room for the older rows.
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(messageAt(&model, 0), QString(300, u'h'));
    QCOMPARE(messageAt(&model, 2), QString(300, u'j'));
    QCOMPARE(model.evictedCount(), qint64(30 + 7));

    model.appendRecords(makeBatch(100, 10));
    QCOMPARE(model.rowCount(), 12); // two long lines and the ten short ones
    QCOMPARE(messageAt(&model, 0), QString(300, u'i'));

    LogRecord huge = fields;
    huge.message = QString(5000, u'x');
    model.appendRecord(huge);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(messageAt(&model, 0).size(), 5000);
}

void TestLogModel::displayAndRoles()
{
    LogModel model;
    LogRecord multi = makeRecord(1, LogRecord::Kind::Log, 40);
    multi.message
            = QStringLiteral("Traceback (most recent call last):\n  File \"x\"\nValueError\n");
    model.appendRecords({multi,
                         makeRecord(2, LogRecord::Kind::Stdout),
                         makeRecord(3, LogRecord::Kind::Stderr, 30),
                         makeRecord(4, LogRecord::Kind::Internal, 40)});
    QCOMPARE(model.index(0, LogModel::LevelColumn).data().toString(), QStringLiteral("ERROR"));
    QCOMPARE(model.index(1, LogModel::LevelColumn).data().toString(), QStringLiteral("stdout"));
    QCOMPARE(model.index(2, LogModel::LevelColumn).data().toString(), QStringLiteral("stderr"));
    QCOMPARE(model.index(3, LogModel::LoggerColumn).data().toString(), QStringLiteral("econtext"));
    const QString shown = messageAt(&model, 0);
    QVERIFY(!shown.contains(QLatin1Char('\n')));
    QVERIFY(shown.startsWith(QStringLiteral("Traceback")));
    QCOMPARE(model.index(0, 0).data(LogModel::MessageRole).toString(), multi.message);
    QVERIFY(model.index(0, 0)
                    .data(LogModel::PlainTextRole)
                    .toString()
                    .contains(QStringLiteral("\tERROR\tapp.worker\tTraceback")));
    // Colours by level, stderr distinct from warnings and from stdout.
    const auto color = [&model](int row) {
        return model.index(row, 0).data(LogModel::LevelColorRole).value<QColor>();
    };
    QVERIFY(color(0).isValid());
    QVERIFY(color(1) != color(2));
    QVERIFY(color(0) != color(1));
    QVERIFY(model.index(2, 0).data(Qt::BackgroundRole).isValid());
    QVERIFY(!model.index(1, 0).data(Qt::BackgroundRole).isValid());
    // A dark palette gives other (lighter) colours.
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const QColor lightError = color(0);
    model.setPalette(dark);
    QCOMPARE(changed.count(), 1);
    QVERIFY(color(0).lightnessF() > lightError.lightnessF());
}

void TestLogModel::filterByLevel()
{
    LogModel model;
    LogFilterProxy proxy;
    proxy.setSourceModel(&model);
    model.appendRecords({makeRecord(0, LogRecord::Kind::Log, 10),
                         makeRecord(1, LogRecord::Kind::Log, 20),
                         makeRecord(2, LogRecord::Kind::Log, 30),
                         makeRecord(3, LogRecord::Kind::Log, 40),
                         makeRecord(4, LogRecord::Kind::Stdout, 20),
                         makeRecord(5, LogRecord::Kind::Internal, 20)});
    QCOMPARE(proxy.rowCount(), 6);
    QVERIFY(!proxy.isFiltering());
    proxy.setMinimumLevel(30);
    QVERIFY(proxy.isFiltering());
    // Output is shown or hidden by its own switch, not by level.
    QCOMPARE(proxy.rowCount(), 3);
    QCOMPARE(messageAt(&proxy, 0), QStringLiteral("line 2"));
    QCOMPARE(messageAt(&proxy, 2), QStringLiteral("line 4"));
    proxy.setMinimumLevel(50);
    QCOMPARE(proxy.rowCount(), 1);
    // New rows go through the filter too.
    model.appendRecords(
            {makeRecord(6, LogRecord::Kind::Log, 50), makeRecord(7, LogRecord::Kind::Log, 10)});
    QCOMPARE(proxy.rowCount(), 2);
}

void TestLogModel::filterStreams()
{
    LogModel model;
    LogFilterProxy proxy;
    proxy.setSourceModel(&model);
    model.appendRecords({makeRecord(0, LogRecord::Kind::Stdout),
                         makeRecord(1, LogRecord::Kind::Stderr, 30),
                         makeRecord(2, LogRecord::Kind::Log, 20)});
    proxy.setShowStdout(false);
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setShowStderr(false);
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(messageAt(&proxy, 0), QStringLiteral("line 2"));
    proxy.setShowStdout(true);
    QCOMPARE(proxy.rowCount(), 2);
}

void TestLogModel::filterText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("expected");
    QTest::newRow("empty") << QString() << 4;
    QTest::newRow("message") << QStringLiteral("disk") << 2;
    QTest::newRow("case-insensitive") << QStringLiteral("DISK FULL") << 1;
    QTest::newRow("logger") << QStringLiteral("app.db") << 1;
    QTest::newRow("none") << QStringLiteral("nothing like it") << 0;
}

void TestLogModel::filterText()
{
    QFETCH(QString, text);
    QFETCH(int, expected);
    LogModel model;
    LogFilterProxy proxy;
    proxy.setSourceModel(&model);
    LogRecord a = makeRecord(0);
    a.message = QStringLiteral("Disk full on /var");
    LogRecord b = makeRecord(1);
    b.message = QStringLiteral("checking disks");
    LogRecord c = makeRecord(2);
    c.logger = QStringLiteral("app.db");
    c.message = QStringLiteral("connected");
    LogRecord d = makeRecord(3, LogRecord::Kind::Stdout);
    d.message = QStringLiteral("hello");
    model.appendRecords({a, b, c, d});
    proxy.setFilterText(text);
    QCOMPARE(proxy.rowCount(), expected);
}

void TestLogModel::paneFlushAndPause()
{
    LogPane pane;
    pane.resize(900, 400);
    pane.show();
    pane.appendRecords(makeBatch(0, 10));
    QCOMPARE(pane.model()->rowCount(), 0); // coalesced, not yet inserted
    QTRY_COMPARE(pane.model()->rowCount(), 10);

    pane.setPaused(true);
    pane.appendRecords(makeBatch(10, 5));
    QTest::qWait(100);
    QCOMPARE(pane.model()->rowCount(), 10);
    QCOMPARE(pane.pendingCount(), 5);
    pane.setPaused(false);
    QCOMPARE(pane.model()->rowCount(), 15);

    // Follows the tail while at the bottom...
    pane.appendRecords(makeBatch(15, 500));
    pane.flush();
    QScrollBar *sb = pane.view()->verticalScrollBar();
    QTRY_VERIFY(sb->maximum() > 0);
    QCOMPARE(sb->value(), sb->maximum());
    // ...and not once the user scrolled up.
    sb->setValue(sb->maximum() / 2);
    const int held = sb->value();
    pane.appendRecords(makeBatch(515, 50));
    pane.flush();
    QCoreApplication::processEvents();
    QCOMPARE(sb->value(), held);

    pane.clear();
    QCOMPARE(pane.model()->rowCount(), 0);
}

void TestLogModel::paneCopyAndSave()
{
    LogPane pane;
    pane.appendRecords({makeRecord(0), makeRecord(1, LogRecord::Kind::Stderr, 30), makeRecord(2)});
    pane.flush();
    QCOMPARE(pane.model()->rowCount(), 3);
    pane.view()->selectRow(0);
    pane.view()->selectionModel()->select(pane.proxy()->index(2, 0),
                                          QItemSelectionModel::Select | QItemSelectionModel::Rows);
    pane.copySelection();
    const QStringList lines
            = QApplication::clipboard()->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines.at(0).endsWith(QStringLiteral("line 0")));
    QVERIFY(lines.at(1).endsWith(QStringLiteral("line 2")));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("out.log"));
    pane.setFilterText(QStringLiteral("line 1"));
    QString error;
    QVERIFY(pane.saveToFile(file, &error));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString saved = QString::fromUtf8(f.readAll());
    QCOMPARE(saved.count(QLatin1Char('\n')), 1);
    QVERIFY(saved.contains(QStringLiteral("\tstderr\t\tline 1")));

    QVERIFY(!pane.saveToFile(dir.filePath(QStringLiteral("missing/dir/out.log")), &error));
    QVERIFY(!error.isEmpty());
}

void TestLogModel::paneHighlightPaints()
{
    LogPane pane;
    pane.resize(800, 300);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.appendRecords(makeBatch(0, 50));
    pane.flush();
    pane.setFilterText(QStringLiteral("LINE 4"));
    QCOMPARE(pane.proxy()->rowCount(), 11); // 4, 40..49
    const QImage image = pane.grab().toImage();
    QVERIFY(!image.isNull());
    QVERIFY(!pane.view()->font().family().isEmpty());
}

// Not a pass/fail timing test: it prints how late a 5 ms timer fires while
// 50,000 lines a second arrive in batches of 1,500, as the core delivers them.
void TestLogModel::floodLatency()
{
    struct Scenario
    {
        const char *name;
        int total;
        QString filter;
    };
    const Scenario scenarios[] = {
            {"idle baseline, no lines", 0, QString()},
            {"50k lines, empty buffer", 50000, QString()},
            {"150k lines, eviction at 100k", 150000, QString()},
            {"150k lines, eviction, text filter", 150000, QStringLiteral("7")},
    };
    for (const Scenario &scenario : scenarios) {
        LogPane pane;
        pane.resize(1200, 700);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        if (!scenario.filter.isEmpty())
            pane.setFilterText(scenario.filter);

        constexpr int batchSize = 1500;
        constexpr int batchIntervalMs = 30; // 1,500 lines per 30 ms = 50,000 lines/s
        // Made beforehand: only the window's share of the work is measured.
        QList<LogRecords> batches;
        for (int first = 0; first < scenario.total; first += batchSize)
            batches.append(makeBatch(first, std::min(batchSize, scenario.total - first)));
        int sent = 0;
        qsizetype nextBatch = 0;
        QTimer feeder;
        feeder.setTimerType(Qt::PreciseTimer);
        feeder.setInterval(batchIntervalMs);
        connect(&feeder, &QTimer::timeout, &pane, [&] {
            if (nextBatch >= batches.size()) {
                feeder.stop();
                return;
            }
            const LogRecords &batch = batches.at(nextBatch++);
            pane.appendRecords(batch);
            sent += int(batch.size());
            if (sent >= scenario.total)
                feeder.stop();
        });

        QList<double> late;
        QElapsedTimer clock;
        QTimer probe;
        probe.setTimerType(Qt::PreciseTimer);
        probe.setInterval(5);
        qint64 last = 0;
        connect(&probe, &QTimer::timeout, &pane, [&] {
            const qint64 now = clock.nsecsElapsed();
            late.append(std::max(0.0, double(now - last) / 1e6 - 5.0));
            last = now;
        });

        QElapsedTimer wall;
        wall.start();
        clock.start();
        feeder.start();
        probe.start();
        if (scenario.total == 0) {
            feeder.stop();
            QTest::qWait(1000);
        }
        QTRY_VERIFY_WITH_TIMEOUT(sent >= scenario.total && pane.pendingCount() == 0, 120000);
        QTest::qWait(100);
        probe.stop();
        const double seconds = double(wall.elapsed()) / 1000.0;

        std::sort(late.begin(), late.end());
        const auto pct = [&late](double p) {
            return late.isEmpty() ? 0.0
                                  : late.at(std::min<qsizetype>(
                                          late.size() - 1, qsizetype(p * double(late.size()))));
        };
        qInfo("flood [%s]: %d lines in %.2f s (%.0f lines/s), rows %d; "
              "5 ms timer lateness p50 %.2f ms, p99 %.2f ms, max %.2f ms (%lld samples)",
              scenario.name,
              sent,
              seconds,
              double(sent) / seconds,
              pane.model()->rowCount(),
              pct(0.50),
              pct(0.99),
              late.isEmpty() ? 0.0 : late.last(),
              static_cast<long long>(late.size()));
        QVERIFY(pane.model()->rowCount() <= pane.model()->capacity());
        QCOMPARE(pane.model()->rowCount(), std::min(scenario.total, pane.model()->capacity()));
        if (batches.isEmpty())
            continue;

        // The GUI thread's cost of one batch: insert (and evict), filter, scroll and repaint.
        QList<double> cost;
        for (int round = 0; round < 20; ++round) {
            QElapsedTimer t;
            t.start();
            pane.appendRecords(batches.at(round % batches.size()));
            pane.flush();
            pane.view()->viewport()->repaint();
            cost.append(double(t.nsecsElapsed()) / 1e6);
        }
        std::sort(cost.begin(), cost.end());
        qInfo("flood [%s]: one batch of %d lines costs p50 %.2f ms, max %.2f ms on the GUI thread",
              scenario.name,
              batchSize,
              cost.at(cost.size() / 2),
              cost.last());
    }
}

QTEST_MAIN(TestLogModel)
#include "tst_logmodel.moc"
