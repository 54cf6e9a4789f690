#include "core/connect/localtransport.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QStandardPaths>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <utility>
#include <vector>

extern char **environ;

Q_LOGGING_CATEGORY(lcLocal, "econtext.local", QtWarningMsg)

namespace Econtext {

namespace {

void setNonBlocking(int fd)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

constexpr qsizetype ReadChunk = 256 * 1024;

} // namespace

LocalTransport::LocalTransport(QObject *parent)
    : Transport(parent)
{
    m_reapTimer.setInterval(20);
    connect(&m_reapTimer, &QTimer::timeout, this, &LocalTransport::reap);
}

LocalTransport::~LocalTransport()
{
    if (m_pid > 0 && !m_finished) {
        // Closing the link makes the core exit by itself; reap without waiting long.
        closeFd(m_fd);
        closeFd(m_errFd);
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == 0) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, &status, 0);
        }
    }
    closeFd(m_fd);
    closeFd(m_errFd);
}

QString LocalTransport::description() const
{
    return m_program.isEmpty() ? tr("this machine") : m_program;
}

void LocalTransport::closeFd(int &fd)
{
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

void LocalTransport::start(const QStringList &argv)
{
    const QString program = argv.value(0).isEmpty() ? QStringLiteral("python3") : argv.value(0);
    m_program = program;
    QString resolved = program;
    if (!program.contains(u'/')) {
        resolved = QStandardPaths::findExecutable(program);
        if (resolved.isEmpty()) {
            m_failed = true;
            Q_EMIT failed(
                    tr("Cannot start the interpreter: %1 was not found on PATH.").arg(program));
            return;
        }
    } else if (!QFileInfo(program).isExecutable()) {
        m_failed = true;
        Q_EMIT failed(
                QFileInfo::exists(program)
                        ? tr("Cannot start the interpreter: %1 is not executable.").arg(program)
                        : tr("Cannot start the interpreter: %1 does not exist.").arg(program));
        return;
    }

    int pair[2];
    int errPipe[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
        m_failed = true;
        Q_EMIT failed(tr("Cannot create a socket pair: %1.")
                              .arg(QString::fromLocal8Bit(strerror(errno))));
        return;
    }
    if (::pipe2(errPipe, O_CLOEXEC) != 0) {
        ::close(pair[0]);
        ::close(pair[1]);
        m_failed = true;
        Q_EMIT failed(tr("Cannot create a pipe: %1.").arg(QString::fromLocal8Bit(strerror(errno))));
        return;
    }

    // The child's argv.
    const QByteArray path = QFile::encodeName(resolved);
    std::vector<QByteArray> args;
    for (const QString &a : argv)
        args.push_back(a.toLocal8Bit());
    if (args.empty() || args[0].isEmpty())
        args[0] = QFile::encodeName(program);
    std::vector<char *> cargv;
    for (QByteArray &a : args)
        cargv.push_back(a.data());
    cargv.push_back(nullptr);

    // posix_spawn (vfork-style: no copy of the master's page tables, which makes
    // starting an interpreter from a big GUI process cheap) reports exec errors itself.
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pair[1], 0);
    posix_spawn_file_actions_adddup2(&actions, pair[1], 1);
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = -1;
    const int spawnError
            = ::posix_spawn(&pid, path.constData(), &actions, &attr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (spawnError != 0) {
        for (int fd : {pair[0], pair[1], errPipe[0], errPipe[1]})
            ::close(fd);
        m_failed = true;
        Q_EMIT failed(tr("Cannot start the interpreter %1: %2.")
                              .arg(m_program, QString::fromLocal8Bit(strerror(spawnError))));
        return;
    }

    m_pid = pid;
    ::close(pair[1]);
    ::close(errPipe[1]);
    m_fd = pair[0];
    m_errFd = errPipe[0];
    setNonBlocking(m_fd);
    setNonBlocking(m_errFd);
    m_linkOpen = true;
    qCDebug(lcLocal) << "started" << resolved << "pid" << pid;

    m_readNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &LocalTransport::onReadable);
    m_writeNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(pendingWrite() > 0);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &LocalTransport::onWritable);
    m_errNotifier = new QSocketNotifier(m_errFd, QSocketNotifier::Read, this);
    connect(m_errNotifier, &QSocketNotifier::activated, this, &LocalTransport::onStderr);
    // posix_spawn returned after the exec: the interpreter runs.
    QMetaObject::invokeMethod(this, &LocalTransport::started, Qt::QueuedConnection);
}

void LocalTransport::write(const QByteArray &data)
{
    if (!m_linkOpen)
        return;
    if (m_outPos > 0 && m_outPos == m_out.size()) {
        m_out.clear();
        m_outPos = 0;
    }
    m_out.append(data);
    flush();
}

void LocalTransport::flush()
{
    while (m_fd >= 0 && m_outPos < m_out.size()) {
        const ssize_t n = ::send(
                m_fd, m_out.constData() + m_outPos, size_t(m_out.size() - m_outPos), MSG_NOSIGNAL);
        if (n > 0) {
            m_outPos += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        // EPIPE and friends: the far side is gone; the read side will see EOF.
        qCDebug(lcLocal) << "write failed" << strerror(errno);
        m_out.clear();
        m_outPos = 0;
        break;
    }
    if (m_outPos == m_out.size()) {
        m_out.clear();
        m_outPos = 0;
    } else if (m_outPos > 4 * 1024 * 1024) {
        m_out.remove(0, m_outPos);
        m_outPos = 0;
    }
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(pendingWrite() > 0);
}

void LocalTransport::onWritable()
{
    flush();
}

void LocalTransport::onReadable()
{
    // Read a bounded amount per wake-up so one busy context cannot starve the others.
    for (int round = 0; round < 16 && m_fd >= 0 && !m_paused; ++round) {
        // One buffer for every read: a fresh 256 KiB one per read cost more in malloc and
        // page faults than a small message takes to handle. A small read leaves as a copy
        // of its size, a big one takes the buffer along.
        if (m_in.size() != ReadChunk)
            m_in = QByteArray(ReadChunk, Qt::Uninitialized);
        const ssize_t n = ::read(m_fd, m_in.data(), size_t(ReadChunk));
        if (n > 0) {
            QByteArray chunk;
            if (n >= ReadChunk / 4) {
                chunk = std::exchange(m_in, QByteArray());
                chunk.truncate(n);
            } else {
                chunk = QByteArray(m_in.constData(), n);
            }
            Q_EMIT dataReceived(chunk);
            if (n < ReadChunk)
                return;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        linkClosed();
        return;
    }
}

void LocalTransport::onStderr()
{
    char buf[16384];
    for (;;) {
        const ssize_t n = ::read(m_errFd, buf, sizeof buf);
        if (n > 0) {
            Q_EMIT sideOutputReceived(QByteArray(buf, n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        break;
    }
    m_errNotifier->setEnabled(false);
    m_errNotifier->deleteLater();
    m_errNotifier = nullptr;
    closeFd(m_errFd);
    maybeFinish();
}

void LocalTransport::linkClosed()
{
    if (!m_linkOpen)
        return;
    m_linkOpen = false;
    for (QSocketNotifier **n : {&m_readNotifier, &m_writeNotifier}) {
        if (*n) {
            (*n)->setEnabled(false);
            (*n)->deleteLater();
            *n = nullptr;
        }
    }
    closeFd(m_fd);
    maybeFinish();
}

void LocalTransport::maybeFinish()
{
    if (m_linkOpen || m_finished)
        return;
    // stderr may stay open in a grandchild; the link decides. Reap in the background.
    if (!m_reapTimer.isActive()) {
        m_reapTries = 0;
        reap();
        if (!m_finished)
            m_reapTimer.start();
    }
}

void LocalTransport::reap()
{
    int status = 0;
    const pid_t r = m_pid > 0 ? ::waitpid(m_pid, &status, WNOHANG) : -1;
    if (r == 0 && ++m_reapTries < 150)
        return; // still running: it exits by itself once it sees EOF
    m_reapTimer.stop();
    if (r == 0) {
        // Did not exit within ~3 s of losing the link: make sure it goes.
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, &status, 0);
    }
    m_finished = true;
    QString reason = m_closeReason;
    if (reason.isEmpty() && r == m_pid) {
        if (WIFEXITED(status)) {
            m_exitStatus = WEXITSTATUS(status);
            reason = tr("the interpreter exited with status %1").arg(m_exitStatus);
        } else if (WIFSIGNALED(status)) {
            reason = tr("the interpreter was killed by signal %1 (%2)")
                             .arg(WTERMSIG(status))
                             .arg(QString::fromLocal8Bit(strsignal(WTERMSIG(status))));
        }
    }
    if (m_errNotifier) {
        onStderr(); // whatever is left
    }
    Q_EMIT closed(reason);
}

void LocalTransport::pauseReading()
{
    m_paused = true;
    if (m_readNotifier)
        m_readNotifier->setEnabled(false);
}

void LocalTransport::resumeReading()
{
    m_paused = false;
    if (m_readNotifier) {
        m_readNotifier->setEnabled(true);
        QMetaObject::invokeMethod(this, &LocalTransport::onReadable, Qt::QueuedConnection);
    }
}

void LocalTransport::close()
{
    if (m_fd >= 0 && m_linkOpen) {
        flush();
        ::shutdown(m_fd, SHUT_WR);
    }
}

void LocalTransport::kill()
{
    if (m_pid > 0 && !m_finished) {
        if (m_closeReason.isEmpty())
            m_closeReason = tr("killed by the master");
        ::kill(m_pid, SIGKILL);
    }
    linkClosed();
}

} // namespace Econtext
