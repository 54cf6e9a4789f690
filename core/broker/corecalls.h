// CoreCalls: the one place that names the functions of the context's Python core
// (resources/python/econtext/core.py, the module econtext.core) with the shapes of their
// arguments, the thread each runs on and the shapes of what they answer or stream. The GUI
// and the CLI call its typed methods; RelayTransport takes from it the calls it sends
// through a parent. A function renamed or reshaped in core.py changes here and nowhere else:
// tests/broker/tst_corecalls.cpp runs every method against real contexts and checks that no
// other file in core/, ui/ or app/ names one.
#pragma once

#include "core/broker/context.h"

#include <QFuture>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace Econtext {

// One call of the core as data, for a caller that sends it itself (a relay, through its
// parent's stream on the broker thread).
struct CoreCall
{
    QString module;
    QString function;
    Wire::ValueList args;
    Wire::ValuePairs kwargs;
    CallMode mode = CallMode::Serial;
    int timeoutMs = -1;
};

// One piece of what a command started by runCommand() or shell() wrote, as streamed to its
// channel.
struct CommandOutput
{
    enum class Stream { Stdout, Stderr };
    Stream stream = Stream::Stdout;
    QByteArray bytes;
};

// What repl() answers: what the code printed, and the traceback if it raised.
struct ReplOutput
{
    QString output;
    QString error; // empty unless raised
    bool raised = false;
};

class CoreCalls
{
public:
    explicit CoreCalls(Context *context)
        : m_context(context)
    {}

    // Does nothing: the cheapest roundtrip (benchmarks).
    QFuture<CallResult> ping() const;
    // The same, waiting on this thread (see Context::callBlocking).
    CallResult pingBlocking() const;
    // repr() of a Python expression, evaluated in the console session "default". Serial runs
    // it on the context's main thread between other calls; Thread beside them.
    QFuture<CallResult>
    evalRepr(const QString &expression, CallMode mode = CallMode::Serial, int timeoutMs = -1) const;

    // The console. A session is a persistent namespace (Python) or working directory and
    // environment (shell). repl() runs statements on the main thread (so that
    // interruptRepl() can raise KeyboardInterrupt in them) and answers a ReplOutput
    // (replOutput()); interruptRepl() answers whether the code was still running.
    QFuture<CallResult> repl(const QString &source, const QString &session) const;
    QFuture<CallResult> interruptRepl(const QString &session, int timeoutMs = -1) const;
    // Names that complete prefix in session (completions()), on a thread of its own: it
    // answers while a long statement runs.
    QFuture<CallResult>
    complete(const QString &prefix, const QString &session, int timeoutMs = -1) const;
    // command through /bin/sh in session's directory and environment, which persist; streams
    // to the channel handle (commandOutput()) and answers the exit status, negative for a
    // signal.
    QFuture<CallResult> shell(const QString &command, quint32 handle, const QString &session) const;
    // The working directory of session's shell (a str).
    QFuture<CallResult> shellDirectory(const QString &session, int timeoutMs = -1) const;

    // argv (no shell) in the directory cwd (empty: the context's) with the environment env
    // (none: the context's); streams and answers as shell() does.
    QFuture<CallResult> runCommand(const QStringList &argv,
                                   quint32 handle,
                                   const QString &cwd = {},
                                   const std::optional<QMap<QString, QString>> &env = {}) const;
    // The same for a command line run by /bin/sh.
    QFuture<CallResult> runShellCommand(const QString &command, quint32 handle) const;
    // Sends signal to the process group of the command streaming to handle; answers whether
    // there was one. On the I/O thread: it answers while the main thread is busy.
    QFuture<CallResult> interrupt(quint32 handle, int signal, int timeoutMs = -1) const;
    // The same for every command the context runs; answers how many were signalled.
    QFuture<CallResult> interruptAll(int signal) const;

    // A text with every thread's stack and the call it runs, from the I/O thread.
    QFuture<CallResult> dumpStacks(int timeoutMs) const;
    // Streams bytes zero bytes to the channel handle as raw frames (the throughput
    // benchmark); answers the count sent.
    QFuture<CallResult> sendZeros(quint32 handle, qint64 bytes) const;

    // Relays: the parent starts a child context's bootstrap (argv) with its output sent to
    // handle, stderr to handle + 1 and notes of the modules it answered to handle + 2; once
    // the child is up, its frames under key; and kills it.
    static CoreCall spawnChild(const QStringList &argv, quint32 handle, int timeoutMs);
    static CoreCall relayFrames(quint32 handle, const QByteArray &key);
    static CoreCall killChild(quint32 handle, int timeoutMs);

    // What a channel of runCommand() or shell() received; nullopt for anything else.
    static std::optional<CommandOutput> commandOutput(const Wire::Value &message);
    static ReplOutput replOutput(const Wire::Value &result);
    static QStringList completions(const Wire::Value &result);

    // Every function of the core named here, for the test that checks the names.
    static QStringList functionNames();

private:
    QFuture<CallResult> start(const CoreCall &call) const;

    Context *m_context;
};

} // namespace Econtext
