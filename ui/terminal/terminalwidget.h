// TerminalWidget: a terminal for a program that runs elsewhere, talking bytes only. What
// the program writes goes in through feed(); what the user types, pastes or clicks comes out
// xterm-encoded through input(); a new grid size comes out through sizeChanged() (for
// TIOCSWINSZ); setEnded() keeps the screen and scrollback, shows how the program ended and
// takes no more input. Whoever owns the program's PTY (a local one in the tests and the
// benchmark; a remote context's over a channel in the application) wires these up.
//
// The emulation is libvterm's (TerminalScreen); this class is the view: it paints on a
// timer (at most ~60 times a second, however fast output arrives), feeds queued output to
// the emulator in slices of a few milliseconds so the event loop stays responsive, and
// handles selection, copy and paste, search in the scrollback, mouse reporting, the
// context menu and font zoom. docs/terminal.md lists what it supports.
#pragma once

#include "ui/terminal/terminalrenderer.h"
#include "ui/terminal/terminalscreen.h"

#include <QAbstractScrollArea>
#include <QByteArray>
#include <QTimer>

#include <deque>

class QAction;
class QLabel;

namespace Econtext {

class TerminalFindBar;

class TerminalWidget : public QAbstractScrollArea
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalWidget)
public:
    explicit TerminalWidget(QWidget *parent = nullptr);
    ~TerminalWidget() override;

    // Program output. Never blocks: the bytes are queued and go into the emulator in
    // slices; bytesProcessed() says when, so a channel can keep queuedBytes() bounded.
    void feed(QByteArrayView bytes);
    qint64 queuedBytes() const { return m_queued; }

    // The program ended: the status (e.g. "exited with status 0") is shown under the
    // screen, which stays as it is with its scrollback; typing and pasting send nothing.
    void setEnded(const QString &status);
    bool isEnded() const { return m_ended; }
    QString endStatus() const { return m_endStatus; }

    TerminalScreen *screen() const { return m_screen; }
    int rows() const { return m_screen->rows(); }
    int columns() const { return m_screen->columns(); }

    int scrollbackLimit() const { return m_screen->scrollbackLimit(); }
    void setScrollbackLimit(int lines);
    void clearScrollback();

    // The first line shown (a TerminalScreen line number); at the bottom it is
    // historyLines() (while the screen fits), and the view follows new output.
    int topLine() const;
    // Rows of cells the view shows: the screen's rows, fewer after the end (the status bar).
    int visibleRows() const;
    bool isAtBottom() const;
    void scrollToBottom();

    bool hasSelection() const { return m_hasSelection; }
    QString selectedText() const;
    // Selects from (startLine, startColumn) up to, not including, (endLine, endColumn).
    void setSelection(int startLine, int startColumn, int endLine, int endColumn);
    void selectAll();
    void clearSelection();
    void copy();
    // Pastes the clipboard's text (bracketed when the program asked for it).
    void paste();

    // Finds text after (or before) the current match, scrolls to it and highlights it.
    TerminalMatch
    find(const QString &text, bool backward, Qt::CaseSensitivity cs = Qt::CaseInsensitive);
    TerminalMatch currentMatch() const { return m_match; }
    TerminalFindBar *findBar() const { return m_findBar; }
    void showFindBar();

    void zoomIn();
    void zoomOut();
    void resetZoom();
    int zoom() const { return m_zoom; }
    QFont terminalFont() const { return m_renderer.font(); }
    // The font at zoom 0 (a preference); a family whose glyphs do not all advance alike is
    // replaced by a monospaced one (monospacedFont()). The default is fixedFont().
    void setTerminalFont(const QFont &font);
    QSize cellSize() const { return m_renderer.cellSize(); }

    QAction *copyAction() const { return m_copyAction; }
    QAction *pasteAction() const { return m_pasteAction; }
    // The actions of the context menu, in its order (nullptr stands for a separator).
    QList<QAction *> menuActions() const;

    QSize sizeHint() const override;
    QVariant inputMethodQuery(Qt::InputMethodQuery query) const override;

Q_SIGNALS:
    // Bytes for the program: keys, pastes, mouse reports, the emulator's answers.
    void input(const QByteArray &bytes);
    void sizeChanged(int rows, int columns);
    // count bytes given to feed() went into the emulator.
    void bytesProcessed(qint64 count);
    void titleChanged(const QString &title);
    void bell();

protected:
    bool event(QEvent *event) override;
    bool focusNextPrevChild(bool) override { return false; }
    void keyPressEvent(QKeyEvent *event) override;
    void inputMethodEvent(QInputMethodEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // A place in the text: a line id (TerminalScreen::firstLineId() based) and a column.
    struct Point
    {
        qint64 lineId = 0;
        int column = 0;
        auto operator<=>(const Point &) const = default;
    };

    void createActions();
    void drain();
    void onDamaged();
    void repaintNow();
    void applyFont();
    void applyColors();
    void updateGridSize();
    void updateScrollBar();
    void placeOverlays();
    void ensureLineVisible(int line);
    int lastTopLine() const;
    // The action (copy, paste, find, zoom, ...) whose shortcut the key is, if any.
    QAction *actionFor(const QKeyEvent *event) const;
    // Whether the key goes to the program before the window's shortcuts see it.
    bool takesKey(const QKeyEvent *event) const;
    bool reportsMouse(const QMouseEvent *event) const;
    void reportMouseButton(const QMouseEvent *event, bool pressed);
    // The cell under a viewport position (line number, column), and the boundary between
    // cells nearest to it (for selections).
    QPoint cellAt(QPoint pos) const;
    Point boundaryAt(QPoint pos) const;
    TerminalRenderer::Range selectionRange() const;
    void selectWord(QPoint pos);
    void selectLine(QPoint pos);
    void copySelectionToSelectionClipboard();
    QList<TerminalRenderer::Range> visibleMatches(int firstLine, int count) const;

    TerminalScreen *m_screen = nullptr;
    TerminalRenderer m_renderer;
    TerminalFindBar *m_findBar = nullptr;
    QLabel *m_endedBanner = nullptr;

    std::deque<QByteArray> m_queue;
    qsizetype m_queueOffset = 0;
    qint64 m_queued = 0;
    QTimer m_drainTimer;
    QTimer m_repaintTimer;

    bool m_ended = false;
    QString m_endStatus;
    QFont m_baseFont;
    int m_zoom = 0;

    bool m_followTail = true;
    qint64 m_topLineId = 0; // the first line shown while not following the tail
    bool m_updatingScrollBar = false;

    bool m_hasSelection = false;
    bool m_selecting = false;
    Point m_anchor;
    Point m_extent;
    quint64 m_doubleClickAt = 0; // the timestamp of the last double click

    TerminalMatch m_match;
    QString m_searchText;
    Qt::CaseSensitivity m_searchCase = Qt::CaseInsensitive;

    QAction *m_copyAction = nullptr;
    QAction *m_pasteAction = nullptr;
    QAction *m_selectAllAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_clearScrollbackAction = nullptr;
    QAction *m_zoomInAction = nullptr;
    QAction *m_zoomOutAction = nullptr;
    QAction *m_resetZoomAction = nullptr;
};

} // namespace Econtext
