// Where a window of its own (Module Audit, a capture) opens: at its preferred size where
// the screen allows, else 90 % of the screen's free area, centred over the window it was
// opened from, and always wholly on that screen (the window manager may still move it).
#pragma once

#include <QSize>

class QWidget;

namespace Econtext {

void placeWindow(QWidget *window, const QWidget *anchor, QSize preferred);

} // namespace Econtext
