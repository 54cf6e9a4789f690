// RelayHandler alone, with a real RelayTransport as the child's end of each tunnel: starting
// the child is a spawn_child call on this context with the tunnel's handle, the child's
// stdout, stderr and end arrive through the tunnel's handles, the parent's answers to the
// child's module requests are decoded for the child, bytes for the child's stdin go as
// FORWARD_STDIN frames of at most a piece each with the handle in front, and the end of this
// context ends every tunnel, oldest first. Frames go through the wire code both ways
// (LinkHarness).
#include "core/broker/callhandler.h"
#include "core/broker/handles.h"
#include "core/broker/relayhandler.h"
#include "core/broker/relaytransport.h"
#include "core/wire/pickle.h"
#include "tests/support/linkharness.h"

#include <QSignalSpy>
#include <QTest>
#include <QtEndian>

using namespace Econtext;
using Econtext::Test::LinkHarness;
using Wire::Value;

namespace {

ConnectOptions childOptions()
{
    ConnectOptions o;
    o.method = ConnectMethod::Local;
    o.python = QStringLiteral("/usr/bin/python3");
    o.viaContextId = 7;
    o.connectTimeoutMs = 10000;
    return o;
}

// Starts a child through the parent: the tunnel's first handle, after the spawn call's reply.
quint32 startChild(LinkHarness &link, RelayTransport &child)
{
    QSignalSpy started(&child, &Transport::started);
    child.start({QString(), QStringLiteral("-c"), QStringLiteral("pass")});
    const QList<Wire::Frame> sent = link.takeSent();
    if (sent.size() != 1 || sent.first().handle != Handle::CallIo)
        return 0;
    const auto call = Wire::decodePickle(sent.first().payload);
    if (!call || call->items().size() != 5
        || call->items()[2].toString() != QLatin1String("spawn_child"))
        return 0;
    const quint32 tunnel = quint32(call->items()[3].items().value(1).toInt());
    link.deliver(sent.first().replyTo, Value());
    return started.count() > 0 || started.wait(2000) ? tunnel : 0;
}

} // namespace

class TestRelayHandler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void spawnCallNamesTheCommandAndTunnel();
    void childOutputThroughTheTunnel();
    void answersDecodedForTheChild();
    void stdinInFramesWithTheHandle();
    void framesAndKillAreCalls();
    void endOfParentEndsEveryTunnel();
};

void TestRelayHandler::spawnCallNamesTheCommandAndTunnel()
{
    LinkHarness link;
    CallHandler calls(link);
    RelayHandler relay(link, calls);
    link.d.facts.executable = QStringLiteral("/opt/py/bin/python3");
    link.hello();
    RelayTransport child(&relay, childOptions(), nullptr);
    QSignalSpy stage(&child, &Transport::stageReached);
    child.start({QString(), QStringLiteral("-c"), QStringLiteral("pass")});
    QCOMPARE(stage.count(), 1);
    QCOMPARE(stage.first().first().toString(), QStringLiteral("spawn through ctx"));
    const QList<Wire::Frame> sent = link.takeSent();
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.first().handle, Handle::CallIo);
    const auto call = Wire::decodePickle(sent.first().payload);
    QVERIFY(call);
    const Wire::ValueList &items = call->items();
    QCOMPARE(items[0].toString(), QStringLiteral("econtext.core"));
    QCOMPARE(items[2].toString(), QStringLiteral("spawn_child"));
    const Wire::ValueList &args = items[3].items();
    QCOMPARE(args.size(), 3);
    // The parent's own interpreter runs the child (the local method with no Python given).
    QCOMPARE(args[0].items().value(0).toString(), QStringLiteral("/opt/py/bin/python3"));
    const quint32 tunnel = quint32(args[1].toInt());
    QVERIFY(tunnel >= Handle::FirstAllocated);
    for (quint32 h = tunnel; h < tunnel + 3; ++h)
        QVERIFY(link.isRouted(h));

    // A failed start fails the transport, with the parent's reason.
    QSignalSpy failed(&child, &Transport::failed);
    QVERIFY(link.deliver(
            sent.first().replyTo,
            Value::callError({QStringLiteral("OSError"), QStringLiteral("no such file"), {}}),
            0));
    QTRY_COMPARE(failed.count(), 1);
    QVERIFY2(failed.first().first().toString().contains(
                     QStringLiteral("ctx could not start the command: OSError: no such file")),
             qPrintable(failed.first().first().toString()));
    for (quint32 h = tunnel; h < tunnel + 3; ++h)
        QVERIFY(!link.isRouted(h));
}

void TestRelayHandler::childOutputThroughTheTunnel()
{
    LinkHarness link;
    CallHandler calls(link);
    RelayHandler relay(link, calls);
    link.hello();
    RelayTransport child(&relay, childOptions(), nullptr);
    const quint32 tunnel = startChild(link, child);
    QVERIFY(tunnel);
    QSignalSpy data(&child, &Transport::dataReceived);
    QSignalSpy side(&child, &Transport::sideOutputReceived);
    QSignalSpy closed(&child, &Transport::closed);
    QVERIFY(link.deliverRaw(tunnel, QByteArray("EC0\n")));
    QVERIFY(link.deliverRaw(tunnel + 1, QByteArray("a warning\n")));
    QCOMPARE(data.count(), 1);
    QCOMPARE(data.first().first().toByteArray(), QByteArray("EC0\n"));
    QCOMPARE(side.count(), 1);
    QCOMPARE(side.first().first().toByteArray(), QByteArray("a warning\n"));
    // The command's end: a dead frame on the first handle, with the reason.
    QVERIFY(link.deliver(tunnel, Value(QStringLiteral("exit status 3")), 0, Wire::FlagDead));
    QCOMPARE(closed.count(), 1);
    QCOMPARE(closed.first().first().toString(), QStringLiteral("exit status 3"));
    QVERIFY(!link.isRouted(tunnel));
    QVERIFY(link.violations.isEmpty());
}

void TestRelayHandler::answersDecodedForTheChild()
{
    LinkHarness link;
    CallHandler calls(link);
    RelayHandler relay(link, calls);
    link.hello();
    RelayTransport child(&relay, childOptions(), nullptr);
    QList<ParentAnswer> answers;
    child.onServedByParent([&answers](const ParentAnswer &a) { answers.append(a); });
    const quint32 tunnel = startChild(link, child);
    QVERIFY(tunnel);
    QVERIFY(link.deliver(
            tunnel + 2,
            Value::tuple(
                    {Value(QStringLiteral("pkg")),
                     Value(QStringLiteral("ok")),
                     Value::list({Value::tuple({Value(QStringLiteral("pkg")), Value(120)}),
                                  Value::tuple({Value(QStringLiteral("pkg.a")), Value(80)})})})));
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().fullname, QStringLiteral("pkg"));
    QCOMPARE(answers.first().status, QStringLiteral("ok"));
    QCOMPARE(answers.first().modules.size(), 2);
    QCOMPARE(answers.first().modules[1].first, QStringLiteral("pkg.a"));
    QCOMPARE(answers.first().modules[1].second, 80);
    // Malformed notes are dropped.
    QVERIFY(link.deliver(tunnel + 2, Value::tuple({Value(QStringLiteral("pkg"))})));
    QVERIFY(link.deliverRaw(tunnel + 2, QByteArray("raw")));
    QCOMPARE(answers.size(), 1);
}

void TestRelayHandler::stdinInFramesWithTheHandle()
{
    LinkHarness link;
    CallHandler calls(link);
    RelayHandler relay(link, calls);
    link.hello();
    RelayTransport child(&relay, childOptions(), nullptr);
    const quint32 tunnel = startChild(link, child);
    QVERIFY(tunnel);
    QByteArray data(2 * Wire::PieceSize + 100, Qt::Uninitialized);
    for (qsizetype i = 0; i < data.size(); ++i)
        data[i] = char(i * 7);
    child.write(data);
    QList<Wire::Frame> sent = link.takeSent();
    QVERIFY2(link.sentError.isEmpty(), qPrintable(link.sentError));
    QCOMPARE(sent.size(), 3);
    QByteArray joined;
    for (const Wire::Frame &f : std::as_const(sent)) {
        QCOMPARE(f.handle, Handle::ForwardStdin);
        QVERIFY(f.flags & Wire::FlagRaw);
        QVERIFY(f.payload.size() <= Wire::PieceSize);
        QCOMPARE(qFromBigEndian<quint32>(f.payload.constData()), tunnel);
        joined += f.payload.mid(4);
    }
    QCOMPARE(joined, data);
    // Closing the child's stdin: the handle alone.
    child.close();
    sent = link.takeSent();
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.first().payload.size(), 4);
}

void TestRelayHandler::framesAndKillAreCalls()
{
    LinkHarness link;
    CallHandler calls(link);
    RelayHandler relay(link, calls);
    link.hello();
    RelayTransport child(&relay, childOptions(), nullptr);
    const quint32 tunnel = startChild(link, child);
    QVERIFY(tunnel);
    const QByteArray key(32, '\x5a');
    child.framesStarted(key);
    QList<Wire::Frame> sent = link.takeSent();
    QCOMPARE(sent.size(), 1);
    auto call = Wire::decodePickle(sent.first().payload);
    QCOMPARE(call->items()[2].toString(), QStringLiteral("relay_frames"));
    QCOMPARE(call->items()[3].items().value(0).toInt(), qint64(tunnel));
    QCOMPARE(call->items()[3].items().value(1).toString(), QString::fromLatin1(key.toHex()));

    QSignalSpy closed(&child, &Transport::closed);
    child.kill();
    sent = link.takeSent();
    QCOMPARE(sent.size(), 1);
    call = Wire::decodePickle(sent.first().payload);
    QCOMPARE(call->items()[2].toString(), QStringLiteral("kill_child"));
    QCOMPARE(closed.count(), 1);
    QVERIFY(!link.isRouted(tunnel));
}

void TestRelayHandler::endOfParentEndsEveryTunnel()
{
    LinkHarness link;
    CallHandler calls(link);
    RelayHandler relay(link, calls);
    link.hello();
    RelayTransport first(&relay, childOptions(), nullptr);
    RelayTransport second(&relay, childOptions(), nullptr);
    QVERIFY(startChild(link, first));
    QVERIFY(startChild(link, second));
    QStringList order;
    connect(&first, &Transport::closed, this, [&order](const QString &why) {
        order << QStringLiteral("first: ") + why;
    });
    connect(&second, &Transport::closed, this, [&order](const QString &why) {
        order << QStringLiteral("second: ") + why;
    });
    link.close(QStringLiteral("shut down"));
    QCOMPARE(order,
             (QStringList{QStringLiteral("first: the parent context ctx went away (shut down)"),
                          QStringLiteral("second: the parent context ctx went away (shut down)")}));
    // Writing after the end sends nothing.
    first.write(QByteArray("late"));
    QVERIFY(link.takeSent().isEmpty());
}

QTEST_GUILESS_MAIN(TestRelayHandler)
#include "tst_relayhandler.moc"
