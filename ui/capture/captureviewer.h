// CaptureViewer: a window showing a session capture (SessionCapture) offline and
// read-only: the recorded contexts as a tree (by parent) with their last state and
// error, and for the selected one its bootstrap timeline, log, imports, calls,
// facts and module audit. Opened from the main window's File > Open Capture….
#pragma once

#include "core/session/sessioncapture.h"

#include <QMainWindow>

class QLabel;
class QStandardItemModel;
class QTabWidget;
class QTableView;
class QTreeView;

namespace Econtext {

class AuditPane;
class ImportsPane;
class LogPane;

class CaptureViewer : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaptureViewer)
public:
    enum ContextColumn { NameColumn, StateColumn, MethodColumn, ErrorColumn, ContextColumnCount };
    static constexpr int ContextIdRole = Qt::UserRole + 1;

    explicit CaptureViewer(QWidget *parent = nullptr);
    ~CaptureViewer() override;

    // The directory the Open and Record dialogs start in: the last one used, else
    // Documents, else home; always one that exists.
    static QString captureDirectory();
    static void rememberCaptureDirectory(const QString &fileName);

    // Reads the file and shows it; false with a one-sentence message if it cannot be read.
    bool openFile(const QString &fileName, QString *errorMessage);
    void setCapture(const SessionCapture &capture, const QString &fileName);
    const SessionCapture &capture() const { return m_capture; }
    QString fileName() const { return m_fileName; }

    // Shows one recorded context in the tabs; false if the capture has no such context.
    bool selectContext(quint32 id);
    quint32 selectedContextId() const { return m_selectedId; }

    QTreeView *contextView() const { return m_treeView; }
    QStandardItemModel *contextModel() const { return m_contextModel; }
    QTabWidget *tabs() const { return m_tabs; }
    QTableView *timelineView() const { return m_timelineView; }
    LogPane *logPane() const { return m_logPane; }
    ImportsPane *importsPane() const { return m_importsPane; }
    QTableView *callsView() const { return m_callsView; }
    QTableView *factsView() const { return m_factsView; }
    AuditPane *auditPane() const { return m_auditPane; }
    QString summaryText() const;

    // Opens a capture in a new window (deleted when closed); null with a message on failure.
    static CaptureViewer *
    openCapture(const QString &fileName, QWidget *parent, QString *errorMessage);
    // Asks for a file, then opens it as above; a failure is shown in a message box.
    static CaptureViewer *openWithDialog(QWidget *parent);

private:
    void buildContextTree();
    void showContext(const CapturedContext &context);
    void fillTimeline(const CapturedContext &context);
    void fillCalls(const CapturedContext &context);
    void fillFacts(const CapturedContext &context);
    void replaceImportsPane(const CapturedContext &context);
    void clearContextViews();

    SessionCapture m_capture;
    QString m_fileName;
    quint32 m_selectedId = 0;
    QTreeView *m_treeView = nullptr;
    QStandardItemModel *m_contextModel = nullptr;
    QLabel *m_headerLabel = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableView *m_timelineView = nullptr;
    QStandardItemModel *m_timelineModel = nullptr;
    LogPane *m_logPane = nullptr;
    ImportsPane *m_importsPane = nullptr;
    int m_importsTabIndex = -1;
    QTableView *m_callsView = nullptr;
    QStandardItemModel *m_callsModel = nullptr;
    QTableView *m_factsView = nullptr;
    QStandardItemModel *m_factsModel = nullptr;
    AuditPane *m_auditPane = nullptr;
    QLabel *m_summaryLabel = nullptr;
};

} // namespace Econtext
