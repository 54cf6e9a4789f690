// LocalTransport: starts an interpreter on this machine with fork/exec, its
// stdin and stdout on one end of a socketpair and its stderr on a pipe. All I/O
// is non-blocking and driven by QSocketNotifiers on the broker thread.
#pragma once

#include "core/connect/transport.h"

#include <QTimer>

#include <sys/types.h>

class QSocketNotifier;

namespace Econtext {

class LocalTransport : public Transport
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalTransport)
public:
    explicit LocalTransport(QObject *parent = nullptr);
    ~LocalTransport() override;

    void start(const QStringList &argv) override;
    void write(const QByteArray &data) override;
    qint64 pendingWrite() const override { return m_out.size() - m_outPos; }
    void pauseReading() override;
    void resumeReading() override;
    void close() override;
    void kill() override;
    ConnectMethod method() const override { return ConnectMethod::Local; }
    QString description() const override;

    pid_t pid() const { return m_pid; }

private:
    void onReadable();
    void onWritable();
    void onStderr();
    void flush();
    void linkClosed();
    void maybeFinish();
    void reap();
    void closeFd(int &fd);

    QString m_program;
    pid_t m_pid = -1;
    int m_fd = -1;    // our end of the socketpair (child's fds 0 and 1)
    int m_errFd = -1; // read end of the child's stderr
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QSocketNotifier *m_errNotifier = nullptr;
    QByteArray m_out;
    QByteArray m_in; // read buffer, kept between reads
    qsizetype m_outPos = 0;
    bool m_paused = false;
    bool m_linkOpen = false;
    bool m_finished = false;
    bool m_failed = false;
    int m_exitStatus = -1;
    QString m_closeReason;
    QTimer m_reapTimer;
    int m_reapTries = 0;
};

} // namespace Econtext
