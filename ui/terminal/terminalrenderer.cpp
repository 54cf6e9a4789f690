#include "ui/terminal/terminalrenderer.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QVarLengthArray>

#include <cmath>

namespace Econtext {

namespace {

bool isBlankCell(const TerminalCell &cell)
{
    return cell.chars[0] == 0 || cell.chars[0] == U' ';
}

} // namespace

bool TerminalRenderer::Range::contains(int line, int column) const
{
    if (isEmpty() || line < startLine || line > endLine)
        return false;
    if (line == startLine && column < startColumn)
        return false;
    if (line == endLine && column >= endColumn)
        return false;
    return true;
}

void TerminalRenderer::setFont(const QFont &font)
{
    QFont base = font;
    base.setKerning(false);
    base.setStyleHint(QFont::TypeWriter);
    const QFontMetricsF metrics(base);
    const qreal advance = metrics.horizontalAdvance(QLatin1Char('M'));
    m_cell = QSize(std::max(1, int(std::lround(advance))),
                   std::max(1, int(std::ceil(metrics.height()))));
    m_ascent = int(std::lround(metrics.ascent()));
    m_underlineOffset = std::max(1, int(std::lround(metrics.underlinePos())));
    m_lineWidth = std::max(1, int(std::lround(metrics.lineWidth())));
    for (int i = 0; i < 4; ++i) {
        QFont f = base;
        f.setBold(i & 1);
        f.setItalic(i & 2);
        // Every glyph advances exactly one cell, so a run of text drawn at once lines up
        // with the grid (the selection, the cursor, the program's columns).
        const qreal own = QFontMetricsF(f).horizontalAdvance(QLatin1Char('M'));
        f.setLetterSpacing(QFont::AbsoluteSpacing, m_cell.width() - own);
        m_fonts[i] = f;
    }
    m_fitsCell.clear();
}

const QFont &TerminalRenderer::fontFor(const Style &style) const
{
    return m_fonts[(style.bold ? 1 : 0) | (style.italic ? 2 : 0)];
}

bool TerminalRenderer::fitsCell(char32_t c)
{
    if (c < 0x80)
        return true;
    auto it = m_fitsCell.constFind(c);
    if (it == m_fitsCell.cend()) {
        // Box drawing, Latin accents and the like usually come from the font itself with
        // its advance; anything else is drawn in its own cell.
        const QFontMetricsF metrics(m_fonts[0]);
        const QString s = QString::fromUcs4(&c, 1);
        const bool fits = metrics.inFontUcs4(uint(c))
                          && qFuzzyCompare(metrics.horizontalAdvance(s),
                                           metrics.horizontalAdvance(QLatin1Char('M')));
        it = m_fitsCell.insert(c, fits);
    }
    return *it;
}

TerminalRenderer::Style TerminalRenderer::styleOf(const TerminalCell &cell,
                                                  const TerminalScreen &screen,
                                                  int line,
                                                  int column,
                                                  const Decorations &decorations) const
{
    Style style;
    style.foreground = cell.foreground;
    style.background = cell.background;
    if (screen.isReverseVideo()) {
        if (cell.defaultForeground)
            style.foreground = screen.defaultBackground();
        if (cell.defaultBackground)
            style.background = screen.defaultForeground();
    }
    if (cell.reverse)
        std::swap(style.foreground, style.background);
    style.bold = cell.bold;
    style.italic = cell.italic;
    style.underline = cell.underline;
    style.strike = cell.strike;
    if (decorations.selection.contains(line, column)) {
        style.foreground = m_colors.selectionForeground.rgb();
        style.background = m_colors.selectionBackground.rgb();
    } else if (decorations.currentMatch.contains(line, column)) {
        style.foreground = m_colors.matchForeground.rgb();
        style.background = m_colors.currentMatchBackground.rgb();
    } else {
        for (const Range &match : decorations.matches) {
            if (match.contains(line, column)) {
                style.foreground = m_colors.matchForeground.rgb();
                style.background = m_colors.matchBackground.rgb();
                break;
            }
        }
    }
    return style;
}

void TerminalRenderer::drawDecorations(
        QPainter &painter, const Style &style, int x, int y, int width) const
{
    if (style.underline == 0 && !style.strike)
        return;
    const QColor color = QColor::fromRgb(style.foreground);
    const int baseline = y + m_ascent;
    if (style.underline != 0) {
        const int uy = std::min(y + m_cell.height() - m_lineWidth, baseline + m_underlineOffset);
        painter.fillRect(x, uy, width, m_lineWidth, color);
        if (style.underline == 2) // double
            painter.fillRect(
                    x, std::max(baseline + 1, uy - 2 * m_lineWidth), width, m_lineWidth, color);
    }
    if (style.strike)
        painter.fillRect(x, y + m_ascent * 2 / 3, width, m_lineWidth, color);
}

void TerminalRenderer::paintLine(QPainter &painter,
                                 const TerminalScreen &screen,
                                 int line,
                                 int y,
                                 int x0,
                                 const Decorations &decorations)
{
    screen.lineCells(line, m_cells);
    const int cols = int(m_cells.size());
    const int cw = m_cell.width();
    const QRgb plain
            = screen.isReverseVideo() ? screen.defaultForeground() : screen.defaultBackground();
    QVarLengthArray<Style, 256> styles(cols);
    for (int col = 0; col < cols; ++col) {
        // The right half of a wide character looks like its left half.
        const int owner = m_cells[col].width == 0 && col > 0 ? col - 1 : col;
        styles[col] = styleOf(m_cells[owner], screen, line, col, decorations);
    }

    for (int col = 0; col < cols;) {
        int end = col + 1;
        while (end < cols && styles[end].background == styles[col].background)
            ++end;
        if (styles[col].background != plain)
            painter.fillRect(x0 + col * cw,
                             y,
                             (end - col) * cw,
                             m_cell.height(),
                             QColor::fromRgb(styles[col].background));
        col = end;
    }

    QString run;
    for (int col = 0; col < cols;) {
        const TerminalCell &cell = m_cells[col];
        const Style &style = styles[col];
        if (cell.width == 0) {
            ++col;
            continue;
        }
        const bool simple = cell.width == 1 && cell.chars[1] == 0 && fitsCell(cell.chars[0]);
        if (!simple) {
            painter.setFont(fontFor(style));
            painter.setPen(QColor::fromRgb(style.foreground));
            painter.drawText(QPoint(x0 + col * cw, y + m_ascent), cell.text());
            drawDecorations(painter, style, x0 + col * cw, y, cell.width * cw);
            col += std::max(1, cell.width);
            continue;
        }
        // A run of cells in one style whose glyphs all advance one cell: drawn at once.
        int end = col;
        run.clear();
        while (end < cols && m_cells[end].width == 1 && m_cells[end].chars[1] == 0
               && fitsCell(m_cells[end].chars[0]) && styles[end] == style) {
            const char32_t c = isBlankCell(m_cells[end]) ? U' ' : m_cells[end].chars[0];
            if (c < 0x10000)
                run += QChar(char16_t(c));
            else
                run += QString::fromUcs4(&c, 1);
            ++end;
        }
        if (!run.trimmed().isEmpty()) {
            painter.setFont(fontFor(style));
            painter.setPen(QColor::fromRgb(style.foreground));
            painter.drawText(QPoint(x0 + col * cw, y + m_ascent), run);
        }
        drawDecorations(painter, style, x0 + col * cw, y, (end - col) * cw);
        col = end;
    }
}

void TerminalRenderer::paintCursor(QPainter &painter,
                                   const TerminalScreen &screen,
                                   QPoint topLeft,
                                   const Decorations &decorations)
{
    const QPoint pos = screen.cursorPosition();
    const int line = screen.historyLines() + pos.y();
    const TerminalCell cell = screen.cell(line, pos.x());
    const int width = std::max(1, cell.width) * m_cell.width();
    const QRect rect(topLeft, QSize(width, m_cell.height()));
    const QColor color = m_colors.cursor;
    switch (screen.cursorShape()) {
    case TerminalScreen::CursorShape::Underline:
        painter.fillRect(rect.left(), rect.bottom() - 1, rect.width(), 2, color);
        return;
    case TerminalScreen::CursorShape::Bar:
        painter.fillRect(rect.left(), rect.top(), 2, rect.height(), color);
        return;
    case TerminalScreen::CursorShape::Block:
        break;
    }
    if (!decorations.focused) {
        painter.setPen(color);
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(rect.adjusted(0, 0, -1, -1));
        return;
    }
    painter.fillRect(rect, color);
    if (!isBlankCell(cell)) {
        Style style = styleOf(cell, screen, line, pos.x(), Decorations{});
        painter.setFont(fontFor(style));
        painter.setPen(QColor::fromRgb(screen.isReverseVideo() ? screen.defaultForeground()
                                                               : screen.defaultBackground()));
        painter.drawText(QPoint(rect.left(), rect.top() + m_ascent), cell.text());
    }
}

void TerminalRenderer::paint(QPainter &painter,
                             const TerminalScreen &screen,
                             QPoint origin,
                             int firstLine,
                             int count,
                             const Decorations &decorations)
{
    const int total = screen.lineCount();
    for (int i = 0; i < count && firstLine + i < total; ++i) {
        if (firstLine + i >= 0)
            paintLine(painter,
                      screen,
                      firstLine + i,
                      origin.y() + i * m_cell.height(),
                      origin.x(),
                      decorations);
    }
    if (!decorations.showCursor || !screen.isCursorVisible())
        return;
    const int cursorLine = screen.historyLines() + screen.cursorPosition().y();
    if (cursorLine < firstLine || cursorLine >= firstLine + count)
        return;
    const QPoint topLeft(origin.x() + screen.cursorPosition().x() * m_cell.width(),
                         origin.y() + (cursorLine - firstLine) * m_cell.height());
    paintCursor(painter, screen, topLeft, decorations);
}

} // namespace Econtext
