#include "tests/support/processes.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <csignal>
#include <unistd.h>

namespace Econtext::Test {

bool processAlive(qint64 pid)
{
    if (pid <= 0 || ::kill(pid_t(pid), 0) != 0)
        return false;
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    return !f.readAll().contains(") Z ");
}

QList<qint64> processesRunning(const QStringList &argv)
{
    QByteArray wanted;
    for (const QString &arg : argv)
        wanted += arg.toLocal8Bit() + '\0';
    QList<qint64> pids;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (!ok)
            continue;
        QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (f.open(QIODevice::ReadOnly) && f.readAll() == wanted && processAlive(pid))
            pids.append(pid);
    }
    return pids;
}

QString uniqueSeconds(int seconds)
{
    return QStringLiteral("%1.%2").arg(seconds).arg(QCoreApplication::applicationPid());
}

} // namespace Econtext::Test
