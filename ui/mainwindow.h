// MainWindow: the desktop application's window — the Contexts tree in a dock,
// a tab per context in the centre, the Hosts sidebar (when built), the
// quick-connect field, menus, toolbar and a status bar with counts. It wires
// the Broker to the views; it owns no connection logic of its own.
#pragma once

#include "core/broker/context.h"
#include "core/connect/connectoptions.h"
#include "ui/settings/appsettings.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <QSet>

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
class ContextTreeModel;
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
    ContextTab *tabFor(quint32 contextId) const { return m_tabs.value(contextId, nullptr); }

    ContextTreeModel *contextModel() const { return m_model; }
    QTreeView *contextView() const { return m_treeView; }
    QTabWidget *tabWidget() const { return m_tabWidget; }
    QLineEdit *quickConnectEdit() const { return m_quickConnect; }
    QString statusText() const;

    // Connects the context again with the same options; its row and tab follow the new
    // context. Returns the new context (null if it cannot be reconnected).
    Context *reconnectContext(quint32 id);
    // Stops a context that is still connecting (disconnectNow()), or a pending automatic
    // reconnect; either way no further automatic attempt is made for it.
    void cancelConnecting(quint32 id);
    // Opens the context's Stacks pane and asks it for the stacks of all its threads.
    void dumpStacks(quint32 id);
    // Whether an automatic reconnect of this (lost) context is scheduled.
    bool reconnectPending(quint32 id) const { return m_retries.contains(id); }
    // Connects the contexts saved at the last exit (parents before the contexts reached
    // through them); returns how many were queued. Called on the first show when
    // Preferences ▸ "Restore the last session's contexts" is on.
    int restoreLastSession();
    // What restoreLastSession() would get if the window closed now.
    QList<SessionEntry> currentSession() const;

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

    void onContextAdded(Context *context);
    void onContextRemoved(quint32 id);
    void onRecordsForErrors(const LogRecords &records);
    ContextTab *ensureTab(Context *context, ContextTab *reuse);
    void showTab(ContextTab *tab, bool makeCurrent);
    void closeTab(int index);
    void updateTabTitle(ContextTab *tab);
    void onCurrentTabChanged(int index);

    quint32 currentContextId() const;
    Context *currentContext() const;
    ConnectOptions optionsFor(quint32 id) const;
    void disconnectCurrent();
    void shutdownCurrent();
    void reconnectCurrent();
    void copyCurrentDetails();
    void removeCurrentFromList();
    void removeFinished();
    void removeRow(quint32 id);
    // The new context takes the old one's row and tab.
    Context *replaceContext(quint32 id, const ConnectOptions &options);
    // Automatic reconnects (Preferences): lost contexts come back with a growing delay.
    void onStateForReconnect(quint32 id, ContextState state, const QString &reason);
    void scheduleReconnect(quint32 id, int attempt, const QString &reason);
    void runReconnect(quint32 id);
    // The user stopped this context: no automatic reconnect for it any more.
    void stopAutoReconnect(quint32 id);
    quint32 latestId(quint32 id) const; // follows reconnects to the context now in its place
    void noteFor(quint32 id, const QString &message, int level);
    void processRestoreQueue();
    void showTreeContextMenu(const QPoint &pos);
    void updateActions();
    void updateStatus();
    void showPreferences();
    void showAbout();
    void triggerQuickConnect();

    Broker *m_broker = nullptr;
    ContextTreeModel *m_model = nullptr;
    HostStore *m_hostStore = nullptr;
    GuiPrompter *m_prompter = nullptr;
    QTreeView *m_treeView = nullptr;
    QTabWidget *m_tabWidget = nullptr;
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

    QHash<quint32, ContextTab *> m_tabs; // every tab, shown or closed, by context id
    QHash<quint32, ConnectOptions> m_options;
    ContextTab *m_reuseTab = nullptr; // set while a reconnect calls connectContext()
    qint64 m_errorCount = 0;
    QString m_restoreCurrentTab;
    QStringList m_savedTabOrder;
    bool m_firstShow = true;
    bool m_closing = false;

    struct PendingReconnect
    {
        QTimer *timer = nullptr;
        int attempt = 0; // attempts made before this one
        QString reason;
    };
    QHash<quint32, PendingReconnect> m_retries; // by the lost context's id
    QHash<quint32, int> m_attempts;             // reconnect attempts that led to this context
    QHash<quint32, quint32> m_replacedBy;       // old context id -> the one that replaced it
    QSet<quint32> m_userStopped;

    struct RestoreItem
    {
        SessionEntry entry;
        int index = 0;
    };
    QList<RestoreItem> m_restoreQueue;
    QHash<int, quint32> m_restoredIds; // session index -> context id
};

} // namespace Econtext
