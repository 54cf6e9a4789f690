#include "ui/widgets/windowplacement.h"

#include <QGuiApplication>
#include <QScreen>
#include <QWidget>

#include <algorithm>

namespace Econtext {

void placeWindow(QWidget *window, const QWidget *anchor, QSize preferred)
{
    const QScreen *screen = anchor ? anchor->screen() : QGuiApplication::primaryScreen();
    if (!screen) {
        window->resize(preferred);
        return;
    }
    const QRect free = screen->availableGeometry();
    const QSize size = preferred.boundedTo(free.size() * 0.9);
    window->resize(size);
    const QRect over = anchor && anchor->isVisible() ? anchor->window()->frameGeometry() : free;
    QRect frame(QPoint(), size);
    frame.moveCenter(over.center());
    // Inside the free area, the title bar first if it does not fit.
    frame.moveLeft(std::max(free.left(), std::min(frame.left(), free.right() - frame.width())));
    frame.moveTop(std::max(free.top(), std::min(frame.top(), free.bottom() - frame.height())));
    window->move(frame.topLeft());
}

} // namespace Econtext
