// MultiRunner: runs one shell command or Python expression on several contexts
// in parallel and feeds a MultiRunModel as results stream in. Shell commands go
// through CoreCalls::runShellCommand with a channel per context; expressions
// through CoreCalls::evalRepr. Each call runs on its own thread in its
// context. Used by MultiRunDialog.
#pragma once

#include "core/broker/context.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QStringDecoder>

#include <memory>
#include <vector>

namespace Econtext {

class MultiRunModel;

class MultiRunner : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MultiRunner)
public:
    enum class Kind { Shell, Python };
    Q_ENUM(Kind)

    explicit MultiRunner(MultiRunModel *model, QObject *parent = nullptr);
    ~MultiRunner() override;

    MultiRunModel *model() const { return m_model; }

    // Clears the model and starts the command on every context. A run still going is
    // abandoned: its late results are ignored.
    void start(const QList<Context *> &contexts, const QString &command, Kind kind);
    // Interrupts the shell commands still running (SIGINT, then SIGTERM, then SIGKILL as
    // it is asked again: StopLadder's steps).
    void stop();
    bool isRunning() const { return m_remaining > 0; }
    int total() const { return int(m_jobs.size()); }
    int remaining() const { return m_remaining; }

Q_SIGNALS:
    void progressChanged(int finished, int total);
    void finished();

private:
    struct Job
    {
        QPointer<Context> context;
        int entry = -1;
        std::shared_ptr<Channel> channel;
        QElapsedTimer timer;
        QStringDecoder out{QStringDecoder::Utf8};
        QStringDecoder err{QStringDecoder::Utf8};
        bool done = false;
    };

    void startJob(int job, const QString &command, Kind kind);
    void onData(quint64 generation, int job, const Wire::Value &value);
    void onResult(quint64 generation, int job, Kind kind, const CallResult &result);
    void jobDone(int job);

    MultiRunModel *m_model;
    std::vector<std::unique_ptr<Job>> m_jobs;
    quint64 m_generation = 0;
    int m_remaining = 0;
    int m_stopCount = 0;
};

} // namespace Econtext
