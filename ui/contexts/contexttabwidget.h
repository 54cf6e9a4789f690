// ContextTabWidget: the main window's centre — one ContextTab per context the person
// opened. Closing a tab only hides it (its log keeps filling; the tree opens it again).
// Tabs named in the last session come back in that session's order, and the one that was
// current becomes current again. Titles and icons follow each tab's context.
#pragma once

#include <QStringList>
#include <QTabWidget>

namespace Econtext {

class ContextTab;

class ContextTabWidget : public QTabWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ContextTabWidget)
public:
    explicit ContextTabWidget(QWidget *parent = nullptr);
    ~ContextTabWidget() override;

    // The names of the tabs open at the last exit, in order, and the current one's.
    void setSavedTabs(const QStringList &names, const QString &current);
    QStringList tabNames() const;
    QString currentTabName() const;

    ContextTab *currentTab() const;
    // Adds the tab if it is not shown (at its place in the saved order) and makes it
    // current if asked (or if it was current at the last exit).
    void showTab(ContextTab *tab, bool makeCurrent);
    // Hides the tab at index; the page lives on.
    void hideTab(int index);
    void updateTitle(ContextTab *tab);

private:
    QStringList m_savedOrder;
    QString m_savedCurrent;
};

} // namespace Econtext
