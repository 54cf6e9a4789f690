// Making remote text harmless for a terminal or a widget: a context is code on
// another machine, so its log lines may carry escape sequences and control
// characters. Used by the CLI and the GUI log panes.
#pragma once

#include <QString>
#include <QStringView>

namespace Econtext {

// Removes ANSI/VT escape sequences (CSI, OSC, and lone ESC pairs) and replaces other
// C0/C1 control characters except tab with U+FFFD-free visible escapes ("\x07").
QString sanitizeForTerminal(QStringView text);

} // namespace Econtext
