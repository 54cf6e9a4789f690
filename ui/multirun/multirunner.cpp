#include "ui/multirun/multirunner.h"

#include "core/broker/corecalls.h"
#include "core/broker/stopladder.h"
#include "core/util/textsanitize.h"
#include "ui/multirun/multirunmodel.h"

#include <QFutureWatcher>
#include <QLoggingCategory>

#include <csignal>

Q_LOGGING_CATEGORY(lcMultiRun, "econtext.multirun", QtWarningMsg)

namespace Econtext {

namespace {

QString cleanText(QString text)
{
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    text.replace(u'\r', u'\n');
    return sanitizeForTerminal(text);
}

} // namespace

MultiRunner::MultiRunner(MultiRunModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
{}

MultiRunner::~MultiRunner() = default;

void MultiRunner::start(const QList<Context *> &contexts, const QString &command, Kind kind)
{
    ++m_generation;
    for (const auto &job : m_jobs) {
        if (job->channel)
            disconnect(job->channel.get(), nullptr, this, nullptr);
    }
    m_jobs.clear();
    m_model->clear();
    m_stopCount = 0;
    m_remaining = int(contexts.size());
    for (Context *context : contexts) {
        auto job = std::make_unique<Job>();
        job->context = context;
        job->entry = m_model->addEntry(context ? context->name() : tr("(gone)"),
                                       context ? context->id() : 0);
        m_jobs.push_back(std::move(job));
    }
    Q_EMIT progressChanged(0, total());
    for (int i = 0; i < int(m_jobs.size()); ++i)
        startJob(i, command, kind);
    if (m_jobs.empty())
        Q_EMIT finished();
}

void MultiRunner::startJob(int index, const QString &command, Kind kind)
{
    Job &job = *m_jobs.at(std::size_t(index));
    job.timer.start();
    Context *context = job.context.data();
    if (!context || context->state() != ContextState::Connected) {
        m_model->setFailed(
                job.entry, tr("The context is not connected; connect it and run again."), 0);
        jobDone(index);
        return;
    }
    m_model->setRunning(job.entry);
    const quint64 generation = m_generation;
    QFuture<CallResult> future;
    if (kind == Kind::Shell) {
        job.channel = context->openChannel();
        connect(job.channel.get(),
                &Channel::messageReceived,
                this,
                [this, generation, index](const Wire::Value &v) { onData(generation, index, v); });
        future = CoreCalls(context).runShellCommand(command, job.channel->handle());
    } else {
        future = CoreCalls(context).evalRepr(command, CallMode::Thread);
    }
    auto *watcher = new QFutureWatcher<CallResult>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [=, this] {
        const QFuture<CallResult> f = watcher->future();
        watcher->deleteLater();
        onResult(generation,
                 index,
                 kind,
                 f.resultCount() > 0 ? f.result()
                                     : CallResult(makeError(Error::Disconnected,
                                                            tr("The call was abandoned."))));
    });
    watcher->setFuture(future);
}

void MultiRunner::onData(quint64 generation, int index, const Wire::Value &value)
{
    if (generation != m_generation || index >= int(m_jobs.size()))
        return;
    Job &job = *m_jobs.at(std::size_t(index));
    const std::optional<CommandOutput> output = CoreCalls::commandOutput(value);
    if (!output)
        return;
    const bool err = output->stream == CommandOutput::Stream::Stderr;
    m_model->appendOutput(
            job.entry,
            cleanText(err ? job.err.decode(output->bytes) : job.out.decode(output->bytes)));
}

void MultiRunner::onResult(quint64 generation, int index, Kind kind, const CallResult &result)
{
    if (generation != m_generation || index >= int(m_jobs.size()))
        return;
    Job &job = *m_jobs.at(std::size_t(index));
    const qint64 ms = job.timer.elapsed();
    if (!result) {
        qCDebug(lcMultiRun) << "call failed on" << m_model->entryName(job.entry)
                            << result.errorString();
        m_model->setFailed(job.entry, cleanText(result.errorString()), ms);
    } else if (kind == Kind::Shell) {
        m_model->setDone(job.entry, int(result->toInt()), true, ms);
    } else {
        m_model->appendOutput(job.entry, cleanText(result->toString()));
        m_model->setDone(job.entry, 0, false, ms);
    }
    jobDone(index);
}

void MultiRunner::jobDone(int index)
{
    Job &job = *m_jobs.at(std::size_t(index));
    if (job.done)
        return;
    job.done = true;
    job.channel.reset();
    --m_remaining;
    m_model->flushChanges();
    Q_EMIT progressChanged(total() - m_remaining, total());
    if (m_remaining == 0)
        Q_EMIT finished();
}

void MultiRunner::stop()
{
    // The console's ladder: SIGINT, then SIGTERM, then SIGKILL, one step per press.
    const int sig = StopLadder::signalAt(m_stopCount++);
    for (const auto &job : m_jobs) {
        if (job->done || !job->channel || !job->context)
            continue;
        // Fire and forget: the command's own result reports how it ended.
        (void)CoreCalls(job->context.data()).interrupt(job->channel->handle(), sig, 30000);
    }
}

} // namespace Econtext
