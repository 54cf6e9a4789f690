#include "ui/logs/loghighlightdelegate.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>

namespace Econtext {

LogHighlightDelegate::LogHighlightDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

void LogHighlightDelegate::paint(QPainter *painter,
                                 const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    if (m_highlight.isEmpty() || !opt.text.contains(m_highlight, Qt::CaseInsensitive)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }

    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    const QString text = opt.text;
    // The text rectangle must be computed while the option still has its text.
    QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    textRect.adjust(margin, 0, -margin, 0);

    // Background, selection and focus as the style draws them, without the text.
    opt.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QFontMetrics fm(opt.font);
    const QString shown = fm.elidedText(text, opt.textElideMode, textRect.width());
    const bool selected = opt.state & QStyle::State_Selected;
    const bool dark = opt.palette.color(QPalette::Base).lightnessF() < 0.5;
    const QColor mark
            = selected ? QColor(255, 255, 255, 70)
                       : (dark ? QColor(0xb0, 0x8a, 0x00, 170) : QColor(0xff, 0xd8, 0x40, 190));

    painter->save();
    painter->setClipRect(textRect);
    painter->setFont(opt.font);
    const int textTop = textRect.top() + (textRect.height() - fm.height()) / 2;
    qsizetype from = 0;
    while (true) {
        const qsizetype at = shown.indexOf(m_highlight, from, Qt::CaseInsensitive);
        if (at < 0)
            break;
        const int x = textRect.left() + fm.horizontalAdvance(shown.left(at));
        const int w = fm.horizontalAdvance(shown.mid(at, m_highlight.size()));
        painter->fillRect(QRect(x, textTop, w, fm.height()), mark);
        from = at + m_highlight.size();
    }

    // initStyleOption() put the row's ForegroundRole into the Text colour.
    painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(textRect, int(Qt::AlignLeft | Qt::AlignVCenter) | Qt::TextSingleLine, shown);
    painter->restore();
}

} // namespace Econtext
