// The terminal widget against real programs on real PTYs (forkpty): colours and attributes
// from printf and tput, less and a curses program drawing full screen on the alternate
// screen, a resize reaching the program as SIGWINCH, Ctrl+C/Z/D through the PTY, bracketed
// paste, wide and combining characters, a bounded and searchable scrollback, selection and
// copy, the key encoding, mouse reporting, zoom, the end of a program, and a flood that
// leaves the event loop its turn. The grid is read back through TerminalScreen.
#include "tests/support/processes.h"
#include "tests/support/ptyprocess.h"
#include "tests/support/terminalpty.h"
#include "ui/terminal/terminalfindbar.h"
#include "ui/terminal/terminalscreen.h"
#include "ui/terminal/terminalwidget.h"
#include "ui/widgets/fixedfont.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWheelEvent>

#include <csignal>
#include <memory>

using namespace Econtext;
using Econtext::Test::PtyProcess;

namespace {

// Programs on a loaded machine start slowly; nothing here waits this long when it works.
constexpr int Timeout = 30000;

// A Python program that puts its terminal in raw mode, says "ready" (followed by its first
// argument, with escapes such as \x1b), and reads until it gets a "!" (or its second
// argument), then prints what it got before the "!" (or all of it) in hex.
const char *const s_rawReader = R"(import os, sys, tty
tty.setraw(0)
query = sys.argv[1].encode().decode("unicode_escape").encode("latin-1") if len(sys.argv) > 1 else b""
end = sys.argv[2].encode() if len(sys.argv) > 2 else b"!"
os.write(1, b"ready\r\n" + query)
data = b""
while not data.endswith(end):
    chunk = os.read(0, 4096)
    if not chunk:
        break
    data += chunk
if end == b"!":
    data = data[:-1]
os.write(1, b"got:" + data.hex().encode() + b"\r\n")
)";

// A curses program: a border, its size, a red bold text at (5, 10); ends on a key.
const char *const s_cursesProgram = R"(import curses
def main(scr):
    curses.start_color()
    curses.use_default_colors()
    curses.init_pair(1, curses.COLOR_RED, -1)
    h, w = scr.getmaxyx()
    scr.border()
    scr.addstr(2, 4, "size %dx%d" % (h, w))
    scr.addstr(5, 10, "curses here", curses.color_pair(1) | curses.A_BOLD)
    scr.refresh()
    scr.getch()
curses.wrapper(main)
print("curses done")
)";

// Prints the window size it reads (TIOCGWINSZ) whenever SIGWINCH arrives.
const char *const s_winchProgram = R"(import os, signal, sys
def on_winch(signum, frame):
    size = os.get_terminal_size(0)
    sys.stdout.write("winch %d %d\n" % (size.lines, size.columns))
    sys.stdout.flush()
signal.signal(signal.SIGWINCH, on_winch)
sys.stdout.write("ready\n")
sys.stdout.flush()
while True:
    signal.pause()
)";

QString hex(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toHex());
}

// The state letter of /proc/PID/stat ('S' sleeping, 'T' stopped, ...), or 0.
char processState(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = stat.readAll();
    const qsizetype paren = line.lastIndexOf(')');
    return paren >= 0 && paren + 2 < line.size() ? line.at(paren + 2) : 0;
}

} // namespace

class TestTerminalWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void gridFollowsViewport();
    void colorsAndAttributes();
    void lessFullScreen();
    void cursesProgram();
    void resizeReachesProgram();
    void ctrlCInterruptsSleep();
    void ctrlZStopsAndCtrlDEnds();
    void bracketedPaste_data();
    void bracketedPaste();
    void wideAndCombiningCharacters();
    void scrollbackBoundedAndSearchable();
    void selectionAndCopy();
    void keyEncoding_data();
    void keyEncoding();
    void mouseReporting();
    void scrollingAndWheel();
    void answersQueries();
    void zoomChangesGrid();
    void shortcutsInsideAWindow();
    void endedKeepsScreenAndTakesNoInput();
    void floodIsFedInSlices();

private:
    // Starts argv on a PTY wired to the terminal.
    PtyProcess *run(const QStringList &argv, const QStringList &environment = {});
    // Whether some row of the screen reads exactly text.
    bool screenHasRow(const QString &text) const;
    QString screenDump() const;
    QString scriptPath(const char *name, const char *source);

    QTemporaryDir m_dir;
    QString m_python;
    std::unique_ptr<TerminalWidget> m_terminal;
    std::unique_ptr<PtyProcess> m_pty;
};

void TestTerminalWidget::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_python = QStandardPaths::findExecutable(QStringLiteral("python3"),
                                              {QStringLiteral("/usr/bin")});
    QVERIFY2(!m_python.isEmpty(), "the tests need /usr/bin/python3");
}

void TestTerminalWidget::init()
{
    m_terminal = std::make_unique<TerminalWidget>();
    m_terminal->resize(700, 440);
    m_terminal->show();
    m_terminal->activateWindow();
    QVERIFY(QTest::qWaitForWindowExposed(m_terminal.get()));
    m_terminal->setFocus();
}

void TestTerminalWidget::cleanup()
{
    m_pty.reset();
    m_terminal.reset();
}

PtyProcess *TestTerminalWidget::run(const QStringList &argv, const QStringList &environment)
{
    m_pty = std::make_unique<PtyProcess>();
    Test::wireTerminal(m_pty.get(), m_terminal.get());
    QStringList env = environment;
    env << QStringLiteral("PS1=$ ") << QStringLiteral("LESSHISTFILE=-") << QStringLiteral("LESS=");
    if (!m_pty->start(argv, m_terminal->rows(), m_terminal->columns(), env))
        qWarning("%s", qPrintable(m_pty->errorString()));
    return m_pty.get();
}

bool TestTerminalWidget::screenHasRow(const QString &text) const
{
    const TerminalScreen *screen = m_terminal->screen();
    for (int row = 0; row < screen->rows(); ++row) {
        if (screen->rowText(row) == text)
            return true;
    }
    return false;
}

QString TestTerminalWidget::screenDump() const
{
    const TerminalScreen *screen = m_terminal->screen();
    QStringList rows;
    for (int row = 0; row < screen->rows(); ++row)
        rows << QStringLiteral("%1|%2").arg(row, 2).arg(screen->rowText(row));
    return u'\n' + rows.join(u'\n');
}

QString TestTerminalWidget::scriptPath(const char *name, const char *source)
{
    const QString path = m_dir.filePath(QString::fromLatin1(name));
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(source);
    return path;
}

void TestTerminalWidget::gridFollowsViewport()
{
    QSignalSpy sizes(m_terminal.get(), &TerminalWidget::sizeChanged);
    const QSize cell = m_terminal->cellSize();
    QVERIFY(cell.width() > 0 && cell.height() > 0);
    const int rows = m_terminal->rows();
    const int columns = m_terminal->columns();
    QCOMPARE(rows, (m_terminal->viewport()->height() - 4) / cell.height());
    QCOMPARE(columns, (m_terminal->viewport()->width() - 4) / cell.width());
    m_terminal->resize(m_terminal->width() + 5 * cell.width(),
                       m_terminal->height() + 3 * cell.height());
    QTRY_COMPARE(sizes.size(), 1);
    QCOMPARE(sizes.constLast().at(0).toInt(), rows + 3);
    QCOMPARE(sizes.constLast().at(1).toInt(), columns + 5);
    QCOMPARE(m_terminal->screen()->rows(), rows + 3);
}

void TestTerminalWidget::colorsAndAttributes()
{
    // printf for 16, 256 and true colours and the attributes; tput for what terminfo says
    // xterm-256color does.
    const QString script = QStringLiteral(
            R"(printf '\033[1;31mRED\033[0m \033[3;4mit\033[0m \033[38;5;196mX\033[38;2;1;2;3mT\033[0m \033[7mR\033[0m \033[92mG\033[48;5;21mB\033[0m \033[9mS\033[0m\n'; tput setaf 4; printf blue; tput sgr0; printf '\n')");
    run({QStringLiteral("/bin/sh"), QStringLiteral("-c"), script});
    QTRY_VERIFY_WITH_TIMEOUT(m_terminal->isEnded(), Timeout);
    const TerminalScreen *screen = m_terminal->screen();
    QTRY_COMPARE(screen->rowText(0), QStringLiteral("RED it XT R GB S"));
    QCOMPARE(screen->rowText(1), QStringLiteral("blue"));
    const int line = screen->historyLines();

    const TerminalCell red = screen->cell(line, 0);
    QCOMPARE(red.text(), QStringLiteral("R"));
    QVERIFY(red.bold);
    QVERIFY(!red.defaultForeground);
    QCOMPARE(red.foreground, qRgb(0xcc, 0x00, 0x00));
    QVERIFY(red.defaultBackground);

    const TerminalCell space = screen->cell(line, 3);
    QVERIFY(space.defaultForeground);
    QVERIFY(!space.bold);

    const TerminalCell italic = screen->cell(line, 4);
    QVERIFY(italic.italic);
    QCOMPARE(italic.underline, 1);
    QVERIFY(italic.defaultForeground);

    QCOMPARE(screen->cell(line, 7).foreground, qRgb(255, 0, 0)); // 256 colours: 196
    QCOMPARE(screen->cell(line, 8).foreground, qRgb(1, 2, 3));   // true colour
    QVERIFY(screen->cell(line, 10).reverse);
    QCOMPARE(screen->cell(line, 12).foreground, qRgb(0x8a, 0xe2, 0x34)); // bright green
    const TerminalCell blueBackground = screen->cell(line, 13);
    QVERIFY(!blueBackground.defaultBackground);
    QCOMPARE(blueBackground.background, qRgb(0, 0, 255)); // 256 colours: 21
    QVERIFY(screen->cell(line, 15).strike);

    const TerminalCell blue = screen->cell(line + 1, 0);
    QCOMPARE(blue.foreground, qRgb(0x34, 0x65, 0xa4));
    QCOMPARE(blue.text(), QStringLiteral("b"));
}

void TestTerminalWidget::lessFullScreen()
{
    const QString less = QStandardPaths::findExecutable(QStringLiteral("less"));
    if (less.isEmpty())
        QSKIP("less is not installed");
    QFile file(m_dir.filePath(QStringLiteral("numbers.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    for (int i = 1; i <= 200; ++i)
        file.write(QByteArrayLiteral("line ") + QByteArray::number(i) + '\n');
    file.close();

    const int rows = m_terminal->rows();
    run({QStringLiteral("/bin/sh"),
         QStringLiteral("-c"),
         QStringLiteral("echo before; %1 %2; echo after").arg(less, file.fileName())});
    const TerminalScreen *screen = m_terminal->screen();
    QTRY_VERIFY_WITH_TIMEOUT(screen->isAltScreen() && screen->rowText(0) == QLatin1String("line 1"),
                             Timeout);
    // less fills the screen but its last row, where its prompt stands out.
    QTRY_COMPARE(screen->rowText(rows - 2), QStringLiteral("line %1").arg(rows - 1));
    QTRY_VERIFY(screen->rowText(rows - 1).contains(QLatin1String("numbers.txt")));
    QVERIFY(screen->cell(screen->historyLines() + rows - 1, 0).reverse);

    QTest::keyClick(m_terminal.get(), Qt::Key_Space);
    QTRY_COMPARE_WITH_TIMEOUT(screen->rowText(0), QStringLiteral("line %1").arg(rows), Timeout);
    QTest::keyClicks(m_terminal.get(), QStringLiteral("G"));
    QTRY_COMPARE_WITH_TIMEOUT(screen->rowText(rows - 2), QStringLiteral("line 200"), Timeout);

    // Leaving less leaves the alternate screen: the shell's lines are back, less's gone.
    QTest::keyClick(m_terminal.get(), Qt::Key_Q);
    QTRY_VERIFY_WITH_TIMEOUT(m_terminal->isEnded(), Timeout);
    QTRY_VERIFY(!screen->isAltScreen());
    QTRY_COMPARE(screen->rowText(1), QStringLiteral("after"));
    QCOMPARE(screen->rowText(0), QStringLiteral("before"));
    for (int row = 0; row < rows; ++row)
        QVERIFY2(!screen->rowText(row).startsWith(QLatin1String("line")), qPrintable(screenDump()));
}

void TestTerminalWidget::cursesProgram()
{
    const TerminalScreen *screen = m_terminal->screen();
    const int rows = m_terminal->rows();
    const int columns = m_terminal->columns();
    run({m_python, scriptPath("curses_program.py", s_cursesProgram)});
    QTRY_VERIFY2_WITH_TIMEOUT(screen->rowText(5).mid(10).startsWith(QLatin1String("curses here ")),
                              qPrintable(screenDump()),
                              Timeout);
    QVERIFY(screen->isAltScreen());
    const int top = screen->historyLines();
    // The border in DEC line drawing, translated by libvterm.
    QCOMPARE(screen->cell(top, 0).text(), QStringLiteral("┌"));
    QCOMPARE(screen->cell(top, columns - 1).text(), QStringLiteral("┐"));
    QCOMPARE(screen->cell(top + rows - 1, 0).text(), QStringLiteral("└"));
    const QString size = QStringLiteral("size %1x%2 ").arg(rows).arg(columns);
    QVERIFY2(screen->rowText(2).mid(4).startsWith(size), qPrintable(screenDump()));
    const TerminalCell text = screen->cell(top + 5, 10);
    QCOMPARE(text.foreground, qRgb(0xcc, 0x00, 0x00));
    QVERIFY(text.bold);

    QTest::keyClick(m_terminal.get(), Qt::Key_X);
    QTRY_VERIFY_WITH_TIMEOUT(m_terminal->isEnded(), Timeout);
    QTRY_VERIFY(screenHasRow(QStringLiteral("curses done")));
    QVERIFY(!screen->isAltScreen());
    QVERIFY2(!screen->rowText(5).contains(QLatin1String("curses here")), qPrintable(screenDump()));
}

void TestTerminalWidget::resizeReachesProgram()
{
    run({m_python, scriptPath("winch.py", s_winchProgram)});
    QTRY_VERIFY_WITH_TIMEOUT(screenHasRow(QStringLiteral("ready")), Timeout);
    QSignalSpy sizes(m_terminal.get(), &TerminalWidget::sizeChanged);
    m_terminal->resize(900, 520);
    QTRY_COMPARE(sizes.size(), 1);
    const QString expected
            = QStringLiteral("winch %1 %2").arg(m_terminal->rows()).arg(m_terminal->columns());
    QTRY_VERIFY2_WITH_TIMEOUT(screenHasRow(expected), qPrintable(expected + screenDump()), Timeout);
}

void TestTerminalWidget::ctrlCInterruptsSleep()
{
    run({QStringLiteral("/bin/sh")});
    QTRY_VERIFY_WITH_TIMEOUT(screenHasRow(QStringLiteral("$")), Timeout);
    const QStringList sleep{QStringLiteral("sleep"), Test::uniqueSeconds(30)};
    QTest::keyClicks(m_terminal.get(), sleep.join(u' '));
    QTest::keyClick(m_terminal.get(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(!Test::processesRunning(sleep).isEmpty(), Timeout);
    QTest::keyClick(m_terminal.get(), Qt::Key_C, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(Test::processesRunning(sleep).isEmpty(), Timeout);
    // The shell's next prompt before typing on: typed ahead, the line is echoed on the ^C
    // row and its output lands after the prompt ("$ status-130").
    QTRY_VERIFY2_WITH_TIMEOUT(screenHasRow(QStringLiteral("$")), qPrintable(screenDump()), Timeout);
    QTest::keyClicks(m_terminal.get(), QStringLiteral("echo status-$?"));
    QTest::keyClick(m_terminal.get(), Qt::Key_Return);
    QTRY_VERIFY2_WITH_TIMEOUT(
            screenHasRow(QStringLiteral("status-130")), qPrintable(screenDump()), Timeout);
}

void TestTerminalWidget::ctrlZStopsAndCtrlDEnds()
{
    run({QStringLiteral("/bin/sh")});
    QTRY_VERIFY_WITH_TIMEOUT(screenHasRow(QStringLiteral("$")), Timeout);
    const QStringList sleep{QStringLiteral("sleep"), Test::uniqueSeconds(30)};
    QTest::keyClicks(m_terminal.get(), sleep.join(u' '));
    QTest::keyClick(m_terminal.get(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(!Test::processesRunning(sleep).isEmpty(), Timeout);
    const qint64 pid = Test::processesRunning(sleep).constFirst();
    QTest::keyClick(m_terminal.get(), Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(processState(pid), 'T', Timeout);
    ::kill(pid_t(pid), SIGKILL);
    QTRY_VERIFY_WITH_TIMEOUT(Test::processesRunning(sleep).isEmpty(), Timeout);
    // The shell notices at its next prompt; with a stopped job it would not exit.
    QTest::keyClick(m_terminal.get(), Qt::Key_Return);
    QTRY_VERIFY2_WITH_TIMEOUT(
            screenDump().contains(QLatin1String("Killed")), qPrintable(screenDump()), Timeout);

    // Ctrl+D at an empty prompt: end of input, the shell exits.
    QTest::keyClick(m_terminal.get(), Qt::Key_D, Qt::ControlModifier);
    QTRY_VERIFY2_WITH_TIMEOUT(m_terminal->isEnded(), qPrintable(screenDump()), Timeout);
}

void TestTerminalWidget::bracketedPaste_data()
{
    QTest::addColumn<bool>("bracketed");
    QTest::addColumn<QString>("clipboard");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain") << false << QStringLiteral("hello\nworld") << QByteArray("hello\rworld");
    QTest::newRow("bracketed") << true << QStringLiteral("hello\r\nworld")
                               << QByteArray("\x1b[200~hello\rworld\x1b[201~");
    // A pasted escape sequence cannot end the bracket and run as if typed.
    QTest::newRow("escape dropped")
            << true << QStringLiteral("a\x1b[201~b") << QByteArray("\x1b[200~a[201~b\x1b[201~");
}

void TestTerminalWidget::bracketedPaste()
{
    QFETCH(bool, bracketed);
    QFETCH(QString, clipboard);
    QFETCH(QByteArray, expected);
    const QString reader = scriptPath("raw_reader.py", s_rawReader);
    const QString mode = bracketed ? QStringLiteral("printf '\\033[?2004h'; ") : QString();
    run({QStringLiteral("/bin/sh"),
         QStringLiteral("-c"),
         mode + QStringLiteral("exec %1 %2").arg(m_python, reader)});
    QTRY_VERIFY_WITH_TIMEOUT(screenHasRow(QStringLiteral("ready")), Timeout);
    QGuiApplication::clipboard()->setText(clipboard);
    QTest::keyClick(m_terminal.get(), Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
    QTest::keyClick(m_terminal.get(), Qt::Key_Exclam, Qt::ShiftModifier);
    const QString got = QStringLiteral("got:") + hex(expected);
    QTRY_VERIFY2_WITH_TIMEOUT(screenHasRow(got), qPrintable(got + screenDump()), Timeout);
}

void TestTerminalWidget::wideAndCombiningCharacters()
{
    // The program stays: the grid of an ended program keeps its size.
    run({QStringLiteral("/bin/sh"),
         QStringLiteral("-c"),
         QStringLiteral("printf 'a中b😀ce\u0301x\\n'; exec sleep 60")});
    const TerminalScreen *screen = m_terminal->screen();
    const QString expected = QStringLiteral("a中b😀ce\u0301x");
    QTRY_COMPARE_WITH_TIMEOUT(screen->rowText(0), expected, Timeout);
    const auto check = [&](int line) {
        QCOMPARE(screen->cell(line, 0).width, 1);
        QCOMPARE(screen->cell(line, 1).text(), QStringLiteral("中"));
        QCOMPARE(screen->cell(line, 1).width, 2);
        QCOMPARE(screen->cell(line, 2).width, 0);
        QCOMPARE(screen->cell(line, 3).text(), QStringLiteral("b"));
        QCOMPARE(screen->cell(line, 4).text(), QStringLiteral("😀"));
        QCOMPARE(screen->cell(line, 4).width, 2);
        QCOMPARE(screen->cell(line, 5).width, 0);
        QCOMPARE(screen->cell(line, 6).text(), QStringLiteral("c"));
        QCOMPARE(screen->cell(line, 7).text(), QStringLiteral("e\u0301"));
        QCOMPARE(screen->cell(line, 8).text(), QStringLiteral("x"));
        QCOMPARE(screen->lineText(line), expected);
    };
    check(screen->historyLines());
    // The same in the scrollback, once the line scrolled off the screen (the cursor is on
    // row 1: rows + 2 line feeds push 4 lines)...
    m_terminal->feed(QByteArray(screen->rows() + 2, '\n'));
    QTRY_COMPARE(screen->historyLines(), 4);
    check(0);
    // ...and back on the screen when it grows (libvterm pops it from the scrollback).
    m_terminal->resize(m_terminal->width(),
                       m_terminal->height() + 4 * m_terminal->cellSize().height());
    QTRY_COMPARE(screen->historyLines(), 0);
    QCOMPARE(screen->rowText(0), expected);
    check(0);
}

void TestTerminalWidget::scrollbackBoundedAndSearchable()
{
    const int limit = 100;
    const int count = 20000;
    m_terminal->setScrollbackLimit(limit);
    run({QStringLiteral("seq"), QStringLiteral("1"), QString::number(count)});
    QTRY_VERIFY_WITH_TIMEOUT(m_terminal->isEnded(), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_terminal->queuedBytes(), 0, Timeout);
    const TerminalScreen *screen = m_terminal->screen();
    const int rows = screen->rows();
    QTRY_COMPARE(screen->rowText(rows - 2), QString::number(count));
    QCOMPARE(screen->historyLines(), limit);
    // The oldest line kept is the one the limit allows, and the view follows the tail.
    const int firstKept = count - rows - limit + 2;
    QCOMPARE(screen->lineText(0), QString::number(firstKept));
    QCOMPARE(screen->lineText(limit - 1), QString::number(firstKept + limit - 1));
    QCOMPARE(screen->rowText(0), QString::number(firstKept + limit));
    QVERIFY(m_terminal->isAtBottom());
    // Memory is bounded by the limit: at most 16 bytes a cell plus a line's bookkeeping.
    QVERIFY2(screen->scrollbackMemory()
                     <= std::size_t(limit) * (128 + 16 * std::size_t(screen->columns())),
             qPrintable(QString::number(screen->scrollbackMemory())));

    // A number long dropped is not found; one in the scrollback is, the view scrolls to it
    // and paints it highlighted.
    QVERIFY(!m_terminal->find(QString::number(firstKept - 50), true).isValid());
    const QString needle = QString::number(firstKept + 10).left(4); // ten lines share it
    TerminalMatch match = m_terminal->find(needle, true);
    QVERIFY(match.isValid());
    int line = int(match.lineId - screen->firstLineId());
    const int lastWithNeedle = (firstKept + 10) / 10 * 10 + 9;
    QCOMPARE(screen->lineText(line), QString::number(lastWithNeedle));
    QCOMPARE(match.column, 0);
    QCOMPARE(match.length, 4);
    QVERIFY(line >= m_terminal->topLine() && line < m_terminal->topLine() + rows);
    QVERIFY(!m_terminal->isAtBottom());
    QApplication::processEvents();
    const QImage image = m_terminal->viewport()->grab().toImage();
    const QSize cell = m_terminal->cellSize();
    const QPoint corner(2 + 1, 2 + (line - m_terminal->topLine()) * cell.height() + 1);
    QCOMPARE(QColor(image.pixel(corner)), QColor(0xf5, 0x79, 0x00));

    match = m_terminal->find(needle, true);
    QCOMPARE(screen->lineText(int(match.lineId - screen->firstLineId())),
             QString::number(lastWithNeedle - 1));
    match = m_terminal->find(needle, false);
    QCOMPARE(screen->lineText(int(match.lineId - screen->firstLineId())),
             QString::number(lastWithNeedle));

    // The find bar does the same.
    QTest::keyClick(m_terminal.get(), Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY(m_terminal->findBar()->isVisible());
    m_terminal->findBar()->lineEdit()->setText(QString::number(firstKept + 3));
    QCOMPARE(screen->lineText(int(m_terminal->currentMatch().lineId - screen->firstLineId())),
             QString::number(firstKept + 3));

    // A lower limit drops the oldest lines at once.
    m_terminal->setScrollbackLimit(limit / 2);
    QCOMPARE(screen->historyLines(), limit / 2);
    QCOMPARE(screen->lineText(0), QString::number(firstKept + limit / 2));
    QCOMPARE(screen->rowText(0), QString::number(firstKept + limit));

    // Clearing the scrollback keeps the screen.
    m_terminal->clearScrollback();
    QCOMPARE(screen->historyLines(), 0);
    QCOMPARE(screen->rowText(rows - 2), QString::number(count));
}

void TestTerminalWidget::selectionAndCopy()
{
    run({QStringLiteral("printf"), QStringLiteral("alpha beta\\ngamma delta\\n")});
    QTRY_VERIFY_WITH_TIMEOUT(m_terminal->isEnded(), Timeout);
    const TerminalScreen *screen = m_terminal->screen();
    QTRY_COMPARE(screen->rowText(1), QStringLiteral("gamma delta"));
    const int top = screen->historyLines();

    m_terminal->setSelection(top, 6, top + 1, 5);
    QCOMPARE(m_terminal->selectedText(), QStringLiteral("beta\ngamma"));
    m_terminal->setSelection(top, 0, top, m_terminal->columns());
    QCOMPARE(m_terminal->selectedText(), QStringLiteral("alpha beta")); // no trailing blanks

    // Dragging with the mouse, then Ctrl+Shift+C. (The view of an ended program shows its
    // last rows above the status; back to the top.)
    m_terminal->verticalScrollBar()->setValue(top);
    const QSize cell = m_terminal->cellSize();
    QWidget *viewport = m_terminal->viewport();
    const auto at = [&](int column, int row) {
        return QPoint(2 + column * cell.width(), 2 + row * cell.height() + cell.height() / 2);
    };
    QTest::mousePress(viewport, Qt::LeftButton, {}, at(0, 0));
    QTest::mouseMove(viewport, at(5, 0));
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, at(5, 0));
    QCOMPARE(m_terminal->selectedText(), QStringLiteral("alpha"));
    QGuiApplication::clipboard()->clear();
    QTest::keyClick(m_terminal.get(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("alpha"));

    // A double click takes a word; the context menu's Copy copies it.
    QTest::mouseDClick(viewport, Qt::LeftButton, {}, at(8, 1));
    QCOMPARE(m_terminal->selectedText(), QStringLiteral("delta"));
    // A third click right after takes the line.
    QTest::mousePress(viewport, Qt::LeftButton, {}, at(8, 1));
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, at(8, 1));
    QCOMPARE(m_terminal->selectedText(), QStringLiteral("gamma delta"));
    QTest::mouseDClick(viewport, Qt::LeftButton, {}, at(8, 1));
    QStringList menu;
    for (QAction *action : m_terminal->menuActions())
        menu << (action ? action->text() : QStringLiteral("-"));
    QCOMPARE(menu.join(u'|'),
             QStringLiteral("Copy|Paste|Select All|-|Find…|Clear Scrollback|-|Zoom In|Zoom "
                            "Out|Reset Zoom"));
    m_terminal->copyAction()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("delta"));

    m_terminal->selectAll();
    QVERIFY(m_terminal->selectedText().startsWith(QLatin1String("alpha beta\ngamma delta\n")));
}

void TestTerminalWidget::keyEncoding_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<int>("modifiers");
    QTest::addColumn<QByteArray>("mode"); // what a program wrote before
    QTest::addColumn<QByteArray>("expected");
    const int none = Qt::NoModifier;
    const int ctrl = Qt::ControlModifier;
    const int alt = Qt::AltModifier;
    const int shift = Qt::ShiftModifier;
    QTest::newRow("a") << int(Qt::Key_A) << none << QByteArray() << QByteArray("a");
    QTest::newRow("Return") << int(Qt::Key_Return) << none << QByteArray() << QByteArray("\r");
    QTest::newRow("Tab") << int(Qt::Key_Tab) << none << QByteArray() << QByteArray("\t");
    QTest::newRow("Shift+Tab") << int(Qt::Key_Backtab) << shift << QByteArray()
                               << QByteArray("\x1b[Z");
    QTest::newRow("Backspace") << int(Qt::Key_Backspace) << none << QByteArray()
                               << QByteArray("\x7f");
    QTest::newRow("Alt+Backspace")
            << int(Qt::Key_Backspace) << alt << QByteArray() << QByteArray("\x1b\x7f");
    QTest::newRow("Escape") << int(Qt::Key_Escape) << none << QByteArray() << QByteArray("\x1b");
    QTest::newRow("Up") << int(Qt::Key_Up) << none << QByteArray() << QByteArray("\x1b[A");
    QTest::newRow("Up, cursor keys mode")
            << int(Qt::Key_Up) << none << QByteArray("\x1b[?1h") << QByteArray("\x1bOA");
    QTest::newRow("Ctrl+Left") << int(Qt::Key_Left) << ctrl << QByteArray()
                               << QByteArray("\x1b[1;5D");
    QTest::newRow("Shift+Right") << int(Qt::Key_Right) << shift << QByteArray()
                                 << QByteArray("\x1b[1;2C");
    QTest::newRow("Home") << int(Qt::Key_Home) << none << QByteArray() << QByteArray("\x1b[H");
    QTest::newRow("Delete") << int(Qt::Key_Delete) << none << QByteArray() << QByteArray("\x1b[3~");
    QTest::newRow("PageUp") << int(Qt::Key_PageUp) << none << QByteArray() << QByteArray("\x1b[5~");
    QTest::newRow("F1") << int(Qt::Key_F1) << none << QByteArray() << QByteArray("\x1bOP");
    QTest::newRow("F5") << int(Qt::Key_F5) << none << QByteArray() << QByteArray("\x1b[15~");
    QTest::newRow("F12") << int(Qt::Key_F12) << none << QByteArray() << QByteArray("\x1b[24~");
    QTest::newRow("Ctrl+F5") << int(Qt::Key_F5) << ctrl << QByteArray() << QByteArray("\x1b[15;5~");
    QTest::newRow("Alt+x") << int(Qt::Key_X) << alt << QByteArray() << QByteArray("\x1bx");
    QTest::newRow("Ctrl+A") << int(Qt::Key_A) << ctrl << QByteArray() << QByteArray("\x01");
    QTest::newRow("Ctrl+C") << int(Qt::Key_C) << ctrl << QByteArray() << QByteArray("\x03");
    QTest::newRow("Ctrl+D") << int(Qt::Key_D) << ctrl << QByteArray() << QByteArray("\x04");
    QTest::newRow("Ctrl+Z") << int(Qt::Key_Z) << ctrl << QByteArray() << QByteArray("\x1a");
    QTest::newRow("Ctrl+Alt+A") << int(Qt::Key_A) << (ctrl | alt) << QByteArray()
                                << QByteArray("\x1b\x01");
    QTest::newRow("Ctrl+I") << int(Qt::Key_I) << ctrl << QByteArray() << QByteArray("\t");
    QTest::newRow("Ctrl+[") << int(Qt::Key_BracketLeft) << ctrl << QByteArray()
                            << QByteArray("\x1b");
    QTest::newRow("Ctrl+Space") << int(Qt::Key_Space) << ctrl << QByteArray()
                                << QByteArray(1, '\0');
    QTest::newRow("keypad 5") << int(Qt::Key_5) << int(Qt::KeypadModifier) << QByteArray()
                              << QByteArray("5");
    QTest::newRow("keypad 5, application keypad") << int(Qt::Key_5) << int(Qt::KeypadModifier)
                                                  << QByteArray("\x1b=") << QByteArray("\x1bOu");
}

void TestTerminalWidget::keyEncoding()
{
    QFETCH(int, key);
    QFETCH(int, modifiers);
    QFETCH(QByteArray, mode);
    QFETCH(QByteArray, expected);
    m_terminal->feed(mode);
    QTRY_COMPARE(m_terminal->queuedBytes(), 0);
    QSignalSpy input(m_terminal.get(), &TerminalWidget::input);
    QTest::keyClick(m_terminal.get(), Qt::Key(key), Qt::KeyboardModifiers(modifiers));
    QByteArray sent;
    for (const QList<QVariant> &args : std::as_const(input))
        sent += args.at(0).toByteArray();
    QCOMPARE(hex(sent), hex(expected));
}

void TestTerminalWidget::mouseReporting()
{
    const QSize cell = m_terminal->cellSize();
    QWidget *viewport = m_terminal->viewport();
    const QPoint cell5x3(2 + 5 * cell.width() + 1, 2 + 3 * cell.height() + 1);
    QSignalSpy input(m_terminal.get(), &TerminalWidget::input);
    // Without the program asking, a click selects and sends nothing.
    QTest::mouseClick(viewport, Qt::LeftButton, {}, cell5x3);
    QCOMPARE(input.size(), 0);

    run({QStringLiteral("/bin/sh"),
         QStringLiteral("-c"),
         QStringLiteral("printf '\\033[?1000h\\033[?1006h'; exec %1 %2")
                 .arg(m_python, scriptPath("raw_reader.py", s_rawReader))});
    QTRY_VERIFY_WITH_TIMEOUT(screenHasRow(QStringLiteral("ready")), Timeout);
    QVERIFY(m_terminal->screen()->isMouseReporting());
    QTest::mousePress(viewport, Qt::LeftButton, {}, cell5x3);
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, cell5x3);
    // Shift+click still selects (nothing sent).
    QTest::mouseClick(viewport, Qt::LeftButton, Qt::ShiftModifier, cell5x3);
    QTest::keyClick(m_terminal.get(), Qt::Key_Exclam, Qt::ShiftModifier);
    // SGR mouse encoding, 1-based column and row; press 'M', release 'm'.
    const QString got = QStringLiteral("got:") + hex("\x1b[<0;6;4M\x1b[<0;6;4m");
    QTRY_VERIFY2_WITH_TIMEOUT(screenHasRow(got), qPrintable(got + screenDump()), Timeout);
}

void TestTerminalWidget::scrollingAndWheel()
{
    m_terminal->setScrollbackLimit(50);
    const TerminalScreen *screen = m_terminal->screen();
    QByteArray lines;
    for (int i = 1; i <= 100; ++i)
        lines += "line " + QByteArray::number(i) + "\r\n";
    m_terminal->feed(lines);
    QTRY_COMPARE(m_terminal->queuedBytes(), 0);
    QTRY_VERIFY(m_terminal->isAtBottom());
    QCOMPARE(screen->historyLines(), 50);

    // Scrolled up, the view keeps its lines while output goes on, even as the oldest lines
    // are dropped beneath it.
    m_terminal->verticalScrollBar()->setValue(20);
    const QString shown = screen->lineText(m_terminal->topLine());
    m_terminal->feed(QByteArrayLiteral("more\r\nand more\r\n"));
    QTRY_COMPARE(m_terminal->queuedBytes(), 0);
    QTRY_COMPARE(m_terminal->topLine(), 18);
    QCOMPARE(screen->lineText(m_terminal->topLine()), shown);
    QVERIFY(!m_terminal->isAtBottom());
    // Shift+PageDown scrolls, typing goes back to the bottom.
    QTest::keyClick(m_terminal.get(), Qt::Key_PageDown, Qt::ShiftModifier);
    QCOMPARE(m_terminal->topLine(), 18 + m_terminal->visibleRows() - 1);
    QTest::keyClick(m_terminal.get(), Qt::Key_A);
    QVERIFY(m_terminal->isAtBottom());

    // The wheel scrolls the scrollback on the primary screen...
    QSignalSpy input(m_terminal.get(), &TerminalWidget::input);
    const QPointF pos(10, 10);
    QWheelEvent up(pos,
                   m_terminal->viewport()->mapToGlobal(pos),
                   QPoint(),
                   QPoint(0, 120),
                   Qt::NoButton,
                   Qt::NoModifier,
                   Qt::NoScrollPhase,
                   false);
    QApplication::sendEvent(m_terminal->viewport(), &up);
    QVERIFY(!m_terminal->isAtBottom());
    QCOMPARE(input.size(), 0);
    // ...and sends arrow keys on the alternate screen, as in xterm.
    m_terminal->feed(QByteArrayLiteral("\x1b[?1049h"));
    QTRY_VERIFY(screen->isAltScreen());
    QApplication::sendEvent(m_terminal->viewport(), &up);
    QByteArray sent;
    for (const QList<QVariant> &args : std::as_const(input))
        sent += args.at(0).toByteArray();
    QCOMPARE(sent, QByteArray("\x1b[A").repeated(QApplication::wheelScrollLines()));
}

void TestTerminalWidget::answersQueries()
{
    // The program asks where the cursor is (DSR 6) after moving it; the emulator's answer
    // reaches it as input.
    run({m_python,
         scriptPath("raw_reader.py", s_rawReader),
         QStringLiteral("\\x1b[5;10H\\x1b[6n"),
         QStringLiteral("R")});
    const QString got = QStringLiteral("got:") + hex("\x1b[5;10R");
    QTRY_VERIFY2_WITH_TIMEOUT(m_terminal->screen()->rowText(4).trimmed() == got,
                              qPrintable(got + screenDump()),
                              Timeout);
}

void TestTerminalWidget::zoomChangesGrid()
{
    QSignalSpy sizes(m_terminal.get(), &TerminalWidget::sizeChanged);
    const int columns = m_terminal->columns();
    const qreal points = m_terminal->terminalFont().pointSizeF();
    const QSize cell = m_terminal->cellSize();
    QTest::keyClick(m_terminal.get(), Qt::Key_Equal, Qt::ControlModifier);
    QCOMPARE(m_terminal->zoom(), 1);
    QCOMPARE(m_terminal->terminalFont().pointSizeF(), points + 1);
    QVERIFY(m_terminal->cellSize().height() >= cell.height());
    QTest::keyClick(m_terminal.get(), Qt::Key_Equal, Qt::ControlModifier);
    QTest::keyClick(m_terminal.get(), Qt::Key_Equal, Qt::ControlModifier);
    QVERIFY(m_terminal->cellSize().width() > cell.width());
    QVERIFY(m_terminal->columns() < columns);
    QVERIFY(!sizes.isEmpty());
    QCOMPARE(sizes.constLast().at(1).toInt(), m_terminal->columns());
    QTest::keyClick(m_terminal.get(), Qt::Key_Minus, Qt::ControlModifier);
    QCOMPARE(m_terminal->zoom(), 2);
    QTest::keyClick(m_terminal.get(), Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(m_terminal->zoom(), 0);
    QCOMPARE(m_terminal->columns(), columns);
    // The font stays the monospaced one the other views use.
    QCOMPARE(QFontInfo(m_terminal->terminalFont()).family(), QFontInfo(fixedFont()).family());

    // A font of one's own, at its size; a proportional family gives way to a monospaced one.
    QFont large = fixedFont();
    large.setPointSize(20);
    m_terminal->setTerminalFont(large);
    QCOMPARE(m_terminal->terminalFont().pointSizeF(), 20.0);
    QVERIFY(m_terminal->columns() < columns);
    QCOMPARE(sizes.constLast().at(1).toInt(), m_terminal->columns());
    m_terminal->setTerminalFont(QFont(QStringLiteral("DejaVu Sans"), 11));
    QVERIFY2(hasEqualAdvances(m_terminal->terminalFont()),
             qPrintable(QFontInfo(m_terminal->terminalFont()).family()));
}

void TestTerminalWidget::shortcutsInsideAWindow()
{
    // In a window whose own actions use some of the same keys (the main window's Copy
    // Details is Ctrl+Shift+C), the terminal's keys are the terminal's while it has the
    // focus; other Ctrl+Shift keys and Ctrl+PageDown stay the window's.
    QMainWindow window;
    int windowCopies = 0;
    int windowOthers = 0;
    auto *copyDetails = window.addAction(QStringLiteral("Copy Details"));
    copyDetails->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(copyDetails, &QAction::triggered, this, [&] { ++windowCopies; });
    auto *other = window.addAction(QStringLiteral("Run"));
    other->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                         QKeySequence(Qt::CTRL | Qt::Key_PageDown)});
    connect(other, &QAction::triggered, this, [&] { ++windowOthers; });
    auto *terminal = new TerminalWidget;
    window.setCentralWidget(terminal);
    window.resize(600, 400);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    terminal->setFocus();
    QTRY_VERIFY(terminal->hasFocus());

    terminal->feed(QByteArrayLiteral("hello terminal\r\n"));
    QTRY_COMPARE(terminal->screen()->rowText(0), QStringLiteral("hello terminal"));
    terminal->setSelection(0, 0, 0, 5);
    QGuiApplication::clipboard()->clear();
    QSignalSpy input(terminal, &TerminalWidget::input);
    QTest::keyClick(terminal, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("hello"));
    QCOMPARE(windowCopies, 0);
    QTest::keyClick(terminal, Qt::Key_Equal, Qt::ControlModifier);
    QCOMPARE(terminal->zoom(), 1);

    QTest::keyClick(terminal, Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
    QTest::keyClick(terminal, Qt::Key_PageDown, Qt::ControlModifier);
    QCOMPARE(windowOthers, 2);
    // Keys the window has no use for go to the program, Ctrl+C among them.
    QTest::keyClick(terminal, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(input.size(), 1);
    QCOMPARE(input.constFirst().at(0).toByteArray(), QByteArray("\x03"));
}

void TestTerminalWidget::endedKeepsScreenAndTakesNoInput()
{
    run({QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("echo bye; exit 3")});
    QTRY_VERIFY_WITH_TIMEOUT(m_terminal->isEnded(), Timeout);
    QCOMPARE(m_terminal->endStatus(), QStringLiteral("exited with status 3"));
    QTRY_COMPARE(m_terminal->screen()->rowText(0), QStringLiteral("bye"));
    bool bannerShown = false;
    for (const QLabel *label : m_terminal->findChildren<QLabel *>()) {
        if (label->isVisible() && label->text() == m_terminal->endStatus())
            bannerShown = true;
    }
    QVERIFY(bannerShown);
    // The status is under the screen, not over its last row, which the view shows.
    QVERIFY(m_terminal->isAtBottom());
    QVERIFY(m_terminal->topLine() + m_terminal->visibleRows() >= m_terminal->screen()->lineCount());
    for (const QLabel *label : m_terminal->findChildren<QLabel *>()) {
        if (label->isVisible())
            QVERIFY(label->geometry().top() > m_terminal->viewport()->geometry().bottom());
    }
    QSignalSpy input(m_terminal.get(), &TerminalWidget::input);
    QTest::keyClicks(m_terminal.get(), QStringLiteral("ls"));
    QTest::keyClick(m_terminal.get(), Qt::Key_Return);
    QGuiApplication::clipboard()->setText(QStringLiteral("pasted"));
    m_terminal->paste();
    QCOMPARE(input.size(), 0);
    QCOMPARE(m_terminal->screen()->rowText(0), QStringLiteral("bye"));
}

void TestTerminalWidget::floodIsFedInSlices()
{
    // 8 MB at once: feed() only queues, and a timer due right away still fires while the
    // emulator works through the queue, which it then finishes.
    QByteArray line
            = QByteArrayLiteral("\x1b[32mflood\x1b[0m line of output with some text in it\r\n");
    QByteArray flood;
    while (flood.size() < 8 * 1024 * 1024)
        flood += line;
    QSignalSpy processed(m_terminal.get(), &TerminalWidget::bytesProcessed);
    m_terminal->feed(flood);
    QCOMPARE(m_terminal->queuedBytes(), flood.size());
    qint64 queuedWhenTimerFired = -1;
    QTimer::singleShot(
            0, m_terminal.get(), [&] { queuedWhenTimerFired = m_terminal->queuedBytes(); });
    QTRY_VERIFY(queuedWhenTimerFired >= 0);
    QVERIFY(queuedWhenTimerFired > 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_terminal->queuedBytes(), 0, 120000);
    qint64 total = 0;
    for (const QList<QVariant> &args : std::as_const(processed))
        total += args.at(0).toLongLong();
    QCOMPARE(total, flood.size());
    QVERIFY(processed.size() > 1);
    QCOMPARE(m_terminal->screen()->rowText(m_terminal->rows() - 2),
             QStringLiteral("flood line of output with some text in it"));
}

QTEST_MAIN(TestTerminalWidget)
#include "tst_terminalwidget.moc"
