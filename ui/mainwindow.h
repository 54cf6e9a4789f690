// MainWindow: the desktop application's window — the Contexts tree in a dock,
// a tab per context in the centre, the Hosts sidebar (when built), the
// quick-connect field, menus, toolbar and a status bar with counts. It wires
// a Session (core/session: which context is which across reconnects, when to
// reconnect, what to restore) to the views and shows what it does; it holds no
// connection policy of its own.
#pragma once

#include "core/broker/context.h"
#include "core/connect/connectoptions.h"
#include "core/session/session.h"

#include <QHash>
#include <QMainWindow>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QTabWidget;
class QTimer;
class QToolBar;
class QTreeView;

namespace Econtext {

class Broker;
class ContextTab;
class ContextTabWidget;
class ContextTreeModel;
class ContextTreeView;
class GuiPrompter;
class HostStore;
class SessionRecordingControl;

class MainWindow : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(Broker *broker, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts a context and opens its tab. The entry point for the Hosts sidebar,
    // the Connect dialog and the quick-connect field.
    Context *connectWith(const ConnectOptions &options);
    // The embedded default: a local context named "local" with the default Python.
    Context *connectDefaultLocal();
    // Parses the text like the quick-connect field does; false (and a message in the
    // status bar) if it cannot be understood.
    bool quickConnect(const QString &text);

    // Opens (or shows) the tab of a context; null if the context is unknown.
    ContextTab *openTab(quint32 contextId);
    // The tab of the context whose current Context has this id.
    ContextTab *tabFor(quint32 contextId) const;

    Session *session() const { return m_session; }
    ContextTreeModel *contextModel() const { return m_model; }
    QTreeView *contextView() const;
    QTabWidget *tabWidget() const;
    QLineEdit *quickConnectEdit() const { return m_quickConnect; }
    QString statusText() const;

    // Connects the context again with the same name, options and place (Session::reconnect):
    // its row and tab follow the new context.
    void reconnectContext(quint32 id);
    // Stops a context that is still connecting, or a reconnect it waits for; either way no
    // further automatic attempt is made for it.
    void cancelConnecting(quint32 id);
    // Opens the context's Stacks pane and asks it for the stacks of all its threads.
    void dumpStacks(quint32 id);
    // Whether the context waits to be reconnected (after a delay, or for its parent).
    bool reconnectPending(quint32 id) const;
    // Connects the contexts saved at the last exit (parents before the contexts reached
    // through them); returns how many were taken. Called on the first show when
    // Preferences ▸ "Restore the last session's contexts" is on.
    int restoreLastSession();
    // What restoreLastSession() would get if the window closed now.
    QList<SessionEntry> currentSession() const { return m_session->entries(); }

protected:
    void showEvent(QShowEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createContextDock();
    void createStatusBar();
    // The Hosts sidebar (ui/hosts/) in a dock above the Contexts tree.
    void addHostsDock();
    // The Connect dialog (ui/connect/); what it accepts goes to connectWith().
    void openConnectDialog(quint32 viaContextId = 0);

    void restoreSettings();
    void saveSettings() const;

    // The session's contexts: a row and a tab each, which follow it across reconnects.
    void onContextAdded(SessionContext *sc);
    void onContextReplaced(SessionContext *sc, Context *fresh, Context *previous);
    void onRecordsForErrors(const LogRecords &records);
    void onCurrentTabChanged(int index);

    quint32 currentContextId() const;
    SessionContext *currentSessionContext() const;
    void copyCurrentDetails();
    void removeCurrentFromList();
    void removeFinished();
    void removeRow(quint32 id);
    void noteFor(SessionContext *sc, const QString &message, int level);
    void showTreeContextMenu(const QPoint &pos);
    void updateActions();
    void updateStatus();
    void showPreferences();
    void showAbout();
    void triggerQuickConnect();

    Broker *m_broker = nullptr;
    Session *m_session = nullptr;
    ContextTreeModel *m_model = nullptr;
    HostStore *m_hostStore = nullptr;
    GuiPrompter *m_prompter = nullptr;
    ContextTreeView *m_treeView = nullptr;
    ContextTabWidget *m_tabWidget = nullptr;
    QDockWidget *m_contextDock = nullptr;
    QDockWidget *m_hostsDock = nullptr;
    QDockWidget *m_importsDock = nullptr;
    QToolBar *m_toolBar = nullptr;
    QLineEdit *m_quickConnect = nullptr;
    QLabel *m_statesLabel = nullptr;
    QLabel *m_roundtripsLabel = nullptr;
    QLabel *m_errorsLabel = nullptr;
    QTimer *m_statusTimer = nullptr;
    QMenu *m_viewMenu = nullptr;

    QAction *m_connectAction = nullptr;
    QAction *m_quickConnectAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_openTabAction = nullptr;
    QAction *m_disconnectAction = nullptr;
    QAction *m_reconnectAction = nullptr;
    QAction *m_shutdownAction = nullptr;
    QAction *m_copyDetailsAction = nullptr;
    QAction *m_multiRunAction = nullptr;
    QAction *m_removeAction = nullptr;
    QAction *m_cancelConnectAction = nullptr;
    QAction *m_dumpStacksAction = nullptr;
    QAction *m_connectThroughAction = nullptr;
    QAction *m_auditAction = nullptr;
    SessionRecordingControl *m_recording = nullptr;
    QAction *m_removeFinishedAction = nullptr;
    QAction *m_closeTabAction = nullptr;
    QAction *m_preferencesAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_aboutQtAction = nullptr;

    QHash<SessionContext *, ContextTab *> m_tabs; // every tab, shown or closed
    qint64 m_errorCount = 0;
    bool m_firstShow = true;
};

} // namespace Econtext
