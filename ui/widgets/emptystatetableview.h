// EmptyStateTableView: a QTableView that says why it is empty (nothing yet, or
// nothing matches the filter) instead of showing a blank area. Used by the log
// and import panes.
#pragma once

#include <QFont>
#include <QTableView>

namespace Econtext {

class EmptyStateTableView : public QTableView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmptyStateTableView)
public:
    explicit EmptyStateTableView(QWidget *parent = nullptr);

    QString emptyText() const { return m_emptyText; }
    void setEmptyText(const QString &text);
    // The hint's font; by default the view's own.
    void setEmptyFont(const QFont &font);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_emptyText;
    QFont m_emptyFont;
    bool m_hasEmptyFont = false;
};

} // namespace Econtext
