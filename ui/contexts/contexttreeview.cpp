#include "ui/contexts/contexttreeview.h"

#include "ui/contexts/contexttreemodel.h"

#include <QHeaderView>
#include <QMenu>
#include <QScrollBar>

#include <algorithm>

namespace Econtext {

ContextTreeView::ContextTreeView(ContextTreeModel *model, QWidget *parent)
    : QTreeView(parent)
    , m_model(model)
{
    setObjectName(QStringLiteral("contextTree"));
    setModel(m_model);
    setUniformRowHeights(true);
    setAllColumnsShowFocus(true);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setContextMenuPolicy(Qt::CustomContextMenu);
    setFrameShape(QFrame::NoFrame);
    expandAll();

    header()->setStretchLastSection(false);
    header()->setSectionsMovable(true);
    sizeColumns();
    for (int c = 0; c < ContextTreeModel::ColumnCount; ++c) {
        if (ContextTreeModel::isHiddenByDefault(c))
            header()->setSectionHidden(c, true);
    }
    // Columns can be hidden from the header's menu.
    header()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header(), &QWidget::customContextMenuRequested, this, &ContextTreeView::showHeaderMenu);

    connect(m_model,
            &QAbstractItemModel::rowsInserted,
            this,
            [this](const QModelIndex &parent, int, int) { expand(parent); });
    connect(m_model,
            &QAbstractItemModel::rowsMoved,
            this,
            [this](const QModelIndex &, int, int, const QModelIndex &destination, int) {
                expand(destination);
            });
}

ContextTreeView::~ContextTreeView() = default;

void ContextTreeView::sizeColumns()
{
    // Widths from the font, never from the rows (the tree may grow large).
    const QFontMetrics fm = fontMetrics();
    const int ch = fm.averageCharWidth();
    int stateWidth = 0;
    for (ContextState s : {ContextState::Connecting,
                           ContextState::Bootstrapping,
                           ContextState::Connected,
                           ContextState::Disconnected,
                           ContextState::Failed})
        stateWidth = std::max(stateWidth, fm.horizontalAdvance(contextStateName(s)));
    const int pad = ch * 3;
    const auto fit = [&](int column, const QString &sample) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        header()->resizeSection(
                column, std::max(fm.horizontalAdvance(sample), fm.horizontalAdvance(title)) + pad);
    };
    const int masterWidth
            = fm.horizontalAdvance(m_model->index(0, 0).data().toString()) + 16 + 2 * ch;
    header()->resizeSection(ContextTreeModel::NameColumn,
                            std::max(ch * 24, masterWidth + indentation()));
    header()->resizeSection(ContextTreeModel::StateColumn, stateWidth + 16 + pad);
    fit(ContextTreeModel::MethodColumn, QStringLiteral("local "));
    header()->resizeSection(ContextTreeModel::PythonColumn,
                            fm.horizontalAdvance(QStringLiteral("3.13.10")) + pad);
    header()->resizeSection(ContextTreeModel::PidColumn,
                            fm.horizontalAdvance(QStringLiteral("4194304")) + pad);
    header()->resizeSection(ContextTreeModel::UptimeColumn,
                            fm.horizontalAdvance(QStringLiteral("00:00:00")) + pad);
    header()->resizeSection(ContextTreeModel::MessagesColumn,
                            fm.horizontalAdvance(QStringLiteral("123,456 / 123,456")) + pad);
    header()->resizeSection(ContextTreeModel::BytesColumn,
                            fm.horizontalAdvance(QStringLiteral("123.4 MiB / 123.4 MiB")) + pad);
    fit(ContextTreeModel::CallsColumn, QStringLiteral("9,999"));
    fit(ContextTreeModel::OldestCallColumn, QStringLiteral("59 min 59 s"));
    header()->resizeSection(ContextTreeModel::ImportsColumn,
                            fm.horizontalAdvance(QStringLiteral("999,999")) + pad);
}

void ContextTreeView::showHeaderMenu(const QPoint &pos)
{
    QMenu menu(this);
    for (int c = 1; c < ContextTreeModel::ColumnCount; ++c) {
        QAction *a = menu.addAction(m_model->headerData(c, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(!header()->isSectionHidden(c));
        connect(a, &QAction::toggled, header(), [this, c](bool on) {
            header()->setSectionHidden(c, !on);
        });
    }
    menu.exec(header()->mapToGlobal(pos));
}

int ContextTreeView::preferredWidth() const
{
    return header()->sectionPosition(ContextTreeModel::UptimeColumn)
           + header()->sectionSize(ContextTreeModel::UptimeColumn)
           + verticalScrollBar()->sizeHint().width() + 8;
}

} // namespace Econtext
