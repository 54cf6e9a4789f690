// Wires a TerminalWidget to a program on a local PTY the way the application wires it to a
// remote one: output into feed() (reading paused while more than 1 MiB waits in the widget),
// input() into the PTY, sizeChanged() to TIOCSWINSZ, the end to setEnded(). Header-only:
// only GUI programs (the terminal tests, the benchmark's demo) include it.
#pragma once

#include "tests/support/ptyprocess.h"
#include "ui/terminal/terminalwidget.h"

namespace Econtext::Test {

inline void wireTerminal(PtyProcess *pty, TerminalWidget *terminal)
{
    constexpr qint64 PauseAbove = 1 << 20;
    constexpr qint64 ResumeBelow = 256 << 10;
    QObject::connect(pty, &PtyProcess::output, terminal, [pty, terminal](const QByteArray &bytes) {
        terminal->feed(bytes);
        if (terminal->queuedBytes() > PauseAbove)
            pty->setReadingPaused(true);
    });
    QObject::connect(terminal, &TerminalWidget::bytesProcessed, pty, [pty, terminal] {
        if (terminal->queuedBytes() < ResumeBelow)
            pty->setReadingPaused(false);
    });
    QObject::connect(terminal, &TerminalWidget::input, pty, [pty](const QByteArray &bytes) {
        pty->write(bytes);
    });
    QObject::connect(terminal, &TerminalWidget::sizeChanged, pty, [pty](int rows, int columns) {
        pty->setWindowSize(rows, columns);
    });
    QObject::connect(pty, &PtyProcess::finished, terminal, [pty, terminal] {
        terminal->setEnded(pty->statusText());
    });
}

} // namespace Econtext::Test
