// The Python interpreters present on this machine, for data-driven tests:
// /usr/bin/python3 and pyenv's 2.7 and 3.6-3.13. Absent ones are skipped and
// named on stdout once, so a run shows what it covered.
#pragma once

#include <QList>
#include <QString>

namespace Econtext::Test {

struct Interpreter
{
    QString label; // "py3.11-system", "py2.7", "py3.13"
    QString path;
    int major = 0;
    int minor = 0;
};

QList<Interpreter> availableInterpreters();
// Adds a QString column "python" (the path) and one row per interpreter, named by label.
void addInterpreterRows();

} // namespace Econtext::Test
