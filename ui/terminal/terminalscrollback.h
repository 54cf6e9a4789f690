// TerminalScrollback: the lines that scrolled off the top of a TerminalScreen's primary
// screen, oldest first, at most limit() of them. libvterm hands a line over as a row of
// VTermScreenCells (sb_pushline) and asks for it back when the screen grows taller
// (sb_popline); between the two a line is kept compact: 16 bytes a cell, the blank cells at
// its end dropped, combining characters beside the line. Memory is therefore bounded by
// limit() x columns x 16 bytes. Used by TerminalScreen only.
#pragma once

#include <vterm.h>

#include <array>
#include <cstdint>
#include <deque>
#include <vector>

namespace Econtext {

class TerminalScrollback
{
public:
    // One cell as kept: the base character, colours as libvterm gave them (indexed or RGB,
    // with the default flags) and the attributes packed in 16 bits.
    struct Cell
    {
        char32_t ch = 0;
        VTermColor fg{};
        VTermColor bg{};
        std::uint16_t attrs = 0;
        std::int8_t width = 1;
    };
    // The characters combined with a cell's base character (accents, variation selectors).
    struct Combining
    {
        int col = 0;
        std::array<char32_t, VTERM_MAX_CHARS_PER_CELL - 1> chars{};
    };
    struct Line
    {
        std::vector<Cell> cells; // up to the last non-blank cell
        std::vector<Combining> combining;
        Cell fill; // what the dropped blank cells at the end looked like
    };

    explicit TerminalScrollback(int limit);

    int size() const { return int(m_lines.size()); }
    int limit() const { return m_limit; }
    // Lowers or raises the limit; the oldest lines beyond a lower one go at once.
    // Returns how many lines went.
    int setLimit(int lines);

    // Keeps a row that scrolled off the screen. Returns how many of the oldest lines went
    // to make room (0 or 1).
    int push(int cols, const VTermScreenCell *cells);
    // Gives the newest line back as a screen row of cols cells (blank beyond what was
    // kept) and forgets it. False when there is none.
    bool pop(int cols, VTermScreenCell *cells);
    void clear();

    // Line 0 is the oldest. Cells past the stored ones are blank.
    const Line &line(int index) const { return m_lines[std::size_t(index)]; }
    static void expand(const Line &line, int col, VTermScreenCell *cell);

    // Bytes the kept lines take (cells and combining characters, with their vectors).
    std::size_t memoryUsage() const { return m_bytes; }

private:
    static std::size_t bytesOf(const Line &line);

    std::deque<Line> m_lines;
    int m_limit = 0;
    std::size_t m_bytes = 0;
};

} // namespace Econtext
