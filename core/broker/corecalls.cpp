#include "core/broker/corecalls.h"

namespace Econtext {

using Wire::Value;

namespace {

// The core's module and the functions of it that the master calls (core.py, "built-ins").
const QString Module = QStringLiteral("econtext.core");
const QString Ping = QStringLiteral("ping");
const QString EvalRepr = QStringLiteral("eval_repr");
const QString Repl = QStringLiteral("repl");
const QString InterruptRepl = QStringLiteral("interrupt_repl");
const QString Complete = QStringLiteral("complete");
const QString Shell = QStringLiteral("shell");
const QString ShellCwd = QStringLiteral("shell_cwd");
const QString RunCommand = QStringLiteral("run_command");
const QString Interrupt = QStringLiteral("interrupt");
const QString InterruptAll = QStringLiteral("interrupt_all");
const QString DumpStacks = QStringLiteral("dump_stacks");
const QString SendZeros = QStringLiteral("send_zeros");
const QString SpawnChild = QStringLiteral("spawn_child");
const QString RelayFrames = QStringLiteral("relay_frames");
const QString KillChild = QStringLiteral("kill_child");

CoreCall coreCall(const QString &function,
                  Wire::ValueList args,
                  Wire::ValuePairs kwargs = {},
                  CallMode mode = CallMode::Serial,
                  int timeoutMs = -1)
{
    return {Module, function, std::move(args), std::move(kwargs), mode, timeoutMs};
}

Value strList(const QStringList &strings)
{
    Wire::ValueList items;
    items.reserve(strings.size());
    for (const QString &s : strings)
        items << Value(s);
    return Value::list(std::move(items));
}

} // namespace

QFuture<CallResult> CoreCalls::start(const CoreCall &call) const
{
    return m_context->call(call.module,
                           QString(),
                           call.function,
                           call.args,
                           call.kwargs,
                           call.mode,
                           call.timeoutMs);
}

QFuture<CallResult> CoreCalls::ping() const
{
    return m_context->call(Module, QString(), Ping);
}

CallResult CoreCalls::pingBlocking() const
{
    return m_context->callBlocking(Module, QString(), Ping);
}

QFuture<CallResult>
CoreCalls::evalRepr(const QString &expression, CallMode mode, int timeoutMs) const
{
    return start(coreCall(EvalRepr, {Value(expression)}, {}, mode, timeoutMs));
}

QFuture<CallResult> CoreCalls::repl(const QString &source, const QString &session) const
{
    // The main thread: the only one a KeyboardInterrupt can be raised in.
    return start(coreCall(Repl, {Value(source)}, {{Value("session"), Value(session)}}));
}

QFuture<CallResult> CoreCalls::interruptRepl(const QString &session, int timeoutMs) const
{
    return start(coreCall(InterruptRepl, {Value(session)}, {}, CallMode::IoThread, timeoutMs));
}

QFuture<CallResult>
CoreCalls::complete(const QString &prefix, const QString &session, int timeoutMs) const
{
    return start(coreCall(Complete,
                          {Value(prefix)},
                          {{Value("session"), Value(session)}},
                          CallMode::Thread,
                          timeoutMs));
}

QFuture<CallResult>
CoreCalls::shell(const QString &command, quint32 handle, const QString &session) const
{
    return start(coreCall(Shell,
                          {Value(command), Value(qint64(handle))},
                          {{Value("session"), Value(session)}},
                          CallMode::Thread));
}

QFuture<CallResult> CoreCalls::shellDirectory(const QString &session, int timeoutMs) const
{
    return start(coreCall(ShellCwd, {Value(session)}, {}, CallMode::IoThread, timeoutMs));
}

QFuture<CallResult> CoreCalls::runCommand(const QStringList &argv,
                                          quint32 handle,
                                          const QString &cwd,
                                          const std::optional<QMap<QString, QString>> &env) const
{
    Wire::ValuePairs kwargs;
    if (!cwd.isEmpty())
        kwargs.append({Value("cwd"), Value(cwd)});
    if (env) {
        Wire::ValuePairs variables;
        for (auto it = env->cbegin(); it != env->cend(); ++it)
            variables.append({Value(it.key()), Value(it.value())});
        kwargs.append({Value("env"), Value::dict(std::move(variables))});
    }
    return start(coreCall(RunCommand,
                          {strList(argv), Value(qint64(handle))},
                          std::move(kwargs),
                          CallMode::Thread));
}

QFuture<CallResult> CoreCalls::runShellCommand(const QString &command, quint32 handle) const
{
    return start(coreCall(RunCommand,
                          {Value(command), Value(qint64(handle))},
                          {{Value("shell"), Value(true)}},
                          CallMode::Thread));
}

QFuture<CallResult> CoreCalls::interrupt(quint32 handle, int signal, int timeoutMs) const
{
    return start(coreCall(Interrupt,
                          {Value(qint64(handle)), Value(qint64(signal))},
                          {},
                          CallMode::IoThread,
                          timeoutMs));
}

QFuture<CallResult> CoreCalls::interruptAll(int signal) const
{
    return start(coreCall(InterruptAll, {Value(qint64(signal))}, {}, CallMode::IoThread));
}

QFuture<CallResult> CoreCalls::dumpStacks(int timeoutMs) const
{
    // The I/O thread answers even while the main thread is stuck in a long call.
    return start(coreCall(DumpStacks, {}, {}, CallMode::IoThread, timeoutMs));
}

QFuture<CallResult> CoreCalls::sendZeros(quint32 handle, qint64 bytes) const
{
    return start(coreCall(SendZeros, {Value(qint64(handle)), Value(bytes)}, {}, CallMode::Thread));
}

CoreCall CoreCalls::spawnChild(const QStringList &argv, quint32 handle, int timeoutMs)
{
    // true: the child's output is split into frames once it speaks them, so the parent can
    // answer its module requests from what it was sent before.
    return coreCall(SpawnChild,
                    {strList(argv), Value(qint64(handle)), Value(true)},
                    {},
                    CallMode::IoThread,
                    timeoutMs);
}

CoreCall CoreCalls::relayFrames(quint32 handle, const QByteArray &key)
{
    return coreCall(RelayFrames,
                    {Value(qint64(handle)), Value(QString::fromLatin1(key.toHex()))},
                    {},
                    CallMode::IoThread);
}

CoreCall CoreCalls::killChild(quint32 handle, int timeoutMs)
{
    return coreCall(KillChild, {Value(qint64(handle))}, {}, CallMode::IoThread, timeoutMs);
}

std::optional<CommandOutput> CoreCalls::commandOutput(const Wire::Value &message)
{
    // ('out' | 'err', bytes)
    const Wire::ValueList &items = message.items();
    if (items.size() != 2)
        return std::nullopt;
    const QString stream = items.at(0).toString();
    if (stream != u"out" && stream != u"err")
        return std::nullopt;
    return CommandOutput{stream == u"err" ? CommandOutput::Stream::Stderr
                                          : CommandOutput::Stream::Stdout,
                         items.at(1).toBytes()};
}

ReplOutput CoreCalls::replOutput(const Wire::Value &result)
{
    // {'output': str, 'error': str or None}
    const Value error = result.get(QStringLiteral("error"));
    return {result.get(QStringLiteral("output")).toString(), error.toString(), !error.isNone()};
}

QStringList CoreCalls::completions(const Wire::Value &result)
{
    QStringList names;
    for (const Value &v : result.items())
        names.append(v.toString());
    return names;
}

QStringList CoreCalls::functionNames()
{
    return {Ping,
            EvalRepr,
            Repl,
            InterruptRepl,
            Complete,
            Shell,
            ShellCwd,
            RunCommand,
            Interrupt,
            InterruptAll,
            DumpStacks,
            SendZeros,
            SpawnChild,
            RelayFrames,
            KillChild};
}

} // namespace Econtext
