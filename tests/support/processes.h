// Process checks for tests that make sure nothing is left running, or that a command a
// test started really runs (its program exec'd) before the test signals it.
#pragma once

#include <QByteArray>
#include <QList>
#include <QStringList>
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
// The pids of the live processes of this user whose argument vector is exactly argv (read
// from /proc/PID/cmdline, which changes at exec: a forked shell that is about to run
// "sleep 30" does not count until it is sleep). Tests make argv unique per test process
// (see uniqueSeconds()), since other test runs share the machine.
QList<qint64> processesRunning(const QStringList &argv);

// A duration for `sleep` that no other process on the machine uses: "<seconds>.<our pid>".
QString uniqueSeconds(int seconds);

} // namespace Econtext::Test
