#include "ui/widgets/emptystatetableview.h"

#include <QPainter>

namespace Econtext {

EmptyStateTableView::EmptyStateTableView(QWidget *parent)
    : QTableView(parent)
{}

void EmptyStateTableView::setEmptyText(const QString &text)
{
    if (m_emptyText == text)
        return;
    m_emptyText = text;
    viewport()->update();
}

void EmptyStateTableView::setEmptyFont(const QFont &font)
{
    m_emptyFont = font;
    m_hasEmptyFont = true;
    viewport()->update();
}

void EmptyStateTableView::paintEvent(QPaintEvent *event)
{
    QTableView::paintEvent(event);
    if (!model() || model()->rowCount() > 0 || m_emptyText.isEmpty())
        return;
    QPainter painter(viewport());
    if (m_hasEmptyFont)
        painter.setFont(m_emptyFont);
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(viewport()->rect().adjusted(24, 24, -24, -24),
                     int(Qt::AlignCenter) | Qt::TextWordWrap,
                     m_emptyText);
}

} // namespace Econtext
