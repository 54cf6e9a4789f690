// CoreCalls, the typed facade of the context's Python core: every method against a real
// local context on every interpreter (names, argument shapes, the thread each runs on, the
// decoders of what they answer and stream), and the rule that makes it the one place:
// no other file in core/, ui/ or app/ names the core's module or one of its functions,
// and every function it names is defined by the core.
#include "core/broker/broker.h"
#include "core/broker/corecalls.h"
#include "tests/support/await.h"
#include "tests/support/pythons.h"

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <csignal>

using namespace Econtext;
using Econtext::Test::awaitCall;
using Econtext::Test::waitConnected;
using Econtext::Test::waitForState;
using Wire::Value;

namespace {

ConnectOptions localOptions(const QString &python)
{
    ConnectOptions o;
    o.method = ConnectMethod::Local;
    o.python = python;
    return o;
}

QString sourceDir()
{
    return qEnvironmentVariable("ECONTEXT_SOURCE_DIR");
}

// What a command streamed to its channel, by stream, and what else came.
struct Collected
{
    QByteArray out;
    QByteArray err;
    QByteArray raw; // bytes sent as raw frames (sendZeros, a relayed child)
    QString note;   // a str: how a relayed child ended
};

std::shared_ptr<Channel> collect(Context *context, Collected *into)
{
    std::shared_ptr<Channel> channel = context->openChannel();
    QObject::connect(channel.get(), &Channel::messageReceived, [into](const Value &message) {
        if (message.kind() == Value::Kind::Bytes) {
            into->raw += message.toBytes();
        } else if (message.kind() == Value::Kind::Str) {
            into->note = message.toString();
        } else if (const auto output = CoreCalls::commandOutput(message)) {
            (output->stream == CommandOutput::Stream::Stderr ? into->err : into->out)
                    += output->bytes;
        }
    });
    return channel;
}

// The string literals of a C++ source, with the line each starts on. Character literals
// are matched first so that a quote inside one ('"') starts no string.
QList<QPair<int, QString>> stringLiterals(const QString &text)
{
    static const QRegularExpression literal(
            QStringLiteral("'(?:[^'\\\\\\n]|\\\\.)+'|\"((?:[^\"\\\\\\n]|\\\\.)*)\""));
    QList<QPair<int, QString>> found;
    for (auto it = literal.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedStart(1) >= 0)
            found.append({int(text.left(m.capturedStart()).count(u'\n')) + 1, m.captured(1)});
    }
    return found;
}

} // namespace

class TestCoreCalls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyCallAnswers_data() { Test::addInterpreterRows(); }
    void everyCallAnswers();
    void relayCallsReachTheCore();
    void namesOnlyInTheFacade();
    void everyNameIsTheCores();
};

void TestCoreCalls::everyCallAnswers()
{
    QFETCH(QString, python);
    Broker broker;
    Context *ctx = broker.connectContext(localOptions(python));
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));
    const CoreCalls core(ctx);
    const QString session = QStringLiteral("facade");

    CallResult r = awaitCall(core.ping());
    QVERIFY2(r && r->toBool(), qPrintable(r.errorString()));
    r = core.pingBlocking();
    QVERIFY2(r && r->toBool(), qPrintable(r.errorString()));
    for (const CallMode mode : {CallMode::Serial, CallMode::Thread}) {
        r = awaitCall(core.evalRepr(QStringLiteral("6 * 7"), mode, 30000));
        QVERIFY2(r, qPrintable(r.errorString()));
        QCOMPARE(r->toString(), QStringLiteral("42"));
    }

    // The console: a namespace per session, output and tracebacks decoded.
    r = awaitCall(core.repl(QStringLiteral("answer = 6 * 7\nprint('printed')\nanswer"), session));
    QVERIFY2(r, qPrintable(r.errorString()));
    ReplOutput repl = CoreCalls::replOutput(*r);
    QCOMPARE(repl.output, QStringLiteral("printed\n42\n"));
    QVERIFY(!repl.raised);
    r = awaitCall(core.repl(QStringLiteral("answer // 0"), session));
    QVERIFY2(r, qPrintable(r.errorString()));
    repl = CoreCalls::replOutput(*r);
    QVERIFY(repl.raised);
    QVERIFY2(repl.error.contains(QLatin1String("ZeroDivisionError")), qPrintable(repl.error));
    r = awaitCall(core.complete(QStringLiteral("answ"), session));
    QVERIFY2(r, qPrintable(r.errorString()));
    QCOMPARE(CoreCalls::completions(*r), QStringList{QStringLiteral("answer")});
    r = awaitCall(core.complete(QStringLiteral("answer.bit_len"), session));
    QVERIFY2(r, qPrintable(r.errorString()));
    QCOMPARE(CoreCalls::completions(*r), QStringList{QStringLiteral("answer.bit_length")});
    r = awaitCall(core.interruptRepl(session)); // nothing runs: nothing to interrupt
    QVERIFY2(r && !r->toBool(), qPrintable(r.errorString()));

    // The shell keeps its directory per session.
    Collected shell;
    auto channel = collect(ctx, &shell);
    r = awaitCall(core.shell(QStringLiteral("cd / && echo in-shell"), channel->handle(), session));
    QVERIFY2(r, qPrintable(r.errorString()));
    QCOMPARE(r->toInt(), 0);
    QTRY_COMPARE(shell.out, QByteArray("in-shell\n"));
    r = awaitCall(core.shellDirectory(session));
    QVERIFY2(r, qPrintable(r.errorString()));
    QCOMPARE(r->toString(), QStringLiteral("/"));

    // A command with its own directory and environment; both streams; the exit status.
    Collected command;
    channel = collect(ctx, &command);
    r = awaitCall(core.runCommand(
            {QStringLiteral("/bin/sh"),
             QStringLiteral("-c"),
             QStringLiteral("pwd; echo \"$FACADE_VARIABLE\"; echo to-stderr >&2; exit 3")},
            channel->handle(),
            QStringLiteral("/usr"),
            QMap<QString, QString>{{QStringLiteral("FACADE_VARIABLE"), QStringLiteral("set")}}));
    QVERIFY2(r, qPrintable(r.errorString()));
    QCOMPARE(r->toInt(), 3);
    QTRY_COMPARE(command.out, QByteArray("/usr\nset\n"));
    QTRY_COMPARE(command.err, QByteArray("to-stderr\n"));

    Collected shellLine;
    channel = collect(ctx, &shellLine);
    r = awaitCall(core.runShellCommand(QStringLiteral("echo $((6 * 7))"), channel->handle()));
    QVERIFY2(r && r->toInt() == 0, qPrintable(r.errorString()));
    QTRY_COMPARE(shellLine.out, QByteArray("42\n"));

    // A command interrupted through its handle: killed by that signal.
    Collected sleeper;
    channel = collect(ctx, &sleeper);
    const QFuture<CallResult> sleeping
            = core.runCommand({QStringLiteral("sleep"), QStringLiteral("30")}, channel->handle());
    // True once the command has started (and was signalled); QTRY_VERIFY evaluates its
    // expression once more after it held, when the command is gone.
    bool signalled = false;
    const auto interrupted = [&] {
        const CallResult sent = awaitCall(core.interrupt(channel->handle(), SIGINT));
        signalled = signalled || (sent && sent->toBool());
        return signalled;
    };
    QTRY_VERIFY(interrupted());
    r = awaitCall(sleeping);
    QVERIFY2(r, qPrintable(r.errorString()));
    QCOMPARE(r->toInt(), -qint64(SIGINT));
    r = awaitCall(core.interrupt(channel->handle(), SIGINT)); // gone now
    QVERIFY2(r && !r->toBool(), qPrintable(r.errorString()));
    r = awaitCall(core.interruptAll(SIGINT));
    QVERIFY2(r, qPrintable(r.errorString()));
    QCOMPARE(r->toInt(), 0);

    r = awaitCall(core.dumpStacks(10000));
    QVERIFY2(r, qPrintable(r.errorString()));
    QVERIFY2(r->toString().contains(QLatin1String("Thread ")), qPrintable(r->toString()));

    Collected zeros;
    channel = collect(ctx, &zeros);
    r = awaitCall(core.sendZeros(channel->handle(), 1 << 20));
    QVERIFY2(r, qPrintable(r.errorString()));
    QCOMPARE(r->toInt(), 1 << 20);
    QTRY_COMPARE(zeros.raw.size(), 1 << 20);

    ctx->shutdown();
    QVERIFY(waitForState(ctx, {ContextState::Disconnected}));
}

// The calls a relay sends through its parent, sent here as the relay sends them: a child
// process whose output comes back on the handle, raw, and whose end closes it.
void TestCoreCalls::relayCallsReachTheCore()
{
    Broker broker;
    Context *ctx = broker.connectContext(localOptions(QStringLiteral("/usr/bin/python3")));
    QString why;
    QVERIFY2(waitConnected(ctx, &why), qPrintable(why));
    const auto send = [ctx](const CoreCall &c) {
        return awaitCall(
                ctx->call(c.module, {}, c.function, c.args, c.kwargs, c.mode, c.timeoutMs));
    };
    Collected child;
    auto channel = collect(ctx, &child);
    CallResult r = send(CoreCalls::spawnChild(
            {QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("echo from-child")},
            channel->handle(),
            10000));
    QVERIFY2(r && r->toInt() > 0, qPrintable(r.errorString())); // its pid
    QTRY_COMPARE(child.raw, QByteArray("from-child\n"));
    QTRY_COMPARE(child.note, QStringLiteral("exited with status 0"));
    // No child behind these handles any more: both say so.
    r = send(CoreCalls::relayFrames(channel->handle(), QByteArray(32, 'k')));
    QVERIFY2(r && !r->toBool(), qPrintable(r.errorString()));
    r = send(CoreCalls::killChild(channel->handle(), 5000));
    QVERIFY2(r && !r->toBool(), qPrintable(r.errorString()));
    ctx->shutdown();
    QVERIFY(waitForState(ctx, {ContextState::Disconnected}));
}

// Outside the facade, no string literal in core/, ui/ or app/ is the core's module (except
// where the pickle codec names the core's CallError class) or one of its function names.
// "shell" is left out of the names: it also names the console's shell mode, and a call of
// the core by string would need the module's name, which is checked.
void TestCoreCalls::namesOnlyInTheFacade()
{
    const QString root = sourceDir();
    QVERIFY2(!root.isEmpty(),
             "ECONTEXT_SOURCE_DIR is not set; run the test through ctest or set it to the "
             "repository root.");
    QStringList names = CoreCalls::functionNames();
    names.removeAll(QStringLiteral("shell"));
    const QString facade = QStringLiteral("core/broker/corecalls.cpp");
    QStringList offences;
    int files = 0;
    for (const QString &folder :
         {QStringLiteral("core"), QStringLiteral("ui"), QStringLiteral("app")}) {
        QDirIterator it(root + u'/' + folder,
                        {QStringLiteral("*.cpp"), QStringLiteral("*.h")},
                        QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const QString relative = path.mid(root.size() + 1);
            if (relative == facade)
                continue;
            QFile f(path);
            QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path));
            const QString text = QString::fromUtf8(f.readAll());
            const QStringList lines = text.split(u'\n');
            ++files;
            for (const auto &[line, literal] : stringLiterals(text)) {
                const bool callError = lines.value(line - 1).contains(QLatin1String("CallError"));
                if ((literal == u"econtext.core" && !callError) || names.contains(literal))
                    offences
                            << QStringLiteral("%1:%2: \"%3\"").arg(relative).arg(line).arg(literal);
            }
        }
    }
    QVERIFY2(files > 100,
             qPrintable(QStringLiteral("only %1 files under %2").arg(files).arg(root)));
    QVERIFY2(offences.isEmpty(),
             qPrintable(QStringLiteral("The core is called by name outside CoreCalls:\n")
                        + offences.join(u'\n')));
}

// Each function the facade names is defined at the top level of the core's source.
void TestCoreCalls::everyNameIsTheCores()
{
    const QString root = sourceDir();
    QVERIFY2(!root.isEmpty(),
             "ECONTEXT_SOURCE_DIR is not set; run the test through ctest or set it to the "
             "repository root.");
    QFile f(root + QStringLiteral("/resources/python/econtext/core.py"));
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
    const QString source = QString::fromUtf8(f.readAll());
    for (const QString &name : CoreCalls::functionNames()) {
        const QRegularExpression definition(QStringLiteral("^def ") + name + QStringLiteral("\\("),
                                            QRegularExpression::MultilineOption);
        QVERIFY2(definition.match(source).hasMatch(),
                 qPrintable(QStringLiteral("core.py defines no %1()").arg(name)));
    }
}

QTEST_GUILESS_MAIN(TestCoreCalls)
#include "tst_corecalls.moc"
