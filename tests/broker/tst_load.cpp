// Load: 100 contexts at once, many calls in flight on each, every result checked
// one by one (nothing lost, nothing mixed up). Prints figures (connect time,
// call rate, master memory per context); asserts correctness only.
#include "core/broker/broker.h"
#include "tests/support/await.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace Econtext;
using Econtext::Test::awaitCall;
using Wire::Value;

namespace {

qint64 residentKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

} // namespace

class TestLoad : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hundredContextsNothingLost();
};

void TestLoad::hundredContextsNothingLost()
{
    const int contexts = envInt("ECONTEXT_LOAD_CONTEXTS", 100);
    const int calls = envInt("ECONTEXT_LOAD_CALLS", 1000);
    const qint64 rssBefore = residentKiB();
    Broker broker;
    QElapsedTimer clock;
    clock.start();
    QList<Context *> list;
    for (int i = 0; i < contexts; ++i) {
        ConnectOptions o;
        o.python = QStringLiteral("/usr/bin/python3");
        o.name = QStringLiteral("load-%1").arg(i);
        o.bootstrapTimeoutMs = 120000;
        list.append(broker.connectContext(o));
    }
    for (Context *c : std::as_const(list)) {
        QString why;
        QVERIFY2(Econtext::Test::waitConnected(c, &why, 180000),
                 qPrintable(c->name() + QStringLiteral(": ") + why));
    }
    const qint64 connectMs = clock.elapsed();
    const qint64 rssConnected = residentKiB();

    // Every context gets `calls` calls in flight at once; each result names its
    // context and sequence number, so a mix-up cannot go unnoticed.
    clock.restart();
    QList<QList<QFuture<CallResult>>> futures(contexts);
    for (int round = 0; round < calls; ++round) {
        for (int i = 0; i < contexts; ++i) {
            futures[i].append(list[i]->call(
                    QStringLiteral("operator"),
                    {},
                    QStringLiteral("add"),
                    {Value(QStringLiteral("c%1-").arg(i)), Value(QString::number(round))}));
        }
    }
    qint64 checked = 0;
    for (int i = 0; i < contexts; ++i) {
        for (int round = 0; round < calls; ++round) {
            const CallResult r = awaitCall(futures[i][round], 120000);
            QVERIFY2(r, qPrintable(r.errorString()));
            QCOMPARE(r->toString(), QStringLiteral("c%1-%2").arg(i).arg(round));
            ++checked;
        }
    }
    const qint64 callMs = clock.elapsed();
    QCOMPARE(checked, qint64(contexts) * calls);
    for (Context *c : std::as_const(list))
        QCOMPARE(c->state(), ContextState::Connected);

    qInfo().noquote() << QStringLiteral(
                                 "load: %1 contexts connected in %2 ms; %3 calls checked in %4 ms "
                                 "(%5 calls/s); master RSS %6 MiB before, %7 MiB with all "
                                 "contexts (%8 KiB per context)")
                                 .arg(contexts)
                                 .arg(connectMs)
                                 .arg(checked)
                                 .arg(callMs)
                                 .arg(qRound(checked * 1000.0 / qMax<qint64>(1, callMs)))
                                 .arg(rssBefore / 1024)
                                 .arg(rssConnected / 1024)
                                 .arg((rssConnected - rssBefore) / contexts);
    broker.shutdownAll(20000);
}

QTEST_GUILESS_MAIN(TestLoad)
#include "tst_load.moc"
