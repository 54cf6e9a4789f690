#include "app/cli/clisession.h"

#include "core/broker/corecalls.h"
#include "core/broker/stopladder.h"
#include "core/modules/moduleserver.h"
#include "core/util/textsanitize.h"
#include "core/wire/jsonreader.h"
#include "core/wire/jsonwriter.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <optional>
#include <unistd.h>

namespace Econtext::Cli {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(EcontextCli)
};

void writeRaw(FILE *file, const QByteArray &data)
{
    std::fwrite(data.constData(), 1, size_t(data.size()), file);
    std::fflush(file);
}

void printLine(FILE *file, const QString &line)
{
    writeRaw(file, line.toUtf8() + '\n');
}

QString levelName(int level)
{
    if (level >= 50)
        return QStringLiteral("CRITICAL");
    if (level >= 40)
        return QStringLiteral("ERROR");
    if (level >= 30)
        return QStringLiteral("WARNING");
    if (level >= 20)
        return QStringLiteral("INFO");
    return QStringLiteral("DEBUG");
}

// Waits for a future while the event loop keeps delivering logs and output; output the
// broker handed over before the result is printed before it, even when the result came first
// to this thread.
template<typename T>
T await(const QFuture<T> &future)
{
    if (!future.isFinished()) {
        QEventLoop loop;
        QFutureWatcher<T> watcher;
        QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        if (!future.isFinished())
            loop.exec();
    }
    QCoreApplication::sendPostedEvents(nullptr, QEvent::MetaCall);
    return future.result();
}

// The same, unless the ladder stopping the command has run out first (nullopt).
template<typename T>
std::optional<T> awaitUnlessExhausted(const QFuture<T> &future, const StopLadder *ladder)
{
    if (!ladder)
        return await(future);
    if (!future.isFinished() && !ladder->isExhausted()) {
        QEventLoop loop;
        QFutureWatcher<T> watcher;
        QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
        QObject::connect(ladder, &StopLadder::exhausted, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        if (!future.isFinished())
            loop.exec();
    }
    if (!future.isFinished())
        return std::nullopt;
    return future.result();
}

QString pythonString(const QString &s)
{
    // A Python str literal that survives any content (repr-like, double quotes escaped).
    QString out = QStringLiteral("'");
    for (const QChar c : s) {
        if (c == u'\\' || c == u'\'')
            out += u'\\';
        if (c == u'\n')
            out += QStringLiteral("\\n");
        else
            out += c;
    }
    return out + u'\'';
}

// Exit status for a command or call that timed out, as timeout(1) has it.
constexpr int TimedOutStatus = 124;

// Exit status for an error of a call.
int exitStatusFor(const Error &error)
{
    if (error.code == Error::Timeout)
        return TimedOutStatus;
    return error.code == Error::Remote ? 1 : 2;
}

} // namespace

struct CliSession::Target
{
    enum class Outcome {
        Pending,
        Succeeded,
        Failed,      // the command failed there (non-zero status, an exception)
        Unreachable, // not connected, or lost before it answered
    };
    QString spec;
    Context *context = nullptr;
    Outcome outcome = Outcome::Pending;
    QString cause;         // why it failed, one line
    QByteArray partial[3]; // unfinished output line per stream (1, 2)
    int status = 0;
    qint64 elapsedMs = 0;
};

CliSession::CliSession(CliOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_prompter(::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO))
    , m_broker(std::make_unique<Broker>())
{
    m_broker->setPrompter(&m_prompter);
    if (!m_options.referencePython.isEmpty())
        m_broker->moduleServer().setReferencePython(m_options.referencePython);
    for (const QString &dir : std::as_const(m_options.modulePath))
        m_broker->moduleServer().addDirectory(dir);
}

CliSession::~CliSession()
{
    if (m_broker)
        m_broker->shutdownAll(3000);
}

int CliSession::callTimeoutMs() const
{
    const double seconds = m_options.timeoutSeconds > 0 ? m_options.timeoutSeconds
                                                        : CliOptions::DefaultCallTimeoutSeconds;
    return int(seconds * 1000);
}

QString CliSession::prefixFor(const Target *target) const
{
    if (m_targets.size() <= 1)
        return {};
    return target->spec + QStringLiteral(": ");
}

void CliSession::printLogRecords(Target *target, const LogRecords &records)
{
    // One write per stream and batch, not one per line: a batch may hold millions of lines.
    FILE *file = stdout;
    QByteArray text;
    const auto print = [&](FILE *to, const QString &line) {
        if (to != file && !text.isEmpty())
            writeRaw(std::exchange(file, to), std::exchange(text, {}));
        file = to;
        text += line.toUtf8();
        text += '\n';
        if (text.size() >= 1024 * 1024)
            writeRaw(file, std::exchange(text, {}));
    };
    const QString prefix = prefixFor(target);
    for (const LogRecord &r : records) {
        const QString message = sanitizeForTerminal(r.message);
        switch (r.kind) {
        case LogRecord::Kind::Stdout:
            print(stdout, prefix + message);
            break;
        case LogRecord::Kind::Stderr:
            print(stderr, prefix + message);
            break;
        case LogRecord::Kind::Log:
        case LogRecord::Kind::Internal:
            // Our own notes (e.g. why a connection failed) are said once, by the session.
            if (r.kind == LogRecord::Kind::Internal && !m_options.verbose)
                break;
            if (r.level >= m_options.logLevel || m_options.verbose) {
                print(stderr,
                      QStringLiteral("[%1] %2 %3: %4")
                              .arg(target->spec,
                                   levelName(r.level),
                                   sanitizeForTerminal(r.logger),
                                   message));
            }
            break;
        }
    }
    if (!text.isEmpty())
        writeRaw(file, text);
}

void CliSession::writeOutput(Target *target, int stream, const QByteArray &data)
{
    FILE *file = stream == 2 ? stderr : stdout;
    if (m_targets.size() <= 1) {
        writeRaw(file, data); // one target: the command's bytes, untouched
        return;
    }
    // Several targets: whole lines, each prefixed with its context.
    QByteArray &partial = target->partial[stream == 2 ? 2 : 1];
    partial += data;
    qsizetype start = 0;
    for (qsizetype nl = partial.indexOf('\n'); nl >= 0; nl = partial.indexOf('\n', start)) {
        writeRaw(file, prefixFor(target).toUtf8() + partial.mid(start, nl - start + 1));
        start = nl + 1;
    }
    partial.remove(0, start);
}

void CliSession::flushPartialLines()
{
    for (const auto &t : m_targets) {
        for (int stream : {1, 2}) {
            if (!t->partial[stream].isEmpty()) {
                writeRaw(stream == 2 ? stderr : stdout,
                         prefixFor(t.get()).toUtf8() + t->partial[stream] + '\n');
                t->partial[stream].clear();
            }
        }
    }
}

Result<quint32> CliSession::connectVia(const QStringList &chain)
{
    quint32 parent = 0;
    for (const QString &spec : chain) {
        Result<ConnectOptions> options = connectOptionsFor(spec, m_options);
        if (!options)
            return options.error();
        if (options->method == ConnectMethod::Sudo && parent == 0) {
            const Result<quint32> local = connectVia({QStringLiteral("local")});
            if (!local)
                return local.error();
            parent = *local;
        }
        options->viaContextId = parent;
        Context *context = m_broker->connectContext(*options);
        if (m_options.verbose) {
            connect(context, &Context::stageReached, this, [spec](const BootstrapStage &stage) {
                printLine(
                        stderr,
                        Tr::tr("[%1] %2 ms: %3").arg(spec).arg(stage.msSinceStart).arg(stage.name));
            });
        }
        QEventLoop loop;
        connect(context, &Context::stateChanged, &loop, [&] {
            const ContextState s = context->state();
            if (s != ContextState::Connecting && s != ContextState::Bootstrapping)
                loop.quit();
        });
        const ContextState now = context->state();
        if (now == ContextState::Connecting || now == ContextState::Bootstrapping)
            loop.exec();
        if (context->state() != ContextState::Connected)
            return makeError(Error::Connection,
                             Tr::tr("via %1: %2").arg(spec, context->errorString()));
        parent = context->id();
    }
    return parent;
}

bool CliSession::connectAll()
{
    const Result<quint32> via = connectVia(m_options.via);
    if (!via) {
        printLine(stderr, Tr::tr("econtext-cli: %1").arg(sanitizeForTerminal(via.errorString())));
        return false;
    }
    for (const QString &spec : std::as_const(m_options.targets)) {
        auto target = std::make_unique<Target>();
        target->spec = spec;
        Result<ConnectOptions> options = connectOptionsFor(spec, m_options);
        if (options) {
            options->viaContextId = *via;
            if (options->method == ConnectMethod::Sudo && *via == 0) {
                const Result<quint32> local = connectVia({QStringLiteral("local")});
                if (!local)
                    options = local.error();
                else
                    options->viaContextId = *local;
            }
        }
        if (!options) {
            target->cause = options.errorString();
        } else {
            target->context = m_broker->connectContext(*options);
            Target *raw = target.get();
            connect(target->context,
                    &Context::logRecordsReceived,
                    this,
                    [this, raw](const LogRecords &records) { printLogRecords(raw, records); });
            if (m_options.verbose) {
                connect(target->context,
                        &Context::stageReached,
                        this,
                        [raw](const BootstrapStage &stage) {
                            printLine(stderr,
                                      Tr::tr("[%1] %2 ms: %3")
                                              .arg(raw->spec)
                                              .arg(stage.msSinceStart)
                                              .arg(stage.name));
                        });
            }
        }
        m_targets.push_back(std::move(target));
    }

    // Wait until every context is connected or has failed.
    QEventLoop loop;
    auto settled = [this] {
        for (const auto &t : m_targets) {
            if (t->context) {
                const ContextState s = t->context->state();
                if (s == ContextState::Connecting || s == ContextState::Bootstrapping)
                    return false;
            }
        }
        return true;
    };
    for (const auto &t : m_targets) {
        if (t->context)
            connect(t->context, &Context::stateChanged, &loop, [&] {
                if (settled())
                    loop.quit();
            });
    }
    if (!settled())
        loop.exec();

    // The others go on without the targets that failed; each says why on its own line.
    for (const auto &t : m_targets) {
        if (t->context && t->context->state() != ContextState::Connected)
            t->cause = t->context->errorString();
        if (t->cause.isEmpty())
            continue;
        t->outcome = Target::Outcome::Unreachable;
        printLine(stderr,
                  Tr::tr("econtext-cli: %1: %2").arg(t->spec, sanitizeForTerminal(t->cause)));
    }
    return true;
}

bool CliSession::reachable(const Target *target) const
{
    return target->context && target->outcome != Target::Outcome::Unreachable;
}

void CliSession::setFailed(Target *target, const Error &error)
{
    // A call that raised or ran out of time failed there; anything else lost the target.
    const bool failedThere = error.code == Error::Remote || error.code == Error::Timeout;
    target->outcome = failedThere ? Target::Outcome::Failed : Target::Outcome::Unreachable;
    target->cause = error.message;
    target->status = exitStatusFor(error);
}

void CliSession::printSummary() const
{
    qsizetype failed = 0;
    qsizetype unreachable = 0;
    QStringList names;
    for (const auto &t : m_targets) {
        if (t->outcome == Target::Outcome::Succeeded)
            continue;
        ++failed;
        if (t->outcome == Target::Outcome::Unreachable)
            ++unreachable;
        names << t->spec;
    }
    const qsizetype total = qsizetype(m_targets.size());
    if (failed == 0) {
        printLine(stderr, Tr::tr("%1 of %2 targets succeeded.").arg(total).arg(total));
        return;
    }
    // Every failure had its line above; the summary names them, the first ten at least.
    constexpr qsizetype MaxNames = 10;
    QString list = names.mid(0, MaxNames).join(QStringLiteral(", "));
    if (names.size() > MaxNames)
        list = Tr::tr("%1 and %2 more").arg(list).arg(names.size() - MaxNames);
    const QString line = unreachable > 0
                                 ? Tr::tr("econtext-cli: %1 of %2 targets failed (%3 could not be "
                                          "reached): %4.")
                                           .arg(failed)
                                           .arg(total)
                                           .arg(unreachable)
                                           .arg(list)
                                 : Tr::tr("econtext-cli: %1 of %2 targets failed: %3.")
                                           .arg(failed)
                                           .arg(total)
                                           .arg(list);
    printLine(stderr, sanitizeForTerminal(line));
}

int CliSession::fleetStatus() const
{
    // Like ansible's "failed" and "unreachable": a target that could not be reached weighs
    // more than a command that failed; the statuses of each are on the lines above.
    bool failed = false;
    for (const auto &t : m_targets) {
        if (t->outcome == Target::Outcome::Unreachable || t->outcome == Target::Outcome::Pending)
            return 2;
        failed = failed || t->outcome == Target::Outcome::Failed;
    }
    return failed ? 1 : 0;
}

int CliSession::exec()
{
    Result<CallSpec> call;
    if (m_options.command == QLatin1String("call")) {
        // Bad arguments are said before any connection is made.
        call = parseCall();
        if (!call) {
            printLine(stderr, Tr::tr("econtext-cli: %1").arg(call.errorString()));
            return 2;
        }
    }
    if (!connectAll())
        return 2;
    const bool any = std::any_of(m_targets.cbegin(), m_targets.cend(), [this](const auto &t) {
        return reachable(t.get());
    });
    int status = 2;
    if (any) {
        if (m_options.command == QLatin1String("run"))
            status = runCommand();
        else if (m_options.command == QLatin1String("eval"))
            status = evalExpression();
        else if (m_options.command == QLatin1String("call"))
            status = callFunction(*call);
        else if (m_options.command == QLatin1String("import"))
            status = importModules();
    }
    closeContexts();
    flushPartialLines();
    // One target: the command's own status (see the --help text). Several: the fleet's.
    if (m_targets.size() == 1)
        return reachable(m_targets.front().get()) ? status : 2;
    printSummary();
    return fleetStatus();
}

void CliSession::closeContexts()
{
    // A context drains its output when told to go, and the broker hands over what it held
    // back before it reports the context gone: nothing said is lost. Given up on only after
    // 5 s without a word (the broker then kills what is left).
    QEventLoop loop;
    QTimer quiet;
    quiet.setSingleShot(true);
    quiet.setInterval(5000);
    connect(&quiet, &QTimer::timeout, &loop, &QEventLoop::quit);
    const auto open = [this] {
        for (const auto &t : m_targets) {
            const ContextState s = t->context ? t->context->state() : ContextState::Disconnected;
            if (s != ContextState::Disconnected && s != ContextState::Failed)
                return true;
        }
        return false;
    };
    for (const auto &t : m_targets) {
        if (!t->context)
            continue;
        connect(t->context, &Context::stateChanged, &loop, [&] {
            if (!open())
                loop.quit();
        });
        connect(t->context, &Context::logRecordsReceived, &quiet, [&] { quiet.start(); });
        t->context->shutdown();
    }
    if (open()) {
        quiet.start();
        loop.exec();
    }
}

int CliSession::runCommand()
{

    struct Running
    {
        Target *target;
        std::shared_ptr<Channel> channel;
        QFuture<CallResult> future;
        std::unique_ptr<StopLadder> ladder; // --timeout: stops the command
    };
    std::vector<Running> running;
    QElapsedTimer clock;
    clock.start();
    for (const auto &t : m_targets) {
        if (!reachable(t.get()))
            continue;
        Target *raw = t.get();
        auto channel = t->context->openChannel();
        connect(channel.get(),
                &Channel::messageReceived,
                this,
                [this, raw](const Wire::Value &message) {
                    if (const auto output = CoreCalls::commandOutput(message))
                        writeOutput(raw,
                                    output->stream == CommandOutput::Stream::Stderr ? 2 : 1,
                                    output->bytes);
                });
        QFuture<CallResult> future
                = CoreCalls(t->context).runCommand(m_options.commandLine, channel->handle());
        std::unique_ptr<StopLadder> ladder;
        if (m_options.timeoutSeconds > 0) {
            Context *context = t->context;
            const quint32 handle = channel->handle();
            ladder = std::make_unique<StopLadder>([context, handle](int signal) {
                (void)CoreCalls(context).interrupt(handle, signal, StopLadder::GraceMs);
            });
            ladder->start(int(m_options.timeoutSeconds * 1000));
        }
        running.push_back({raw, channel, future, std::move(ladder)});
    }

    int worst = 0;
    for (Running &r : running) {
        const std::optional<CallResult> finished = awaitUnlessExhausted(r.future, r.ladder.get());
        r.target->elapsedMs = clock.elapsed();
        if (r.ladder)
            r.ladder->stop();
        const CallResult result = finished.value_or(makeError(Error::Timeout, QString()));
        if (r.ladder && !r.ladder->sent().isEmpty()) {
            // Whatever it printed until then has been written already.
            printLine(stderr,
                      Tr::tr("econtext-cli: %1: the command timed out after %2 s (%3).")
                              .arg(r.target->spec)
                              .arg(m_options.timeoutSeconds)
                              .arg(r.ladder->sentText()));
            r.target->status = TimedOutStatus;
            r.target->outcome = Target::Outcome::Failed;
            r.target->cause = Tr::tr("timed out");
        } else if (!result) {
            printLine(stderr,
                      Tr::tr("econtext-cli: %1: %2")
                              .arg(r.target->spec, sanitizeForTerminal(result.errorString())));
            setFailed(r.target, result.error());
        } else {
            const qint64 code = result->toInt();
            // A command killed by signal N reports -N; shells say 128+N.
            r.target->status = code < 0 ? int(128 - code) : int(code);
            if (r.target->status == 0) {
                r.target->outcome = Target::Outcome::Succeeded;
            } else {
                r.target->outcome = Target::Outcome::Failed;
                r.target->cause = code < 0 ? StopLadder::endedBy(int(-code))
                                           : Tr::tr("exit status %1").arg(code);
                if (m_targets.size() > 1) {
                    printLine(stderr,
                              Tr::tr("econtext-cli: %1: %2").arg(r.target->spec, r.target->cause));
                }
            }
        }
        if (r.target->status != 0 && worst == 0)
            worst = r.target->status;
    }
    flushPartialLines();
    return worst;
}

void CliSession::printFailure(Target *target, const Error &error)
{
    setFailed(target, error);
    // A traceback keeps its lines; with several targets each says whose it is.
    const QString prefix = prefixFor(target);
    for (const QString &line : sanitizeForTerminal(error.message).split(u'\n'))
        printLine(stderr, prefix + line);
}

int CliSession::evalExpression()
{
    const QString expr = m_options.arguments.join(u' ');
    std::vector<std::pair<Target *, QFuture<CallResult>>> futures;
    for (const auto &t : m_targets) {
        if (!reachable(t.get()))
            continue;
        futures.emplace_back(
                t.get(), CoreCalls(t->context).evalRepr(expr, CallMode::Serial, callTimeoutMs()));
    }
    int worst = 0;
    for (auto &[t, future] : futures) {
        const CallResult result = await(future);
        if (!result) {
            printFailure(t, result.error());
            if (worst == 0)
                worst = exitStatusFor(result.error());
        } else {
            t->outcome = Target::Outcome::Succeeded;
            printLine(stdout, prefixFor(t) + result->toString());
        }
    }
    return worst;
}

Result<CliSession::CallSpec> CliSession::parseCall() const
{
    const QString target = m_options.arguments.first();
    const qsizetype dot = target.lastIndexOf(u'.');
    if (dot <= 0 || dot == target.size() - 1)
        return makeError(Error::Generic, Tr::tr("\"%1\" is not MODULE.FUNCTION.").arg(target));
    CallSpec spec{target.left(dot), target.mid(dot + 1), {}};
    for (const QString &json : m_options.arguments.mid(1)) {
        // Integers exactly, however large (docs/json.md).
        Result<Wire::Value> value = Wire::readJson(json.toUtf8());
        if (!value)
            return makeError(Error::Generic,
                             Tr::tr("the argument %1 is not valid JSON: %2.")
                                     .arg(json, value.errorString()));
        spec.args << std::move(*value);
    }
    return spec;
}

int CliSession::callFunction(const CallSpec &call)
{
    std::vector<std::pair<Target *, QFuture<CallResult>>> futures;
    for (const auto &t : m_targets) {
        if (!reachable(t.get()))
            continue;
        futures.emplace_back(t.get(),
                             t->context->call(call.module,
                                              {},
                                              call.function,
                                              call.args,
                                              {},
                                              CallMode::Serial,
                                              callTimeoutMs()));
    }
    int worst = 0;
    for (auto &[t, future] : futures) {
        const CallResult result = await(future);
        if (!result) {
            printFailure(t, result.error());
            if (worst == 0)
                worst = exitStatusFor(result.error());
            continue;
        }
        t->outcome = Target::Outcome::Succeeded;
        // In pieces: a large result is not copied again into one text, nor into UTF-16.
        std::fputs(prefixFor(t).toUtf8().constData(), stdout);
        Wire::JsonWriter([](QByteArrayView piece) {
            std::fwrite(piece.data(), 1, size_t(piece.size()), stdout);
        }).write(*result);
        writeRaw(stdout, "\n");
    }
    return worst;
}

int CliSession::importModules()
{
    int worst = 0;
    QJsonArray reports;
    for (const auto &t : m_targets) {
        if (!reachable(t.get())) {
            // Said when it failed to connect; the JSON lists it too.
            reports.append(QJsonObject{{QStringLiteral("target"), t->spec},
                                       {QStringLiteral("ok"), false},
                                       {QStringLiteral("error"), t->cause}});
            continue;
        }
        const Modules::ModuleStats before = m_broker->moduleServer().stats(t->context->id());
        QElapsedTimer clock;
        clock.start();
        QStringList imported;
        QString failure;
        t->outcome = Target::Outcome::Succeeded;
        for (const QString &module : std::as_const(m_options.arguments)) {
            const QString expr
                    = QStringLiteral("__import__('importlib').import_module(%1).__name__")
                              .arg(pythonString(module));
            const CallResult result = await(
                    CoreCalls(t->context).evalRepr(expr, CallMode::Serial, callTimeoutMs()));
            if (!result) {
                failure = result.errorString();
                setFailed(t.get(), result.error());
                if (worst == 0)
                    worst = exitStatusFor(result.error());
                break;
            }
            imported << module;
        }
        const qint64 wallMs = clock.elapsed();
        const Modules::ModuleStats after = m_broker->moduleServer().stats(t->context->id());
        QJsonObject report{
                {QStringLiteral("target"), t->spec},
                {QStringLiteral("modules"), QJsonArray::fromStringList(m_options.arguments)},
                {QStringLiteral("ok"), failure.isEmpty()},
                {QStringLiteral("requests"), after.requests - before.requests},
                {QStringLiteral("roundtrips"), after.requests - before.requests},
                {QStringLiteral("modules_sent"), after.modulesSent - before.modulesSent},
                {QStringLiteral("related_sent"), after.relatedSent - before.relatedSent},
                {QStringLiteral("bytecode_sent"), after.bytecodeSent - before.bytecodeSent},
                {QStringLiteral("cache_hits"), after.cacheHits - before.cacheHits},
                {QStringLiteral("not_found"), after.notFound - before.notFound},
                {QStringLiteral("parent_hits"), after.parentHits - before.parentHits},
                {QStringLiteral("parent_modules"), after.parentModules - before.parentModules},
                {QStringLiteral("bytes_raw"), after.bytesRaw - before.bytesRaw},
                {QStringLiteral("bytes_compressed"),
                 after.bytesCompressed - before.bytesCompressed},
                {QStringLiteral("wall_ms"), wallMs},
        };
        if (!failure.isEmpty())
            report.insert(QStringLiteral("error"), failure);
        reports.append(report);
        if (!m_options.json) {
            if (!failure.isEmpty()) {
                for (const QString &line : sanitizeForTerminal(failure).split(u'\n'))
                    printLine(stderr, prefixFor(t.get()) + line);
            }
            if (imported.isEmpty())
                continue; // the traceback above says it all
            QString parent;
            if (after.parentHits > before.parentHits) {
                parent = Tr::tr(", %1 requests answered by the parent context (%2 modules)")
                                 .arg(after.parentHits - before.parentHits)
                                 .arg(after.parentModules - before.parentModules);
            }
            printLine(stdout,
                      Tr::tr("%1imported %2: %3 roundtrips, %4 modules sent (%5 ahead), %6 cache "
                             "hits, %7 bytes (%8 compressed), %9 ms")
                                      .arg(prefixFor(t.get()),
                                           imported.join(QStringLiteral(", ")),
                                           QString::number(after.requests - before.requests),
                                           QString::number(after.modulesSent - before.modulesSent),
                                           QString::number(after.relatedSent - before.relatedSent),
                                           QString::number(after.cacheHits - before.cacheHits),
                                           QString::number(after.bytesRaw - before.bytesRaw),
                                           QString::number(after.bytesCompressed
                                                           - before.bytesCompressed),
                                           QString::number(wallMs))
                              + parent);
        }
    }
    if (m_options.json) {
        const QByteArray text
                = reports.size() == 1
                          ? QJsonDocument(reports.first().toObject()).toJson(QJsonDocument::Compact)
                          : QJsonDocument(reports).toJson(QJsonDocument::Compact);
        printLine(stdout, QString::fromUtf8(text));
    }
    return worst;
}

void CliSession::interrupt()
{
    ++m_interrupts;
    for (const auto &t : m_targets) {
        if (t->context && t->context->state() == ContextState::Connected) {
            // Second Ctrl+C: stop waiting and disconnect.
            if (m_interrupts > 1)
                t->context->disconnectNow();
            else
                (void)CoreCalls(t->context).interruptAll(SIGINT);
        }
    }
}

} // namespace Econtext::Cli
