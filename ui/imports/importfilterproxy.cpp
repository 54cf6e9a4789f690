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

namespace {

constexpr quint32 bitOf(ImportOutcome outcome)
{
    return quint32(1) << quint32(outcome);
}

constexpr quint32 AllOutcomes = (quint32(1) << allImportOutcomes.size()) - 1;

} // namespace

QList<ImportOutcome> ImportFilterProxy::acceptedOutcomes() const
{
    QList<ImportOutcome> out;
    for (ImportOutcome outcome : allImportOutcomes) {
        if (isOutcomeAccepted(outcome))
            out.append(outcome);
    }
    return out;
}

void ImportFilterProxy::setAcceptedOutcomes(const QList<ImportOutcome> &outcomes)
{
    quint32 mask = 0;
    for (ImportOutcome outcome : outcomes)
        mask |= bitOf(outcome);
    if (m_filterOutcomes && mask == m_outcomes)
        return;
    m_filterOutcomes = true;
    m_outcomes = mask;
    invalidateRowsFilter();
}

void ImportFilterProxy::setOutcomeAccepted(ImportOutcome outcome, bool accepted)
{
    quint32 mask = m_filterOutcomes ? m_outcomes : AllOutcomes;
    if (accepted)
        mask |= bitOf(outcome);
    else
        mask &= ~bitOf(outcome);
    if (m_filterOutcomes && mask == m_outcomes)
        return;
    m_filterOutcomes = true;
    m_outcomes = mask;
    invalidateRowsFilter();
}

bool ImportFilterProxy::isOutcomeAccepted(ImportOutcome outcome) const
{
    return !m_filterOutcomes || (m_outcomes & bitOf(outcome));
}

void ImportFilterProxy::clearOutcomeFilter()
{
    if (!m_filterOutcomes)
        return;
    m_filterOutcomes = false;
    m_outcomes = 0;
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
    return m_filterOutcomes && m_outcomes != AllOutcomes;
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
        && !isOutcomeAccepted(index.data(ImportEventModel::OutcomeRole).value<ImportOutcome>()))
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
        const auto sentAhead = [](const QModelIndex &index) {
            return index.data(ImportEventModel::OutcomeRole).value<ImportOutcome>()
                   == ImportOutcome::Related;
        };
        const bool leftAhead = sentAhead(left);
        const bool rightAhead = sentAhead(right);
        if (leftAhead != rightAhead)
            return rightAhead;
    }
    return left.row() < right.row();
}

} // namespace Econtext
