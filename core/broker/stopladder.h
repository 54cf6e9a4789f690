// StopLadder: how a running command is stopped, the same way everywhere: SIGINT first, then
// SIGTERM, then SIGKILL, each sent to the command's process group (CoreCalls::interrupt).
// The console takes one step per Ctrl+C; econtext-cli run --timeout takes the steps on its
// own, one per grace period, through start().
#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>

namespace Econtext {

class StopLadder : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StopLadder)

public:
    // Between two steps of a timed stop: time for a command to clean up after a signal.
    static constexpr int GraceMs = 2000;

    // The signal of step n (0: SIGINT, 1: SIGTERM, 2 and later: SIGKILL).
    static int signalAt(int step);
    // "SIGINT", "SIGTERM", ... ("signal N" for others).
    static QString signalName(int signal);
    // How a command ended by that signal is described everywhere (console, Run on Several
    // Contexts, econtext-cli): "interrupted (SIGINT)", "terminated (SIGTERM)",
    // "killed (SIGKILL)", otherwise "killed by SIGSEGV".
    static QString endedBy(int signal);

    using Send = std::function<void(int signal)>;
    explicit StopLadder(Send send, QObject *parent = nullptr);

    // Takes the first step after delayMs and each next one GraceMs after the one before;
    // once SIGKILL has had its grace too, emits exhausted().
    void start(int delayMs);
    void stop();
    bool isActive() const { return m_timer.isActive(); }
    bool isExhausted() const { return m_exhausted; }

    // The signals sent so far, in order, and as text: "SIGINT, then SIGTERM".
    QList<int> sent() const { return m_sent; }
    QString sentText() const;

Q_SIGNALS:
    void exhausted();

private:
    void step();

    Send m_send;
    QTimer m_timer;
    QList<int> m_sent;
    bool m_exhausted = false;
};

} // namespace Econtext
