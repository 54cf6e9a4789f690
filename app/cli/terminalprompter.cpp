#include "app/cli/terminalprompter.h"

#include <QCoreApplication>
#include <QThread>

#include <cstdio>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace Econtext::Cli {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(EcontextCli)
};

// Reads one line from fd; with echo off for secrets. Returns false on EOF.
bool readLine(int fd, bool echo, QByteArray *line)
{
    termios saved{};
    const bool isTty = ::tcgetattr(fd, &saved) == 0;
    if (isTty && !echo) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    line->clear();
    bool ok = false;
    char c;
    while (::read(fd, &c, 1) == 1) {
        if (c == '\n') {
            ok = true;
            break;
        }
        line->append(c);
    }
    if (isTty && !echo) {
        ::tcsetattr(fd, TCSAFLUSH, &saved);
        [[maybe_unused]] ssize_t n = ::write(fd, "\n", 1);
    }
    return ok || !line->isEmpty();
}

} // namespace

TerminalPrompter::TerminalPrompter(bool interactive)
    : m_interactive(interactive)
{}

TerminalPrompter::~TerminalPrompter() = default;

void TerminalPrompter::ask(const PromptRequest &request, PromptReply reply)
{
    if (!m_interactive) {
        reply(PromptAnswer{});
        return;
    }
    QThread *thread = QThread::create([this, request, reply] { reply(askNow(request)); });
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

PromptAnswer TerminalPrompter::askNow(const PromptRequest &request)
{
    QMutexLocker lock(&m_terminal);
    PromptAnswer answer;
    const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return answer;
    auto say = [fd](const QString &text) {
        const QByteArray b = text.toLocal8Bit();
        [[maybe_unused]] ssize_t n = ::write(fd, b.constData(), size_t(b.size()));
    };
    QByteArray line;
    switch (request.kind) {
    case PromptRequest::Kind::UnknownHostKey:
        say(Tr::tr("The authenticity of host %1 can't be established.\n"
                   "%2 key fingerprint is %3.\n"
                   "Trust it and remember it in known_hosts (yes/no/once)? ")
                    .arg(request.target, request.keyType, request.fingerprint));
        if (readLine(fd, true, &line)) {
            const QByteArray a = line.trimmed().toLower();
            if (a == "yes" || a == "y")
                answer.decision = PromptAnswer::Decision::AcceptAndSave;
            else if (a == "once")
                answer.decision = PromptAnswer::Decision::AcceptOnce;
        }
        break;
    case PromptRequest::Kind::Passphrase:
        say(Tr::tr("Passphrase for %1: ").arg(request.identityFile));
        if (readLine(fd, false, &line)) {
            answer.decision = PromptAnswer::Decision::Text;
            answer.text = QString::fromLocal8Bit(line);
        }
        break;
    case PromptRequest::Kind::Password:
    case PromptRequest::Kind::Question:
        say(request.prompt.isEmpty() ? Tr::tr("Password for %1: ").arg(request.target)
                                     : request.prompt + u' ');
        if (readLine(fd, request.kind == PromptRequest::Kind::Question && request.echo, &line)) {
            answer.decision = PromptAnswer::Decision::Text;
            answer.text = QString::fromLocal8Bit(line);
        }
        break;
    }
    line.fill('\0');
    ::close(fd);
    return answer;
}

} // namespace Econtext::Cli
