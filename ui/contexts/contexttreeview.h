// ContextTreeView: the main window's Contexts tree — a QTreeView over a ContextTreeModel
// with column widths taken from the font (never from the rows), columns the user hides
// from the header's menu, and parents expanded as children appear under them.
#pragma once

#include <QTreeView>

namespace Econtext {

class ContextTreeModel;

class ContextTreeView : public QTreeView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ContextTreeView)
public:
    explicit ContextTreeView(ContextTreeModel *model, QWidget *parent = nullptr);
    ~ContextTreeView() override;

    // Wide enough for the columns up to Uptime, on a first start.
    int preferredWidth() const;

private:
    void sizeColumns();
    void showHeaderMenu(const QPoint &pos);

    ContextTreeModel *m_model = nullptr;
};

} // namespace Econtext
