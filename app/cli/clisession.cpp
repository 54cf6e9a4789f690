#include "app/cli/clisession.h"

#include "core/modules/moduleserver.h"
#include "core/util/textsanitize.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>
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

// Exit status for an error of a call.
int exitStatusFor(const Error &error)
{
    return error.code == Error::Remote ? 1 : 2;
}

} // namespace

struct CliSession::Target
{
    QString spec;
    Context *context = nullptr;
    QString error;
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
        if (options->method == QLatin1String("sudo") && parent == 0) {
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
            if (options->method == QLatin1String("sudo") && *via == 0) {
                const Result<quint32> local = connectVia({QStringLiteral("local")});
                if (!local)
                    options = local.error();
                else
                    options->viaContextId = *local;
            }
        }
        if (!options) {
            target->error = options.errorString();
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

    bool all = true;
    for (const auto &t : m_targets) {
        if (t->context && t->context->state() != ContextState::Connected)
            t->error = t->context->errorString();
        if (!t->error.isEmpty()) {
            all = false;
            printLine(stderr,
                      Tr::tr("econtext-cli: %1: %2").arg(t->spec, sanitizeForTerminal(t->error)));
        }
    }
    return all;
}

int CliSession::exec()
{
    if (!connectAll())
        return 2;
    int status = 0;
    if (m_options.command == QLatin1String("run"))
        status = runCommand();
    else if (m_options.command == QLatin1String("eval"))
        status = evalExpression();
    else if (m_options.command == QLatin1String("call"))
        status = callFunction();
    else if (m_options.command == QLatin1String("import"))
        status = importModules();
    closeContexts();
    flushPartialLines();
    return status;
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
    Wire::ValueList argv;
    for (const QString &a : std::as_const(m_options.commandLine))
        argv << Wire::Value(a);

    struct Running
    {
        Target *target;
        std::shared_ptr<Channel> channel;
        QFuture<CallResult> future;
    };
    std::vector<Running> running;
    QElapsedTimer clock;
    clock.start();
    for (const auto &t : m_targets) {
        Target *raw = t.get();
        auto channel = t->context->openChannel();
        connect(channel.get(),
                &Channel::messageReceived,
                this,
                [this, raw](const Wire::Value &message) {
                    const Wire::ValueList &items = message.items();
                    if (items.size() == 2)
                        writeOutput(raw,
                                    items.at(0).toString() == QLatin1String("err") ? 2 : 1,
                                    items.at(1).toBytes());
                });
        const Wire::ValuePairs kwargs
                = {{Wire::Value("handle"), Wire::Value(qint64(channel->handle()))}};
        QFuture<CallResult> future = t->context->call(QStringLiteral("econtext.core"),
                                                      {},
                                                      QStringLiteral("run_command"),
                                                      {Wire::Value::list(argv)},
                                                      kwargs,
                                                      CallMode::Thread);
        running.push_back({raw, channel, future});
    }

    int worst = 0;
    for (Running &r : running) {
        const CallResult result = await(r.future);
        r.target->elapsedMs = clock.elapsed();
        if (!result) {
            printLine(stderr,
                      Tr::tr("econtext-cli: %1: %2")
                              .arg(r.target->spec, sanitizeForTerminal(result.errorString())));
            r.target->status = exitStatusFor(result.error());
        } else {
            const qint64 code = result->toInt();
            // A command killed by signal N reports -N; shells say 128+N.
            r.target->status = code < 0 ? int(128 - code) : int(code);
        }
        if (r.target->status != 0 && worst == 0)
            worst = r.target->status;
    }
    flushPartialLines();
    if (m_targets.size() > 1) {
        int ok = 0;
        for (const auto &t : m_targets)
            ok += t->status == 0 ? 1 : 0;
        printLine(stderr, Tr::tr("%1 of %2 targets succeeded.").arg(ok).arg(m_targets.size()));
        for (const auto &t : m_targets) {
            if (t->status != 0)
                printLine(stderr, Tr::tr("  %1: exit status %2").arg(t->spec).arg(t->status));
        }
    }
    return worst;
}

int CliSession::evalExpression()
{
    const QString expr = m_options.arguments.join(u' ');
    std::vector<QFuture<CallResult>> futures;
    for (const auto &t : m_targets)
        futures.push_back(t->context->call(QStringLiteral("econtext.core"),
                                           {},
                                           QStringLiteral("eval_repr"),
                                           {Wire::Value(expr)},
                                           {},
                                           CallMode::Serial,
                                           int(m_options.timeoutSeconds * 1000)));
    int worst = 0;
    for (size_t i = 0; i < futures.size(); ++i) {
        Target *t = m_targets[i].get();
        const CallResult result = await(futures[i]);
        if (!result) {
            printLine(stderr, prefixFor(t) + sanitizeForTerminal(result.errorString()));
            if (worst == 0)
                worst = exitStatusFor(result.error());
        } else {
            printLine(stdout, prefixFor(t) + result->toString());
        }
    }
    return worst;
}

int CliSession::callFunction()
{
    const QString target = m_options.arguments.first();
    const qsizetype dot = target.lastIndexOf(u'.');
    if (dot <= 0 || dot == target.size() - 1) {
        printLine(stderr, Tr::tr("econtext-cli: \"%1\" is not MODULE.FUNCTION.").arg(target));
        return 2;
    }
    Wire::ValueList args;
    for (const QString &json : m_options.arguments.mid(1)) {
        QJsonParseError error;
        // Wrapped in an array so scalars parse too.
        const QJsonDocument doc = QJsonDocument::fromJson('[' + json.toUtf8() + ']', &error);
        if (error.error != QJsonParseError::NoError || doc.array().size() != 1) {
            printLine(stderr, Tr::tr("econtext-cli: the argument %1 is not valid JSON.").arg(json));
            return 2;
        }
        args << Wire::Value::fromJson(doc.array().first());
    }
    std::vector<QFuture<CallResult>> futures;
    for (const auto &t : m_targets)
        futures.push_back(t->context->call(target.left(dot),
                                           {},
                                           target.mid(dot + 1),
                                           args,
                                           {},
                                           CallMode::Serial,
                                           int(m_options.timeoutSeconds * 1000)));
    int worst = 0;
    for (size_t i = 0; i < futures.size(); ++i) {
        Target *t = m_targets[i].get();
        const CallResult result = await(futures[i]);
        if (!result) {
            printLine(stderr, prefixFor(t) + sanitizeForTerminal(result.errorString()));
            if (worst == 0)
                worst = exitStatusFor(result.error());
            continue;
        }
        const QJsonValue json = result->toJson();
        QByteArray text;
        if (json.isArray())
            text = QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact);
        else if (json.isObject())
            text = QJsonDocument(json.toObject()).toJson(QJsonDocument::Compact);
        else // a scalar: serialise through an array and strip the brackets
            text = QJsonDocument(QJsonArray{json}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
        printLine(stdout, prefixFor(t) + QString::fromUtf8(text));
    }
    return worst;
}

int CliSession::importModules()
{
    int worst = 0;
    QJsonArray reports;
    for (const auto &t : m_targets) {
        const Modules::ModuleStats before = m_broker->moduleServer().stats(t->context->id());
        QElapsedTimer clock;
        clock.start();
        QStringList imported;
        QString failure;
        for (const QString &module : std::as_const(m_options.arguments)) {
            const QString expr
                    = QStringLiteral("__import__('importlib').import_module(%1).__name__")
                              .arg(pythonString(module));
            const CallResult result = await(t->context->call(QStringLiteral("econtext.core"),
                                                             {},
                                                             QStringLiteral("eval_repr"),
                                                             {Wire::Value(expr)},
                                                             {},
                                                             CallMode::Serial,
                                                             int(m_options.timeoutSeconds * 1000)));
            if (!result) {
                failure = result.errorString();
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
            if (!failure.isEmpty())
                printLine(stderr, prefixFor(t.get()) + sanitizeForTerminal(failure));
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
                (void)t->context->call(QStringLiteral("econtext.core"),
                                       {},
                                       QStringLiteral("interrupt_all"),
                                       {Wire::Value(2)},
                                       {},
                                       CallMode::IoThread);
        }
    }
}

} // namespace Econtext::Cli
