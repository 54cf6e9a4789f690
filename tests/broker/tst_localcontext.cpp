// Local contexts end to end, with every interpreter on the machine: bootstrap,
// facts, calls, errors, logs, output, module forwarding with its negative cache,
// channels, timeouts, failures with clear reasons, and no orphans when the
// master dies.
#include "core/broker/broker.h"
#include "core/modules/bytecodecache.h"
#include "core/modules/moduleserver.h"
#include "tests/support/await.h"
#include "tests/support/processes.h"
#include "tests/support/pythons.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace Econtext;
using Econtext::Test::awaitCall;
using Econtext::Test::evalRepr;
using Econtext::Test::processAlive;
using Econtext::Test::waitConnected;
using Econtext::Test::waitForState;
using Wire::Value;

namespace {

void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
}

ConnectOptions localOptions(const QString &python)
{
    ConnectOptions o;
    o.method = ConnectMethod::Local;
    o.python = python;
    o.logLevel = 10;
    return o;
}

} // namespace

class TestLocalContext : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void endToEnd_data() { Econtext::Test::addInterpreterRows(); }
    void endToEnd();
    void moduleForwarding_data() { Econtext::Test::addInterpreterRows(); }
    void moduleForwarding();
    void compiledModulesForTheNextContext_data() { Econtext::Test::addInterpreterRows(); }
    void compiledModulesForTheNextContext();
    void idleMainThreadReadsTheLink_data() { Econtext::Test::addInterpreterRows(); }
    void idleMainThreadReadsTheLink();
    void linkReadWhileLongCallsRun_data() { Econtext::Test::addInterpreterRows(); }
    void linkReadWhileLongCallsRun();
    void channelsStream();
    void pipelinedCallsNotMixedUp();
    void callTimeout();
    void blockingCalls();
    void consoleCodeInterrupted_data() { Econtext::Test::addInterpreterRows(); }
    void consoleCodeInterrupted();
    void replyNotHeldBackBySlowCall();
    void killedMidCallFailsAtOnce();
    void corruptFrameClosesOnlyThatStream();
    void missingPython();
    void interpreterThatExits();
    void bootstrapOutputInError();
    void shutdownIsGraceful();
    void masterSigkillLeavesNoOrphans();

private:
    QTemporaryDir m_modules;
};

void TestLocalContext::initTestCase()
{
    QVERIFY(m_modules.isValid());
    const QString root = m_modules.path();
    writeFile(
            root + QStringLiteral("/ecmod_only/__init__.py"),
            "import logging\nVALUE = 41\nlogging.getLogger('ecmod_only').info('package loaded')\n");
    writeFile(root + QStringLiteral("/ecmod_only/helper.py"),
              "from . import consts\n\ndef answer():\n    return consts.BASE + 1\n");
    writeFile(root + QStringLiteral("/ecmod_only/consts.py"), "BASE = 41\n");
    // Incompressible: its LOAD_MODULE frame is far over 64 KiB (the size at which the
    // context's HMAC once imported hashlib on the thread reading the link, and hung).
    QByteArray noise(150000, Qt::Uninitialized);
    QRandomGenerator rng(7);
    rng.fillRange(reinterpret_cast<quint32 *>(noise.data()), noise.size() / 4);
    writeFile(root + QStringLiteral("/ecmod_big.py"),
              "DATA = '" + noise.toBase64() + "'\nSIZE = len(DATA)\n");
    writeFile(root + QStringLiteral("/ecmod_only/boom.py"),
              "# -*- coding: utf-8 -*-\nNAME = u'gr\xc3\xbc\xc3\x9f"
              "e'\n\ndef fail():\n"
              "    raise ValueError('boom')\n");
}

void TestLocalContext::endToEnd()
{
    QFETCH(QString, python);
    Broker broker;
    broker.moduleServer().setReferencePython(QString());
    Context *ctx = broker.connectContext(localOptions(python));
    QSignalSpy logs(ctx, &Context::logRecordsReceived);
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));

    // Facts from the hello match the interpreter we asked for.
    const ContextFacts facts = ctx->facts();
    QProcess p;
    p.start(python,
            {QStringLiteral("-c"),
             QStringLiteral("import sys; print('%d.%d.%d' % sys.version_info[:3])")});
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(facts.pythonVersion, QString::fromLatin1(p.readAllStandardOutput().trimmed()));
    QVERIFY(facts.pid > 0);
    QVERIFY(!facts.user.isEmpty());
    QVERIFY(!facts.host.isEmpty());

    // The last argument names the context in ps.
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(facts.pid));
    QVERIFY(cmdline.open(QIODevice::ReadOnly));
    const QList<QByteArray> args = cmdline.readAll().split('\0');
    QVERIFY2(args.size() >= 2 && args.at(args.size() - 2) == "econtext:" + ctx->name().toUtf8(),
             "the last argument is not econtext:<name>");

    // A call with a result, a call that raises.
    QCOMPARE(evalRepr(ctx, QStringLiteral("6 * 7")), QStringLiteral("42"));
    QCOMPARE(evalRepr(ctx, QStringLiteral("(1, 'x', None, [2.5], {'k': b'v'} == {'k': b'v'})")),
             QStringLiteral("(1, 'x', None, [2.5], True)"));
    const CallResult err = awaitCall(ctx->call(
            QStringLiteral("econtext.core"), {}, QStringLiteral("eval_repr"), {Value("1 // 0")}));
    QVERIFY(!err);
    QCOMPARE(err.error().code, int(Error::Remote));
    QVERIFY2(err.errorString().contains(QStringLiteral("ZeroDivisionError")),
             qPrintable(err.errorString()));
    QVERIFY2(err.errorString().contains(QStringLiteral("Traceback")),
             qPrintable(err.errorString()));

    // A call with arguments and keyword arguments into a stdlib module.
    const CallResult joined = awaitCall(ctx->call(
            QStringLiteral("os.path"), {}, QStringLiteral("join"), {Value("a"), Value("b")}));
    QVERIFY2(joined, qPrintable(joined.errorString()));
    QCOMPARE(joined->toString(), QStringLiteral("a/b"));

    // Logging, stdout of the context and of a child process, stderr.
    evalRepr(ctx,
             QStringLiteral("__import__('logging').getLogger('t.sub').warning('hello %s', 'log')"));
    evalRepr(ctx, QStringLiteral("__import__('sys').stdout.write('out-line\\n')"));
    evalRepr(ctx, QStringLiteral("__import__('os').system('echo from-child; echo child-err >&2')"));
    bool sawLog = false, sawOut = false, sawChild = false, sawErr = false;
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto &args : std::as_const(logs)) {
                    for (const LogRecord &r : args.at(0).value<LogRecords>()) {
                        if (r.contextId != ctx->id())
                            return false;
                        if (r.kind == LogRecord::Kind::Log && r.logger == QLatin1String("t.sub")
                            && r.message == QLatin1String("hello log") && r.level == 30)
                            sawLog = true;
                        if (r.kind == LogRecord::Kind::Stdout
                            && r.message == QLatin1String("out-line"))
                            sawOut = true;
                        if (r.kind == LogRecord::Kind::Stdout
                            && r.message == QLatin1String("from-child"))
                            sawChild = true;
                        if (r.kind == LogRecord::Kind::Stderr
                            && r.message == QLatin1String("child-err"))
                            sawErr = true;
                    }
                }
                return sawLog && sawOut && sawChild && sawErr;
            }(),
            10000);

    // The timeline names every stage.
    QStringList stages;
    for (const BootstrapStage &s : ctx->timeline())
        stages << s.name;
    for (const char *s : {"start",
                          "interpreter started",
                          "first stage",
                          "core sent",
                          "core received",
                          "core running",
                          "hello"})
        QVERIFY2(stages.contains(QLatin1String(s)), qPrintable(stages.join(QStringLiteral(", "))));
    const ContextStats stats = ctx->stats();
    QVERIFY(stats.messagesIn > 0 && stats.messagesOut > 0 && stats.bytesIn > 0
            && stats.bytesOut > 0);

    ctx->shutdown();
    QVERIFY(waitForState(ctx, {ContextState::Disconnected}, 10000));
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(facts.pid), 5000);
}

void TestLocalContext::moduleForwarding()
{
    QFETCH(QString, python);
    Broker broker;
    broker.moduleServer().setReferencePython(QString());
    broker.moduleServer().addDirectory(m_modules.path());
    Context *ctx = broker.connectContext(localOptions(python));
    QSignalSpy imports(ctx, &Context::importEventsReceived);
    QSignalSpy logs(ctx, &Context::logRecordsReceived);
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));

    // A module that exists only in the --module-path directory, with its relative import.
    QCOMPARE(evalRepr(ctx, QStringLiteral("__import__('ecmod_only.helper').helper.answer()")),
             QStringLiteral("42"));
    QCOMPARE(evalRepr(ctx, QStringLiteral("__import__('ecmod_only').VALUE")), QStringLiteral("41"));
    QCOMPARE(evalRepr(ctx, QStringLiteral("__import__('ecmod_big').SIZE"), 20000),
             QStringLiteral("200000"));
    const Modules::ModuleStats afterImport = broker.moduleServer().stats(ctx->id());
    QVERIFY(afterImport.requests >= 1);
    QVERIFY(afterImport.modulesSent >= 3);

    // A missing sibling: answered from the package's child list, no roundtrip.
    const QString missing = evalRepr(
            ctx, QStringLiteral("__import__('importlib').import_module('ecmod_only.missing')"));
    QVERIFY2(missing.contains(QStringLiteral("ImportError"))
                     || missing.contains(QStringLiteral("ModuleNotFoundError")),
             qPrintable(missing));
    const Modules::ModuleStats afterMissing = broker.moduleServer().stats(ctx->id());
    QCOMPARE(afterMissing.requests, afterImport.requests);

    // A module nobody has: one roundtrip, a clean ImportError.
    const QString nowhere = evalRepr(
            ctx, QStringLiteral("__import__('importlib').import_module('ec_no_such_module_xyz')"));
    QVERIFY2(nowhere.contains(QStringLiteral("ImportError"))
                     || nowhere.contains(QStringLiteral("ModuleNotFoundError")),
             qPrintable(nowhere));

    bool sawServed = false, sawNegative = false, sawNotFound = false;
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto &args : std::as_const(imports)) {
                    for (const ImportEvent &e : args.at(0).value<ImportEvents>()) {
                        if (e.module == QLatin1String("ecmod_only.helper")
                            && (e.outcome == ImportOutcome::Served
                                || e.outcome == ImportOutcome::Related
                                || e.outcome == ImportOutcome::Cached))
                            sawServed = true;
                        if (e.module == QLatin1String("ecmod_only.missing")
                            && e.outcome == ImportOutcome::Negative)
                            sawNegative = true;
                        if (e.module == QLatin1String("ec_no_such_module_xyz")
                            && e.outcome == ImportOutcome::NotFound)
                            sawNotFound = true;
                    }
                }
                return sawServed && sawNegative && sawNotFound;
            }(),
            10000);
    // The served package logged through the forwarder.
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto &args : std::as_const(logs)) {
                    for (const LogRecord &r : args.at(0).value<LogRecords>())
                        if (r.logger == QLatin1String("ecmod_only")
                            && r.message == QLatin1String("package loaded"))
                            return true;
                }
                return false;
            }(),
            10000);
}

// A module served as source is compiled here in the background for the context's Python
// release; the next context of that release gets the code, which runs the same (a
// coding cookie included) and still names its file and line in a traceback.
void TestLocalContext::compiledModulesForTheNextContext()
{
    QFETCH(QString, python);
    Broker broker;
    broker.moduleServer().setReferencePython(QString());
    broker.moduleServer().addDirectory(m_modules.path());
    const QString use = QStringLiteral("(__import__('ecmod_only.helper').helper.answer(), "
                                       "__import__('ecmod_only.boom').boom.NAME"
                                       " == u'gr\\xfc\\xdfe')");
    for (int round = 0; round < 2; ++round) {
        Context *ctx = broker.connectContext(localOptions(python));
        QSet<QString> sentCompiled, sentAsSource; // what the Imports pane is told
        connect(ctx, &Context::importEventsReceived, this, [&](const ImportEvents &events) {
            for (const ImportEvent &e : events) {
                if (e.outcome == ImportOutcome::Served || e.outcome == ImportOutcome::Related)
                    (e.compiled ? sentCompiled : sentAsSource).insert(e.module);
            }
        });
        QString why;
        QVERIFY2(waitConnected(ctx, &why), qPrintable(why));
        QCOMPARE(evalRepr(ctx, use), QStringLiteral("(42, True)"));
        const Modules::ModuleStats stats = broker.moduleServer().stats(ctx->id());
        QTRY_COMPARE(sentCompiled.size() + sentAsSource.size(), int(stats.modulesSent));
        QCOMPARE(sentCompiled.size(), int(stats.bytecodeSent));
        QVERIFY(stats.modulesSent >= 4);
        if (round == 0) {
            QCOMPARE(stats.bytecodeSent, 0); // nothing compiled yet: source
            broker.moduleServer().bytecodeCache().waitIdle();
        } else {
            QCOMPARE(stats.bytecodeSent, stats.modulesSent); // all four have a file
            const CallResult failed = awaitCall(
                    ctx->call(QStringLiteral("ecmod_only.boom"), {}, QStringLiteral("fail")));
            QVERIFY(!failed);
            const QString text = failed.errorString();
            QVERIFY2(text.contains(QStringLiteral("ValueError: boom")), qPrintable(text));
            QVERIFY2(text.contains(m_modules.path()
                                   + QStringLiteral("/ecmod_only/boom.py\", line 5")),
                     qPrintable(text));
            // The source stayed here; asked for by the traceback machinery (linecache),
            // only for modules this context was sent.
            QCOMPARE(evalRepr(ctx,
                              QStringLiteral("'raise ValueError' in __import__('ecmod_only.boom')"
                                             ".boom.__loader__.get_source('ecmod_only.boom')")),
                     QStringLiteral("True"));
            QCOMPARE(evalRepr(ctx,
                              QStringLiteral("len(__import__('econtext.core').core.ROUTER.request("
                                             "112, 'ecmod_only.nothere', 10))")),
                     QStringLiteral("0"));
        }
        ctx->shutdown();
        QVERIFY(waitForState(ctx, {ContextState::Disconnected}));
    }
}

// While it has no call to run, the context's main thread reads the link itself (no
// hand-off between threads per call) and gives it back to the I/O thread before a call
// runs. Whoever reads must never wait for a module: an I/O-thread call that imports from
// the master fails at once instead of hanging; calls in threads still import (the idle
// main thread reads their answers); a serial call imports (the I/O thread does).
void TestLocalContext::idleMainThreadReadsTheLink()
{
    QFETCH(QString, python);
    Broker broker;
    broker.moduleServer().setReferencePython(QString());
    broker.moduleServer().addDirectory(m_modules.path());
    Context *ctx = broker.connectContext(localOptions(python));
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));
    QTest::qWait(50); // the main thread is idle, reading

    const CallResult onIo = awaitCall(ctx->call(QStringLiteral("econtext.core"),
                                                {},
                                                QStringLiteral("eval_repr"),
                                                {Value(QStringLiteral("__import__('ecmod_only')"))},
                                                {},
                                                CallMode::IoThread,
                                                10000));
    QVERIFY(!onIo);
    QVERIFY2(onIo.errorString().contains(QStringLiteral("ImportError"))
                     || onIo.errorString().contains(QStringLiteral("ModuleNotFoundError")),
             qPrintable(onIo.errorString()));

    const CallResult inThread = awaitCall(
            ctx->call(QStringLiteral("econtext.core"),
                      {},
                      QStringLiteral("eval_repr"),
                      {Value(QStringLiteral("__import__('ecmod_only.helper').helper.answer()"))},
                      {},
                      CallMode::Thread,
                      10000));
    QVERIFY2(inThread, qPrintable(inThread.errorString()));
    QCOMPARE(inThread->toString(), QStringLiteral("42"));
    QCOMPARE(evalRepr(ctx, QStringLiteral("__import__('ecmod_only.consts').consts.BASE")),
             QStringLiteral("41"));

    // Calls of every kind mixed, sequential and in flight together: each gets its answer.
    QList<QFuture<CallResult>> futures;
    const CallMode modes[] = {CallMode::Serial, CallMode::IoThread, CallMode::Thread};
    for (int i = 0; i < 300; ++i) {
        futures << ctx->call(QStringLiteral("econtext.core"),
                             {},
                             QStringLiteral("eval_repr"),
                             {Value(QStringLiteral("%1 * 3").arg(i))},
                             {},
                             modes[i % 3],
                             10000);
        if (i % 50 == 0) {
            const CallResult r = awaitCall(futures.last());
            QVERIFY2(r, qPrintable(r.errorString()));
        }
    }
    for (int i = 0; i < futures.size(); ++i) {
        const CallResult r = awaitCall(futures.at(i));
        QVERIFY2(r, qPrintable(r.errorString()));
        QCOMPARE(r->toString(), QString::number(i * 3));
    }
    ctx->shutdown();
    QVERIFY(waitForState(ctx, {ContextState::Disconnected}));
}

// The main thread reads the link between calls and runs quick ones without waking the
// I/O thread, which takes the link once a call has run 10-20 ms or waits for the master.
// A call that computes or sleeps for a second must not hold up calls on the I/O thread,
// imports in threads or its own imports; and once calls stop, no thread polls.
void TestLocalContext::linkReadWhileLongCallsRun()
{
    QFETCH(QString, python);
    Broker broker;
    broker.moduleServer().setReferencePython(QString());
    broker.moduleServer().addDirectory(m_modules.path());
    Context *ctx = broker.connectContext(localOptions(python));
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));
    for (int i = 0; i < 200; ++i) // the I/O thread sees calls come, then none
        QCOMPARE(evalRepr(ctx, QString::number(i)), QString::number(i));
    QTest::qWait(100);

    const QString busy = QStringLiteral(
            "(lambda t: len([0 for _ in iter(lambda: __import__('time').time() - t < 1.5, "
            "False)]) > 0)(__import__('time').time())");
    const QString sleepy = QStringLiteral("__import__('time').sleep(1.5)");
    const QString modules[]
            = {QStringLiteral("ecmod_only.consts"), QStringLiteral("ecmod_only.boom")};
    for (int round = 0; round < 2; ++round) {
        const QFuture<CallResult> longCall = ctx->call(QStringLiteral("econtext.core"),
                                                       {},
                                                       QStringLiteral("eval_repr"),
                                                       {Value(round == 0 ? busy : sleepy)});
        QTest::qWait(100);
        const CallResult onIo = awaitCall(ctx->call(QStringLiteral("econtext.core"),
                                                    {},
                                                    QStringLiteral("eval_repr"),
                                                    {Value(QStringLiteral("6 * 7"))},
                                                    {},
                                                    CallMode::IoThread));
        QVERIFY2(onIo, qPrintable(onIo.errorString()));
        QCOMPARE(onIo->toString(), QStringLiteral("42"));
        QVERIFY2(!longCall.isFinished(), "a call on the I/O thread waited for the long call");
        const CallResult imported = awaitCall(ctx->call(
                QStringLiteral("econtext.core"),
                {},
                QStringLiteral("eval_repr"),
                {Value(QStringLiteral("__import__('importlib').import_module('%1').__name__")
                               .arg(modules[round]))},
                {},
                CallMode::Thread));
        QVERIFY2(imported, qPrintable(imported.errorString()));
        QCOMPARE(imported->toString(), QStringLiteral("'%1'").arg(modules[round]));
        QVERIFY2(!longCall.isFinished(), "an import in a thread waited for the long call");
        const CallResult done = awaitCall(longCall);
        QVERIFY2(done, qPrintable(done.errorString()));
    }
    // A long call that prints all the time wakes the I/O thread for its output, often
    // enough that no wait of 10 ms ever ends: the I/O thread still takes the link.
    const QFuture<CallResult> chatty = ctx->call(
            QStringLiteral("econtext.core"),
            {},
            QStringLiteral("eval_repr"),
            {Value(QStringLiteral("len([(__import__('sys').stdout.write('.\\n'), "
                                  "__import__('time').sleep(0.002)) for _ in range(750)])"))});
    QTest::qWait(100);
    const CallResult besideOutput = awaitCall(ctx->call(QStringLiteral("econtext.core"),
                                                        {},
                                                        QStringLiteral("eval_repr"),
                                                        {Value(QStringLiteral("6 * 7"))},
                                                        {},
                                                        CallMode::IoThread));
    QVERIFY2(besideOutput, qPrintable(besideOutput.errorString()));
    QVERIFY2(!chatty.isFinished(), "a call on the I/O thread waited for a call that prints");
    QVERIFY(awaitCall(chatty, 30000));

    // A call that imports on the main thread, and one that waits for another thread's import.
    QCOMPARE(evalRepr(ctx, QStringLiteral("__import__('ecmod_only.helper').helper.answer()")),
             QStringLiteral("42"));

    // Quiet: neither thread wakes (the I/O thread looks every 10 ms only while calls come).
    QTest::qWait(100);
    auto wakeUps = [pid = ctx->facts().pid] {
        qint64 n = 0;
        const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
        for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile status(tasks.filePath(tid + QStringLiteral("/status")));
            if (!status.open(QIODevice::ReadOnly))
                continue;
            for (const QByteArray &line : status.readAll().split('\n')) {
                if (line.startsWith("voluntary_ctxt_switches:"))
                    n += line.mid(24).trimmed().toLongLong();
            }
        }
        return n;
    };
    const qint64 before = wakeUps();
    QTest::qWait(500);
    const qint64 woke = wakeUps() - before;
    QVERIFY2(woke <= 2,
             qPrintable(QStringLiteral("an idle context woke %1 times in 500 ms").arg(woke)));
    QCOMPARE(evalRepr(ctx, QStringLiteral("1 + 1")), QStringLiteral("2"));
    ctx->shutdown();
    QVERIFY(waitForState(ctx, {ContextState::Disconnected}));
}

void TestLocalContext::channelsStream()
{
    Broker broker;
    Context *ctx = broker.connectContext(localOptions(QStringLiteral("/usr/bin/python3")));
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));
    auto channel = ctx->openChannel();
    QByteArray out, err;
    connect(channel.get(), &Channel::messageReceived, this, [&](const Value &v) {
        const auto &items = v.items();
        if (items.size() == 2 && items[0].toString() == QLatin1String("out"))
            out += items[1].toBytes();
        else if (items.size() == 2)
            err += items[1].toBytes();
    });
    const CallResult status = awaitCall(
            ctx->call(QStringLiteral("econtext.core"),
                      {},
                      QStringLiteral("run_command"),
                      {Value("for i in 1 2 3; do echo line$i; done; echo oops >&2; exit 3"),
                       Value(qint64(channel->handle()))},
                      {{Value("shell"), Value(true)}}));
    QVERIFY2(status, qPrintable(status.errorString()));
    QCOMPARE(status->toInt(), 3);
    QTRY_COMPARE(out, QByteArray("line1\nline2\nline3\n"));
    QTRY_COMPARE(err, QByteArray("oops\n"));
}

// Thousands of calls from two threads at once, then a channel and a call that writes to it:
// each thread's calls run in the order it made them (the broker takes them in turns, reading
// replies between turns), every result goes to its own call, and the channel is set up
// before the call that uses it is sent.
void TestLocalContext::pipelinedCallsNotMixedUp()
{
    Broker broker;
    Context *ctx = broker.connectContext(localOptions(QStringLiteral("/usr/bin/python3")));
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));
    constexpr int Calls = 3000;
    const auto record = [ctx](int tag) {
        return ctx->call(QStringLiteral("econtext.core"),
                         {},
                         QStringLiteral("eval_repr"),
                         {Value(QStringLiteral("__import__('sys').__dict__.setdefault('ec_seen', "
                                               "[]).append(%1) or %1 * 3")
                                        .arg(tag))});
    };
    QList<QFuture<CallResult>> other;
    QThread *thread = QThread::create([&] {
        for (int i = 0; i < Calls; ++i)
            other.append(record(-1 - i));
    });
    thread->start();
    QList<QFuture<CallResult>> mine;
    for (int i = 0; i < Calls; ++i)
        mine.append(record(i));
    auto channel = ctx->openChannel();
    QByteArray out;
    connect(channel.get(), &Channel::messageReceived, this, [&](const Value &v) {
        if (v.items().size() == 2)
            out += v.items()[1].toBytes();
    });
    const QFuture<CallResult> run
            = ctx->call(QStringLiteral("econtext.core"),
                        {},
                        QStringLiteral("run_command"),
                        {Value("echo after-the-queue"), Value(qint64(channel->handle()))},
                        {{Value("shell"), Value(true)}});
    QVERIFY(thread->wait(30000));
    delete thread;
    for (int i = 0; i < Calls; ++i) {
        const CallResult a = awaitCall(mine[i]);
        QVERIFY2(a, qPrintable(a.errorString()));
        QCOMPARE(a->toString(), QString::number(i * 3));
        const CallResult b = awaitCall(other[i]);
        QVERIFY2(b, qPrintable(b.errorString()));
        QCOMPARE(b->toString(), QString::number((-1 - i) * 3));
    }
    const CallResult status = awaitCall(run);
    QVERIFY2(status, qPrintable(status.errorString()));
    QCOMPARE(status->toInt(), 0);
    QTRY_COMPARE(out, QByteArray("after-the-queue\n"));

    // Each thread's calls ran in order; the two threads' calls interleave as they came.
    const QString seen = evalRepr(ctx, QStringLiteral("__import__('sys').ec_seen"));
    QList<int> ours, theirs;
    for (const QString &n : seen.mid(1, seen.size() - 2).split(QStringLiteral(", ")))
        (n.startsWith(u'-') ? theirs : ours).append(n.toInt());
    QCOMPARE(ours.size(), Calls);
    QCOMPARE(theirs.size(), Calls);
    for (int i = 0; i < Calls; ++i) {
        QCOMPARE(ours[i], i);
        QCOMPARE(theirs[i], -1 - i);
    }
}

// Replies of queued calls are written in batches; a quick call's reply must still
// leave before a slow call queued behind it ends.
void TestLocalContext::replyNotHeldBackBySlowCall()
{
    Broker broker;
    Context *ctx = broker.connectContext(localOptions(QStringLiteral("/usr/bin/python3")));
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));
    for (int round = 0; round < 3; ++round) {
        QList<QFuture<CallResult>> quick;
        for (int i = 0; i < 20; ++i)
            quick << ctx->call(QStringLiteral("operator"), {}, QStringLiteral("neg"), {Value(i)});
        const QFuture<CallResult> slow
                = ctx->call(QStringLiteral("time"), {}, QStringLiteral("sleep"), {Value(3)});
        for (int i = 0; i < quick.size(); ++i) {
            const CallResult r = awaitCall(quick[i]);
            QVERIFY2(r, qPrintable(r.errorString()));
            QCOMPARE(r->toInt(), qint64(-i));
        }
        QVERIFY2(!slow.isFinished(), "the quick replies waited for the slow call");
        QVERIFY(awaitCall(slow));
    }
}

// The console's Python code runs on the context's main thread; Ctrl+C raises
// KeyboardInterrupt in it (in a busy loop and inside a sleep), never in the core.
void TestLocalContext::consoleCodeInterrupted()
{
    QFETCH(QString, python);
    Broker broker;
    Context *ctx = broker.connectContext(localOptions(python));
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));
    const auto interrupt = [ctx] {
        return awaitCall(ctx->call(QStringLiteral("econtext.core"),
                                   {},
                                   QStringLiteral("interrupt_repl"),
                                   {Value("s")},
                                   {},
                                   CallMode::IoThread));
    };
    // Nothing runs: nothing is interrupted.
    CallResult idle = interrupt();
    QVERIFY2(idle, qPrintable(idle.errorString()));
    QVERIFY(!idle->toBool());
    for (const QString &code : {QStringLiteral("import time\ntime.sleep(120)"),
                                QStringLiteral("n = 0\nwhile True:\n    n += 1")}) {
        const QFuture<CallResult> running = ctx->call(QStringLiteral("econtext.core"),
                                                      {},
                                                      QStringLiteral("repl"),
                                                      {Value(code)},
                                                      {{Value("session"), Value("s")}});
        QElapsedTimer clock;
        clock.start();
        bool sent = false;
        while (!sent && clock.elapsed() < 20000) {
            const CallResult r = interrupt();
            QVERIFY2(r, qPrintable(r.errorString()));
            sent = r->toBool();
            if (!sent)
                QTest::qWait(20);
        }
        QVERIFY2(sent, "the console code never started");
        const CallResult done = awaitCall(running, 20000);
        if (!done) {
            const CallResult stacks = awaitCall(ctx->call(QStringLiteral("econtext.core"),
                                                          {},
                                                          QStringLiteral("dump_stacks"),
                                                          {},
                                                          {},
                                                          CallMode::IoThread));
            QFAIL(qPrintable(QStringLiteral("%1 was not interrupted: %2\n%3")
                                     .arg(code,
                                          done.errorString(),
                                          stacks ? stacks->toString() : stacks.errorString())));
        }
        const QString error = done->get(QStringLiteral("error")).toString();
        QVERIFY2(error.trimmed().endsWith(QLatin1String("KeyboardInterrupt")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("<console>")), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1String("econtext.core")), qPrintable(error));
    }
    // The session and the context go on.
    const CallResult after = awaitCall(ctx->call(QStringLiteral("econtext.core"),
                                                 {},
                                                 QStringLiteral("repl"),
                                                 {Value("n > 0")},
                                                 {{Value("session"), Value("s")}}));
    QVERIFY2(after, qPrintable(after.errorString()));
    QCOMPARE(after->get(QStringLiteral("output")).toString(), QStringLiteral("True\n"));
    QCOMPARE(evalRepr(ctx, QStringLiteral("6 * 7")), QStringLiteral("42"));
    QCOMPARE(ctx->state(), ContextState::Connected);
}

void TestLocalContext::callTimeout()
{
    Broker broker;
    Context *ctx = broker.connectContext(localOptions(QStringLiteral("/usr/bin/python3")));
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));
    const CallResult r = awaitCall(ctx->call(QStringLiteral("time"),
                                             {},
                                             QStringLiteral("sleep"),
                                             {Value(5)},
                                             {},
                                             CallMode::Thread,
                                             200));
    QVERIFY(!r);
    QCOMPARE(r.error().code, int(Error::Timeout));
    QVERIFY2(r.errorString().contains(QStringLiteral("timed out")), qPrintable(r.errorString()));
    // The context is still usable.
    QCOMPARE(evalRepr(ctx, QStringLiteral("1")), QStringLiteral("1"));
}

// callBlocking waits on the calling thread for the same results, errors and timeouts as
// call(), and never hangs once the context is gone, even with calls from several threads.
void TestLocalContext::blockingCalls()
{
    Broker broker;
    Context *ctx = broker.connectContext(localOptions(QStringLiteral("/usr/bin/python3")));
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));
    for (int i = 0; i < 500; ++i) {
        const CallResult r = ctx->callBlocking(
                QStringLiteral("operator"), {}, QStringLiteral("mul"), {Value(i), Value(3)});
        QVERIFY2(r, qPrintable(r.errorString()));
        QCOMPARE(r->toInt(), qint64(i) * 3);
    }
    const CallResult raised = ctx->callBlocking(
            QStringLiteral("econtext.core"), {}, QStringLiteral("eval_repr"), {Value("1 // 0")});
    QVERIFY(!raised);
    QCOMPARE(raised.error().code, int(Error::Remote));
    QVERIFY2(raised.errorString().contains(QStringLiteral("ZeroDivisionError")),
             qPrintable(raised.errorString()));
    const CallResult late = ctx->callBlocking(QStringLiteral("time"),
                                              {},
                                              QStringLiteral("sleep"),
                                              {Value(5)},
                                              {},
                                              CallMode::Thread,
                                              200);
    QVERIFY(!late);
    QCOMPARE(late.error().code, int(Error::Timeout));

    // Threads calling at once each get their own answers.
    QList<QThread *> threads;
    std::atomic<int> wrong{0};
    for (int t = 0; t < 4; ++t) {
        threads << QThread::create([ctx, t, &wrong] {
            for (int i = 0; i < 200; ++i) {
                const CallResult r = ctx->callBlocking(QStringLiteral("operator"),
                                                       {},
                                                       QStringLiteral("add"),
                                                       {Value(t * 1000), Value(i)});
                if (!r || r->toInt() != t * 1000 + i)
                    ++wrong;
            }
        });
        threads.last()->start();
    }
    for (QThread *t : std::as_const(threads)) {
        QVERIFY(t->wait(60000));
        delete t;
    }
    QCOMPARE(wrong.load(), 0);

    // Killed in the middle of a blocking call: it fails at once; later ones fail too.
    QThread *killer = QThread::create([pid = ctx->facts().pid] {
        QThread::msleep(200);
        ::kill(pid_t(pid), SIGKILL);
    });
    killer->start();
    const CallResult cut
            = ctx->callBlocking(QStringLiteral("time"), {}, QStringLiteral("sleep"), {Value(60)});
    QVERIFY(killer->wait(10000));
    delete killer;
    QVERIFY(!cut);
    QCOMPARE(cut.error().code, int(Error::Disconnected));
    QVERIFY(waitForState(ctx, {ContextState::Failed, ContextState::Disconnected}));
    const CallResult after = ctx->callBlocking(QStringLiteral("os"), {}, QStringLiteral("getpid"));
    QVERIFY(!after);
    QCOMPARE(after.error().code, int(Error::Disconnected));
}

void TestLocalContext::killedMidCallFailsAtOnce()
{
    Broker broker;
    Context *ctx = broker.connectContext(localOptions(QStringLiteral("/usr/bin/python3")));
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));
    QFuture<CallResult> f
            = ctx->call(QStringLiteral("time"), {}, QStringLiteral("sleep"), {Value(60)});
    QTest::qWait(200);
    ::kill(pid_t(ctx->facts().pid), SIGKILL);
    const CallResult r = awaitCall(f, 10000);
    QVERIFY(!r);
    QCOMPARE(r.error().code, int(Error::Disconnected));
    QVERIFY2(r.errorString().contains(QStringLiteral("disconnected")), qPrintable(r.errorString()));
    QVERIFY(waitForState(ctx, {ContextState::Disconnected}, 5000));
    // Later calls fail at once too.
    const CallResult late
            = awaitCall(ctx->call(QStringLiteral("os"), {}, QStringLiteral("getpid")), 5000);
    QCOMPARE(late.error().code, int(Error::Disconnected));
}

void TestLocalContext::corruptFrameClosesOnlyThatStream()
{
    Broker broker;
    Context *bad = broker.connectContext(localOptions(QStringLiteral("/usr/bin/python3")));
    Context *good = broker.connectContext(localOptions(QStringLiteral("/usr/bin/python3")));
    QString why;
    QVERIFY2(waitConnected(bad, &why), qPrintable(why));
    QVERIFY2(waitConnected(good, &why), qPrintable(why));
    // The context writes garbage straight onto its link to the master.
    bad->call(QStringLiteral("econtext.core"),
              {},
              QStringLiteral("eval_repr"),
              {Value("__import__('os').write(__import__('econtext.core').core.ROUTER.wfd, "
                     "b'\\x00garbage' * 8)")});
    QVERIFY(waitForState(bad, {ContextState::Disconnected, ContextState::Failed}, 10000));
    QVERIFY2(bad->errorString().contains(QStringLiteral("magic")), qPrintable(bad->errorString()));
    QCOMPARE(good->state(), ContextState::Connected);
    QCOMPARE(evalRepr(good, QStringLiteral("2 + 2")), QStringLiteral("4"));
}

void TestLocalContext::missingPython()
{
    Broker broker;
    Context *ctx = broker.connectContext(localOptions(QStringLiteral("/nonexistent/bin/python9")));
    QVERIFY(waitForState(ctx, {ContextState::Failed}, 10000));
    QVERIFY2(ctx->errorString().contains(QStringLiteral("/nonexistent/bin/python9")),
             qPrintable(ctx->errorString()));
    QVERIFY2(ctx->errorString().contains(QStringLiteral("does not exist")),
             qPrintable(ctx->errorString()));

    Context *onPath
            = broker.connectContext(localOptions(QStringLiteral("python-econtext-missing")));
    QVERIFY(waitForState(onPath, {ContextState::Failed}, 10000));
    QVERIFY2(onPath->errorString().contains(QStringLiteral("not found")),
             qPrintable(onPath->errorString()));
    const CallResult r
            = awaitCall(onPath->call(QStringLiteral("os"), {}, QStringLiteral("getpid")), 5000);
    QCOMPARE(r.error().code, int(Error::Disconnected));
}

void TestLocalContext::interpreterThatExits()
{
    Broker broker;
    Context *ctx = broker.connectContext(localOptions(QStringLiteral("/bin/false")));
    QVERIFY(waitForState(ctx, {ContextState::Failed}, 10000));
    QVERIFY2(ctx->errorString().contains(QStringLiteral("exited")), qPrintable(ctx->errorString()));
}

void TestLocalContext::bootstrapOutputInError()
{
    QTemporaryDir dir;
    const QString script = dir.filePath(QStringLiteral("fakepython"));
    writeFile(script, "#!/bin/sh\necho 'fakepython: this is not a python' >&2\nexit 3\n");
    QFile::setPermissions(script, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    Broker broker;
    Context *ctx = broker.connectContext(localOptions(script));
    QVERIFY(waitForState(ctx, {ContextState::Failed}, 10000));
    QVERIFY2(ctx->errorString().contains(QStringLiteral("this is not a python")),
             qPrintable(ctx->errorString()));
    QVERIFY2(ctx->errorString().contains(QStringLiteral("status 3")),
             qPrintable(ctx->errorString()));
}

void TestLocalContext::shutdownIsGraceful()
{
    Broker broker;
    Context *ctx = broker.connectContext(localOptions(QStringLiteral("/usr/bin/python3")));
    QSignalSpy logs(ctx, &Context::logRecordsReceived);
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));
    // Output printed just before the shutdown is drained, not lost.
    ctx->call(QStringLiteral("econtext.core"),
              {},
              QStringLiteral("eval_repr"),
              {Value("__import__('sys').stdout.write('last words\\n')")});
    ctx->shutdown();
    QVERIFY(waitForState(ctx, {ContextState::Disconnected}, 10000));
    QCOMPARE(ctx->errorString(), QStringLiteral("shut down"));
    bool sawLast = false;
    for (const auto &args : std::as_const(logs))
        for (const LogRecord &r : args.at(0).value<LogRecords>())
            sawLast = sawLast || r.message == QLatin1String("last words");
    QVERIFY(sawLast);
}

void TestLocalContext::masterSigkillLeavesNoOrphans()
{
    // A child master (this binary in helper mode) starts contexts, one running a
    // long command; we SIGKILL it and every process it started must go.
    QProcess master;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ECONTEXT_TEST_HELPER"), QStringLiteral("1"));
    master.setProcessEnvironment(env);
    master.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(master.waitForStarted());
    QList<qint64> pids;
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                master.waitForReadyRead(100);
                while (master.canReadLine()) {
                    const QByteArray line = master.readLine().trimmed();
                    if (line.startsWith("pid "))
                        pids.append(line.mid(4).toLongLong());
                }
                return pids.size() >= 4;
            }(),
            30000);
    for (qint64 pid : std::as_const(pids))
        QVERIFY2(processAlive(pid), qPrintable(QString::number(pid)));
    ::kill(pid_t(master.processId()), SIGKILL);
    master.waitForFinished();
    for (qint64 pid : std::as_const(pids))
        QTRY_VERIFY2_WITH_TIMEOUT(
                !processAlive(pid),
                qPrintable(QStringLiteral("process %1 survived the master").arg(pid)),
                5000);
}

namespace {

// Helper mode: a master that connects three contexts, starts a long command in
// one, prints the pids and waits to be killed.
int helperMain(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Broker broker;
    QList<Context *> contexts;
    for (const QString &python : {QStringLiteral("/usr/bin/python3"),
                                  QStringLiteral("python3"),
                                  QStringLiteral("/usr/bin/python3")})
        contexts.append(broker.connectContext(localOptions(python)));
    for (Context *c : std::as_const(contexts)) {
        QString why;
        if (!waitConnected(c, &why)) {
            std::fprintf(stderr, "%s\n", qPrintable(why));
            return 1;
        }
        std::printf("pid %lld\n", static_cast<long long>(c->facts().pid));
    }
    // A grandchild process: the shell's pid is printed by the command itself.
    contexts[0]->call(
            QStringLiteral("econtext.core"),
            {},
            QStringLiteral("eval_repr"),
            {Value("__import__('subprocess').Popen(['sh', '-c', 'echo pid $$; exec sleep 300'])")});
    QObject::connect(
            contexts[0], &Context::logRecordsReceived, &app, [](const LogRecords &records) {
                for (const LogRecord &r : records) {
                    if (r.message.startsWith(QLatin1String("pid "))) {
                        std::printf("%s\n", qPrintable(r.message));
                        std::fflush(stdout);
                    }
                }
            });
    std::fflush(stdout);
    return app.exec();
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet("ECONTEXT_TEST_HELPER"))
        return helperMain(argc, argv);
    QCoreApplication app(argc, argv);
    TestLocalContext test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_localcontext.moc"
