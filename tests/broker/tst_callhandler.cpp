// CallHandler alone: calls become CALL_* frames that decode to what was asked, replies of
// every kind (a value, raw bytes, a remote exception, a dead handle, an undecodable pickle)
// finish the right call, and timeouts, refusals, the argument limit and the end of the link
// each fail a call alone. The frames go through the wire code both ways (LinkHarness).
#include "core/broker/callhandler.h"
#include "core/broker/handles.h"
#include "core/wire/pickle.h"
#include "tests/support/await.h"
#include "tests/support/linkharness.h"

#include <QSignalSpy>
#include <QTest>

using namespace Econtext;
using Econtext::Test::awaitCall;
using Econtext::Test::LinkHarness;
using Wire::Value;

namespace {

CallRequest request(const QString &func, Wire::ValueList args = {}, int timeoutMs = -1)
{
    CallRequest r;
    r.module = QStringLiteral("builtins");
    r.func = func;
    r.args = std::move(args);
    r.timeoutMs = timeoutMs;
    return r;
}

// Sends a call through the handler.
std::shared_ptr<PendingCall> send(CallHandler &calls, const CallRequest &r)
{
    auto call = std::make_shared<PendingCall>();
    calls.send(call, r);
    return call;
}

} // namespace

class TestCallHandler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { qRegisterMetaType<CallRecord>(); }
    void callsWaitForHelloThenGoOut();
    void callModesUseTheirHandles();
    void replies_data();
    void replies();
    void timeoutFailsTheCallAlone();
    void refusedReplyFailsTheCall();
    void argumentsOverTheLimitAreNotSent();
    void endOfLinkFailsEveryCall();
};

void TestCallHandler::callsWaitForHelloThenGoOut()
{
    LinkHarness link;
    CallHandler calls(link);
    QSignalSpy finished(&calls, &CallHandler::callFinished);
    CallRequest r = request(QStringLiteral("pow"), {Value(2), Value(10)});
    r.cls = QStringLiteral("Cls");
    r.kwargs = {{Value(QStringLiteral("mod")), Value(1000)}};
    const auto call = send(calls, r);
    QVERIFY(link.takeSent().isEmpty()); // not up yet

    link.hello(2);
    const QList<Wire::Frame> sent = link.takeSent();
    QVERIFY2(link.sentError.isEmpty(), qPrintable(link.sentError));
    QCOMPARE(sent.size(), 1);
    const Wire::Frame &frame = sent.first();
    QCOMPARE(frame.handle, Handle::CallFunction);
    QVERIFY(frame.replyTo >= Handle::FirstAllocated);
    QVERIFY(link.isRouted(frame.replyTo));
    const auto message = Wire::decodePickle(frame.payload);
    QVERIFY(message);
    const Wire::ValueList &items = message->items();
    QCOMPARE(items.size(), 5);
    QCOMPARE(items[0].toString(), QStringLiteral("builtins"));
    QCOMPARE(items[1].toString(), QStringLiteral("Cls"));
    QCOMPARE(items[2].toString(), QStringLiteral("pow"));
    QCOMPARE(items[3].items().size(), 2);
    QCOMPARE(items[3].items()[1].toInt(), 10);
    QCOMPARE(items[4].kind(), Value::Kind::Dict);
    QCOMPARE(calls.callsInFlight(), 1);
    QCOMPARE(link.d.stats.callsInFlight, 1);
    QVERIFY(link.d.stats.oldestCallStartedMs > 0);

    QVERIFY(link.deliver(frame.replyTo, Value(24)));
    const CallResult result = awaitCall(call->future(), 1000);
    QVERIFY2(result, qPrintable(result.errorString()));
    QCOMPARE(result->toInt(), 24);
    QCOMPARE(link.handOvers, 1); // the call's output went first
    QVERIFY(!link.isRouted(frame.replyTo));
    QCOMPARE(link.d.stats.callsInFlight, 0);
    QCOMPARE(link.d.stats.oldestCallStartedMs, 0);
    QCOMPARE(finished.count(), 1);
    const auto record = finished.first().first().value<CallRecord>();
    QCOMPARE(record.contextId, 7u);
    QCOMPARE(record.func, QStringLiteral("pow"));
    QCOMPARE(record.cls, QStringLiteral("Cls"));
    QVERIFY(record.ok);
    QVERIFY(record.durationMs >= 0);
    QVERIFY(link.violations.isEmpty());
}

void TestCallHandler::callModesUseTheirHandles()
{
    LinkHarness link;
    CallHandler calls(link);
    link.hello();
    for (const auto &[mode, handle] : {std::pair{CallMode::Serial, Handle::CallFunction},
                                       std::pair{CallMode::Thread, Handle::CallAsync},
                                       std::pair{CallMode::IoThread, Handle::CallIo}}) {
        CallRequest r = request(QStringLiteral("len"));
        r.mode = mode;
        send(calls, r);
        const QList<Wire::Frame> sent = link.takeSent();
        QCOMPARE(sent.size(), 1);
        QCOMPARE(sent.first().handle, handle);
    }
    // Three calls, three reply handles.
    QCOMPARE(calls.callsInFlight(), 3);
}

void TestCallHandler::replies_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("flags");
    QTest::addColumn<int>("error"); // -1: none
    QTest::addColumn<QString>("text");
    const auto pickled = [](const Value &v) {
        return Wire::encodePickle(v, 2);
    };
    QTest::newRow("value") << pickled(Value(QStringLiteral("hi"))) << 0 << -1
                           << QStringLiteral("hi");
    QTest::newRow("raw bytes") << QByteArray("\x00\x01raw", 5) << int(Wire::FlagRaw) << -1
                               << QString();
    Wire::CallError ce{QStringLiteral("ZeroDivisionError"),
                       QStringLiteral("division by zero"),
                       QStringLiteral("Traceback (most recent call last):\nZeroDivisionError: "
                                      "division by zero\n")};
    QTest::newRow("remote exception")
            << pickled(Value::callError(ce)) << 0 << int(Error::Remote)
            << QStringLiteral("Traceback (most recent call last):\nZeroDivisionError: division "
                              "by zero");
    QTest::newRow("dead handle") << pickled(Value(QStringLiteral("the thread died")))
                                 << int(Wire::FlagDead) << int(Error::Disconnected)
                                 << QStringLiteral("the thread died");
    QTest::newRow("undecodable") << QByteArray("\x80\x02garbage") << 0 << int(Error::Pickle)
                                 << QStringLiteral("The reply from ctx could not be decoded");
}

void TestCallHandler::replies()
{
    QFETCH(QByteArray, payload);
    QFETCH(int, flags);
    QFETCH(int, error);
    QFETCH(QString, text);
    LinkHarness link;
    CallHandler calls(link);
    QSignalSpy finished(&calls, &CallHandler::callFinished);
    link.hello();
    const auto call = send(calls, request(QStringLiteral("f")));
    const quint32 reply = link.takeSent().value(0).replyTo;
    QVERIFY(reply >= Handle::FirstAllocated);
    Wire::Frame frame;
    frame.src = frame.authId = 7;
    frame.handle = reply;
    frame.flags = quint8(flags);
    frame.payload = payload;
    QVERIFY(link.deliver(frame));
    const CallResult result = awaitCall(call->future(), 1000);
    QCOMPARE(finished.count(), 1);
    const auto record = finished.first().first().value<CallRecord>();
    if (error < 0) {
        QVERIFY2(result, qPrintable(result.errorString()));
        if (flags & Wire::FlagRaw)
            QCOMPARE(result->toBytes(), payload);
        else
            QCOMPARE(result->toString(), text);
        QVERIFY(record.ok);
    } else {
        QVERIFY(!result);
        QCOMPARE(result.error().code, error);
        QVERIFY2(result.errorString().startsWith(text), qPrintable(result.errorString()));
        QVERIFY(!record.ok);
        QVERIFY(!record.error.isEmpty());
        QVERIFY(!record.error.contains(u'\n'));
    }
    // A second reply for the same handle finds no call.
    QVERIFY(!link.deliver(frame));
}

void TestCallHandler::timeoutFailsTheCallAlone()
{
    LinkHarness link;
    CallHandler calls(link);
    link.hello();
    const auto slow = send(calls, request(QStringLiteral("sleep"), {}, 50));
    const auto other = send(calls, request(QStringLiteral("len")));
    const QList<Wire::Frame> sent = link.takeSent();
    QCOMPARE(sent.size(), 2);
    const CallResult r = awaitCall(slow->future(), 5000);
    QVERIFY(!r);
    QCOMPARE(r.error().code, int(Error::Timeout));
    QVERIFY2(r.errorString().contains(
                     QStringLiteral("The call sleep on ctx timed out after 0.05 s")),
             qPrintable(r.errorString()));
    // Its late reply is not routed any more; the other call is still waiting.
    QVERIFY(!link.deliver(sent[0].replyTo, Value(1)));
    QVERIFY(!other->isFinished());
    QVERIFY(link.deliver(sent[1].replyTo, Value(2)));
    QCOMPARE(awaitCall(other->future(), 1000)->toInt(), 2);
}

void TestCallHandler::refusedReplyFailsTheCall()
{
    LinkHarness link;
    CallHandler calls(link);
    link.hello();
    const auto call = send(calls, request(QStringLiteral("big")));
    const quint32 reply = link.takeSent().value(0).replyTo;
    link.refuse(reply, QStringLiteral("it is over the limit"));
    const CallResult r = awaitCall(call->future(), 1000);
    QVERIFY(!r);
    QCOMPARE(r.error().code, int(Error::Refused));
    QCOMPARE(r.errorString(),
             QStringLiteral("The reply to the call big on ctx was refused: it is over the limit."));
    QCOMPARE(link.violations, QStringList{QStringLiteral("it is over the limit")});
    QVERIFY(!link.isRouted(reply));
}

void TestCallHandler::argumentsOverTheLimitAreNotSent()
{
    LinkHarness link;
    link.d.options.maxValueBytes = 1000;
    CallHandler calls(link);
    link.hello();
    const auto call = send(
            calls, request(QStringLiteral("len"), {Value::fromBytes(QByteArray(2000, 'x'))}));
    const CallResult r = awaitCall(call->future(), 1000);
    QVERIFY(!r);
    QCOMPARE(r.error().code, int(Error::Refused));
    QVERIFY2(r.errorString().contains(QStringLiteral("over the limit of 1000 bytes")),
             qPrintable(r.errorString()));
    QVERIFY(link.takeSent().isEmpty());
    QCOMPARE(calls.callsInFlight(), 0);
}

void TestCallHandler::endOfLinkFailsEveryCall()
{
    LinkHarness link;
    CallHandler calls(link);
    QSignalSpy finished(&calls, &CallHandler::callFinished);
    const auto early = send(calls, request(QStringLiteral("never")));
    link.hello();
    const auto waiting = send(calls, request(QStringLiteral("waiting")));
    QCOMPARE(link.takeSent().size(), 2);
    link.close(QStringLiteral("the connection to ctx was closed"));
    for (const auto &call : {early, waiting}) {
        const CallResult r = awaitCall(call->future(), 1000);
        QVERIFY(!r);
        QCOMPARE(r.error().code, int(Error::Disconnected));
        QCOMPARE(r.errorString(),
                 QStringLiteral("Context ctx disconnected: the connection to ctx was closed"));
    }
    QCOMPARE(finished.count(), 2);
    QCOMPARE(link.d.stats.callsInFlight, 0);
    // After the end, a call fails at once.
    const auto late = send(calls, request(QStringLiteral("late")));
    const CallResult r = awaitCall(late->future(), 1000);
    QVERIFY(!r);
    QCOMPARE(r.errorString(), QStringLiteral("Context ctx is not connected."));
}

QTEST_GUILESS_MAIN(TestCallHandler)
#include "tst_callhandler.moc"
