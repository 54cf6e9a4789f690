// Protocol violations from inside a real local context, made with the context's
// own router (econtext.core.ROUTER): messages for handles it was never given,
// frames for another context, and module requests for names that are not
// module names. Each is refused and logged; one does not drop the context;
// a context that keeps at it is dropped with a clear reason, alone.
#include "core/broker/broker.h"
#include "tests/support/await.h"

#include <QFile>
#include <QMutex>
#include <QMutexLocker>
#include <QTest>

using namespace Econtext;
using Econtext::Test::awaitCall;
using Econtext::Test::evalRepr;
using Econtext::Test::waitConnected;
using Econtext::Test::waitForState;
using Wire::Value;

namespace {

const QString Python = QStringLiteral("/usr/bin/python3");
// The router of the context, as an expression in the context.
const QString Router = QStringLiteral("__import__('econtext.core').core.ROUTER");
const QString Refused = QStringLiteral("Refused a message from this context");

ConnectOptions localOptions(const QString &name)
{
    ConnectOptions o;
    o.method = ConnectMethod::Local;
    o.python = Python;
    o.name = name;
    return o;
}

// Every warning any thread logs while a test runs (the broker's refusals are
// qCWarning on the broker thread), passed on to the previous handler too.
QMutex g_warningsMutex;
QStringList g_warnings;
QtMessageHandler g_previousHandler = nullptr;

void collectWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg) {
        QMutexLocker lock(&g_warningsMutex);
        g_warnings.append(message);
    }
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

int warningsContaining(const QString &a, const QString &b = {})
{
    QMutexLocker lock(&g_warningsMutex);
    int n = 0;
    for (const QString &w : std::as_const(g_warnings))
        n += w.contains(a) && w.contains(b);
    return n;
}

// Keeps the log records and import events a context reports, on the test thread.
class Recorder : public QObject
{
public:
    explicit Recorder(Context *context)
    {
        connect(context, &Context::logRecordsReceived, this, [this](const LogRecords &r) {
            records += r;
        });
        connect(context, &Context::importEventsReceived, this, [this](const ImportEvents &e) {
            events += e;
        });
    }
    int refusals() const
    {
        int n = 0;
        for (const LogRecord &r : records)
            n += r.kind == LogRecord::Kind::Internal && r.message.startsWith(Refused);
        return n;
    }
    bool refusalMentions(const QString &text) const
    {
        for (const LogRecord &r : records) {
            if (r.kind == LogRecord::Kind::Internal && r.message.startsWith(Refused)
                && r.message.contains(text))
                return true;
        }
        return false;
    }
    int refusedImports() const
    {
        int n = 0;
        for (const ImportEvent &e : events)
            n += e.outcome == ImportOutcome::Refused;
        return n;
    }

    LogRecords records;
    ImportEvents events;
};

} // namespace

class TestViolations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void oneBadMessageDoesNotDrop_data();
    void oneBadMessageDoesNotDrop();
    void badModuleNamesRefused();
    void persistentViolatorDroppedAlone();
};

void TestViolations::initTestCase()
{
    if (!QFile::exists(Python))
        QSKIP("/usr/bin/python3 is not installed.");
    g_previousHandler = qInstallMessageHandler(collectWarnings);
}

void TestViolations::init()
{
    QMutexLocker lock(&g_warningsMutex);
    g_warnings.clear();
}

void TestViolations::cleanupTestCase()
{
    qInstallMessageHandler(g_previousHandler);
}

void TestViolations::oneBadMessageDoesNotDrop_data()
{
    QTest::addColumn<QString>("send");     // a call on the router, %1 = the other context's id
    QTest::addColumn<QString>("mentions"); // what the refusal names
    QTest::newRow("unknown service handle")
            << QStringLiteral("send(555, 'x')") << QStringLiteral("handle 555");
    QTest::newRow("reply handle never given")
            << QStringLiteral("send(2000000000, 'x')") << QStringLiteral("handle 2000000000");
    QTest::newRow("raw data on a service handle")
            << QStringLiteral("send(104, b'x', flags=1)") << QStringLiteral("raw data");
    QTest::newRow("malformed log record")
            << QStringLiteral("send(104, ('too', 'short'))") << QStringLiteral("log record");
    QTest::newRow("a second hello")
            << QStringLiteral("send(107, {'version': 'x'})") << QStringLiteral("second hello");
    QTest::newRow("routed to another context")
            << QStringLiteral("send(104, ('x', 30, 0.0, 'main', 'hi'), dst=%1)")
            << QStringLiteral("context %1");
}

// One refused message is logged (an Internal record and a warning) and the
// context goes on answering calls.
void TestViolations::oneBadMessageDoesNotDrop()
{
    QFETCH(QString, send);
    QFETCH(QString, mentions);
    Broker broker;
    Context *ctx = broker.connectContext(localOptions(QStringLiteral("one-bad")));
    Context *other = broker.connectContext(localOptions(QStringLiteral("bystander")));
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));
    QVERIFY2(waitConnected(other, &why), qPrintable(why));
    Recorder recorder(ctx);
    Recorder otherRecorder(other);

    if (send.contains(QLatin1String("%1"))) {
        send = send.arg(other->id());
        mentions = mentions.arg(other->id());
    }
    QCOMPARE(evalRepr(ctx, Router + u'.' + send), QStringLiteral("None"));
    QTRY_COMPARE_WITH_TIMEOUT(recorder.refusals(), 1, 10000);
    QVERIFY2(recorder.refusalMentions(mentions), qPrintable(recorder.records.constLast().message));
    QTRY_VERIFY_WITH_TIMEOUT(warningsContaining(QStringLiteral("refused"), mentions) >= 1, 10000);

    QCOMPARE(ctx->state(), ContextState::Connected);
    QCOMPARE(evalRepr(ctx, QStringLiteral("6 * 7")), QStringLiteral("42"));
    QCOMPARE(evalRepr(other, QStringLiteral("6 * 7")), QStringLiteral("42"));
    // A frame for another context never reaches it.
    QCOMPARE(otherRecorder.refusals(), 0);
    for (const LogRecord &r : std::as_const(otherRecorder.records))
        QVERIFY2(r.message != QLatin1String("hi"),
                 "the misrouted log record reached the bystander");
}

// GET_MODULE for names that are not dotted Python identifiers: each answered
// "refused", reported as a refused import and a warning, nothing read from
// disk, and the context goes on.
void TestViolations::badModuleNamesRefused()
{
    Broker broker;
    Context *ctx = broker.connectContext(localOptions(QStringLiteral("bad-names")));
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));
    Recorder recorder(ctx);

    const QStringList names = {QStringLiteral("'../../etc/passwd'"),
                               QStringLiteral("'/etc/passwd'"),
                               QStringLiteral("'a\\x00b'"),
                               QStringLiteral("'a' * 2000"),
                               QStringLiteral("'os.path/../../etc'"),
                               QStringLiteral("u'\\u00e9t\\u00e9'"),
                               QStringLiteral("''")};
    const QString expr = QStringLiteral("[%1.request(102, n, 30)[1] for n in [%2]]")
                                 .arg(Router, names.join(QStringLiteral(", ")));
    QStringList expected;
    for (qsizetype i = 0; i < names.size(); ++i)
        expected.append(QStringLiteral("'refused'"));
    QCOMPARE(evalRepr(ctx, expr), u'[' + expected.join(QStringLiteral(", ")) + u']');
    // One warning per name, each saying why.
    QTRY_VERIFY_WITH_TIMEOUT(warningsContaining(QStringLiteral("refused")) >= names.size(), 10000);
    QCOMPARE(warningsContaining(QStringLiteral("refused"), QStringLiteral("not a dotted name")), 5);
    QCOMPARE(warningsContaining(QStringLiteral("refused"), QStringLiteral("longer than")), 1);
    QCOMPARE(warningsContaining(QStringLiteral("refused"), QStringLiteral("empty module name")), 1);
    // What the context's importer reports after each answer completes the import
    // events: every one refused, none with a file.
    const QString report
            = QStringLiteral("[%1.send(106, (n, 'refused', 1.0)) for n in [%2]] and None")
                      .arg(Router, names.join(QStringLiteral(", ")));
    QCOMPARE(evalRepr(ctx, report), QStringLiteral("None"));
    // (A name the master had to make printable is reported twice: as it asked and as sent.)
    QTRY_VERIFY_WITH_TIMEOUT(recorder.refusedImports() >= names.size(), 10000);
    for (const ImportEvent &e : std::as_const(recorder.events)) {
        QCOMPARE(e.outcome, ImportOutcome::Refused);
        QVERIFY2(e.path.isEmpty(), qPrintable(e.path));
    }
    QCOMPARE(recorder.refusals(), 0); // refused names are answered, not protocol violations
    QCOMPARE(ctx->state(), ContextState::Connected);
    QCOMPARE(evalRepr(ctx, QStringLiteral("__import__('json').dumps([1])")),
             QStringLiteral("'[1]'"));
}

// A context that keeps sending what it may not is disconnected with a reason
// that says so; up to then each message was refused and logged; another
// context of the same broker is untouched.
void TestViolations::persistentViolatorDroppedAlone()
{
    Broker broker;
    Context *bad = broker.connectContext(localOptions(QStringLiteral("violator")));
    Context *good = broker.connectContext(localOptions(QStringLiteral("good")));
    QString why;
    QVERIFY2(waitConnected(bad, &why), qPrintable(why));
    QVERIFY2(waitConnected(good, &why), qPrintable(why));
    Recorder recorder(bad);
    Recorder goodRecorder(good);

    // A few of each kind first: refused, logged, still connected.
    const QString few = QStringLiteral("[(R.send(555, 'x'), R.send(104, ('x', 30, 0.0, 'm', 'hi'), "
                                       "dst=%1), R.request(102, '../../etc/passwd', 30)) "
                                       "for R in [%2] for i in range(3)] and None")
                                .arg(good->id())
                                .arg(Router);
    QCOMPARE(evalRepr(bad, few), QStringLiteral("None"));
    QTRY_COMPARE_WITH_TIMEOUT(recorder.refusals(), 6, 10000);
    QCOMPARE(bad->state(), ContextState::Connected);

    // Then it keeps at it.
    const int flood = 200;
    const QFuture<CallResult> floodCall = bad->call(
            QStringLiteral("econtext.core"),
            {},
            QStringLiteral("eval_repr"),
            {Value(QStringLiteral("[%1.send(555 + i % 3, 'x') for i in range(%2)] and None")
                           .arg(Router)
                           .arg(flood))});
    QVERIFY(waitForState(bad, {ContextState::Failed, ContextState::Disconnected}, 30000));
    QVERIFY2(bad->errorString().contains(QStringLiteral("kept sending messages")),
             qPrintable(bad->errorString()));
    QVERIFY2(bad->errorString().contains(QStringLiteral("violator")),
             qPrintable(bad->errorString()));
    const CallResult r = awaitCall(floodCall, 10000);
    QVERIFY(!r);
    QCOMPARE(r.error().code, int(Error::Disconnected));

    // Dropped well before the flood ended, every refusal up to then logged.
    QTest::qWait(100);
    QVERIFY2(recorder.refusals() > 6, qPrintable(QString::number(recorder.refusals())));
    QVERIFY2(recorder.refusals() < flood, qPrintable(QString::number(recorder.refusals())));
    QVERIFY(warningsContaining(QStringLiteral("violator"), QStringLiteral("refused")) > 6);

    // The other context never saw any of it and still works.
    QCOMPARE(good->state(), ContextState::Connected);
    QCOMPARE(evalRepr(good, QStringLiteral("sum(range(10))")), QStringLiteral("45"));
    QCOMPARE(goodRecorder.refusals(), 0);
    for (const LogRecord &r : std::as_const(goodRecorder.records))
        QVERIFY2(r.message != QLatin1String("hi"),
                 "a misrouted log record reached the good context");

    // And a new context of the same broker connects and works.
    Context *next = broker.connectContext(localOptions(QStringLiteral("next")));
    QVERIFY2(waitConnected(next, &why), qPrintable(why));
    QCOMPARE(evalRepr(next, QStringLiteral("1 + 1")), QStringLiteral("2"));
}

QTEST_GUILESS_MAIN(TestViolations)
#include "tst_violations.moc"
