// AuditPane: the module audit of one context — every module the master sent to
// it, with sizes, SHA-256 and whether it was asked for or sent ahead — sortable,
// filterable by name, exportable as CSV or JSON ("Export…"). Follows a live
// Context (importEventsReceived) or shows the events of a capture. Used as a
// window from the main window's Context menu and as a tab of CaptureViewer.
#pragma once

#include "core/records/importevent.h"

#include <QMetaObject>
#include <QPointer>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QToolBar;

namespace Econtext {

class Context;
class ImportEventModel;
class ModuleAuditModel;

class AuditPane : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditPane)
public:
    explicit AuditPane(QWidget *parent = nullptr);
    ~AuditPane() override;

    // Follows a live context from now on, after listing `history` (events it reported
    // earlier, e.g. from the Imports view: the Context does not keep them).
    void setContext(Context *context, const ImportEvents &history = {});
    // Shows recorded events (no live context).
    void setEvents(const ImportEvents &events);
    void appendEvents(const ImportEvents &events);
    void clear();

    ModuleAuditModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    QString totalsText() const;
    void setFilterText(const QString &text);

    // Writes the rows shown, in the shown order: JSON when the name ends in ".json",
    // CSV otherwise. False with a message on failure.
    bool exportToFile(const QString &fileName, QString *errorMessage) const;

    // The events of one context among those of an Imports model (the main window's
    // global Imports view holds every context's).
    static ImportEvents eventsOf(const ImportEventModel &model, quint32 contextId);
    // Opens the audit of a live context in its own window (deleted when closed).
    static AuditPane *
    showForContext(Context *context, const ImportEvents &history, QWidget *parent);

private:
    void exportWithDialog();
    void updateTotals();

    ModuleAuditModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QToolBar *m_toolBar = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QAction *m_exportAction = nullptr;
    QLabel *m_totalsLabel = nullptr;
    QTableView *m_view = nullptr;
    QPointer<Context> m_context;
    QMetaObject::Connection m_connection;
};

} // namespace Econtext
