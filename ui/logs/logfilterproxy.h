// LogFilterProxy: what a log pane shows of its LogModel — a minimum level for
// logging and internal records, stdout and stderr on or off, and a
// case-insensitive text that the message or logger name must contain.
#pragma once

#include <QSortFilterProxyModel>

namespace Econtext {

class LogFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogFilterProxy)
public:
    explicit LogFilterProxy(QObject *parent = nullptr);

    int minimumLevel() const { return m_minLevel; }
    void setMinimumLevel(int level);
    bool showStdout() const { return m_showStdout; }
    void setShowStdout(bool show);
    bool showStderr() const { return m_showStderr; }
    void setShowStderr(bool show);
    QString filterText() const { return m_text; }
    void setFilterText(const QString &text);

    // Whether anything is filtered out at all.
    bool isFiltering() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    int m_minLevel = 0;
    bool m_showStdout = true;
    bool m_showStderr = true;
    QString m_text;
};

} // namespace Econtext
