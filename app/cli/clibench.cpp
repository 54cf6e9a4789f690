#include "app/cli/clibench.h"

#include "core/broker/broker.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <algorithm>
#include <cstdio>

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
    QFuture<CallResult> f
            = context->call(QStringLiteral("econtext.core"), {}, QStringLiteral("ping"));
    f.waitForFinished();
    return f.result();
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
            if (!ping(context))
                return 2;
        }
        sequential << calls / (double(clock.nsecsElapsed()) / 1e9);
    }

    // Pipelined: many calls in flight at once.
    QList<double> pipelined;
    for (int r = 0; r < runs; ++r) {
        constexpr int calls = 20000;
        QList<QFuture<CallResult>> futures;
        futures.reserve(calls);
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < calls; ++i)
            futures << context->call(QStringLiteral("econtext.core"), {}, QStringLiteral("ping"));
        for (const auto &f : std::as_const(futures)) {
            if (!await(f))
                return 2;
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
        const CallResult done
                = await(context->call(QStringLiteral("econtext.core"),
                                      {},
                                      QStringLiteral("blast"),
                                      {Wire::Value(qint64(channel->handle())), Wire::Value(total)},
                                      {},
                                      CallMode::Thread));
        if (!done)
            return 2;
        // The reply can overtake queued channel deliveries; wait for the rest.
        QElapsedTimer grace;
        grace.start();
        while (received < total && grace.elapsed() < 10000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        throughput << double(received) / (1024.0 * 1024.0) / (double(clock.nsecsElapsed()) / 1e9);
    }

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
            {QStringLiteral("throughput_mb_s"), throughputFig.value(QStringLiteral("median"))},
            {QStringLiteral("bootstrap_ms_stats"), bootstrapFig},
            {QStringLiteral("call_rate_stats"), callFig},
            {QStringLiteral("pipelined_call_rate_stats"), pipeFig},
            {QStringLiteral("throughput_mb_s_stats"), throughputFig},
    };
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
    }
    broker.shutdownAll(3000);
    return 0;
}

} // namespace Econtext::Cli
