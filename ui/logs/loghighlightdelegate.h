// LogHighlightDelegate: paints a log cell like QStyledItemDelegate does, with
// every case-insensitive occurrence of the pane's filter text marked. Used by
// LogPane for the logger and message columns.
#pragma once

#include <QStyledItemDelegate>

namespace Econtext {

class LogHighlightDelegate : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogHighlightDelegate)
public:
    explicit LogHighlightDelegate(QObject *parent = nullptr);

    QString highlight() const { return m_highlight; }
    void setHighlight(const QString &text) { m_highlight = text; }

    void paint(QPainter *painter,
               const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

private:
    QString m_highlight;
};

} // namespace Econtext
