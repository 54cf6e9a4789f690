#include "ui/terminal/terminalkeys.h"

#include <QKeyEvent>

#include <vterm_keycodes.h>

namespace Econtext {

namespace {

VTermKey keypadKey(int key)
{
    if (key >= Qt::Key_0 && key <= Qt::Key_9)
        return VTermKey(VTERM_KEY_KP_0 + (key - Qt::Key_0));
    switch (key) {
    case Qt::Key_Asterisk:
        return VTERM_KEY_KP_MULT;
    case Qt::Key_Plus:
        return VTERM_KEY_KP_PLUS;
    case Qt::Key_Comma:
        return VTERM_KEY_KP_COMMA;
    case Qt::Key_Minus:
        return VTERM_KEY_KP_MINUS;
    case Qt::Key_Period:
        return VTERM_KEY_KP_PERIOD;
    case Qt::Key_Slash:
        return VTERM_KEY_KP_DIVIDE;
    case Qt::Key_Enter:
        return VTERM_KEY_KP_ENTER;
    case Qt::Key_Equal:
        return VTERM_KEY_KP_EQUAL;
    default:
        return VTERM_KEY_NONE;
    }
}

VTermKey specialKey(int key)
{
    if (key >= Qt::Key_F1 && key <= Qt::Key_F35)
        return VTermKey(VTERM_KEY_FUNCTION(1 + (key - Qt::Key_F1)));
    switch (key) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        return VTERM_KEY_ENTER;
    case Qt::Key_Tab:
    case Qt::Key_Backtab:
        return VTERM_KEY_TAB;
    case Qt::Key_Backspace:
        return VTERM_KEY_BACKSPACE;
    case Qt::Key_Escape:
        return VTERM_KEY_ESCAPE;
    case Qt::Key_Up:
        return VTERM_KEY_UP;
    case Qt::Key_Down:
        return VTERM_KEY_DOWN;
    case Qt::Key_Left:
        return VTERM_KEY_LEFT;
    case Qt::Key_Right:
        return VTERM_KEY_RIGHT;
    case Qt::Key_Insert:
        return VTERM_KEY_INS;
    case Qt::Key_Delete:
        return VTERM_KEY_DEL;
    case Qt::Key_Home:
        return VTERM_KEY_HOME;
    case Qt::Key_End:
        return VTERM_KEY_END;
    case Qt::Key_PageUp:
        return VTERM_KEY_PAGEUP;
    case Qt::Key_PageDown:
        return VTERM_KEY_PAGEDOWN;
    default:
        return VTERM_KEY_NONE;
    }
}

// The control byte xterm sends for Ctrl with this key where libvterm would send CSI u
// (which bash, readline and most programs do not read), or -1.
int classicControlByte(int key)
{
    switch (key) {
    case Qt::Key_I:
        return 0x09;
    case Qt::Key_J:
        return 0x0a;
    case Qt::Key_M:
        return 0x0d;
    case Qt::Key_Space:
    case Qt::Key_At:
    case Qt::Key_2:
        return 0x00;
    case Qt::Key_BracketLeft:
    case Qt::Key_3:
        return 0x1b;
    case Qt::Key_Backslash:
    case Qt::Key_4:
        return 0x1c;
    case Qt::Key_BracketRight:
    case Qt::Key_5:
        return 0x1d;
    case Qt::Key_AsciiCircum:
    case Qt::Key_6:
        return 0x1e;
    case Qt::Key_Underscore:
    case Qt::Key_Slash:
    case Qt::Key_7:
        return 0x1f;
    case Qt::Key_Question:
    case Qt::Key_8:
        return 0x7f;
    case Qt::Key_Backspace:
        return 0x08;
    default:
        return -1;
    }
}

} // namespace

TerminalKeyEncoding encodeTerminalKey(const QKeyEvent *event)
{
    TerminalKeyEncoding result;
    const int key = event->key();
    int mod = terminalModifiers(event->modifiers());

    if (event->modifiers() & Qt::KeypadModifier) {
        if (const VTermKey kp = keypadKey(key); kp != VTERM_KEY_NONE) {
            result.kind = TerminalKeyEncoding::Kind::Key;
            result.key = kp;
            result.modifiers = mod;
            return result;
        }
    }

    if (mod & VTERM_MOD_CTRL) {
        if (const int byte = classicControlByte(key); byte >= 0) {
            result.kind = TerminalKeyEncoding::Kind::Bytes;
            if (mod & VTERM_MOD_ALT)
                result.bytes += '\x1b';
            result.bytes += char(byte);
            return result;
        }
    }

    if (const VTermKey special = specialKey(key); special != VTERM_KEY_NONE) {
        if (key == Qt::Key_Backtab)
            mod |= VTERM_MOD_SHIFT;
        // Shift does not change Escape or Backspace in other terminals either.
        if (special == VTERM_KEY_ESCAPE || special == VTERM_KEY_BACKSPACE)
            mod &= ~VTERM_MOD_SHIFT;
        result.kind = TerminalKeyEncoding::Kind::Key;
        result.key = special;
        result.modifiers = mod;
        return result;
    }

    if (mod & VTERM_MOD_CTRL) {
        // Ctrl+letter from the key, not the text: the text of Ctrl+C is already "\x03" on
        // X11 and "c" or "C" elsewhere; libvterm wants the lower-case letter.
        char32_t c = 0;
        if (key >= Qt::Key_A && key <= Qt::Key_Z)
            c = U'a' + char32_t(key - Qt::Key_A);
        else if (key > 0x20 && key < 0x7f)
            c = char32_t(key);
        if (c == 0)
            return result;
        result.kind = TerminalKeyEncoding::Kind::Character;
        result.character = c;
        result.modifiers = mod & ~VTERM_MOD_SHIFT;
        return result;
    }

    const QString text = event->text();
    if (text.isEmpty() || text.at(0).unicode() < 0x20 || text.at(0).unicode() == 0x7f)
        return result;
    if (mod & VTERM_MOD_ALT) {
        // Alt+x: ESC x, the meta key of xterm and readline.
        const QList<uint> ucs4 = text.toUcs4();
        result.kind = TerminalKeyEncoding::Kind::Character;
        result.character = char32_t(ucs4.value(0));
        result.modifiers = VTERM_MOD_ALT;
        return result;
    }
    result.kind = TerminalKeyEncoding::Kind::Text;
    result.text = text;
    return result;
}

int terminalModifiers(Qt::KeyboardModifiers modifiers)
{
    int mod = VTERM_MOD_NONE;
    if (modifiers & Qt::ShiftModifier)
        mod |= VTERM_MOD_SHIFT;
    if (modifiers & Qt::AltModifier)
        mod |= VTERM_MOD_ALT;
    if (modifiers & Qt::ControlModifier)
        mod |= VTERM_MOD_CTRL;
    return mod;
}

} // namespace Econtext
