// LogHandler alone: a FORWARD_LOG record is decoded once into a LogRecord with every field,
// lines of FORWARD_OUTPUT become rows of their stream, malformed ones are refused alone, the
// link's notes join the same batches, rows go out in batches no larger than the bound and are
// held back while the application does not keep up, and the end of the link hands everything
// over. Also SET_LOG_LEVEL. Frames go through the wire code both ways (LinkHarness).
#include "core/broker/handles.h"
#include "core/broker/loghandler.h"
#include "core/wire/pickle.h"
#include "tests/support/linkharness.h"

#include <QSignalSpy>
#include <QTest>

using namespace Econtext;
using Econtext::Test::LinkHarness;
using Wire::Value;

namespace {

// Every row handed over so far.
QList<LogRecord> rows(const QSignalSpy &spy)
{
    QList<LogRecord> out;
    for (const QList<QVariant> &args : spy) {
        for (const LogRecord &r : args.first().value<LogRecords>())
            out.append(r);
    }
    return out;
}

QByteArray output(char stream, const QByteArray &lines)
{
    return QByteArray(1, stream) + lines;
}

} // namespace

class TestLogHandler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { qRegisterMetaType<LogRecords>(); }
    void logRecordDecodedOnce();
    void malformedRecordsRefused_data();
    void malformedRecordsRefused();
    void outputLinesBecomeRows();
    void notesJoinTheBatch();
    void heldBackWhileTheApplicationLags();
    void endOfLinkHandsEverythingOver();
    void logLevel();
};

void TestLogHandler::logRecordDecodedOnce()
{
    LinkHarness link;
    LogHandler logs(link);
    QSignalSpy ready(&logs, &LogHandler::recordsReady);
    link.hello();
    QVERIFY(link.deliver(Handle::ForwardLog,
                         Value::tuple({Value(QStringLiteral("app.db")),
                                       Value(40),
                                       Value(1700000000.25),
                                       Value(QStringLiteral("worker-1")),
                                       Value(QStringLiteral("line one\nline two"))})));
    QVERIFY(ready.wait(2000));
    const QList<LogRecord> got = rows(ready);
    QCOMPARE(got.size(), 1);
    const LogRecord &r = got.first();
    QCOMPARE(r.contextId, 7u);
    QCOMPARE(r.kind, LogRecord::Kind::Log);
    QCOMPARE(r.logger, QStringLiteral("app.db"));
    QCOMPARE(r.level, 40);
    QCOMPARE(r.time, 1700000000.25);
    QCOMPARE(r.thread, QStringLiteral("worker-1"));
    QCOMPARE(r.message, QStringLiteral("line one\nline two"));
    QVERIFY(link.violations.isEmpty());
    QVERIFY(link.emitted > 0);
}

void TestLogHandler::malformedRecordsRefused_data()
{
    QTest::addColumn<quint32>("handle");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("flags");
    QTest::addColumn<QString>("why");
    QTest::newRow("log record too short")
            << Handle::ForwardLog
            << Wire::encodePickle(Value::tuple({Value(QStringLiteral("too")), Value(1)}), 2) << 0
            << QStringLiteral("a malformed log record");
    QTest::newRow("log record as raw data")
            << Handle::ForwardLog << QByteArray("x") << int(Wire::FlagRaw)
            << QStringLiteral("raw data on service handle 104");
    QTest::newRow("output pickled")
            << Handle::ForwardOutput << Wire::encodePickle(Value(QStringLiteral("hi")), 2) << 0
            << QStringLiteral("malformed output");
    QTest::newRow("output of stream 3") << Handle::ForwardOutput << output(3, "hi\n")
                                        << int(Wire::FlagRaw) << QStringLiteral("malformed output");
}

void TestLogHandler::malformedRecordsRefused()
{
    QFETCH(quint32, handle);
    QFETCH(QByteArray, payload);
    QFETCH(int, flags);
    QFETCH(QString, why);
    LinkHarness link;
    LogHandler logs(link);
    QSignalSpy ready(&logs, &LogHandler::recordsReady);
    link.hello();
    Wire::Frame frame;
    frame.src = frame.authId = 7;
    frame.handle = handle;
    frame.flags = quint8(flags);
    frame.payload = payload;
    QVERIFY(link.deliver(frame));
    QCOMPARE(link.violations, QStringList{why});
    // A good one after it still goes through.
    QVERIFY(link.deliverRaw(Handle::ForwardOutput, output(1, "fine\n")));
    QVERIFY(ready.wait(2000));
    QCOMPARE(rows(ready).size(), 1);
    QCOMPARE(rows(ready).first().message, QStringLiteral("fine"));
}

void TestLogHandler::outputLinesBecomeRows()
{
    LinkHarness link;
    LogHandler logs(link);
    QSignalSpy ready(&logs, &LogHandler::recordsReady);
    link.hello();
    QVERIFY(link.deliverRaw(Handle::ForwardOutput, output(1, "one\ntwo\npartial")));
    QVERIFY(link.deliverRaw(Handle::ForwardOutput, output(2, "oops\n")));
    QVERIFY(ready.wait(2000));
    const QList<LogRecord> got = rows(ready);
    QCOMPARE(got.size(), 4);
    QCOMPARE(got[0].message, QStringLiteral("one"));
    QCOMPARE(got[2].message, QStringLiteral("partial"));
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(got[i].kind, LogRecord::Kind::Stdout);
        QCOMPARE(got[i].level, 20);
    }
    QCOMPARE(got[3].kind, LogRecord::Kind::Stderr);
    QCOMPARE(got[3].level, 30);
    QCOMPARE(got[3].message, QStringLiteral("oops"));
    QCOMPARE(got[3].contextId, 7u);
}

void TestLogHandler::notesJoinTheBatch()
{
    LinkHarness link;
    LogHandler logs(link);
    QSignalSpy ready(&logs, &LogHandler::recordsReady);
    QVERIFY(link.deliverRaw(Handle::ForwardOutput, output(1, "before\n")));
    logs.addNote(LogRecord::Kind::Internal, 30, QStringLiteral("Refused a message"));
    logs.addNote(LogRecord::Kind::Stderr, 30, QStringLiteral("bash: warning"));
    QVERIFY(ready.wait(2000));
    const QList<LogRecord> got = rows(ready);
    QCOMPARE(got.size(), 3);
    QCOMPARE(got[1].kind, LogRecord::Kind::Internal);
    QCOMPARE(got[1].logger, QStringLiteral("econtext"));
    QCOMPARE(got[1].message, QStringLiteral("Refused a message"));
    QCOMPARE(got[2].logger, QString());
    QCOMPARE(got[2].contextId, 7u);
}

void TestLogHandler::heldBackWhileTheApplicationLags()
{
    LinkHarness link;
    LogHandler logs(link);
    QSignalSpy ready(&logs, &LogHandler::recordsReady);
    link.hello();
    const int lines = 3 * LogHandler::MaxRowsPerBatch + 5;
    QVERIFY(link.deliverRaw(Handle::ForwardOutput, output(1, QByteArray(lines, '\n'))));

    link.keepsUp = false;
    logs.releaseRows(false);
    QCOMPARE(ready.count(), 0);
    QVERIFY(link.held > 0);

    link.keepsUp = true;
    logs.handOver(); // as before a call's result: now, as far as the application keeps up
    QCOMPARE(ready.count(), 4); // in batches of at most MaxRowsPerBatch
    for (const QList<QVariant> &args : std::as_const(ready))
        QVERIFY(args.first().value<LogRecords>().size() <= LogHandler::MaxRowsPerBatch);
    QCOMPARE(rows(ready).size(), lines);
    QCOMPARE(link.held, 0);
    QVERIFY(link.emitted >= 64 * lines);
}

void TestLogHandler::endOfLinkHandsEverythingOver()
{
    LinkHarness link;
    LogHandler logs(link);
    QSignalSpy ready(&logs, &LogHandler::recordsReady);
    link.hello();
    link.keepsUp = false;
    QVERIFY(link.deliverRaw(Handle::ForwardOutput, output(2, "last words\n")));
    logs.addNote(LogRecord::Kind::Internal, 20, QStringLiteral("Disconnected: shut down"));
    link.close(QStringLiteral("shut down"));
    QCOMPARE(ready.count(), 1); // at once, though the application lags
    const QList<LogRecord> got = rows(ready);
    QCOMPARE(got.size(), 2);
    QCOMPARE(got[0].message, QStringLiteral("last words"));
    QCOMPARE(got[1].message, QStringLiteral("Disconnected: shut down"));
}

void TestLogHandler::logLevel()
{
    LinkHarness link;
    LogHandler logs(link);
    logs.setLogLevel(10);
    QCOMPARE(link.d.options.logLevel, 10); // for the bootstrap's config
    QVERIFY(link.takeSent().isEmpty());
    link.hello(2);
    logs.setLogLevel(40);
    const QList<Wire::Frame> sent = link.takeSent();
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.first().handle, Handle::SetLogLevel);
    QCOMPARE(Wire::decodePickle(sent.first().payload)->toInt(), 40);
}

QTEST_GUILESS_MAIN(TestLogHandler)
#include "tst_loghandler.moc"
