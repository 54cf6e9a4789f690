#include "ui/terminal/terminalscrollback.h"

#include <algorithm>

namespace Econtext {

namespace {

std::uint16_t packAttrs(const VTermScreenCellAttrs &a)
{
    return std::uint16_t(a.bold | a.underline << 1 | a.italic << 3 | a.blink << 4 | a.reverse << 5
                         | a.strike << 6 | a.font << 7 | a.dwl << 11 | a.dhl << 12);
}

VTermScreenCellAttrs unpackAttrs(std::uint16_t bits)
{
    VTermScreenCellAttrs a{};
    a.bold = bits & 1u;
    a.underline = (bits >> 1) & 3u;
    a.italic = (bits >> 3) & 1u;
    a.blink = (bits >> 4) & 1u;
    a.reverse = (bits >> 5) & 1u;
    a.strike = (bits >> 6) & 1u;
    a.font = (bits >> 7) & 15u;
    a.dwl = (bits >> 11) & 1u;
    a.dhl = (bits >> 12) & 3u;
    return a;
}

// A cell that shows nothing: no character (or a space) on the default background, with no
// attribute that would draw something across it.
bool isBlank(const VTermScreenCell &cell)
{
    return (cell.chars[0] == 0 || cell.chars[0] == U' ') && cell.width == 1
           && VTERM_COLOR_IS_DEFAULT_BG(&cell.bg) && !cell.attrs.reverse && !cell.attrs.underline
           && !cell.attrs.strike;
}

TerminalScrollback::Cell compact(const VTermScreenCell &cell)
{
    TerminalScrollback::Cell c;
    c.ch = cell.chars[0];
    c.fg = cell.fg;
    c.bg = cell.bg;
    c.attrs = packAttrs(cell.attrs);
    c.width = std::int8_t(cell.width);
    return c;
}

} // namespace

TerminalScrollback::TerminalScrollback(int limit)
    : m_limit(std::max(0, limit))
{}

int TerminalScrollback::setLimit(int lines)
{
    m_limit = std::max(0, lines);
    int dropped = 0;
    while (size() > m_limit) {
        m_bytes -= bytesOf(m_lines.front());
        m_lines.pop_front();
        ++dropped;
    }
    if (m_lines.empty())
        m_lines.shrink_to_fit();
    return dropped;
}

int TerminalScrollback::push(int cols, const VTermScreenCell *cells)
{
    if (m_limit == 0)
        return 0;
    int dropped = 0;
    Line line;
    if (size() >= m_limit) {
        // Reuse the oldest line's vectors: a flood pushes a line for every line it scrolls.
        line = std::move(m_lines.front());
        m_bytes -= bytesOf(line);
        m_lines.pop_front();
        line.cells.clear();
        line.combining.clear();
        dropped = 1;
    }
    int used = cols;
    while (used > 0 && isBlank(cells[used - 1]))
        --used;
    line.fill = used < cols ? compact(cells[used]) : Cell{};
    line.fill.ch = 0;
    line.cells.reserve(std::size_t(used));
    for (int col = 0; col < used; ++col) {
        const VTermScreenCell &cell = cells[col];
        line.cells.push_back(compact(cell));
        if (cell.chars[0] != 0 && cell.chars[1] != 0) {
            Combining extra;
            extra.col = col;
            std::copy(cell.chars + 1, cell.chars + VTERM_MAX_CHARS_PER_CELL, extra.chars.begin());
            line.combining.push_back(extra);
        }
    }
    m_bytes += bytesOf(line);
    m_lines.push_back(std::move(line));
    return dropped;
}

bool TerminalScrollback::pop(int cols, VTermScreenCell *cells)
{
    if (m_lines.empty())
        return false;
    const Line &line = m_lines.back();
    for (int col = 0; col < cols; ++col)
        expand(line, col, &cells[col]);
    m_bytes -= bytesOf(line);
    m_lines.pop_back();
    return true;
}

void TerminalScrollback::clear()
{
    m_lines.clear();
    m_lines.shrink_to_fit();
    m_bytes = 0;
}

void TerminalScrollback::expand(const Line &line, int col, VTermScreenCell *cell)
{
    const bool stored = col < int(line.cells.size());
    const Cell &c = stored ? line.cells[std::size_t(col)] : line.fill;
    *cell = VTermScreenCell{};
    cell->chars[0] = c.ch;
    cell->width = char(stored ? c.width : 1);
    cell->attrs = unpackAttrs(c.attrs);
    cell->fg = c.fg;
    cell->bg = c.bg;
    if (!stored || c.ch == 0)
        return;
    for (const Combining &extra : line.combining) {
        if (extra.col == col) {
            std::copy(extra.chars.begin(), extra.chars.end(), cell->chars + 1);
            break;
        }
    }
}

std::size_t TerminalScrollback::bytesOf(const Line &line)
{
    return sizeof(Line) + line.cells.capacity() * sizeof(Cell)
           + line.combining.capacity() * sizeof(Combining);
}

} // namespace Econtext
