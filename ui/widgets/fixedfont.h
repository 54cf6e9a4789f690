// The monospaced font of every view that lines text up in columns: the console, the log
// pane, the stacks, fingerprints and multi-run output. QFontDatabase's FixedFont is
// whatever fontconfig calls "monospace", which is not always a font whose glyphs all
// advance alike (with fonts-noto-mono installed it is Noto Sans Mono, which fontconfig
// does not even mark as fixed pitch; on a machine without a monospaced font it can be a
// proportional one). fixedFont() checks what the user will see, and picks an installed
// family that really is monospaced when the system's choice is not.
#pragma once

#include <QFont>

namespace Econtext {

// The system's fixed font if its printable ASCII glyphs all have the same advance width,
// otherwise the first installed family that has; the system's font when none has.
QFont fixedFont();

// The same choice starting from a given font (its size and weight are kept).
QFont monospacedFont(const QFont &preferred);

// True when every printable ASCII character has the same, non-zero advance in the font.
bool hasEqualAdvances(const QFont &font);

} // namespace Econtext
