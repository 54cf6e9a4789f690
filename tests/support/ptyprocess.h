// PtyProcess: a program on a real pseudo-terminal (forkpty), as the terminal tests, the
// terminal benchmark and its demo need: the program's output comes out of output(), write()
// types into it, setWindowSize() is TIOCSWINSZ (the kernel sends SIGWINCH), finished() gives
// the wait status. The master fd is non-blocking and driven by QSocketNotifiers; reading can
// be paused while a consumer lags (back-pressure). QtCore only.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QStringList>

#include <memory>

class QSocketNotifier;
class QTimer;

namespace Econtext::Test {

class PtyProcess : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PtyProcess)
public:
    explicit PtyProcess(QObject *parent = nullptr);
    // A program still running is hung up on (SIGHUP, then SIGKILL) and reaped.
    ~PtyProcess() override;

    // Starts argv (looked up in PATH) as session leader on a new PTY of rows x columns,
    // with TERM=xterm-256color and the extra environment entries ("NAME=value").
    bool start(const QStringList &argv, int rows, int columns, const QStringList &environment = {});
    QString errorString() const { return m_error; }
    qint64 pid() const { return m_pid; }
    bool isRunning() const { return m_pid > 0 && !m_finished; }
    int masterFd() const { return m_master; }

    void write(QByteArrayView bytes);
    void setWindowSize(int rows, int columns);
    // While paused, output stays in the PTY and the program blocks once it is full.
    void setReadingPaused(bool paused);

    // After finished(): the wait status, and how it reads ("exited with status 0",
    // "killed by signal 9").
    int waitStatus() const { return m_waitStatus; }
    QString statusText() const;

Q_SIGNALS:
    void output(const QByteArray &bytes);
    void finished(int waitStatus);

private:
    void readAvailable();
    void writePending();
    void closeMaster();
    void reap();

    int m_master = -1;
    qint64 m_pid = 0;
    bool m_finished = false;
    bool m_paused = false;
    int m_waitStatus = 0;
    QString m_error;
    QByteArray m_pending;
    std::unique_ptr<QSocketNotifier> m_readNotifier;
    std::unique_ptr<QSocketNotifier> m_writeNotifier;
    QTimer *m_reapTimer = nullptr;
};

} // namespace Econtext::Test
