// ImportFilterProxy: what an Imports pane shows of its ImportEventModel — one
// context or all, a set of outcomes, and a case-insensitive text the module
// name must contain. Sorts any column by the model's raw SortRole values, so
// byte counts and roundtrip times sort as numbers.
#pragma once

#include <QSet>
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

    // Only rows whose outcome keyword is in the set pass, once a set is given.
    bool isOutcomeFiltered() const { return m_filterOutcomes; }
    QSet<QString> acceptedOutcomes() const { return m_outcomes; }
    void setAcceptedOutcomes(const QSet<QString> &outcomes);
    void setOutcomeAccepted(const QString &outcome, bool accepted);
    bool isOutcomeAccepted(const QString &outcome) const;
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
    QSet<QString> m_outcomes;
    QString m_text;
};

} // namespace Econtext
