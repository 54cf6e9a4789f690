// ModuleServer at volume: a generated tree of 10,000 small modules (100
// packages of 100 modules) served to many contexts directly and imported whole
// by a real local context. Checks every module is served exactly once per
// context, that what a context was sent is dropped when it closes (its figures stay)
// and that all of its state in the server goes when it is forgotten.
// Under the sanitized build (scripts/test-all.sh) LeakSanitizer checks the rest.
#include "core/broker/broker.h"
#include "core/modules/moduleserver.h"
#include "core/wire/pickle.h"
#include "tests/support/await.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace Econtext;
using namespace Econtext::Modules;
using Econtext::Test::evalRepr;
using Econtext::Test::waitConnected;
using Econtext::Test::waitForState;
using Wire::Value;

namespace {

constexpr int Packages = 100;
constexpr int ModulesPerPackage = 100;
constexpr int ModuleCount = Packages * ModulesPerPackage; // 10,000
constexpr char Top[] = "leakpkg";

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

QString packageName(int p)
{
    return QStringLiteral("%1.s%2").arg(QLatin1String(Top)).arg(p, 2, 10, QLatin1Char('0'));
}

QString moduleName(int p, int m)
{
    return QStringLiteral("%1.m%2").arg(packageName(p)).arg(m, 2, 10, QLatin1Char('0'));
}

// The name inside a LOAD_MODULE payload (docs/protocol.md §4), or empty.
QString payloadName(const QByteArray &payload)
{
    if (payload.size() < 4)
        return {};
    const quint32 metaLen = qFromBigEndian<quint32>(payload.constData());
    if (qsizetype(metaLen) > payload.size() - 4)
        return {};
    const auto meta = Wire::decodePickle(QByteArrayView(payload).sliced(4, metaLen));
    if (!meta || meta->kind() != Value::Kind::Tuple || meta->items().isEmpty())
        return {};
    return meta->items().constFirst().toString();
}

bool isEmpty(const ModuleStats &s)
{
    return s.requests == 0 && s.modulesSent == 0 && s.relatedSent == 0 && s.cacheHits == 0
           && s.notFound == 0 && s.bytesRaw == 0 && s.bytesCompressed == 0;
}

} // namespace

class TestModuleLeak : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void tenThousandAcrossContextsThenForgotten();
    void tenThousandIntoOneRealContext();

private:
    QTemporaryDir m_tree;
};

// leakpkg/ holds 100 packages sPP whose __init__ imports their 100 modules
// mMM; module leakpkg.sPP.mMM holds X = PP * 100 + MM. So one GET_MODULE for a
// package brings its whole subtree (101 modules, under the per-answer cap).
void TestModuleLeak::initTestCase()
{
    QVERIFY(m_tree.isValid());
    const QString top = m_tree.filePath(QLatin1String(Top));
    QVERIFY(QDir().mkpath(top));
    for (int p = 0; p < Packages; ++p) {
        const QString leaf = packageName(p).section(u'.', -1);
        const QString dir = top + u'/' + leaf;
        QVERIFY(QDir().mkpath(dir));
        QByteArray init;
        for (int m = 0; m < ModulesPerPackage; ++m) {
            const QString mod = moduleName(p, m).section(u'.', -1);
            init += "from . import " + mod.toLatin1() + '\n';
            QVERIFY(writeFile(dir + u'/' + mod + QStringLiteral(".py"),
                              "X = " + QByteArray::number(p * ModulesPerPackage + m) + '\n'));
        }
        QVERIFY(writeFile(dir + QStringLiteral("/__init__.py"), init));
    }
    QVERIFY(writeFile(top + QStringLiteral("/__init__.py"), "\"\"\"10,000 modules.\"\"\"\n"));
}

// 100 context ids ask for the 100 modules of one package each, straight
// through handleRequest:
// every module is served once, to the context that asked, and forgetting the
// contexts drops their counts and what was sent to them (asked again, a
// module goes out again with its parents), while the server's totals stay.
void TestModuleLeak::tenThousandAcrossContextsThenForgotten()
{
    ModuleServer server;
    server.setReferencePython(QString());
    server.setSendRelated(false);
    server.addDirectory(m_tree.path());

    const quint32 firstId = 1000;
    qint64 served = 0;
    qint64 payloads = 0;
    for (int p = 0; p < Packages; ++p) {
        const quint32 id = firstId + quint32(p);
        for (int m = 0; m < ModulesPerPackage; ++m) {
            const QString name = moduleName(p, m);
            const ModuleServer::Response r = server.handleRequest(id, name);
            QCOMPARE(r.status, QStringLiteral("ok"));
            QVERIFY(!r.loadModulePayloads.isEmpty());
            QCOMPARE(payloadName(r.loadModulePayloads.constLast()), name);
            payloads += r.loadModulePayloads.size();
            for (const ImportEvent &e : r.events) {
                QCOMPARE(e.contextId, id);
                if (e.outcome == ImportOutcome::Served)
                    ++served;
            }
        }
        const ModuleStats s = server.stats(id);
        QCOMPARE(s.requests, qint64(ModulesPerPackage));
        QCOMPARE(s.notFound, qint64(0));
        // Each module once, and its two parents with the first.
        QCOMPARE(s.modulesSent, qint64(ModulesPerPackage + 2));
    }
    QCOMPARE(served, qint64(ModuleCount));
    const ModuleStats totals = server.totals();
    QCOMPARE(totals.modulesSent, payloads);
    QVERIFY(totals.modulesSent > ModuleCount);

    // Asked twice by the same context, a module is not sent twice.
    const ModuleServer::Response again = server.handleRequest(firstId, moduleName(0, 0));
    QCOMPARE(again.status, QStringLiteral("ok"));
    QCOMPARE(again.loadModulePayloads.size(), 1);

    for (int p = 0; p < Packages; ++p)
        server.forgetContext(firstId + quint32(p));
    for (int p = 0; p < Packages; ++p) {
        const ModuleStats s = server.stats(firstId + quint32(p));
        QVERIFY2(isEmpty(s), qPrintable(QStringLiteral("context %1 still has counts").arg(p)));
    }
    QCOMPARE(server.totals().modulesSent, totals.modulesSent + 1);

    // Forgotten, the context starts over: the module goes out with both parents.
    const ModuleServer::Response fresh = server.handleRequest(firstId, moduleName(0, 0));
    QCOMPARE(fresh.status, QStringLiteral("ok"));
    QStringList names;
    for (const QByteArray &payload : fresh.loadModulePayloads)
        names.append(payloadName(payload));
    QCOMPARE(names, QStringList({QLatin1String(Top), packageName(0), moduleName(0, 0)}));
    server.forgetContext(firstId);
    QVERIFY(isEmpty(server.stats(firstId)));
}

// A real context imports the whole tree through the master, one package at a
// time: the 10,000 modules and 101 packages all arrive (the modules sent ahead
// with their package), each once, and the server forgets the context.
void TestModuleLeak::tenThousandIntoOneRealContext()
{
    Broker broker;
    broker.moduleServer().addDirectory(m_tree.path());
    ConnectOptions o;
    o.method = ConnectMethod::Local;
    o.python = QStringLiteral("/usr/bin/python3");
    o.name = QStringLiteral("leak");
    if (!QFile::exists(o.python))
        QSKIP("/usr/bin/python3 is not installed.");
    Context *ctx = broker.connectContext(o);
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));
    const quint32 id = ctx->id();

    const QString sum
            = evalRepr(ctx,
                       QStringLiteral("sum(getattr(__import__('importlib').import_module("
                                      "'%1.s' + str(p).zfill(2)), 'm' + str(m).zfill(2)).X "
                                      "for p in range(%2) for m in range(%3))")
                               .arg(QLatin1String(Top))
                               .arg(Packages)
                               .arg(ModulesPerPackage),
                       300000);
    QCOMPARE(sum, QString::number(qint64(ModuleCount) * (ModuleCount - 1) / 2));
    const QString loaded = evalRepr(
            ctx,
            QStringLiteral("len([n for n in __import__('sys').modules if n.split('.')[0] == '%1'])")
                    .arg(QLatin1String(Top)));
    QCOMPARE(loaded, QString::number(ModuleCount + Packages + 1));

    const ModuleStats s = broker.moduleServer().stats(id);
    QCOMPARE(s.modulesSent, qint64(ModuleCount + Packages + 1));
    QVERIFY2(s.relatedSent > ModuleCount / 2, qPrintable(QString::number(s.relatedSent)));
    QCOMPARE(s.notFound, qint64(0));

    const QString sentModule = QStringLiteral("%1.s00.m00").arg(QLatin1String(Top));
    QVERIFY(!broker.moduleServer().sourceOf(id, sentModule).isEmpty());
    ctx->shutdown();
    QVERIFY(waitForState(ctx, {ContextState::Disconnected, ContextState::Failed}, 30000));
    // Closed: the broker dropped what the context was sent; its figures stay for the views.
    QTRY_VERIFY(broker.moduleServer().sourceOf(id, sentModule).isEmpty());
    QCOMPARE(broker.moduleServer().stats(id).modulesSent, s.modulesSent);
    broker.moduleServer().forgetContext(id);
    QVERIFY(isEmpty(broker.moduleServer().stats(id)));
    QCOMPARE(broker.moduleServer().totals().modulesSent, s.modulesSent);
}

QTEST_GUILESS_MAIN(TestModuleLeak)
#include "tst_moduleleak.moc"
