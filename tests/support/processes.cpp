#include "tests/support/processes.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSet>

#include <csignal>
#include <unistd.h>

namespace Econtext::Test {

namespace {

bool readStat(qint64 pid, ProcessInfo *info)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray stat = f.readAll();
    // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 4 || fields.at(0) == "Z" || fields.at(0) == "X")
        return false;
    info->pid = pid;
    info->ppid = fields.at(1).toLongLong();
    info->pgid = fields.at(2).toLongLong();
    info->sid = fields.at(3).toLongLong();
    const qsizetype open = stat.indexOf('(');
    info->name = stat.mid(open + 1, stat.lastIndexOf(')') - open - 1);
    return true;
}

} // namespace

bool processAlive(qint64 pid)
{
    if (pid <= 0 || ::kill(pid_t(pid), 0) != 0)
        return false;
    ProcessInfo info;
    return readStat(pid, &info);
}

QList<ProcessInfo> liveProcesses()
{
    QList<ProcessInfo> out;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        ProcessInfo info;
        if (ok && readStat(pid, &info))
            out.append(info);
    }
    return out;
}

QList<ProcessInfo> processTree(qint64 pid)
{
    const QList<ProcessInfo> all = liveProcesses();
    QList<ProcessInfo> tree;
    QSet<qint64> members{pid};
    // Parents may come after their children in /proc's order: repeat until nothing is added.
    for (bool grew = true; grew;) {
        grew = false;
        for (const ProcessInfo &p : all) {
            if (!members.contains(p.pid) && members.contains(p.ppid)) {
                members.insert(p.pid);
                grew = true;
            }
        }
    }
    for (const ProcessInfo &p : all) {
        if (members.contains(p.pid))
            tree.append(p);
    }
    return tree;
}

QList<qint64> survivors(const QList<ProcessInfo> &tree)
{
    QSet<qint64> pids;
    QSet<qint64> sessions;
    for (const ProcessInfo &p : tree) {
        pids.insert(p.pid);
        sessions.insert(p.sid);
    }
    QList<qint64> left;
    for (const ProcessInfo &p : liveProcesses()) {
        if (pids.contains(p.pid) || sessions.contains(p.sid))
            left.append(p.pid);
    }
    return left;
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
