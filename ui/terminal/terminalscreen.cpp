#include "ui/terminal/terminalscreen.h"

#include "ui/terminal/terminalkeys.h"
#include "ui/terminal/terminalscrollback.h"

#include <QKeyEvent>

#include <vterm.h>

#include <algorithm>

namespace Econtext {

namespace {

// The 16 colours programs pick by number (SGR 30-37, 90-97), in the Tango scheme GNOME's
// terminal uses: readable on light and dark backgrounds, unlike libvterm's pure primaries.
constexpr QRgb s_ansiColors[16] = {
        0x2e3436,
        0xcc0000,
        0x4e9a06,
        0xc4a000,
        0x3465a4,
        0x75507b,
        0x06989a,
        0xd3d7cf,
        0x555753,
        0xef2929,
        0x8ae234,
        0xfce94f,
        0x729fcf,
        0xad7fa8,
        0x34e2e2,
        0xeeeeec,
};

VTermColor toVTerm(QRgb rgb)
{
    VTermColor color;
    vterm_color_rgb(&color, quint8(qRed(rgb)), quint8(qGreen(rgb)), quint8(qBlue(rgb)));
    return color;
}

bool isPasteControl(char32_t c)
{
    return (c < 0x20 && c != U'\t' && c != U'\n' && c != U'\r') || (c >= 0x7f && c < 0xa0);
}

} // namespace

QString TerminalCell::text() const
{
    QString s;
    for (const char32_t c : chars) {
        if (c == 0 || c == char32_t(-1))
            break;
        s += QString::fromUcs4(&c, 1);
    }
    return s;
}

// libvterm's callbacks, forwarded to the screen they were registered with.
struct TerminalScreen::Callbacks
{
    static TerminalScreen *self(void *user) { return static_cast<TerminalScreen *>(user); }

    // These run for every character the program prints: they only take note.
    static int damage(VTermRect, void *user)
    {
        self(user)->m_dirty = true;
        return 1;
    }
    static int moverect(VTermRect, VTermRect, void *user)
    {
        self(user)->m_dirty = true;
        return 1;
    }
    static int movecursor(VTermPos pos, VTermPos, int visible, void *user)
    {
        TerminalScreen *s = self(user);
        s->m_cursor = QPoint(pos.col, pos.row);
        s->m_cursorVisible = visible;
        s->m_dirty = true;
        return 1;
    }
    static int settermprop(VTermProp prop, VTermValue *value, void *user)
    {
        self(user)->setProperty(prop, value);
        return 1;
    }
    static int bell(void *user)
    {
        Q_EMIT self(user)->bell();
        return 1;
    }
    static int pushLine(int cols, const VTermScreenCell *cells, void *user)
    {
        TerminalScreen *s = self(user);
        s->m_droppedLines += s->m_scrollback->push(cols, cells);
        return 1;
    }
    static int popLine(int cols, VTermScreenCell *cells, void *user)
    {
        return self(user)->m_scrollback->pop(cols, cells) ? 1 : 0;
    }
    static void output(const char *bytes, size_t length, void *user)
    {
        self(user)->m_output.append(bytes, qsizetype(length));
    }
};

TerminalScreen::TerminalScreen(int rows, int columns, QObject *parent)
    : QObject(parent)
    , m_vterm(vterm_new(std::max(1, rows), std::max(1, columns)), vterm_free)
    , m_screen(vterm_obtain_screen(m_vterm.get()))
    , m_scrollback(std::make_unique<TerminalScrollback>(DefaultScrollbackLines))
{
    static const VTermScreenCallbacks callbacks = {
            &Callbacks::damage,
            &Callbacks::moverect,
            &Callbacks::movecursor,
            &Callbacks::settermprop,
            &Callbacks::bell,
            nullptr,
            &Callbacks::pushLine,
            &Callbacks::popLine,
    };
    vterm_set_utf8(m_vterm.get(), 1);
    vterm_output_set_callback(m_vterm.get(), &Callbacks::output, this);
    vterm_screen_set_callbacks(m_screen, &callbacks, this);
    // Scrolls are merged until the damage is flushed (after each write), so a flood of
    // lines costs one damage report per write rather than one per line.
    vterm_screen_set_damage_merge(m_screen, VTERM_DAMAGE_SCROLL);
    vterm_screen_enable_altscreen(m_screen, 1);
    VTermState *state = vterm_obtain_state(m_vterm.get());
    for (int i = 0; i < 16; ++i) {
        const VTermColor color = toVTerm(s_ansiColors[i]);
        vterm_state_set_palette_color(state, i, &color);
    }
    vterm_screen_reset(m_screen, 1);
    setDefaultColors(qRgb(0, 0, 0), qRgb(255, 255, 255));
}

TerminalScreen::~TerminalScreen() = default;

int TerminalScreen::rows() const
{
    int rows = 0;
    int cols = 0;
    vterm_get_size(m_vterm.get(), &rows, &cols);
    return rows;
}

int TerminalScreen::columns() const
{
    int rows = 0;
    int cols = 0;
    vterm_get_size(m_vterm.get(), &rows, &cols);
    return cols;
}

void TerminalScreen::resize(int rows, int columns)
{
    rows = std::max(1, rows);
    columns = std::max(1, columns);
    if (rows == this->rows() && columns == this->columns())
        return;
    vterm_set_size(m_vterm.get(), rows, columns);
    vterm_screen_flush_damage(m_screen);
    m_dirty = true;
    notifyDamage();
}

void TerminalScreen::write(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return;
    vterm_input_write(m_vterm.get(), bytes.data(), size_t(bytes.size()));
    vterm_screen_flush_damage(m_screen);
    notifyDamage();
    flushOutput();
}

int TerminalScreen::historyLines() const
{
    return m_altScreen ? 0 : m_scrollback->size();
}

qint64 TerminalScreen::firstLineId() const
{
    return m_droppedLines + (m_altScreen ? m_scrollback->size() : 0);
}

TerminalCell TerminalScreen::toCell(const void *vtermCell) const
{
    const auto &c = *static_cast<const VTermScreenCell *>(vtermCell);
    TerminalCell cell;
    std::copy(c.chars, c.chars + VTERM_MAX_CHARS_PER_CELL, cell.chars.begin());
    // libvterm marks the right half of a wide character with (uint32_t)-1.
    cell.width = c.chars[0] == uint32_t(-1) ? 0 : c.width;
    if (cell.width == 0)
        cell.chars.fill(0);
    cell.defaultForeground = VTERM_COLOR_IS_DEFAULT_FG(&c.fg);
    cell.defaultBackground = VTERM_COLOR_IS_DEFAULT_BG(&c.bg);
    VTermColor fg = c.fg;
    VTermColor bg = c.bg;
    vterm_screen_convert_color_to_rgb(m_screen, &fg);
    vterm_screen_convert_color_to_rgb(m_screen, &bg);
    cell.foreground
            = cell.defaultForeground ? m_defaultFg : qRgb(fg.rgb.red, fg.rgb.green, fg.rgb.blue);
    cell.background
            = cell.defaultBackground ? m_defaultBg : qRgb(bg.rgb.red, bg.rgb.green, bg.rgb.blue);
    cell.bold = c.attrs.bold;
    cell.italic = c.attrs.italic;
    cell.blink = c.attrs.blink;
    cell.reverse = c.attrs.reverse;
    cell.strike = c.attrs.strike;
    cell.underline = c.attrs.underline;
    return cell;
}

TerminalCell TerminalScreen::cell(int line, int column) const
{
    VTermScreenCell c{};
    const int history = historyLines();
    if (line < 0 || line >= history + rows() || column < 0 || column >= columns())
        return TerminalCell{};
    if (line < history) {
        TerminalScrollback::expand(m_scrollback->line(line), column, &c);
    } else {
        vterm_screen_get_cell(m_screen, VTermPos{line - history, column}, &c);
    }
    return toCell(&c);
}

void TerminalScreen::lineCells(int line, QList<TerminalCell> &cells) const
{
    const int cols = columns();
    cells.resize(cols);
    for (int col = 0; col < cols; ++col)
        cells[col] = cell(line, col);
}

QString TerminalScreen::lineText(int line, QList<int> *columns) const
{
    QString text;
    if (columns)
        columns->clear();
    const int cols = this->columns();
    int kept = 0; // length of text up to its last non-blank character
    for (int col = 0; col < cols; ++col) {
        const TerminalCell c = cell(line, col);
        if (c.width == 0)
            continue;
        const QString s = c.chars[0] == 0 ? QStringLiteral(" ") : c.text();
        text += s;
        if (columns) {
            for (qsizetype i = 0; i < s.size(); ++i)
                columns->append(col);
        }
        if (c.chars[0] != 0 && c.chars[0] != U' ')
            kept = int(text.size());
    }
    text.truncate(kept);
    if (columns)
        columns->resize(kept);
    return text;
}

QString TerminalScreen::text(int startLine, int startColumn, int endLine, int endColumn) const
{
    QString result;
    for (int line = startLine; line <= endLine; ++line) {
        QList<int> columns;
        const QString text = lineText(line, &columns);
        const int from = line == startLine ? startColumn : 0;
        const int to = line == endLine ? endColumn : this->columns();
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (columns[i] >= from && columns[i] < to)
                result += text.at(i);
        }
        if (line != endLine)
            result += u'\n';
    }
    return result;
}

TerminalMatch TerminalScreen::find(const QString &needle,
                                   int fromLine,
                                   int fromColumn,
                                   bool backward,
                                   Qt::CaseSensitivity cs) const
{
    const int count = lineCount();
    if (needle.isEmpty() || count == 0)
        return TerminalMatch{};
    fromLine = std::clamp(fromLine, 0, count - 1);
    // Every line once, starting and ending with the line of the starting point (the part
    // of it before or after the start on the second visit).
    for (int step = 0; step <= count; ++step) {
        const int line = backward ? (fromLine - step + count) % count : (fromLine + step) % count;
        QList<int> columns;
        const QString text = lineText(line, &columns);
        qsizetype at = -1;
        if (backward) {
            qsizetype from = -1;
            if (step == 0) {
                // Matches starting before the start column only.
                from = std::lower_bound(columns.cbegin(), columns.cend(), fromColumn)
                       - columns.cbegin() - 1;
                if (from < 0)
                    continue;
            }
            at = text.lastIndexOf(needle, from, cs);
            if (step == count && at >= 0 && columns[at] < fromColumn)
                at = -1;
        } else {
            qsizetype from = 0;
            if (step == 0) {
                from = std::upper_bound(columns.cbegin(), columns.cend(), fromColumn)
                       - columns.cbegin();
            }
            at = text.indexOf(needle, from, cs);
            if (step == count && at >= 0 && columns[at] > fromColumn)
                at = -1;
        }
        if (at < 0)
            continue;
        const qsizetype last = at + needle.size() - 1;
        const int endColumn = columns[last] + std::max(1, cell(line, columns[last]).width);
        return TerminalMatch{firstLineId() + line, columns[at], endColumn - columns[at]};
    }
    return TerminalMatch{};
}

QPoint TerminalScreen::cursorPosition() const
{
    return m_cursor;
}

int TerminalScreen::scrollbackLimit() const
{
    return m_scrollback->limit();
}

void TerminalScreen::setScrollbackLimit(int lines)
{
    m_droppedLines += m_scrollback->setLimit(lines);
    Q_EMIT damaged();
}

void TerminalScreen::clearScrollback()
{
    m_droppedLines += m_scrollback->size();
    m_scrollback->clear();
    Q_EMIT damaged();
}

std::size_t TerminalScreen::scrollbackMemory() const
{
    return m_scrollback->memoryUsage();
}

void TerminalScreen::setDefaultColors(QRgb foreground, QRgb background)
{
    m_defaultFg = foreground;
    m_defaultBg = background;
    const VTermColor fg = toVTerm(foreground);
    const VTermColor bg = toVTerm(background);
    vterm_state_set_default_colors(vterm_obtain_state(m_vterm.get()), &fg, &bg);
    Q_EMIT damaged();
}

void TerminalScreen::setProperty(int prop, const void *value)
{
    const auto *v = static_cast<const VTermValue *>(value);
    switch (VTermProp(prop)) {
    case VTERM_PROP_CURSORVISIBLE:
        m_cursorVisible = v->boolean;
        break;
    case VTERM_PROP_CURSORBLINK:
        m_cursorBlink = v->boolean;
        break;
    case VTERM_PROP_CURSORSHAPE:
        m_cursorShape = v->number == VTERM_PROP_CURSORSHAPE_UNDERLINE  ? CursorShape::Underline
                        : v->number == VTERM_PROP_CURSORSHAPE_BAR_LEFT ? CursorShape::Bar
                                                                       : CursorShape::Block;
        break;
    case VTERM_PROP_ALTSCREEN:
        m_altScreen = v->boolean;
        Q_EMIT altScreenChanged(m_altScreen);
        break;
    case VTERM_PROP_TITLE:
        m_title = QString::fromUtf8(v->string);
        Q_EMIT titleChanged(m_title);
        break;
    case VTERM_PROP_REVERSE:
        m_reverseVideo = v->boolean;
        break;
    case VTERM_PROP_MOUSE:
        m_mouseMode = v->number;
        break;
    default:
        return;
    }
    m_dirty = true;
}

void TerminalScreen::notifyDamage()
{
    if (!m_dirty)
        return;
    m_dirty = false;
    Q_EMIT damaged();
}

void TerminalScreen::flushOutput()
{
    if (m_output.isEmpty())
        return;
    const QByteArray bytes = std::exchange(m_output, QByteArray());
    Q_EMIT input(bytes);
}

bool TerminalScreen::sendKey(const QKeyEvent *event)
{
    const TerminalKeyEncoding encoding = encodeTerminalKey(event);
    VTerm *vt = m_vterm.get();
    switch (encoding.kind) {
    case TerminalKeyEncoding::Kind::None:
        return false;
    case TerminalKeyEncoding::Kind::Key:
        vterm_keyboard_key(vt, VTermKey(encoding.key), VTermModifier(encoding.modifiers));
        break;
    case TerminalKeyEncoding::Kind::Character:
        vterm_keyboard_unichar(vt, encoding.character, VTermModifier(encoding.modifiers));
        break;
    case TerminalKeyEncoding::Kind::Text:
        sendText(encoding.text);
        return true;
    case TerminalKeyEncoding::Kind::Bytes:
        m_output += encoding.bytes;
        break;
    }
    flushOutput();
    return true;
}

void TerminalScreen::sendText(const QString &text)
{
    const QList<uint> ucs4 = text.toUcs4();
    for (const uint c : ucs4)
        vterm_keyboard_unichar(m_vterm.get(), c, VTERM_MOD_NONE);
    flushOutput();
}

void TerminalScreen::paste(const QString &text)
{
    if (text.isEmpty())
        return;
    VTerm *vt = m_vterm.get();
    vterm_keyboard_start_paste(vt);
    const QList<uint> ucs4 = text.toUcs4();
    for (qsizetype i = 0; i < ucs4.size(); ++i) {
        char32_t c = ucs4[i];
        // A terminal's Enter is CR; CR LF is one line break.
        if (c == U'\r' && i + 1 < ucs4.size() && ucs4[i + 1] == U'\n')
            continue;
        if (c == U'\n')
            c = U'\r';
        // Pasted escape sequences could end the bracketed paste early and run as typed.
        if (isPasteControl(c))
            continue;
        vterm_keyboard_unichar(vt, c, VTERM_MOD_NONE);
    }
    vterm_keyboard_end_paste(vt);
    flushOutput();
}

void TerminalScreen::mouseMove(int row, int column, Qt::KeyboardModifiers modifiers)
{
    vterm_mouse_move(m_vterm.get(), row, column, VTermModifier(terminalModifiers(modifiers)));
    flushOutput();
}

void TerminalScreen::mouseButton(int button, bool pressed, Qt::KeyboardModifiers modifiers)
{
    vterm_mouse_button(m_vterm.get(), button, pressed, VTermModifier(terminalModifiers(modifiers)));
    flushOutput();
}

void TerminalScreen::setFocused(bool focused)
{
    VTermState *state = vterm_obtain_state(m_vterm.get());
    if (focused)
        vterm_state_focus_in(state);
    else
        vterm_state_focus_out(state);
    flushOutput();
}

} // namespace Econtext
