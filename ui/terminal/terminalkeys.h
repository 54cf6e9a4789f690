// What a key press sends to a terminal program, decided from a QKeyEvent: a libvterm key
// (arrows, function keys, keypad, ...) or character with modifiers, which libvterm encodes
// the xterm way, or bytes of its own where libvterm's encoding (CSI u) is one shells do not
// read: Ctrl+I/J/M/[, Ctrl+Space, Ctrl+Backspace and the other classic control keys.
// Used by TerminalScreen::sendKey().
#pragma once

#include <QByteArray>
#include <QString>

class QKeyEvent;

namespace Econtext {

struct TerminalKeyEncoding
{
    enum class Kind { None, Key, Character, Text, Bytes };
    Kind kind = Kind::None;
    int key = 0;            // a VTermKey, for Kind::Key
    char32_t character = 0; // for Kind::Character
    int modifiers = 0;      // a VTermModifier mask, for Key and Character
    QString text;           // for Kind::Text: typed characters without modifiers
    QByteArray bytes;       // for Kind::Bytes
};

TerminalKeyEncoding encodeTerminalKey(const QKeyEvent *event);
// Qt's Shift, Alt and Control as a VTermModifier mask (keys and mouse alike).
int terminalModifiers(Qt::KeyboardModifiers modifiers);

} // namespace Econtext
