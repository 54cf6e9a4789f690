#include "ui/contexts/contexttabwidget.h"

#include "ui/contexts/contexttab.h"
#include "ui/icons.h"

#include <QTabBar>

namespace Econtext {

ContextTabWidget::ContextTabWidget(QWidget *parent)
    : QTabWidget(parent)
{
    setObjectName(QStringLiteral("contextTabs"));
    setTabsClosable(true);
    setMovable(true);
    setDocumentMode(true);
    setUsesScrollButtons(true);
    tabBar()->setElideMode(Qt::ElideRight);
    connect(this, &QTabWidget::tabCloseRequested, this, &ContextTabWidget::hideTab);
}

ContextTabWidget::~ContextTabWidget() = default;

void ContextTabWidget::setSavedTabs(const QStringList &names, const QString &current)
{
    m_savedOrder = names;
    m_savedCurrent = current;
}

QStringList ContextTabWidget::tabNames() const
{
    QStringList names;
    for (int i = 0; i < count(); ++i) {
        if (const auto *tab = qobject_cast<ContextTab *>(widget(i)))
            names.append(tab->contextName());
    }
    return names;
}

QString ContextTabWidget::currentTabName() const
{
    const ContextTab *tab = currentTab();
    return tab ? tab->contextName() : QString();
}

ContextTab *ContextTabWidget::currentTab() const
{
    return qobject_cast<ContextTab *>(currentWidget());
}

void ContextTabWidget::showTab(ContextTab *tab, bool makeCurrent)
{
    if (!tab)
        return;
    int index = indexOf(tab);
    if (index < 0) {
        // Tabs named in the last session come back in that session's order.
        const qsizetype rank = m_savedOrder.indexOf(tab->contextName());
        int at = count();
        if (rank >= 0) {
            for (int i = 0; i < count(); ++i) {
                const auto *other = qobject_cast<ContextTab *>(widget(i));
                if (other && m_savedOrder.indexOf(other->contextName()) > rank) {
                    at = i;
                    break;
                }
            }
        }
        index = insertTab(at, tab, QString());
    }
    updateTitle(tab);
    // The tab that was current when the window closed becomes current again.
    if (!m_savedCurrent.isEmpty() && tab->contextName() == m_savedCurrent) {
        m_savedCurrent.clear();
        makeCurrent = true;
    }
    if (makeCurrent)
        setCurrentIndex(index);
}

void ContextTabWidget::hideTab(int index)
{
    auto *tab = qobject_cast<ContextTab *>(widget(index));
    if (!tab)
        return;
    // The page lives on (hidden) so its log keeps filling; the tree reopens it.
    removeTab(index);
    tab->hide();
}

void ContextTabWidget::updateTitle(ContextTab *tab)
{
    const int index = indexOf(tab);
    if (index < 0)
        return;
    setTabText(index, tab->contextName());
    setTabIcon(index, Icons::stateIcon(tab->state()));
    QString tip = contextStateName(tab->state());
    if (!tab->reason().isEmpty())
        tip += QStringLiteral(": ") + tab->reason();
    setTabToolTip(index, tip);
}

} // namespace Econtext
