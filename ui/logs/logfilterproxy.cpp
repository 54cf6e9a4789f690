#include "ui/logs/logfilterproxy.h"

#include "ui/logs/logmodel.h"

namespace Econtext {

LogFilterProxy::LogFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // Rows keep the source order; sorting a live log would only confuse.
    setDynamicSortFilter(false);
}

void LogFilterProxy::setMinimumLevel(int level)
{
    if (level == m_minLevel)
        return;
    m_minLevel = level;
    invalidateFilter();
}

void LogFilterProxy::setShowStdout(bool show)
{
    if (show == m_showStdout)
        return;
    m_showStdout = show;
    invalidateFilter();
}

void LogFilterProxy::setShowStderr(bool show)
{
    if (show == m_showStderr)
        return;
    m_showStderr = show;
    invalidateFilter();
}

void LogFilterProxy::setFilterText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateFilter();
}

bool LogFilterProxy::isFiltering() const
{
    return m_minLevel > 0 || !m_showStdout || !m_showStderr || !m_text.isEmpty();
}

bool LogFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    const auto *model = qobject_cast<const LogModel *>(sourceModel());
    if (!model)
        return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
    const LogRecord &r = model->record(sourceRow);
    switch (r.kind) {
    case LogRecord::Kind::Stdout:
        if (!m_showStdout)
            return false;
        break;
    case LogRecord::Kind::Stderr:
        if (!m_showStderr)
            return false;
        break;
    case LogRecord::Kind::Log:
    case LogRecord::Kind::Internal:
        if (r.level < m_minLevel)
            return false;
        break;
    }
    if (m_text.isEmpty())
        return true;
    return r.message.contains(m_text, Qt::CaseInsensitive)
           || r.logger.contains(m_text, Qt::CaseInsensitive);
}

} // namespace Econtext
