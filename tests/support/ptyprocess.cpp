#include "tests/support/ptyprocess.h"

#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vector>

namespace Econtext::Test {

PtyProcess::PtyProcess(QObject *parent)
    : QObject(parent)
    , m_reapTimer(new QTimer(this))
{
    // Also polled while the PTY stays open: a background process can hold it after the
    // program itself has ended.
    m_reapTimer->setInterval(20);
    connect(m_reapTimer, &QTimer::timeout, this, &PtyProcess::reap);
}

PtyProcess::~PtyProcess()
{
    if (m_pid > 0 && !m_finished) {
        ::kill(pid_t(m_pid), SIGHUP);
        for (int i = 0; i < 200; ++i) {
            if (::waitpid(pid_t(m_pid), &m_waitStatus, WNOHANG) == pid_t(m_pid)) {
                m_finished = true;
                break;
            }
            ::usleep(5000);
        }
        if (!m_finished) {
            ::kill(pid_t(m_pid), SIGKILL);
            ::waitpid(pid_t(m_pid), &m_waitStatus, 0);
        }
    }
    closeMaster();
}

bool PtyProcess::start(const QStringList &argv,
                       int rows,
                       int columns,
                       const QStringList &environment)
{
    if (argv.isEmpty()) {
        m_error = QStringLiteral("no program to start");
        return false;
    }
    // Everything the child needs is prepared before fork(): after it only async-signal-safe
    // calls are allowed.
    std::vector<QByteArray> args;
    for (const QString &arg : argv)
        args.push_back(arg.toLocal8Bit());
    std::vector<char *> argp;
    for (QByteArray &arg : args)
        argp.push_back(arg.data());
    argp.push_back(nullptr);
    std::vector<QByteArray> env;
    for (char **e = environ; *e; ++e) {
        if (std::strncmp(*e, "TERM=", 5) != 0)
            env.emplace_back(*e);
    }
    env.emplace_back("TERM=xterm-256color");
    for (const QString &entry : environment)
        env.push_back(entry.toLocal8Bit());
    std::vector<char *> envp;
    for (QByteArray &entry : env)
        envp.push_back(entry.data());
    envp.push_back(nullptr);

    winsize size{};
    size.ws_row = static_cast<unsigned short>(rows);
    size.ws_col = static_cast<unsigned short>(columns);
    int master = -1;
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, &size);
    if (pid < 0) {
        m_error = QStringLiteral("forkpty failed: %1")
                          .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    if (pid == 0) {
        ::signal(SIGPIPE, SIG_DFL);
        ::signal(SIGINT, SIG_DFL);
        ::execvpe(argp[0], argp.data(), envp.data());
        ::_exit(127);
    }
    m_pid = pid;
    m_master = master;
    ::fcntl(m_master, F_SETFL, ::fcntl(m_master, F_GETFL) | O_NONBLOCK);
    ::fcntl(m_master, F_SETFD, FD_CLOEXEC);
    m_readNotifier = std::make_unique<QSocketNotifier>(m_master, QSocketNotifier::Read);
    connect(m_readNotifier.get(), &QSocketNotifier::activated, this, &PtyProcess::readAvailable);
    m_writeNotifier = std::make_unique<QSocketNotifier>(m_master, QSocketNotifier::Write);
    m_writeNotifier->setEnabled(false);
    connect(m_writeNotifier.get(), &QSocketNotifier::activated, this, &PtyProcess::writePending);
    m_reapTimer->start();
    return true;
}

void PtyProcess::readAvailable()
{
    char buffer[65536];
    // A bounded amount per wake-up, so a flood leaves the event loop its turn.
    for (int i = 0; i < 16 && m_master >= 0 && !m_paused; ++i) {
        const ssize_t n = ::read(m_master, buffer, sizeof buffer);
        if (n > 0) {
            Q_EMIT output(QByteArray(buffer, qsizetype(n)));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return;
        // EOF or EIO: the last process holding the terminal closed it.
        closeMaster();
        reap();
        return;
    }
}

void PtyProcess::write(QByteArrayView bytes)
{
    if (m_master < 0)
        return;
    m_pending.append(bytes);
    writePending();
}

void PtyProcess::writePending()
{
    while (!m_pending.isEmpty() && m_master >= 0) {
        const ssize_t n = ::write(m_master, m_pending.constData(), size_t(m_pending.size()));
        if (n > 0) {
            m_pending.remove(0, n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        break;
    }
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(!m_pending.isEmpty() && m_master >= 0);
}

void PtyProcess::setWindowSize(int rows, int columns)
{
    if (m_master < 0)
        return;
    winsize size{};
    size.ws_row = static_cast<unsigned short>(rows);
    size.ws_col = static_cast<unsigned short>(columns);
    ::ioctl(m_master, TIOCSWINSZ, &size);
}

void PtyProcess::setReadingPaused(bool paused)
{
    m_paused = paused;
    if (m_readNotifier)
        m_readNotifier->setEnabled(!paused);
}

void PtyProcess::closeMaster()
{
    m_readNotifier.reset();
    m_writeNotifier.reset();
    if (m_master >= 0) {
        ::close(m_master);
        m_master = -1;
    }
}

void PtyProcess::reap()
{
    // While reading is paused the program's last output may still wait in the PTY: the end
    // is reported once it has been read.
    if (m_finished || m_pid <= 0 || (m_paused && m_master >= 0))
        return;
    if (::waitpid(pid_t(m_pid), &m_waitStatus, WNOHANG) != pid_t(m_pid))
        return;
    m_finished = true;
    m_reapTimer->stop();
    if (m_master >= 0) {
        // Whatever the program wrote last is still in the PTY.
        readAvailable();
        closeMaster();
    }
    Q_EMIT finished(m_waitStatus);
}

QString PtyProcess::statusText() const
{
    if (WIFSIGNALED(m_waitStatus))
        return QStringLiteral("killed by signal %1").arg(WTERMSIG(m_waitStatus));
    return QStringLiteral("exited with status %1").arg(WEXITSTATUS(m_waitStatus));
}

} // namespace Econtext::Test
