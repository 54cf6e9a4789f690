#include "tests/support/processes.h"

#include <QFile>

#include <csignal>

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

} // namespace Econtext::Test
