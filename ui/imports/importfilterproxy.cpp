#include "ui/imports/importfilterproxy.h"

#include "ui/imports/importeventmodel.h"

namespace Econtext {

ImportFilterProxy::ImportFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ImportEventModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(false);
    // Rows keep arriving: keep them sorted and filtered as they come.
    setDynamicSortFilter(true);
}

void ImportFilterProxy::setContextFilter(quint32 contextId)
{
    if (contextId == m_contextId)
        return;
    m_contextId = contextId;
    invalidateRowsFilter();
}

void ImportFilterProxy::setAcceptedOutcomes(const QSet<QString> &outcomes)
{
    if (m_filterOutcomes && outcomes == m_outcomes)
        return;
    m_filterOutcomes = true;
    m_outcomes = outcomes;
    invalidateRowsFilter();
}

void ImportFilterProxy::setOutcomeAccepted(const QString &outcome, bool accepted)
{
    QSet<QString> outcomes = m_outcomes;
    if (!m_filterOutcomes) {
        const QStringList all = ImportEventModel::outcomes();
        outcomes = QSet<QString>(all.cbegin(), all.cend());
    }
    if (accepted)
        outcomes.insert(outcome);
    else
        outcomes.remove(outcome);
    setAcceptedOutcomes(outcomes);
}

bool ImportFilterProxy::isOutcomeAccepted(const QString &outcome) const
{
    return !m_filterOutcomes || m_outcomes.contains(outcome);
}

void ImportFilterProxy::clearOutcomeFilter()
{
    if (!m_filterOutcomes)
        return;
    m_filterOutcomes = false;
    m_outcomes.clear();
    invalidateRowsFilter();
}

void ImportFilterProxy::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateRowsFilter();
}

bool ImportFilterProxy::isFiltering() const
{
    if (m_contextId != 0 || !m_text.isEmpty())
        return true;
    if (!m_filterOutcomes)
        return false;
    for (const QString &outcome : ImportEventModel::outcomes()) {
        if (!m_outcomes.contains(outcome))
            return true;
    }
    return false;
}

bool ImportFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    if (!model)
        return false;
    const QModelIndex index = model->index(sourceRow, 0, sourceParent);
    if (m_contextId != 0 && index.data(ImportEventModel::ContextIdRole).toUInt() != m_contextId)
        return false;
    if (m_filterOutcomes
        && !m_outcomes.contains(index.data(ImportEventModel::OutcomeRole).toString()))
        return false;
    if (!m_text.isEmpty()
        && !index.data(ImportEventModel::ModuleRole)
                    .toString()
                    .contains(m_text, Qt::CaseInsensitive))
        return false;
    return true;
}

bool ImportFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant l = left.data(sortRole());
    const QVariant r = right.data(sortRole());
    int order = 0;
    if (l.typeId() == QMetaType::QString && r.typeId() == QMetaType::QString) {
        order = QString::compare(l.toString(), r.toString(), sortCaseSensitivity());
    } else {
        const QPartialOrdering c = QVariant::compare(l, r);
        order = c == QPartialOrdering::Less ? -1 : c == QPartialOrdering::Greater ? 1 : 0;
    }
    if (order != 0)
        return order < 0;
    // At one instant a request's own row reads best before the modules sent ahead with it.
    if (left.column() == ImportEventModel::TimeColumn) {
        const bool leftAhead
                = left.data(ImportEventModel::OutcomeRole).toString() == QLatin1String("related");
        const bool rightAhead
                = right.data(ImportEventModel::OutcomeRole).toString() == QLatin1String("related");
        if (leftAhead != rightAhead)
            return rightAhead;
    }
    return left.row() < right.row();
}

} // namespace Econtext
