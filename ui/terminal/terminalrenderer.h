// TerminalRenderer: paints lines of a TerminalScreen on a cell grid for TerminalWidget —
// background runs, text runs in the regular, bold and italic faces of one monospaced font
// (whose letter spacing is set so that every glyph advances exactly one cell), underline and
// strike-out, the selection, search matches and the cursor. Characters outside ASCII (wide,
// combining, from fallback fonts) are drawn one by one at their cell, so a glyph of another
// width never shifts the rest of the line.
#pragma once

#include "ui/terminal/terminalscreen.h"

#include <QColor>
#include <QFont>
#include <QHash>
#include <QList>
#include <QSize>

class QPainter;

namespace Econtext {

class TerminalRenderer
{
public:
    // A stretch of cells from (startLine, startColumn) up to, not including,
    // (endLine, endColumn); line numbers as TerminalScreen counts them.
    struct Range
    {
        int startLine = 0;
        int startColumn = 0;
        int endLine = 0;
        int endColumn = 0;

        bool isEmpty() const { return startLine == endLine && startColumn >= endColumn; }
        bool contains(int line, int column) const;
    };
    struct Colors
    {
        QColor selectionBackground;
        QColor selectionForeground;
        QColor matchBackground;
        QColor currentMatchBackground;
        QColor matchForeground;
        QColor cursor;
    };
    struct Decorations
    {
        Range selection;
        QList<Range> matches;
        Range currentMatch;
        bool showCursor = false;
        bool focused = false;
    };

    void setFont(const QFont &font);
    QFont font() const { return m_fonts[0]; }
    QSize cellSize() const { return m_cell; }
    void setColors(const Colors &colors) { m_colors = colors; }

    // Paints lines firstLine .. firstLine + count - 1 of the screen with their top-left
    // at origin, one cell row each.
    void paint(QPainter &painter,
               const TerminalScreen &screen,
               QPoint origin,
               int firstLine,
               int count,
               const Decorations &decorations);

private:
    struct Style
    {
        QRgb foreground = 0;
        QRgb background = 0;
        bool bold = false;
        bool italic = false;
        int underline = 0;
        bool strike = false;
        friend bool operator==(const Style &, const Style &) = default;
    };

    Style styleOf(const TerminalCell &cell,
                  const TerminalScreen &screen,
                  int line,
                  int column,
                  const Decorations &decorations) const;
    void paintLine(QPainter &painter,
                   const TerminalScreen &screen,
                   int line,
                   int y,
                   int x0,
                   const Decorations &decorations);
    void paintCursor(QPainter &painter,
                     const TerminalScreen &screen,
                     QPoint topLeft,
                     const Decorations &decorations);
    const QFont &fontFor(const Style &style) const;
    // Whether the font draws c in exactly one cell (it can then join a run of text).
    bool fitsCell(char32_t c);
    void drawDecorations(QPainter &painter, const Style &style, int x, int y, int width) const;

    QFont m_fonts[4]; // regular, bold, italic, bold italic
    QSize m_cell{8, 16};
    int m_ascent = 12;
    int m_underlineOffset = 2;
    int m_lineWidth = 1;
    Colors m_colors;
    QList<TerminalCell> m_cells; // one line's cells, kept to save allocations
    QHash<char32_t, bool> m_fitsCell;
};

} // namespace Econtext
