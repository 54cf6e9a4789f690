// econtext-terminal-bench: how fast the terminal widget takes a flood, and whether the GUI
// stays responsive meanwhile; and a demo window running a program on a local PTY, for
// looking at the widget. A developer's tool, not installed.
//
//   econtext-terminal-bench [--megabytes 100] [--size 80x24] [--rounds 1]
//       Feeds mixed output (text, 16/256/true colours, UTF-8 with wide characters, cursor
//       moves and line erases as top and ls --color write them) through a shown
//       TerminalWidget the way a flow-controlled channel would: 64 KiB at a time, never
//       more than 1 MiB queued. Prints MB/s into the emulator (wall clock and CPU time),
//       the frames painted, and the lateness of a 10 ms timer meanwhile (p50, p99, max):
//       the event loop's latency; then the same through the emulator alone (no widget,
//       no painting), the ceiling. Prints figures; asserts nothing.
//   econtext-terminal-bench --demo [--size 100x30] [--shot FILE --after SECONDS] [--type TEXT]
//       [--find TEXT] -- PROGRAM [ARGS...]
//       A window with the terminal running PROGRAM; --type types TEXT (\r for Enter) a
//       second after the start, --find searches for TEXT after two, --shot saves the window to FILE
//       and quits after SECONDS.
#include "tests/support/ptyprocess.h"
#include "tests/support/terminalpty.h"
#include "ui/terminal/terminalfindbar.h"
#include "ui/terminal/terminalwidget.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QScrollBar>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace Econtext;

namespace {

double cpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

// About a megabyte of what terminals are sent: plain lines of many lengths, coloured
// ls-like listings, 256 and true colour, UTF-8 text with CJK and emoji, and top-like
// screens redrawn in place with cursor moves and line erases.
QByteArray mixedOutput()
{
    QByteArray out;
    const QByteArray words[] = {"alpha",
                                "beta",
                                "gamma",
                                "delta",
                                "context",
                                "terminal",
                                "econtext",
                                "python",
                                "broker",
                                "flood",
                                "scrollback",
                                "libvterm"};
    unsigned seed = 12345;
    const auto next = [&seed] {
        seed = seed * 1103515245u + 12345u;
        return (seed >> 16) & 0x7fff;
    };
    int line = 0;
    while (out.size() < 1024 * 1024) {
        ++line;
        switch (next() % 8) {
        case 0:
        case 1:
        case 2: { // plain text of 0 to ~120 characters
            const unsigned n = next() % 20;
            for (unsigned i = 0; i < n; ++i)
                out += words[next() % 12] + ' ';
            out += "\r\n";
            break;
        }
        case 3: // ls --color
            out += "\x1b[0m\x1b[01;34mdirectory\x1b[0m  \x1b[01;32mprogram.sh\x1b[0m  "
                   "\x1b[01;36mlink\x1b[0m  plain.txt  \x1b[01;31marchive.tar.gz\x1b[0m\r\n";
            break;
        case 4: // 256 colours and true colour
            out += "\x1b[38;5;" + QByteArray::number(next() % 256) + "mcolour "
                   + QByteArray::number(line) + "\x1b[48;2;" + QByteArray::number(next() % 256)
                   + ";40;80m true colour background \x1b[0m \x1b[1mbold\x1b[0m "
                     "\x1b[3mitalic\x1b[0m "
                     "\x1b[4munderline\x1b[0m\r\n";
            break;
        case 5: // UTF-8, wide characters
            out += "Grüße, naïve café — 日本語のテキスト 中文 한국어 😀 ✓ ─────\r\n";
            break;
        case 6: // a top-like redraw: home, rows rewritten and erased to the end of line
            out += "\x1b[H\x1b[7m  PID USER      %CPU %MEM COMMAND\x1b[0m\x1b[K\r\n";
            for (int r = 0; r < 5; ++r) {
                out += QByteArray::number(1000 + next() % 9000) + " root      "
                       + QByteArray::number(next() % 100) + ".0  0.1 worker\x1b[K\r\n";
            }
            out += "\x1b[24;1H";
            break;
        default: // tabs and a long line that wraps
            out += "col1\tcol2\tcol3\t" + QByteArray(150, 'x') + "\r\n";
            break;
        }
    }
    return out;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const std::size_t index = std::min(values.size() - 1, std::size_t(p * double(values.size())));
    return values[index];
}

// Counts the paint events of the terminal's viewport.
class PaintCounter : public QObject
{
public:
    int count = 0;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++count;
        return false;
    }
};

void runBench(qint64 megabytes, QSize grid)
{
    TerminalWidget terminal;
    // The widget's size for the grid asked for.
    const QSize cell = terminal.cellSize();
    terminal.resize(grid.width() * cell.width() + 4
                            + terminal.verticalScrollBar()->sizeHint().width()
                            + 2 * terminal.frameWidth(),
                    grid.height() * cell.height() + 4 + 2 * terminal.frameWidth());
    terminal.show();
    QApplication::processEvents();
    PaintCounter paints;
    terminal.viewport()->installEventFilter(&paints);

    const QByteArray pool = mixedOutput();
    const qint64 total = megabytes * 1024 * 1024;
    constexpr qint64 Chunk = 64 * 1024;
    constexpr qint64 Window = 1024 * 1024;
    qint64 sent = 0;
    qint64 poolOffset = 0;
    const auto refill = [&] {
        while (sent < total && terminal.queuedBytes() < Window) {
            const qint64 n = std::min({Chunk, total - sent, qint64(pool.size()) - poolOffset});
            terminal.feed(QByteArrayView(pool).sliced(poolOffset, n));
            sent += n;
            poolOffset = (poolOffset + n) % pool.size();
        }
    };

    QEventLoop loop;
    QObject::connect(&terminal, &TerminalWidget::bytesProcessed, &terminal, [&] {
        refill();
        if (sent >= total && terminal.queuedBytes() == 0)
            loop.quit();
    });

    // The event loop's latency: how late a 10 ms timer fires.
    std::vector<double> lateness;
    QElapsedTimer sinceTick;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(10);
    QObject::connect(&probe, &QTimer::timeout, &probe, [&] {
        lateness.push_back(std::max(0.0, double(sinceTick.nsecsElapsed()) / 1e6 - 10.0));
        sinceTick.start();
    });

    QElapsedTimer wall;
    const double cpu0 = cpuSeconds();
    wall.start();
    sinceTick.start();
    probe.start();
    refill();
    loop.exec();
    probe.stop();
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    const double cpu = cpuSeconds() - cpu0;
    const double mb = double(total) / (1024.0 * 1024.0);
    std::printf("grid %dx%d: %.0f MB in %.2f s: %.1f MB/s wall, %.1f MB/s of CPU time; %d frames "
                "(%.0f/s); 10 ms timer late by p50 %.1f ms, p99 %.1f ms, max %.1f ms (%zu ticks); "
                "scrollback %d lines, %.1f MiB\n",
                terminal.columns(),
                terminal.rows(),
                mb,
                seconds,
                mb / seconds,
                mb / cpu,
                paints.count,
                paints.count / seconds,
                percentile(lateness, 0.5),
                percentile(lateness, 0.99),
                percentile(lateness, 1.0),
                lateness.size(),
                terminal.screen()->historyLines(),
                double(terminal.screen()->scrollbackMemory()) / (1024.0 * 1024.0));
    std::fflush(stdout);
}

// The same output through the emulator alone (TerminalScreen: libvterm and the scrollback),
// with no widget, painting or event loop: the ceiling the widget works under.
void runEmulatorOnly(qint64 megabytes, QSize grid)
{
    TerminalScreen screen(grid.height(), grid.width());
    const QByteArray pool = mixedOutput();
    const qint64 total = megabytes * 1024 * 1024;
    constexpr qint64 Slice = 16 * 1024;
    QElapsedTimer wall;
    const double cpu0 = cpuSeconds();
    wall.start();
    qint64 offset = 0;
    for (qint64 sent = 0; sent < total;) {
        const qint64 n = std::min({Slice, total - sent, qint64(pool.size()) - offset});
        screen.write(QByteArrayView(pool).sliced(offset, n));
        sent += n;
        offset = (offset + n) % pool.size();
    }
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    const double mb = double(total) / (1024.0 * 1024.0);
    std::printf("grid %dx%d, emulator alone: %.1f MB/s wall, %.1f MB/s of CPU time\n",
                grid.width(),
                grid.height(),
                mb / seconds,
                mb / (cpuSeconds() - cpu0));
    std::fflush(stdout);
}

QSize parseGrid(const QString &text, QSize fallback)
{
    const QStringList parts = text.split(u'x');
    if (parts.size() != 2)
        return fallback;
    const int cols = parts[0].toInt();
    const int rows = parts[1].toInt();
    return cols > 0 && rows > 0 ? QSize(cols, rows) : fallback;
}

} // namespace

int main(int argc, char **argv)
{
    const bool demo = std::any_of(
            argv + 1, argv + argc, [](const char *a) { return qstrcmp(a, "--demo") == 0; });
    if (!demo && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Terminal widget benchmark and demo"));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("megabytes"),
                      QStringLiteral("Output to feed."),
                      QStringLiteral("MB"),
                      QStringLiteral("100")});
    parser.addOption(
            {QStringLiteral("size"), QStringLiteral("Grid, COLSxROWS."), QStringLiteral("size")});
    parser.addOption({QStringLiteral("rounds"),
                      QStringLiteral("Rounds per grid."),
                      QStringLiteral("n"),
                      QStringLiteral("1")});
    parser.addOption(
            {QStringLiteral("demo"), QStringLiteral("Run the program after -- in a window.")});
    parser.addOption({QStringLiteral("shot"),
                      QStringLiteral("Save the window to FILE."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("after"),
                      QStringLiteral("Seconds before --shot."),
                      QStringLiteral("s"),
                      QStringLiteral("3")});
    parser.addOption({QStringLiteral("find"),
                      QStringLiteral("Text to search for two seconds after the start."),
                      QStringLiteral("TEXT")});
    parser.addOption({QStringLiteral("type"),
                      QStringLiteral("Text to type a second after the start."),
                      QStringLiteral("TEXT")});
    parser.process(app);

    if (!parser.isSet(QStringLiteral("demo"))) {
        const qint64 megabytes = std::max(1, parser.value(QStringLiteral("megabytes")).toInt());
        const int rounds = std::max(1, parser.value(QStringLiteral("rounds")).toInt());
        QList<QSize> grids{QSize(80, 24), QSize(200, 50)};
        if (parser.isSet(QStringLiteral("size")))
            grids = {parseGrid(parser.value(QStringLiteral("size")), QSize(80, 24))};
        // Grids alternated round by round, so a busy moment of the machine hits both.
        for (int round = 0; round < rounds; ++round) {
            for (const QSize grid : std::as_const(grids)) {
                runBench(megabytes, grid);
                runEmulatorOnly(megabytes, grid);
            }
        }
        return 0;
    }

    const QStringList program = parser.positionalArguments();
    if (program.isEmpty()) {
        std::fprintf(stderr, "--demo needs a program after --\n");
        return 2;
    }
    TerminalWidget terminal;
    terminal.setWindowTitle(program.join(u' '));
    const QSize grid = parseGrid(parser.value(QStringLiteral("size")), QSize(100, 30));
    const QSize cell = terminal.cellSize();
    terminal.resize(grid.width() * cell.width() + 4
                            + terminal.verticalScrollBar()->sizeHint().width()
                            + 2 * terminal.frameWidth(),
                    grid.height() * cell.height() + 4 + 2 * terminal.frameWidth());
    terminal.show();
    terminal.activateWindow();
    terminal.setFocus();
    QApplication::processEvents();
    Test::PtyProcess pty;
    Test::wireTerminal(&pty, &terminal);
    QObject::connect(&terminal, &TerminalWidget::titleChanged, &terminal, &QWidget::setWindowTitle);
    if (!pty.start(program, terminal.rows(), terminal.columns())) {
        std::fprintf(stderr, "%s\n", qPrintable(pty.errorString()));
        return 1;
    }
    if (parser.isSet(QStringLiteral("type"))) {
        QString text = parser.value(QStringLiteral("type"));
        text.replace(QLatin1String("\\r"), QLatin1String("\r"))
                .replace(QLatin1String("\\e"), QLatin1String("\x1b"));
        QTimer::singleShot(
                1000, &terminal, [&terminal, text] { terminal.screen()->sendText(text); });
    }
    if (parser.isSet(QStringLiteral("find"))) {
        const QString text = parser.value(QStringLiteral("find"));
        QTimer::singleShot(2000, &terminal, [&terminal, text] {
            terminal.showFindBar();
            terminal.findBar()->lineEdit()->setText(text);
        });
    }
    if (parser.isSet(QStringLiteral("shot"))) {
        const QString file = parser.value(QStringLiteral("shot"));
        const int ms = int(parser.value(QStringLiteral("after")).toDouble() * 1000);
        QTimer::singleShot(ms, &terminal, [&terminal, file] {
            terminal.window()->grab().save(file);
            QApplication::quit();
        });
    }
    return app.exec();
}
