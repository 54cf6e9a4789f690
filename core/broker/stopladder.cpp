#include "core/broker/stopladder.h"

#include <csignal>

namespace Econtext {

int StopLadder::signalAt(int step)
{
    return step <= 0 ? SIGINT : step == 1 ? SIGTERM : SIGKILL;
}

QString StopLadder::signalName(int signal)
{
    switch (signal) {
    case SIGHUP:
        return QStringLiteral("SIGHUP");
    case SIGINT:
        return QStringLiteral("SIGINT");
    case SIGQUIT:
        return QStringLiteral("SIGQUIT");
    case SIGABRT:
        return QStringLiteral("SIGABRT");
    case SIGKILL:
        return QStringLiteral("SIGKILL");
    case SIGSEGV:
        return QStringLiteral("SIGSEGV");
    case SIGPIPE:
        return QStringLiteral("SIGPIPE");
    case SIGTERM:
        return QStringLiteral("SIGTERM");
    default:
        return tr("signal %1").arg(signal);
    }
}

QString StopLadder::endedBy(int signal)
{
    switch (signal) {
    case SIGINT:
        return tr("interrupted (SIGINT)");
    case SIGTERM:
        return tr("terminated (SIGTERM)");
    case SIGKILL:
        return tr("killed (SIGKILL)");
    default:
        return tr("killed by %1").arg(signalName(signal));
    }
}

StopLadder::StopLadder(Send send, QObject *parent)
    : QObject(parent)
    , m_send(std::move(send))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &StopLadder::step);
}

void StopLadder::start(int delayMs)
{
    m_sent.clear();
    m_exhausted = false;
    m_timer.start(delayMs);
}

void StopLadder::stop()
{
    m_timer.stop();
}

QString StopLadder::sentText() const
{
    QString text;
    for (int signal : m_sent)
        text = text.isEmpty() ? signalName(signal)
                              : tr("%1, then %2").arg(text, signalName(signal));
    return text;
}

void StopLadder::step()
{
    if (!m_sent.isEmpty() && m_sent.last() == SIGKILL) {
        m_exhausted = true;
        Q_EMIT exhausted();
        return;
    }
    const int signal = signalAt(int(m_sent.size()));
    m_sent.append(signal);
    m_send(signal);
    m_timer.start(GraceMs);
}

} // namespace Econtext
