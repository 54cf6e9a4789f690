// MainWindow: the desktop application's window — the Contexts tree in a dock,
// a tab per context in the centre, the Hosts sidebar (when built), the
// quick-connect field, menus, toolbar and a status bar with counts. It wires
// the Broker to the views; it owns no connection logic of its own.
#pragma once

#include "core/broker/context.h"
#include "core/connect/connectoptions.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>

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
    void openConnectDialog();

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
};

} // namespace Econtext
