// ImportsPane: the module traffic of one context, or of every context — one row
// per module request or import outcome, filtered by outcome, text and (in the
// global view) context, sortable by any column and exportable as CSV — with the
// running totals, a live chart of roundtrips and bytes, and the details of the
// selected row (path on the master, what request caused it, what came with it).
// Used as a tab page of ContextTab (one context) and as the global Imports view.
#pragma once

#include "core/records/importevent.h"
#include "ui/imports/importtotals.h"

#include <QPointer>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QTableView;
class QTextBrowser;
class QTimer;
class QToolBar;
class QToolButton;

namespace Econtext {

class Broker;
class Context;
class ImportChart;
class ImportEventModel;
class ImportFilterProxy;

class ImportsPane : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportsPane)
public:
    // contextId 0: every context of the broker, including those connected later.
    // broker may be null (nothing is connected; feed the pane with appendEvents()).
    ImportsPane(Broker *broker, quint32 contextId, QWidget *parent = nullptr);
    ~ImportsPane() override;

    // The context followed now (0 for the global view).
    quint32 contextId() const { return m_contextId; }
    bool isGlobal() const { return m_global; }
    // A pane of one context follows the context that replaces it (a reconnect); the rows
    // and totals of the one before stay: the pane shows the traffic of them all.
    void attach(Context *context);

    ImportEventModel *model() const { return m_model; }
    ImportFilterProxy *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    ImportChart *chart() const { return m_chart; }
    const ImportTotals &totals() const { return m_totals; }
    // The context whose figures the totals row shows: this pane's (now), or the context
    // chosen in the global view's filter (0 = all).
    quint32 shownContextId() const;
    // Those figures; one context's pane adds up every context it followed.
    ImportCounts shownCounts() const;

    // Adds one batch of events (the connected contexts call this).
    void appendEvents(const ImportEvents &events);
    // Starts following a context that was not connected when the pane was made.
    void addContext(Context *context);

    void setFilterText(const QString &text);
    void setOutcomeAccepted(ImportOutcome outcome, bool accepted);
    // Global view only: show one context (0 = all).
    void setContextFilter(quint32 contextId);
    void clear();

    // Selects the row of the proxy and shows its details.
    void selectRow(int proxyRow);
    QString totalsText() const;
    QString detailsText() const;
    // Writes the rows the filter shows, in the shown order, as CSV; false with a
    // message on failure.
    bool exportCsv(const QString &fileName, QString *errorMessage) const;

Q_SIGNALS:
    // The totals row was redrawn (a short while after new rows, and after clear()).
    void totalsChanged();

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildToolBar();
    void buildBody();
    void updateTotals();
    QString totalsHtml() const;
    void updateDetails();
    void updateOutcomeButton();
    void exportWithDialog();
    bool isAtBottom() const;
    QString detailsHtml(int sourceRow) const;

    QPointer<Broker> m_broker;
    quint32 m_contextId = 0;
    bool m_global = false;
    QPointer<Context> m_context; // followed now (one context's pane)
    ImportEventModel *m_model = nullptr;
    ImportFilterProxy *m_proxy = nullptr;
    ImportTotals m_totals;
    QToolBar *m_toolBar = nullptr;
    QToolButton *m_outcomeButton = nullptr;
    QMenu *m_outcomeMenu = nullptr;
    QList<QAction *> m_outcomeActions;
    QLineEdit *m_filterEdit = nullptr;
    QComboBox *m_contextCombo = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_clearAction = nullptr;
    QLabel *m_totalsLabel = nullptr;
    ImportChart *m_chart = nullptr;
    QTableView *m_view = nullptr;
    QTextBrowser *m_details = nullptr;
    QTimer *m_filterTimer = nullptr;
    QTimer *m_totalsTimer = nullptr;
    QList<quint32> m_followed;
};

} // namespace Econtext
