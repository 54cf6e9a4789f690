// ChannelHandler alone, with real Channels: raw and pickled messages reach the channel of
// their handle and count for back-pressure, an undecodable one is refused alone, a channel
// nobody holds any more is forgotten, and the end of the link closes every channel.
#include "core/broker/channelhandler.h"
#include "core/wire/pickle.h"
#include "tests/support/linkharness.h"

#include <QSignalSpy>
#include <QTest>

using namespace Econtext;
using Econtext::Test::LinkHarness;
using Wire::Value;

class TestChannelHandler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { qRegisterMetaType<Wire::Value>(); }
    void messagesReachTheirChannel();
    void undecodableMessageIsRefusedAlone();
    void channelNobodyHoldsIsForgotten();
    void endOfLinkClosesChannels();
};

void TestChannelHandler::messagesReachTheirChannel()
{
    LinkHarness link;
    ChannelHandler channels(link);
    link.hello();
    auto a = std::make_shared<Channel>(link.allocateHandles(1));
    auto b = std::make_shared<Channel>(link.allocateHandles(1));
    channels.open(a->handle(), a);
    channels.open(b->handle(), b);
    QSignalSpy gotA(a.get(), &Channel::messageReceived);
    QSignalSpy gotB(b.get(), &Channel::messageReceived);

    QVERIFY(link.deliverRaw(a->handle(), QByteArray("chunk")));
    QCOMPARE(gotA.count(), 1);
    QCOMPARE(gotA.first().first().value<Value>().toBytes(), QByteArray("chunk"));
    QCOMPARE(link.emitted, 64 + 5);

    const Value value = Value::list({Value(1), Value(QStringLiteral("two"))});
    const QByteArray pickle = Wire::encodePickle(value, 2);
    QVERIFY(link.deliver(b->handle(), value));
    QCOMPARE(gotB.count(), 1);
    QCOMPARE(gotB.first().first().value<Value>(), value);
    QCOMPARE(link.emitted, 64 + 5 + 64 + 2 * pickle.size());
    QCOMPARE(gotA.count(), 1);
    QVERIFY(link.violations.isEmpty());
}

void TestChannelHandler::undecodableMessageIsRefusedAlone()
{
    LinkHarness link;
    ChannelHandler channels(link);
    link.hello();
    auto c = std::make_shared<Channel>(link.allocateHandles(1));
    channels.open(c->handle(), c);
    QSignalSpy got(c.get(), &Channel::messageReceived);
    QSignalSpy closed(c.get(), &Channel::closed);
    Wire::Frame frame;
    frame.src = frame.authId = 7;
    frame.handle = c->handle();
    frame.payload = QByteArray("\x80\x02not a pickle");
    QVERIFY(link.deliver(frame));
    QCOMPARE(got.count(), 0);
    QCOMPARE(link.violations.size(), 1);
    QCOMPARE(link.emitted, 0);
    // The channel goes on.
    QVERIFY(link.deliver(c->handle(), Value(5)));
    QCOMPARE(got.count(), 1);
    QCOMPARE(closed.count(), 0);
}

void TestChannelHandler::channelNobodyHoldsIsForgotten()
{
    LinkHarness link;
    ChannelHandler channels(link);
    link.hello();
    auto c = std::make_shared<Channel>(link.allocateHandles(1));
    const quint32 handle = c->handle();
    channels.open(handle, c);
    QCOMPARE(channels.openChannels(), 1);
    c.reset();
    QVERIFY(link.deliverRaw(handle, QByteArray("late")));
    QCOMPARE(channels.openChannels(), 0);
    QVERIFY(!link.isRouted(handle));
    QVERIFY(link.violations.isEmpty());
    QCOMPARE(link.emitted, 0);
}

void TestChannelHandler::endOfLinkClosesChannels()
{
    LinkHarness link;
    ChannelHandler channels(link);
    link.hello();
    auto c = std::make_shared<Channel>(link.allocateHandles(1));
    channels.open(c->handle(), c);
    QSignalSpy closed(c.get(), &Channel::closed);
    link.close(QStringLiteral("shut down"));
    QCOMPARE(closed.count(), 1);
    QCOMPARE(closed.first().first().toString(),
             QStringLiteral("Context ctx disconnected: shut down"));
    QCOMPARE(channels.openChannels(), 0);

    // A channel opened afterwards closes at once.
    auto late = std::make_shared<Channel>(link.allocateHandles(1));
    QSignalSpy lateClosed(late.get(), &Channel::closed);
    channels.open(late->handle(), late);
    QCOMPARE(lateClosed.count(), 1);
    QCOMPARE(lateClosed.first().first().toString(),
             QStringLiteral("Context ctx is not connected."));
    QVERIFY(!link.isRouted(late->handle()));
}

QTEST_GUILESS_MAIN(TestChannelHandler)
#include "tst_channelhandler.moc"
