// CliSession: one econtext-cli invocation — connects its targets through a
// Broker, runs the command on all of them in parallel and maps the outcome to
// an exit status. Output of several targets is prefixed with the context name.
// A target that cannot be reached, or whose command fails, is reported on its own
// line and does not stop the others; a summary ends a run on several targets.
#pragma once

#include "app/cli/clioptions.h"
#include "app/cli/terminalprompter.h"
#include "core/broker/broker.h"

#include <QObject>

#include <memory>

namespace Econtext::Cli {

class CliSession : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CliSession)
public:
    explicit CliSession(CliOptions options, QObject *parent = nullptr);
    ~CliSession() override;

    // Runs the whole command; returns the process exit status.
    int exec();

    // Asks every running command to stop (Ctrl+C): signals their process groups.
    void interrupt();

private:
    struct Target;
    // Connects every target in parallel and reports each that fails on its own line;
    // false only when nothing can run at all (the --via chain failed).
    bool connectAll();
    bool reachable(const Target *target) const;
    // A target's command failed: its status class (1: the command failed or raised,
    // 2: the target was lost) and why, printed on one line when there are several.
    void setFailed(Target *target, const Error &error);
    void printSummary() const;
    int fleetStatus() const;
    // Connects the --via chain (and the implicit local parent of a sudo target); 0 = none.
    Result<quint32> connectVia(const QStringList &chain);
    int runCommand();
    int evalExpression();
    struct CallSpec
    {
        QString module;
        QString function;
        Wire::ValueList args;
    };
    Result<CallSpec> parseCall() const;
    int callFunction(const CallSpec &call);
    void printFailure(Target *target, const Error &error);
    int importModules();
    void printLogRecords(Target *target, const LogRecords &records);
    void writeOutput(Target *target, int stream, const QByteArray &data);
    void flushPartialLines();
    // Shuts the targets' contexts down, printing what they still send until they are gone.
    void closeContexts();
    QString prefixFor(const Target *target) const;
    int callTimeoutMs() const;

    CliOptions m_options;
    TerminalPrompter m_prompter; // outlives the broker that asks it
    std::unique_ptr<Broker> m_broker;
    std::vector<std::unique_ptr<Target>> m_targets;
    int m_interrupts = 0;
};

} // namespace Econtext::Cli
