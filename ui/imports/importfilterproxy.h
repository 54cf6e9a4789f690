// ImportFilterProxy: what an Imports pane shows of its ImportEventModel — one
// context or all, a set of outcomes, and a case-insensitive text the module
// name must contain. Sorts any column by the model's raw SortRole values, so
// byte counts and roundtrip times sort as numbers.
#pragma once

#include "core/records/importevent.h"

#include <QSortFilterProxyModel>
#include <QString>

namespace Econtext {

class ImportFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportFilterProxy)
public:
    explicit ImportFilterProxy(QObject *parent = nullptr);

    // 0 shows every context.
    quint32 contextFilter() const { return m_contextId; }
    void setContextFilter(quint32 contextId);

    // Only rows whose outcome is in the set pass, once a set is given.
    bool isOutcomeFiltered() const { return m_filterOutcomes; }
    QList<ImportOutcome> acceptedOutcomes() const;
    void setAcceptedOutcomes(const QList<ImportOutcome> &outcomes);
    void setOutcomeAccepted(ImportOutcome outcome, bool accepted);
    bool isOutcomeAccepted(ImportOutcome outcome) const;
    // Every outcome passes again.
    void clearOutcomeFilter();

    QString filterText() const { return m_text; }
    void setFilterText(const QString &text);

    // Whether anything is filtered out at all.
    bool isFiltering() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    // Equal keys keep the order of arrival, so rows of one request stay together.
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    quint32 m_contextId = 0;
    bool m_filterOutcomes = false;
    quint32 m_outcomes = 0; // bit n: the outcome of value n passes
    QString m_text;
};

} // namespace Econtext
