// LogRecords: records and blocks of output lines mixed, read row by row, by index, from
// the end, and cut at every row, compared with the same rows kept one by one.
#include "core/records/logrecords.h"

#include <QTest>

using namespace Econtext;

namespace {

LogRecord note(const QString &message)
{
    LogRecord r;
    r.contextId = 7;
    r.kind = LogRecord::Kind::Log;
    r.logger = QStringLiteral("app");
    r.message = message;
    return r;
}

LogRecord outputFields(LogRecord::Kind kind)
{
    LogRecord r;
    r.contextId = 7;
    r.kind = kind;
    r.time = 1700000000.5;
    r.level = kind == LogRecord::Kind::Stderr ? 30 : 20;
    r.message = QStringLiteral("ignored");
    return r;
}

// The rows, made one by one.
QList<LogRecord> rowsOf(const LogRecords &records)
{
    QList<LogRecord> rows;
    for (const LogRecord &r : records)
        rows.append(r);
    return rows;
}

QStringList messages(const QList<LogRecord> &rows)
{
    QStringList out;
    for (const LogRecord &r : rows)
        out << QString::number(int(r.kind)) + u':' + r.message;
    return out;
}

} // namespace

class TestLogRecords : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void linesOfABlock_data();
    void linesOfABlock();
    void mixedBatchCutEverywhere();
    void costFollowsBytesAndRows();
};

void TestLogRecords::linesOfABlock_data()
{
    QTest::addColumn<QByteArray>("text"); // after the stream byte
    QTest::addColumn<QStringList>("lines");
    const QString empty;
    QTest::newRow("one line") << QByteArray("abc\n") << QStringList{QStringLiteral("abc")};
    QTest::newRow("no newline at the end")
            << QByteArray("abc\ndef") << QStringList{QStringLiteral("abc"), QStringLiteral("def")};
    QTest::newRow("empty lines") << QByteArray("\n\n\n") << QStringList{empty, empty, empty};
    QTest::newRow("a lone piece") << QByteArray("x") << QStringList{QStringLiteral("x")};
    QTest::newRow("utf-8 and invalid bytes")
            << QByteArray("\xc3\xa9t\xc3\xa9\n\xff\n")
            << QStringList{QStringLiteral("\u00e9t\u00e9"), QStringLiteral("\ufffd")};
    QTest::newRow("carriage return kept")
            << QByteArray("a\r\n") << QStringList{QStringLiteral("a\r")};
}

void TestLogRecords::linesOfABlock()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, lines);
    LogRecords records;
    records.appendLines(outputFields(LogRecord::Kind::Stdout), '\x01' + text, 1);
    QCOMPARE(records.size(), lines.size());
    const QList<LogRecord> rows = rowsOf(records);
    QCOMPARE(rows.size(), lines.size());
    for (int i = 0; i < lines.size(); ++i) {
        QCOMPARE(rows.at(i).message, lines.at(i));
        QCOMPARE(records.at(i).message, lines.at(i));
        QCOMPARE(rows.at(i).kind, LogRecord::Kind::Stdout);
        QCOMPARE(rows.at(i).time, 1700000000.5);
        QCOMPARE(rows.at(i).contextId, 7u);
    }
    QVERIFY(records.singleRecords().isEmpty());
}

// Every way to cut a batch of records and blocks gives the rows the plain list gives.
void TestLogRecords::mixedBatchCutEverywhere()
{
    LogRecords records;
    QList<LogRecord> plain;
    const auto addNote = [&](const QString &m) {
        records.append(note(m));
        plain.append(note(m));
    };
    const auto addLines = [&](LogRecord::Kind kind, const QByteArray &text) {
        records.appendLines(outputFields(kind), "\x02" + text, 1);
        LogRecord r = outputFields(kind);
        QList<QByteArray> parts = text.split('\n');
        if (text.isEmpty() || text.endsWith('\n'))
            parts.removeLast();
        for (const QByteArray &p : parts) {
            r.message = QString::fromUtf8(p);
            plain.append(r);
        }
    };
    addNote(QStringLiteral("first"));
    addLines(LogRecord::Kind::Stdout, "a\nbb\n\nccc\n");
    addLines(LogRecord::Kind::Stderr, "e1\ne2");
    addNote(QStringLiteral("middle"));
    addLines(LogRecord::Kind::Stdout, "x\n");
    addLines(LogRecord::Kind::Stdout, "1\n2\n3\n4\n5\n6\n7\n8\n9\n");
    addLines(LogRecord::Kind::Stdout, QByteArray());
    addNote(QStringLiteral("last"));
    const QStringList all = messages(plain);
    QCOMPARE(records.size(), plain.size());
    QCOMPARE(messages(rowsOf(records)), all);
    QCOMPARE(records.singleRecords().size(), 3);
    for (qsizetype i = 0; i < plain.size(); ++i)
        QCOMPARE(messages({records.at(i)}), all.mid(i, 1));

    for (qsizetype n = 0; n <= plain.size(); ++n) {
        QCOMPARE(messages(rowsOf(records.last(n))), all.mid(plain.size() - n));
        LogRecords dropped = records;
        dropped.removeFirst(n);
        QCOMPARE(dropped.size(), plain.size() - n);
        QCOMPARE(messages(rowsOf(dropped)), all.mid(n));
        LogRecords rest = records;
        const LogRecords head = rest.takeFirst(n);
        QCOMPARE(head.size(), n);
        QCOMPARE(messages(rowsOf(head)), all.mid(0, n));
        QCOMPARE(messages(rowsOf(rest)), all.mid(n));
        // Cut again, in slices of three, then joined.
        LogRecords joined;
        while (!rest.isEmpty())
            joined += rest.takeFirst(3);
        QCOMPARE(messages(rowsOf(joined)), all.mid(n));
    }
}

// A million empty lines cost about their bytes and 64 bytes a row, not a string each; the
// text is shared by the slices taken from them.
void TestLogRecords::costFollowsBytesAndRows()
{
    const QByteArray text = '\x01' + QByteArray(1000000, '\n');
    LogRecords records;
    records.appendLines(outputFields(LogRecord::Kind::Stdout), text, 1);
    QCOMPARE(records.size(), 1000000);
    const qint64 cost = records.deliveryCost();
    QVERIFY2(cost >= 65 * 1000000 && cost < 65 * 1000000 + 1024, qPrintable(QString::number(cost)));
    qint64 sliced = 0;
    while (!records.isEmpty())
        sliced += records.takeFirst(16384).deliveryCost();
    // Each slice adds only its own bookkeeping.
    QVERIFY2(sliced - cost < 62 * 1024, qPrintable(QString::number(sliced - cost)));
}

QTEST_GUILESS_MAIN(TestLogRecords)
#include "tst_logrecords.moc"
