#include "app/cli/clibench.h"

#include "core/broker/broker.h"
#include "core/broker/corecalls.h"
#include "core/modules/bytecodecache.h"
#include "core/modules/moduleserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>

#include <sys/wait.h>
#include <unistd.h>

namespace Econtext::Cli {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(EcontextCli)
};

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
    return future.result();
}

bool waitConnected(Context *context)
{
    QEventLoop loop;
    auto settled = [context] {
        const ContextState s = context->state();
        return s != ContextState::Connecting && s != ContextState::Bootstrapping;
    };
    QObject::connect(context, &Context::stateChanged, &loop, [&] {
        if (settled())
            loop.quit();
    });
    if (!settled())
        loop.exec();
    return context->state() == ContextState::Connected;
}

QJsonObject figure(QList<double> samples)
{
    std::sort(samples.begin(), samples.end());
    const double median = samples.isEmpty() ? 0 : samples.at(samples.size() / 2);
    return QJsonObject{{QStringLiteral("median"), median},
                       {QStringLiteral("min"), samples.isEmpty() ? 0 : samples.first()},
                       {QStringLiteral("max"), samples.isEmpty() ? 0 : samples.last()}};
}

CallResult ping(Context *context)
{
    // A blocking wait (the broker runs on its own thread): a nested event loop per
    // call would cost about as much as the call.
    return CoreCalls(context).pingBlocking();
}

// Sequential calls per second for `seconds`, each through fn.
double rateOf(const std::function<bool()> &fn, double seconds = 1.0)
{
    QElapsedTimer clock;
    clock.start();
    int n = 0;
    while (clock.nsecsElapsed() < qint64(seconds * 1e9)) {
        if (!fn())
            return 0;
        ++n;
    }
    return n / (double(clock.nsecsElapsed()) / 1e9);
}

int failed(const QString &target, const CallResult &result)
{
    std::fprintf(
            stderr, "econtext-cli: %s: %s\n", qPrintable(target), qPrintable(result.errorString()));
    return 2;
}

CallResult callNow(Context *context,
                   const QString &module,
                   const QString &func,
                   const Wire::ValueList &args = {})
{
    return context->callBlocking(module, {}, func, args);
}

// How the figures scale: argument size, contexts at once, depth of the tree.
QJsonObject scalingFigures(Broker &broker, Context *context, const ConnectOptions &connect)
{
    QJsonObject out;

    // Message size: one argument of N bytes to the context, its length back.
    QJsonArray sizes;
    for (const qint64 size : {qint64(100), qint64(10'000), qint64(1'000'000), qint64(10'000'000)}) {
        const Wire::Value blob = Wire::Value::fromBytes(QByteArray(size, 'x'));
        const double rate = rateOf([&] {
            return bool(
                    callNow(context, QStringLiteral("builtins"), QStringLiteral("len"), {blob}));
        });
        sizes.append(QJsonObject{{QStringLiteral("bytes"), size},
                                 {QStringLiteral("calls_per_s"), rate},
                                 {QStringLiteral("mb_per_s"), rate * double(size) / 1e6}});
    }
    out.insert(QStringLiteral("message_size"), sizes);

    // Contexts at once: N contexts, each with one call in flight at a time.
    QJsonArray contexts;
    for (const int n : {1, 4, 16}) {
        QList<Context *> group;
        for (int i = 0; i < n; ++i)
            group << broker.connectContext(connect);
        bool ok = true;
        for (Context *c : std::as_const(group))
            ok = waitConnected(c) && ok;
        if (!ok)
            break;
        QElapsedTimer clock;
        clock.start();
        qint64 calls = 0;
        QList<QFuture<CallResult>> inFlight;
        for (Context *c : std::as_const(group))
            inFlight << CoreCalls(c).ping();
        while (clock.elapsed() < 1000) {
            for (qsizetype i = 0; i < inFlight.size(); ++i) {
                if (!inFlight[i].isFinished())
                    continue;
                ++calls;
                inFlight[i] = CoreCalls(group[i]).ping();
            }
            QThread::yieldCurrentThread();
        }
        for (auto &f : inFlight)
            f.waitForFinished();
        contexts.append(QJsonObject{
                {QStringLiteral("contexts"), n},
                {QStringLiteral("calls_per_s"), calls / (double(clock.nsecsElapsed()) / 1e9)}});
        for (Context *c : std::as_const(group))
            c->shutdown();
    }
    out.insert(QStringLiteral("contexts"), contexts);

    // Depth: a chain of local contexts, each started through the one above.
    QJsonArray depth;
    Context *parent = context;
    for (int level = 1; level <= 3; ++level) {
        Context *at = parent;
        double bootMs = 0;
        if (level > 1) {
            ConnectOptions child = connect;
            child.method = ConnectMethod::Local;
            child.viaContextId = parent->id();
            QElapsedTimer clock;
            clock.start();
            at = broker.connectContext(child);
            if (!waitConnected(at) || !ping(at))
                break;
            bootMs = double(clock.nsecsElapsed()) / 1e6;
        }
        const double rate = rateOf([&] { return bool(ping(at)); });
        const Wire::Value blob = Wire::Value::fromBytes(QByteArray(1'000'000, 'x'));
        const double mb = rateOf([&] {
            return bool(callNow(at, QStringLiteral("builtins"), QStringLiteral("len"), {blob}));
        }); // 1 MB per call: calls/s = MB/s
        QJsonObject row{{QStringLiteral("depth"), level},
                        {QStringLiteral("calls_per_s"), rate},
                        {QStringLiteral("mb_per_s_1mb_args"), mb}};
        if (level > 1)
            row.insert(QStringLiteral("bootstrap_ms"), bootMs);
        depth.append(row);
        parent = at;
    }
    out.insert(QStringLiteral("depth"), depth);
    return out;
}

// The machine's floor for any call that crosses two processes: one byte bounced between
// this process and a child over two pipes, each side blocking in read() — two thread
// wake-ups per roundtrip and nothing else. Calls cannot beat it one at a time.
double pipeRoundtripRate()
{
    int there[2], back[2];
    if (::pipe(there) != 0)
        return 0;
    if (::pipe(back) != 0) {
        ::close(there[0]);
        ::close(there[1]);
        return 0;
    }
    constexpr int rounds = 20000;
    const pid_t pid = ::fork();
    if (pid == 0) { // only async-signal-safe calls here
        char c;
        for (int i = 0; i < rounds; ++i) {
            if (::read(there[0], &c, 1) != 1 || ::write(back[1], &c, 1) != 1)
                break;
        }
        ::_exit(0);
    }
    double rate = 0;
    if (pid > 0) {
        char c = 'x';
        QElapsedTimer clock;
        clock.start();
        int i = 0;
        for (; i < rounds; ++i) {
            if (::write(there[1], &c, 1) != 1 || ::read(back[0], &c, 1) != 1)
                break;
        }
        rate = i / (double(clock.nsecsElapsed()) / 1e9);
        ::waitpid(pid, nullptr, 0);
    }
    for (int fd : {there[0], there[1], back[0], back[1]})
        ::close(fd);
    return rate;
}

// A module imported into a fresh context per round, served by the master: the first
// round as a new master meets it, the others once it was compiled for the context's
// Python release (in the background after the first round; waited for, untimed).
QJsonObject
importFigures(Broker &broker, const ConnectOptions &connect, const QString &module, int runs)
{
    static const QRegularExpression valid(
            QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$"));
    if (!valid.match(module).hasMatch())
        return {{QStringLiteral("import_error"), Tr::tr("%1 is not a module name.").arg(module)}};
    const QString expr
            = QStringLiteral("__import__('importlib').import_module('%1').__name__").arg(module);
    QList<double> times;
    double first = 0;
    qint64 roundtrips = 0;
    Modules::ModuleStats last;
    for (int r = 0; r <= runs; ++r) {
        Context *context = broker.connectContext(connect);
        if (!waitConnected(context) || !ping(context))
            return {{QStringLiteral("import_error"), context->errorString()}};
        const Modules::ModuleStats before = broker.moduleServer().stats(context->id());
        QElapsedTimer clock;
        clock.start();
        const CallResult result = await(CoreCalls(context).evalRepr(expr));
        const double ms = double(clock.nsecsElapsed()) / 1e6;
        if (!result) {
            context->shutdown();
            return {{QStringLiteral("import_error"),
                     result.errorString().trimmed().section(u'\n', -1).trimmed()}};
        }
        const Modules::ModuleStats after = broker.moduleServer().stats(context->id());
        last = after;
        last.requests -= before.requests;
        last.modulesSent -= before.modulesSent;
        last.bytecodeSent -= before.bytecodeSent;
        last.bytesCompressed -= before.bytesCompressed;
        roundtrips = std::max(roundtrips, last.requests);
        context->shutdown();
        if (r == 0) {
            first = ms;
            broker.moduleServer().bytecodeCache().waitIdle();
        } else {
            times << ms;
        }
    }
    const QJsonObject fig = figure(times);
    return {{QStringLiteral("import_module"), module},
            {QStringLiteral("import_ms"), fig.value(QStringLiteral("median"))},
            {QStringLiteral("import_ms_stats"), fig},
            {QStringLiteral("import_first_ms"), first},
            {QStringLiteral("import_roundtrips"), roundtrips},
            {QStringLiteral("import_modules_sent"), last.modulesSent},
            {QStringLiteral("import_bytecode_sent"), last.bytecodeSent},
            {QStringLiteral("import_bytes_compressed"), last.bytesCompressed}};
}

} // namespace

int runBenchmark(const CliOptions &options)
{
    const QString target = options.targets.value(0, QStringLiteral("local"));
    const Result<ConnectOptions> connect = connectOptionsFor(target, options);
    if (!connect) {
        std::fprintf(stderr, "econtext-cli: %s\n", qPrintable(connect.errorString()));
        return 2;
    }
    constexpr int runs = 5;
    Broker broker;
    if (!options.referencePython.isEmpty())
        broker.moduleServer().setReferencePython(options.referencePython);
    for (const QString &dir : std::as_const(options.modulePath))
        broker.moduleServer().addDirectory(dir);

    // One untimed run first, as in any benchmark: the module server also asks its reference
    // interpreter then (through a pyenv shim half a second of CPU), which would otherwise
    // compete with the timed bootstraps.
    {
        Context *context = broker.connectContext(*connect);
        if (!waitConnected(context)) {
            std::fprintf(stderr,
                         "econtext-cli: %s: %s\n",
                         qPrintable(target),
                         qPrintable(context->errorString()));
            return 2;
        }
        if (const CallResult r = ping(context); !r)
            return failed(target, r);
        context->shutdown();
        broker.moduleServer().waitWarmedUp();
    }

    // Bootstrap until the first call returns, on a fresh context each run.
    QList<double> bootstrap;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer clock;
        clock.start();
        Context *context = broker.connectContext(*connect);
        if (!waitConnected(context) || !ping(context)) {
            std::fprintf(stderr,
                         "econtext-cli: %s: %s\n",
                         qPrintable(target),
                         qPrintable(context->errorString()));
            return 2;
        }
        bootstrap << double(clock.nsecsElapsed()) / 1e6;
        context->shutdown();
    }

    Context *context = broker.connectContext(*connect);
    if (!waitConnected(context)) {
        std::fprintf(stderr, "econtext-cli: %s\n", qPrintable(context->errorString()));
        return 2;
    }

    // Sequential no-op calls: one in flight at a time.
    QList<double> sequential;
    for (int r = 0; r < runs; ++r) {
        constexpr int calls = 2000;
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < calls; ++i) {
            if (const CallResult r = ping(context); !r)
                return failed(target, r);
        }
        sequential << calls / (double(clock.nsecsElapsed()) / 1e9);
    }

    QList<double> floor;
    for (int r = 0; r < runs; ++r)
        floor << pipeRoundtripRate();

    // Pipelined: many calls in flight at once.
    QList<double> pipelined;
    for (int r = 0; r < runs; ++r) {
        constexpr int calls = 20000;
        QList<QFuture<CallResult>> futures;
        futures.reserve(calls);
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < calls; ++i)
            futures << CoreCalls(context).ping();
        for (const auto &f : std::as_const(futures)) {
            if (const CallResult r = await(f); !r)
                return failed(target, r);
        }
        pipelined << calls / (double(clock.nsecsElapsed()) / 1e9);
    }

    // Bulk data from the context over a channel, in raw frames.
    QList<double> throughput;
    for (int r = 0; r < runs; ++r) {
        constexpr qint64 total = 256LL * 1024 * 1024;
        auto channel = context->openChannel();
        qint64 received = 0;
        QObject::connect(channel.get(),
                         &Channel::messageReceived,
                         channel.get(),
                         [&received](const Wire::Value &v) { received += v.toBytes().size(); });
        QElapsedTimer clock;
        clock.start();
        const CallResult done = await(CoreCalls(context).sendZeros(channel->handle(), total));
        if (!done)
            return failed(target, done);
        // The reply can overtake queued channel deliveries; wait for the rest.
        QElapsedTimer grace;
        grace.start();
        while (received < total && grace.elapsed() < 10000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        throughput << double(received) / (1024.0 * 1024.0) / (double(clock.nsecsElapsed()) / 1e9);
    }

    const QJsonObject scaling
            = options.scaling ? scalingFigures(broker, context, *connect) : QJsonObject();
    const QJsonObject imports
            = options.importModule == QLatin1String("none")
                      ? QJsonObject()
                      : importFigures(broker, *connect, options.importModule, runs);
    const ContextFacts facts = context->facts();
    const QJsonObject bootstrapFig = figure(bootstrap);
    const QJsonObject callFig = figure(sequential);
    const QJsonObject pipeFig = figure(pipelined);
    const QJsonObject throughputFig = figure(throughput);
    QJsonObject report{
            {QStringLiteral("target"), target},
            {QStringLiteral("python"), facts.pythonVersion},
            {QStringLiteral("runs"), runs},
            {QStringLiteral("bootstrap_ms"), bootstrapFig.value(QStringLiteral("median"))},
            {QStringLiteral("call_rate"), callFig.value(QStringLiteral("median"))},
            {QStringLiteral("pipelined_call_rate"), pipeFig.value(QStringLiteral("median"))},
            {QStringLiteral("pipe_roundtrip_rate"), figure(floor).value(QStringLiteral("median"))},
            {QStringLiteral("throughput_mb_s"), throughputFig.value(QStringLiteral("median"))},
            {QStringLiteral("bootstrap_ms_stats"), bootstrapFig},
            {QStringLiteral("call_rate_stats"), callFig},
            {QStringLiteral("pipelined_call_rate_stats"), pipeFig},
            {QStringLiteral("throughput_mb_s_stats"), throughputFig},
            {QStringLiteral("pipe_roundtrip_rate_stats"), figure(floor)},
    };
    if (!scaling.isEmpty())
        report.insert(QStringLiteral("scaling"), scaling);
    for (auto it = imports.begin(); it != imports.end(); ++it)
        report.insert(it.key(), it.value());
    if (options.json) {
        std::printf("%s\n", QJsonDocument(report).toJson(QJsonDocument::Compact).constData());
    } else {
        std::printf(
                "%s",
                qPrintable(
                        Tr::tr("target %1 (Python %2), medians of %3 runs\n"
                               "  bootstrap to first call  %4 ms\n"
                               "  sequential calls         %5 /s\n"
                               "  pipelined calls          %6 /s\n"
                               "  bulk throughput          %7 MB/s\n")
                                .arg(target, facts.pythonVersion)
                                .arg(runs)
                                .arg(bootstrapFig.value(QStringLiteral("median")).toDouble(),
                                     0,
                                     'f',
                                     1)
                                .arg(callFig.value(QStringLiteral("median")).toDouble(), 0, 'f', 0)
                                .arg(pipeFig.value(QStringLiteral("median")).toDouble(), 0, 'f', 0)
                                .arg(throughputFig.value(QStringLiteral("median")).toDouble(),
                                     0,
                                     'f',
                                     1)));
        std::printf(
                "%s\n",
                qPrintable(
                        Tr::tr("  bare pipe roundtrips     %1 /s (this machine's floor for "
                               "one call at a time)")
                                .arg(report.value(QStringLiteral("pipe_roundtrip_rate")).toDouble(),
                                     0,
                                     'f',
                                     0)));
        if (imports.contains(QStringLiteral("import_error"))) {
            std::printf("%s\n",
                        qPrintable(Tr::tr("  import %1: %2")
                                           .arg(options.importModule,
                                                imports.value(QStringLiteral("import_error"))
                                                        .toString())));
        } else if (!imports.isEmpty()) {
            std::printf(
                    "%s\n",
                    qPrintable(Tr::tr("  import %1  %2 ms (first %3 ms; %4 roundtrips, %5 of %6 "
                                      "modules sent compiled)")
                                       .arg(options.importModule)
                                       .arg(imports.value(QStringLiteral("import_ms")).toDouble(),
                                            0,
                                            'f',
                                            1)
                                       .arg(imports.value(QStringLiteral("import_first_ms"))
                                                    .toDouble(),
                                            0,
                                            'f',
                                            1)
                                       .arg(imports.value(QStringLiteral("import_roundtrips"))
                                                    .toInteger())
                                       .arg(imports.value(QStringLiteral("import_bytecode_sent"))
                                                    .toInteger())
                                       .arg(imports.value(QStringLiteral("import_modules_sent"))
                                                    .toInteger())));
        }
    }
    if (!options.json && !scaling.isEmpty()) {
        std::printf("%s\n", qPrintable(Tr::tr("scaling (1 s each):")));
        for (const auto &v : scaling.value(QStringLiteral("message_size")).toArray()) {
            const QJsonObject o = v.toObject();
            std::printf("%s\n",
                        qPrintable(Tr::tr("  argument of %1 bytes: %2 calls/s, %3 MB/s")
                                           .arg(o.value(QStringLiteral("bytes")).toInteger())
                                           .arg(o.value(QStringLiteral("calls_per_s")).toDouble(),
                                                0,
                                                'f',
                                                0)
                                           .arg(o.value(QStringLiteral("mb_per_s")).toDouble(),
                                                0,
                                                'f',
                                                1)));
        }
        for (const auto &v : scaling.value(QStringLiteral("contexts")).toArray()) {
            const QJsonObject o = v.toObject();
            std::printf("%s\n",
                        qPrintable(Tr::tr("  %1 contexts at once: %2 calls/s in all")
                                           .arg(o.value(QStringLiteral("contexts")).toInt())
                                           .arg(o.value(QStringLiteral("calls_per_s")).toDouble(),
                                                0,
                                                'f',
                                                0)));
        }
        for (const auto &v : scaling.value(QStringLiteral("depth")).toArray()) {
            const QJsonObject o = v.toObject();
            std::printf(
                    "%s\n",
                    qPrintable(Tr::tr("  depth %1: %2 calls/s, %3 MB/s of 1 MB arguments")
                                       .arg(o.value(QStringLiteral("depth")).toInt())
                                       .arg(o.value(QStringLiteral("calls_per_s")).toDouble(),
                                            0,
                                            'f',
                                            0)
                                       .arg(o.value(QStringLiteral("mb_per_s_1mb_args")).toDouble(),
                                            0,
                                            'f',
                                            1)));
        }
    }
    broker.shutdownAll(3000);
    return 0;
}

} // namespace Econtext::Cli
