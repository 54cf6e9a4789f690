#include "tests/support/pythons.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

#include <cstdio>

namespace Econtext::Test {

QList<Interpreter> availableInterpreters()
{
    static const QList<Interpreter> found = [] {
        QList<Interpreter> list;
        QStringList skipped;
        if (QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable()) {
            // The system interpreter's version is read from its binary name's target.
            list.append({QStringLiteral("py3-system"), QStringLiteral("/usr/bin/python3"), 3, 0});
        } else {
            skipped << QStringLiteral("/usr/bin/python3");
        }
        // Where the module server's bytecode cache looks for them too.
        const QString pyenv = (qEnvironmentVariableIsSet("PYENV_ROOT")
                                       ? qEnvironmentVariable("PYENV_ROOT")
                                       : QDir::homePath() + QStringLiteral("/.pyenv"))
                              + QStringLiteral("/versions");
        const QList<std::pair<int, int>> wanted
                = {{2, 7}, {3, 6}, {3, 7}, {3, 8}, {3, 9}, {3, 10}, {3, 11}, {3, 12}, {3, 13}};
        const QStringList versions
                = QDir(pyenv).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        for (const auto &[major, minor] : wanted) {
            const QString prefix = QStringLiteral("%1.%2.").arg(major).arg(minor);
            QString path;
            for (const QString &v : versions) {
                const QString candidate = pyenv + u'/' + v + QStringLiteral("/bin/python");
                if (v.startsWith(prefix) && QFileInfo(candidate).isExecutable())
                    path = candidate;
            }
            const QString label = QStringLiteral("py%1.%2").arg(major).arg(minor);
            if (path.isEmpty())
                skipped << label;
            else
                list.append({label, path, major, minor});
        }
        QStringList labels;
        for (const Interpreter &i : list)
            labels << i.label + QStringLiteral(" (") + i.path + u')';
        std::printf("Python interpreters tested: %s\n",
                    qPrintable(labels.join(QStringLiteral(", "))));
        if (!skipped.isEmpty())
            std::printf("SKIPPED (absent on this machine): %s\n",
                        qPrintable(skipped.join(QStringLiteral(", "))));
        std::fflush(stdout);
        return list;
    }();
    return found;
}

void addInterpreterRows()
{
    QTest::addColumn<QString>("python");
    const QList<Interpreter> list = availableInterpreters();
    for (const Interpreter &i : list)
        QTest::newRow(qPrintable(i.label)) << i.path;
}

} // namespace Econtext::Test
