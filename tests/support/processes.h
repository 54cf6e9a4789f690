// Process checks for tests that make sure nothing is left running.
#pragma once

#include <QByteArray>
#include <QList>
#include <QtGlobal>

namespace Econtext::Test {

// True while the process exists and is not a zombie (a zombie is gone for our purposes).
bool processAlive(qint64 pid);

// A live (not zombie) process as /proc/PID/stat has it.
struct ProcessInfo
{
    qint64 pid = 0;
    qint64 ppid = 0;
    qint64 pgid = 0;
    qint64 sid = 0;
    QByteArray name; // the command name (comm)
};

// Every live process on the machine.
QList<ProcessInfo> liveProcesses();
// pid and its live descendants.
QList<ProcessInfo> processTree(qint64 pid);
// The live processes among pids, and those in one of the sessions sids: what is left of a
// tree once it should be gone (the orphan check).
QList<qint64> survivors(const QList<ProcessInfo> &tree);

} // namespace Econtext::Test
