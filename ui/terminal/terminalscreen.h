// TerminalScreen: the emulator behind a TerminalWidget, with no painting: libvterm's screen
// layer (the grid, the alternate screen, the modes a program sets), the bounded scrollback
// beside it, the key, paste and mouse encoding a program expects, and reading back what is
// shown. TerminalWidget paints it and feeds it; tests read its grid.
//
// Lines are numbered history first (oldest at 0), then the screen's rows. On the alternate
// screen the history is hidden (historyLines() is 0). A line also has an id,
// firstLineId() + its number, that stays with its content while it scrolls from the screen
// into the history and while older lines are dropped, so a selection or a search match can
// follow it.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QObject>
#include <QPoint>
#include <QRgb>
#include <QString>

#include <array>
#include <memory>

class QKeyEvent;
struct VTerm;
struct VTermScreen;

namespace Econtext {

class TerminalScrollback;

// One cell as painted and as tests read it: characters, colours resolved to RGB, attributes.
struct TerminalCell
{
    std::array<char32_t, 6> chars{}; // the base character, then combining ones; 0 ends
    int width = 1;                   // 2 for a wide character; its right half is a cell of width 0
    QRgb foreground = 0;
    QRgb background = 0;
    bool defaultForeground = true; // no colour was set: the terminal's own
    bool defaultBackground = true;
    bool bold = false;
    bool italic = false;
    bool blink = false;
    bool reverse = false;
    bool strike = false;
    int underline = 0; // 0 none, 1 single, 2 double, 3 curly

    QString text() const;
};

// A match of TerminalScreen::find(): where it starts and how many cells it covers.
struct TerminalMatch
{
    qint64 lineId = -1;
    int column = 0;
    int length = 0;

    bool isValid() const { return lineId >= 0; }
    friend bool operator==(const TerminalMatch &, const TerminalMatch &) = default;
};

class TerminalScreen : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalScreen)
public:
    enum class CursorShape { Block, Underline, Bar };
    Q_ENUM(CursorShape)

    static constexpr int DefaultScrollbackLines = 10000;

    TerminalScreen(int rows, int columns, QObject *parent = nullptr);
    ~TerminalScreen() override;

    int rows() const;
    int columns() const;
    // A new grid size; rows that no longer fit go into the history, and come back from
    // it when the screen grows again.
    void resize(int rows, int columns);

    // Program output into the emulator. Answers the emulator owes the program (cursor
    // position reports, device attributes) come out as input().
    void write(QByteArrayView bytes);

    int historyLines() const;
    int lineCount() const { return historyLines() + rows(); }
    qint64 firstLineId() const;
    TerminalCell cell(int line, int column) const;
    // Cells of one line into cells (resized to columns()).
    void lineCells(int line, QList<TerminalCell> &cells) const;
    // The text of a line without its trailing blanks; a wide character once. columns, when
    // given, receives for each QChar of the text the column of the cell it belongs to.
    QString lineText(int line, QList<int> *columns = nullptr) const;
    // The text of a row of the screen (0 is the top).
    QString rowText(int row) const { return lineText(historyLines() + row); }
    // The text from (startLine, startColumn) up to, not including, (endLine, endColumn);
    // lines end with '\n'.
    QString text(int startLine, int startColumn, int endLine, int endColumn) const;

    // The next occurrence of needle after (fromLine, fromColumn), or before it when
    // backward; wraps around once. Matches lie within one line.
    TerminalMatch find(const QString &needle,
                       int fromLine,
                       int fromColumn,
                       bool backward,
                       Qt::CaseSensitivity cs) const;

    QPoint cursorPosition() const; // column, row on the screen
    bool isCursorVisible() const { return m_cursorVisible; }
    bool cursorBlinks() const { return m_cursorBlink; }
    CursorShape cursorShape() const { return m_cursorShape; }
    bool isAltScreen() const { return m_altScreen; }
    // The program asked for mouse events (clicks, drags or all motion).
    bool isMouseReporting() const { return m_mouseMode != 0; }
    bool isReverseVideo() const { return m_reverseVideo; }
    QString title() const { return m_title; }

    int scrollbackLimit() const;
    void setScrollbackLimit(int lines);
    void clearScrollback();
    std::size_t scrollbackMemory() const;

    // The colours of text and background where the program set none.
    void setDefaultColors(QRgb foreground, QRgb background);
    QRgb defaultForeground() const { return m_defaultFg; }
    QRgb defaultBackground() const { return m_defaultBg; }

    // Keys, text, paste and mouse as the program expects them (xterm encoding, through
    // libvterm's keyboard and mouse functions); each emits input() unless there is nothing
    // to send. sendKey() returns false for a key it has no encoding for.
    bool sendKey(const QKeyEvent *event);
    void sendText(const QString &text);
    // Bracketed (ESC [200~ ... ESC [201~) when the program asked for it; control
    // characters other than tab and line breaks are dropped, line breaks become CR.
    void paste(const QString &text);
    void mouseMove(int row, int column, Qt::KeyboardModifiers modifiers);
    // button: 1 left, 2 middle, 3 right, 4/5 wheel up/down.
    void mouseButton(int button, bool pressed, Qt::KeyboardModifiers modifiers);
    void setFocused(bool focused);

Q_SIGNALS:
    // Bytes for the program: what the user typed or pasted, and the emulator's answers.
    void input(const QByteArray &bytes);
    // Something shown changed (cells, cursor, modes); the view repaints on its own clock.
    void damaged();
    void titleChanged(const QString &title);
    void altScreenChanged(bool on);
    void bell();

private:
    struct Callbacks;
    friend struct Callbacks;

    void flushOutput();
    void notifyDamage();
    void setProperty(int prop, const void *value);
    TerminalCell toCell(const void *vtermCell) const;

    std::unique_ptr<VTerm, void (*)(VTerm *)> m_vterm;
    VTermScreen *m_screen = nullptr;
    std::unique_ptr<TerminalScrollback> m_scrollback;
    qint64 m_droppedLines = 0;
    QByteArray m_output;
    bool m_dirty = false;
    QRgb m_defaultFg = 0;
    QRgb m_defaultBg = 0;
    QPoint m_cursor;
    bool m_cursorVisible = true;
    bool m_cursorBlink = false;
    CursorShape m_cursorShape = CursorShape::Block;
    bool m_altScreen = false;
    bool m_reverseVideo = false;
    int m_mouseMode = 0;
    QString m_title;
};

} // namespace Econtext
