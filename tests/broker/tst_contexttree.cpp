// Contexts through contexts: a child started by its parent (another
// interpreter, sudo), calls, logs and imports at depth 3, and what happens when
// a context in the middle of the tree dies.
#include "core/broker/broker.h"
#include "core/broker/relaytransport.h"
#include "core/modules/moduleserver.h"
#include "tests/support/await.h"
#include "tests/support/processes.h"
#include "tests/support/pythons.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

using namespace Econtext;
using Econtext::Test::awaitCall;
using Econtext::Test::evalRepr;
using Econtext::Test::processAlive;
using Econtext::Test::waitConnected;
using Econtext::Test::waitForState;
using Wire::Value;

namespace {

ConnectOptions
via(quint32 parent, ConnectMethod method = ConnectMethod::Local, const QString &python = {})
{
    ConnectOptions o;
    o.method = method;
    o.python = python;
    o.viaContextId = parent;
    o.logLevel = 20;
    return o;
}

QString interpreter(const QString &label)
{
    for (const auto &i : Econtext::Test::availableInterpreters())
        if (i.label == label)
            return i.path;
    return {};
}

} // namespace

class TestContextTree : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void depthThree();
    void parentCachesModulesForNextChild();
    void otherInterpreterThroughParent();
    void middleDiesTakesDescendants();
    void sudoThroughParent();
    void commandLines();

private:
    QTemporaryDir m_modules;
};

void TestContextTree::initTestCase()
{
    QVERIFY(m_modules.isValid());
    QDir().mkpath(m_modules.filePath(QStringLiteral("deepmod")));
    QFile f(m_modules.filePath(QStringLiteral("deepmod/__init__.py")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("import logging\nlogging.getLogger('deepmod').warning('deep import')\nDEPTH = 3\n");
    f.close();
    // A package whose parts import each other statically: one request serves it all.
    QDir().mkpath(m_modules.filePath(QStringLiteral("relayed")));
    const QList<QPair<QString, QByteArray>> files{
            {QStringLiteral("relayed/__init__.py"), "from . import a, b\nVALUE = a.X + b.Y\n"},
            {QStringLiteral("relayed/a.py"), "X = 40\n"},
            {QStringLiteral("relayed/b.py"), "from .a import X\nY = X - 38\n"}};
    for (const auto &[name, text] : files) {
        QFile m(m_modules.filePath(name));
        QVERIFY(m.open(QIODevice::WriteOnly));
        m.write(text);
    }
}

// The parent keeps what it relayed to its first child: the second child's
// requests (found and not found) cost no roundtrip to the master.
void TestContextTree::parentCachesModulesForNextChild()
{
    Broker broker;
    broker.moduleServer().setReferencePython(QString());
    broker.moduleServer().addDirectory(m_modules.path());
    ConnectOptions top;
    top.python = QStringLiteral("/usr/bin/python3");
    Context *parent = broker.connectContext(top);
    QString why;
    QVERIFY2(waitConnected(parent, &why), qPrintable(why));
    Context *first = broker.connectContext(via(parent->id()));
    QVERIFY2(waitConnected(first, &why), qPrintable(why));
    QCOMPARE(evalRepr(first, QStringLiteral("__import__('relayed').VALUE")), QStringLiteral("42"));
    QVERIFY(evalRepr(first, QStringLiteral("__import__('no_such_econtext_mod')"))
                    .contains(QStringLiteral("No module named")));
    const Modules::ModuleStats firstStats = broker.moduleServer().stats(first->id());
    QCOMPARE(firstStats.requests, 2); // relayed (3 modules) and the miss
    QCOMPARE(firstStats.modulesSent, 3);

    Context *second = broker.connectContext(via(parent->id()));
    QSignalSpy imports(second, &Context::importEventsReceived);
    QVERIFY2(waitConnected(second, &why), qPrintable(why));
    QCOMPARE(evalRepr(second, QStringLiteral("__import__('relayed').VALUE")), QStringLiteral("42"));
    QCOMPARE(evalRepr(second, QStringLiteral("__import__('relayed.b').b.Y")), QStringLiteral("2"));
    QVERIFY(evalRepr(second, QStringLiteral("__import__('no_such_econtext_mod')"))
                    .contains(QStringLiteral("No module named")));
    const Modules::ModuleStats secondStats = broker.moduleServer().stats(second->id());
    QCOMPARE(secondStats.requests, 0);
    QCOMPARE(secondStats.parentHits, 2);
    QCOMPARE(secondStats.parentModules, 3);

    // The import events say where the modules came from, with their digests.
    const QSet<QString> expected{
            QStringLiteral("relayed"), QStringLiteral("relayed.a"), QStringLiteral("relayed.b")};
    const auto fromParent = [&] {
        QSet<QString> names;
        for (const auto &args : std::as_const(imports))
            for (const ImportEvent &e : args.at(0).value<ImportEvents>())
                if (e.outcome == ImportOutcome::Parent && e.sha256.size() == 64)
                    names.insert(e.module);
        return names;
    };
    QTRY_COMPARE_WITH_TIMEOUT(fromParent(), expected, 10000);

    // A module the first child never imported still comes from the master.
    QCOMPARE(evalRepr(second, QStringLiteral("__import__('deepmod').DEPTH")), QStringLiteral("3"));
    QCOMPARE(broker.moduleServer().stats(second->id()).requests, 1);
}

void TestContextTree::depthThree()
{
    Broker broker;
    broker.moduleServer().setReferencePython(QString());
    broker.moduleServer().addDirectory(m_modules.path());
    ConnectOptions top;
    top.python = QStringLiteral("/usr/bin/python3");
    Context *a = broker.connectContext(top);
    QString why;
    QVERIFY2(waitConnected(a, &why), qPrintable(why));
    Context *b = broker.connectContext(via(a->id()));
    QVERIFY2(waitConnected(b, &why), qPrintable(why));
    Context *c = broker.connectContext(via(b->id()));
    QSignalSpy logs(c, &Context::logRecordsReceived);
    QSignalSpy imports(c, &Context::importEventsReceived);
    QVERIFY2(waitConnected(c, &why), qPrintable(why));
    QCOMPARE(c->parentId(), b->id());
    QCOMPARE(b->parentId(), a->id());

    // Three different processes, each a child of the one above.
    const qint64 pa = a->facts().pid, pb = b->facts().pid, pc = c->facts().pid;
    QVERIFY(pa != pb && pb != pc);

    // Calls, errors, logs and module forwarding at depth 3.
    QCOMPARE(evalRepr(c, QStringLiteral("__import__('deepmod').DEPTH")), QStringLiteral("3"));
    const QString err = evalRepr(c, QStringLiteral("1/0"));
    QVERIFY2(err.contains(QStringLiteral("ZeroDivisionError")), qPrintable(err));
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto &args : std::as_const(logs))
                    for (const LogRecord &r : args.at(0).value<LogRecords>())
                        if (r.logger == QLatin1String("deepmod")
                            && r.message == QLatin1String("deep import") && r.contextId == c->id())
                            return true;
                return false;
            }(),
            10000);
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto &args : std::as_const(imports))
                    for (const ImportEvent &e : args.at(0).value<ImportEvents>())
                        if (e.module == QLatin1String("deepmod")
                            && e.outcome == ImportOutcome::Served && e.contextId == c->id())
                            return true;
                return false;
            }(),
            10000);
    QCOMPARE(broker.moduleServer().stats(c->id()).requests, 1);

    // Many calls in flight through two relays, results checked one by one.
    QList<QFuture<CallResult>> futures;
    for (int i = 0; i < 300; ++i)
        futures.append(c->call(
                QStringLiteral("operator"), {}, QStringLiteral("add"), {Value(i), Value(1000)}));
    for (int i = 0; i < futures.size(); ++i) {
        const CallResult r = awaitCall(futures[i]);
        QVERIFY2(r, qPrintable(r.errorString()));
        QCOMPARE(r->toInt(), qint64(i + 1000));
    }

    // Shutting the child down leaves its parent working.
    c->shutdown();
    QVERIFY(waitForState(c, {ContextState::Disconnected}, 10000));
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pc), 5000);
    QCOMPARE(evalRepr(b, QStringLiteral("2 * 21")), QStringLiteral("42"));
}

void TestContextTree::otherInterpreterThroughParent()
{
    const QString py27 = interpreter(QStringLiteral("py2.7"));
    if (py27.isEmpty())
        QSKIP("pyenv's Python 2.7 is not on this machine");
    Broker broker;
    ConnectOptions top;
    top.python = QStringLiteral("/usr/bin/python3");
    Context *a = broker.connectContext(top);
    QString why;
    QVERIFY2(waitConnected(a, &why), qPrintable(why));
    Context *b = broker.connectContext(via(a->id(), ConnectMethod::Local, py27));
    QVERIFY2(waitConnected(b, &why), qPrintable(why));
    QCOMPARE(b->facts().pythonVersion.left(3), QStringLiteral("2.7"));
    QCOMPARE(evalRepr(b, QStringLiteral("__import__('sys').version_info[0]")), QStringLiteral("2"));

    // A missing interpreter on the parent: one clear reason.
    Context *bad = broker.connectContext(
            via(a->id(), ConnectMethod::Local, QStringLiteral("/nonexistent/python")));
    QVERIFY(waitForState(bad, {ContextState::Failed}, 15000));
    QVERIFY2(bad->errorString().contains(QStringLiteral("/nonexistent/python")),
             qPrintable(bad->errorString()));
}

void TestContextTree::middleDiesTakesDescendants()
{
    Broker broker;
    ConnectOptions top;
    top.python = QStringLiteral("/usr/bin/python3");
    Context *a = broker.connectContext(top);
    QString why;
    QVERIFY2(waitConnected(a, &why), qPrintable(why));
    Context *b = broker.connectContext(via(a->id()));
    QVERIFY2(waitConnected(b, &why), qPrintable(why));
    Context *c = broker.connectContext(via(b->id()));
    QVERIFY2(waitConnected(c, &why), qPrintable(why));
    Context *d = broker.connectContext(via(c->id()));
    QVERIFY2(waitConnected(d, &why), qPrintable(why));
    const qint64 pc = c->facts().pid, pd = d->facts().pid;
    QFuture<CallResult> pending
            = d->call(QStringLiteral("time"), {}, QStringLiteral("sleep"), {Value(60)});
    QTest::qWait(100);

    ::kill(pid_t(b->facts().pid), SIGKILL);
    QVERIFY(waitForState(b, {ContextState::Disconnected}, 5000));
    QVERIFY(waitForState(c, {ContextState::Disconnected}, 5000));
    QVERIFY(waitForState(d, {ContextState::Disconnected}, 5000));
    QVERIFY2(d->errorString().contains(QStringLiteral("parent")), qPrintable(d->errorString()));
    const CallResult r = awaitCall(pending, 5000);
    QCOMPARE(r.error().code, int(Error::Disconnected));
    // Calls to a context behind the dead parent fail at once.
    QCOMPARE(awaitCall(d->call(QStringLiteral("os"), {}, QStringLiteral("getpid")), 2000)
                     .error()
                     .code,
             int(Error::Disconnected));
    // The descendants' processes exit by themselves.
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pc) && !processAlive(pd), 8000);
    QCOMPARE(a->state(), ContextState::Connected);
}

void TestContextTree::sudoThroughParent()
{
    if (QStandardPaths::findExecutable(QStringLiteral("sudo")).isEmpty())
        QSKIP("sudo is not installed on this machine");
    if (::geteuid() != 0)
        QSKIP("sudo without a password prompt needs root here; the password path is tested over "
              "ssh");
    Broker broker;
    ConnectOptions top;
    top.python = QStringLiteral("/usr/bin/python3");
    Context *a = broker.connectContext(top);
    QString why;
    QVERIFY2(waitConnected(a, &why), qPrintable(why));
    ConnectOptions o = via(a->id(), ConnectMethod::Sudo, QStringLiteral("/usr/bin/python3"));
    o.user = QStringLiteral("nobody");
    Context *b = broker.connectContext(o);
    QVERIFY2(waitConnected(b, &why), qPrintable(why));
    QCOMPARE(b->facts().user, QStringLiteral("nobody"));
    QCOMPARE(evalRepr(b, QStringLiteral("__import__('os').getuid() != 0")), QStringLiteral("True"));
}

void TestContextTree::commandLines()
{
    ConnectOptions o;
    o.method = ConnectMethod::Sudo;
    const QStringList py{
            QStringLiteral("/usr/bin/python3"), QStringLiteral("-c"), QStringLiteral("x")};
    QStringList cmd = RelayTransport::commandFor(o, py, {});
    QCOMPARE(cmd.first(), QStringLiteral("sudo"));
    QVERIFY(cmd.contains(QStringLiteral("-S")));
    QVERIFY(cmd.contains(RelayTransport::sudoPromptMarker()));
    QCOMPARE(cmd.mid(cmd.indexOf(QStringLiteral("-u")) + 1, 1),
             QStringList{QStringLiteral("root")});
    QCOMPARE(cmd.mid(cmd.size() - 3), py);

    o.method = ConnectMethod::Ssh;
    o.host = QStringLiteral("web1");
    o.port = 2200;
    o.user = QStringLiteral("deploy");
    cmd = RelayTransport::commandFor(
            o, {QString(), QStringLiteral("-c"), QStringLiteral("print('a b')")}, {});
    QCOMPARE(cmd.first(), QStringLiteral("ssh"));
    QVERIFY(cmd.contains(QStringLiteral("BatchMode=yes")));
    QCOMPARE(cmd.at(cmd.indexOf(QStringLiteral("-p")) + 1), QStringLiteral("2200"));
    QCOMPARE(cmd.at(cmd.size() - 2), QStringLiteral("web1"));
    QVERIFY2(cmd.last().contains(QStringLiteral("'print('\\''a b'\\'')'")), qPrintable(cmd.last()));
    QVERIFY(cmd.last().contains(QStringLiteral("neither python3 nor python")));
}

QTEST_GUILESS_MAIN(TestContextTree)
#include "tst_contexttree.moc"
