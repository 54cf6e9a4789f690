#include "ui/mainwindow.h"

#include "core/broker/broker.h"
#include "core/connect/sshconfig.h"
#include "core/modules/moduleserver.h"
#include "ui/audit/auditpane.h"
#include "ui/capture/sessionrecordingcontrol.h"
#include "ui/connect/connectdialog.h"
#include "ui/connect/guiprompter.h"
#include "ui/connect/targetresolver.h"
#include "ui/contexts/contexttab.h"
#include "ui/contexts/contexttabwidget.h"
#include "ui/contexts/contexttreemodel.h"
#include "ui/contexts/contexttreeview.h"
#include "ui/hosts/hostssidebar.h"
#include "ui/hosts/hoststore.h"
#include "ui/icons.h"
#include "ui/imports/importspane.h"
#include "ui/logs/logpane.h"
#include "ui/multirun/multirundialog.h"
#include "ui/settings/appsettings.h"
#include "ui/settings/preferencesdialog.h"
#include "ui/timeline/timelinepane.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QCompleter>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QLoggingCategory>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QStringListModel>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QToolTip>

#include <algorithm>

Q_LOGGING_CATEGORY(lcUi, "econtext.ui", QtWarningMsg)

namespace Econtext {

MainWindow::MainWindow(Broker *broker, QWidget *parent)
    : QMainWindow(parent)
    , m_broker(broker)
    , m_session(new Session(broker, this))
    , m_model(new ContextTreeModel(this))
    , m_hostStore(new HostStore(this))
    , m_prompter(new GuiPrompter(this, this))
{
    // Host key, passphrase and password questions become dialogs on this window.
    if (m_broker) {
        m_broker->setPrompter(m_prompter);
        m_prompter->setBroker(m_broker); // drops questions of contexts that went away
    }
    m_session->setPolicy(AppSettings::reconnectPolicy());
    Icons::ensureResources();
    setWindowTitle(tr("Econtext"));
    setWindowIcon(Icons::appIcon());
    setObjectName(QStringLiteral("mainWindow"));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    m_tabWidget = new ContextTabWidget(this);
    connect(m_tabWidget, &QTabWidget::currentChanged, this, &MainWindow::onCurrentTabChanged);
    connect(m_tabWidget, &QTabWidget::tabCloseRequested, this, &MainWindow::updateActions);
    setCentralWidget(m_tabWidget);

    createActions();
    createContextDock();
    addHostsDock();
    createToolBar();
    createMenus();
    createStatusBar();

    connect(m_model,
            &ContextTreeModel::contextStateChanged,
            this,
            [this](quint32 id, ContextState state) {
                if (state == ContextState::Failed)
                    ++m_errorCount;
                if (ContextTab *tab = tabFor(id))
                    m_tabWidget->updateTitle(tab);
                updateActions();
                updateStatus();
            });

    // The model and the tabs follow the session's contexts, not the broker's: a reconnect
    // is the same context in the same row and tab.
    connect(m_session, &Session::contextAdded, this, &MainWindow::onContextAdded);
    connect(m_session, &Session::restoreFailed, this, [this](const QString &message) {
        statusBar()->showMessage(message, 10000);
    });
    const QList<SessionContext *> existing = m_session->contexts();
    for (SessionContext *sc : existing)
        onContextAdded(sc);
    if (m_broker) {
        connect(m_broker, &Broker::contextRemoved, this, [this](quint32 id) {
            if (ContextTab *tab = tabFor(id))
                tab->detach();
            m_model->detachContext(id);
            updateActions();
            updateStatus();
        });
    }

    resize(1400, 860);
    restoreSettings();
    updateActions();
    updateStatus();
}

MainWindow::~MainWindow()
{
    if (m_broker)
        m_broker->setPrompter(nullptr);
    m_prompter->cancelAll();
}

QTreeView *MainWindow::contextView() const
{
    return m_treeView;
}

QTabWidget *MainWindow::tabWidget() const
{
    return m_tabWidget;
}

// ---------------------------------------------------------------- building

void MainWindow::createActions()
{
    m_connectAction
            = new QAction(Icons::actionIcon(QStringLiteral("connect")), tr("&Connect…"), this);
    m_connectAction->setShortcut(QKeySequence::New);
    m_connectAction->setToolTip(tr("Connect a new context to a host or a local interpreter"));
    connect(m_connectAction, &QAction::triggered, this, [this] { openConnectDialog(); });

    m_quickConnectAction = new QAction(tr("&Quick Connect"), this);
    m_quickConnectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_quickConnectAction, &QAction::triggered, this, [this] {
        m_quickConnect->setFocus(Qt::ShortcutFocusReason);
        m_quickConnect->selectAll();
    });

    m_quitAction = new QAction(
            Icons::themed(QStringLiteral("application-exit"), QIcon()), tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_openTabAction = new QAction(tr("&Open Log"), this);
    m_openTabAction->setToolTip(tr("Show the selected context's tab"));
    connect(m_openTabAction, &QAction::triggered, this, [this] { openTab(currentContextId()); });

    m_disconnectAction
            = new QAction(Icons::actionIcon(QStringLiteral("disconnect")), tr("&Disconnect"), this);
    m_disconnectAction->setToolTip(tr("Close the connection to the selected context at once"));
    connect(m_disconnectAction, &QAction::triggered, this, [this] {
        m_session->disconnectNow(currentSessionContext());
    });

    m_reconnectAction
            = new QAction(Icons::actionIcon(QStringLiteral("reconnect")), tr("&Reconnect"), this);
    m_reconnectAction->setShortcut(QKeySequence::Refresh);
    m_reconnectAction->setToolTip(tr("Connect the selected context again with the same options"));
    connect(m_reconnectAction, &QAction::triggered, this, [this] {
        reconnectContext(currentContextId());
    });

    m_shutdownAction
            = new QAction(Icons::actionIcon(QStringLiteral("shutdown")), tr("&Shut Down"), this);
    m_shutdownAction->setToolTip(tr("Ask the selected context to finish its output and exit"));
    connect(m_shutdownAction, &QAction::triggered, this, [this] {
        m_session->shutdown(currentSessionContext());
    });

    m_cancelConnectAction = new QAction(
            style()->standardIcon(QStyle::SP_DialogCancelButton), tr("C&ancel Connecting"), this);
    m_cancelConnectAction->setToolTip(
            tr("Stop connecting the selected context, or stop reconnecting it automatically"));
    connect(m_cancelConnectAction, &QAction::triggered, this, [this] {
        cancelConnecting(currentContextId());
    });

    m_dumpStacksAction = new QAction(tr("Dump &Stacks"), this);
    m_dumpStacksAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    m_dumpStacksAction->setToolTip(
            tr("Show what every thread of the selected context is doing, even while a call "
               "blocks it"));
    connect(m_dumpStacksAction, &QAction::triggered, this, [this] {
        dumpStacks(currentContextId());
    });

    m_copyDetailsAction = new QAction(
            Icons::themed(QStringLiteral("edit-copy"), Icons::actionIcon(QStringLiteral("copy"))),
            tr("Copy &Details"),
            this);
    m_copyDetailsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyDetailsAction->setToolTip(tr("Copy the selected context's facts as text"));
    connect(m_copyDetailsAction, &QAction::triggered, this, &MainWindow::copyCurrentDetails);

    m_removeAction = new QAction(tr("Re&move from List"), this);
    m_removeAction->setShortcut(QKeySequence::Delete);
    m_removeAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_removeAction->setToolTip(
            tr("Forget a context that failed or disconnected, and close its tab"));
    connect(m_removeAction, &QAction::triggered, this, &MainWindow::removeCurrentFromList);

    m_multiRunAction = new QAction(tr("Run on &Several Contexts…"), this);
    m_multiRunAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_multiRunAction->setToolTip(
            tr("Run one shell command or Python expression on several contexts at once"));
    connect(m_multiRunAction, &QAction::triggered, this, [this] {
        auto *dialog = new MultiRunDialog(m_broker, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });

    m_removeFinishedAction = new QAction(tr("Remove &All Finished"), this);
    m_removeFinishedAction->setToolTip(
            tr("Forget every context that failed or disconnected, and close its tab"));
    connect(m_removeFinishedAction, &QAction::triggered, this, &MainWindow::removeFinished);

    m_closeTabAction = new QAction(tr("&Close Tab"), this);
    m_closeTabAction->setShortcut(QKeySequence::Close);
    connect(m_closeTabAction, &QAction::triggered, this, [this] {
        m_tabWidget->hideTab(m_tabWidget->currentIndex());
    });

    m_preferencesAction = new QAction(Icons::themed(QStringLiteral("preferences-system"), QIcon()),
                                      tr("&Preferences…"),
                                      this);
    m_preferencesAction->setShortcut(QKeySequence::Preferences);
    if (m_preferencesAction->shortcut().isEmpty())
        m_preferencesAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_preferencesAction->setMenuRole(QAction::PreferencesRole);
    connect(m_preferencesAction, &QAction::triggered, this, &MainWindow::showPreferences);

    m_connectThroughAction = new QAction(tr("Connect &Through…"), this);
    m_connectThroughAction->setToolTip(
            tr("Start a context through the selected one: another interpreter, sudo or ssh "
               "from there"));
    connect(m_connectThroughAction, &QAction::triggered, this, [this] {
        openConnectDialog(currentContextId());
    });

    m_recording = new SessionRecordingControl(m_broker, this);
    m_auditAction = new QAction(tr("Module &Audit"), this);
    m_auditAction->setToolTip(tr("Every module sent to the selected context, with its SHA-256"));
    connect(m_auditAction, &QAction::triggered, this, [this] {
        const quint32 id = currentContextId();
        Context *c = m_broker && id ? m_broker->context(id) : nullptr;
        if (!c)
            return;
        // The Context keeps no past events; the global Imports view does.
        ImportEvents history;
        if (auto *imports
            = m_importsDock ? qobject_cast<ImportsPane *>(m_importsDock->widget()) : nullptr)
            history = AuditPane::eventsOf(*imports->model(), c->id());
        AuditPane::showForContext(c, history, this);
    });

    m_aboutAction = new QAction(tr("&About Econtext"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    m_aboutQtAction = new QAction(tr("About &Qt"), this);
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createMenus()
{
    // Names for tests and for restoring toolbar customisations.
    m_connectAction->setObjectName(QStringLiteral("connectAction"));
    m_disconnectAction->setObjectName(QStringLiteral("disconnectAction"));
    m_reconnectAction->setObjectName(QStringLiteral("reconnectAction"));
    m_shutdownAction->setObjectName(QStringLiteral("shutdownAction"));
    m_copyDetailsAction->setObjectName(QStringLiteral("copyDetailsAction"));
    m_removeFinishedAction->setObjectName(QStringLiteral("removeFinishedAction"));
    m_cancelConnectAction->setObjectName(QStringLiteral("cancelConnectAction"));
    m_dumpStacksAction->setObjectName(QStringLiteral("dumpStacksAction"));
    m_connectThroughAction->setObjectName(QStringLiteral("connectThroughAction"));
    m_auditAction->setObjectName(QStringLiteral("auditAction"));

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_connectAction);
    file->addAction(m_quickConnectAction);
    file->addSeparator();
    file->addAction(m_closeTabAction);
    file->addSeparator();
    file->addAction(m_recording->recordAction());
    file->addAction(m_recording->stopAction());
    file->addAction(m_recording->openCaptureAction());
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *context = menuBar()->addMenu(tr("&Context"));
    context->addAction(m_openTabAction);
    context->addSeparator();
    context->addAction(m_disconnectAction);
    context->addAction(m_reconnectAction);
    context->addAction(m_shutdownAction);
    context->addAction(m_cancelConnectAction);
    context->addSeparator();
    context->addAction(m_dumpStacksAction);
    context->addAction(m_auditAction);
    context->addAction(m_connectThroughAction);
    context->addSeparator();
    context->addAction(m_copyDetailsAction);
    context->addAction(m_multiRunAction);
    context->addSeparator();
    context->addAction(m_removeAction);
    context->addAction(m_removeFinishedAction);
    connect(context, &QMenu::aboutToShow, this, &MainWindow::updateActions);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(m_contextDock->toggleViewAction());
    if (m_hostsDock)
        m_viewMenu->addAction(m_hostsDock->toggleViewAction());
    if (m_importsDock)
        m_viewMenu->addAction(m_importsDock->toggleViewAction());
    m_viewMenu->addAction(m_toolBar->toggleViewAction());

    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    settings->addAction(m_preferencesAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
    help->addAction(m_aboutQtAction);
}

void MainWindow::createToolBar()
{
    m_toolBar = addToolBar(tr("Main Toolbar"));
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->setIconSize(QSize(16, 16));
    m_toolBar->addAction(m_connectAction);

    m_quickConnect = new QLineEdit(m_toolBar);
    m_quickConnect->setObjectName(QStringLiteral("quickConnect"));
    m_quickConnect->setPlaceholderText(tr("Quick connect: local, user@host:port or an alias"));
    m_quickConnect->setToolTip(
            tr("Type a target and press Enter: local, local:/path/to/python, user@host:port, an "
               "alias from ~/.ssh/config or the name of a saved host"));
    m_quickConnect->setClearButtonEnabled(true);
    m_quickConnect->setMinimumWidth(fontMetrics().averageCharWidth() * 36);
    m_quickConnect->setMaximumWidth(fontMetrics().averageCharWidth() * 60);
    auto *completer = new QCompleter(new QStringListModel(AppSettings::recentTargets(), this),
                                     m_quickConnect);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setCompletionMode(QCompleter::PopupCompletion);
    m_quickConnect->setCompleter(completer);
    connect(m_quickConnect, &QLineEdit::returnPressed, this, &MainWindow::triggerQuickConnect);
    m_toolBar->addWidget(m_quickConnect);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_disconnectAction);
    m_toolBar->addAction(m_reconnectAction);
    m_toolBar->addAction(m_shutdownAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_copyDetailsAction);
    m_toolBar->addAction(m_multiRunAction);
}

void MainWindow::createContextDock()
{
    m_contextDock = new QDockWidget(tr("Contexts"), this);
    m_contextDock->setObjectName(QStringLiteral("contextsDock"));
    m_contextDock->setAllowedAreas(Qt::AllDockWidgetAreas);
    m_treeView = new ContextTreeView(m_model, m_contextDock);
    connect(m_treeView, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const quint32 id = m_model->idForIndex(index);
        if (id)
            openTab(id);
    });
    connect(m_treeView->selectionModel(),
            &QItemSelectionModel::currentRowChanged,
            this,
            [this](const QModelIndex &current) {
                ContextTab *tab = tabFor(m_model->idForIndex(current));
                if (tab && m_tabWidget->indexOf(tab) >= 0)
                    m_tabWidget->setCurrentWidget(tab);
                updateActions();
            });
    connect(m_treeView,
            &QWidget::customContextMenuRequested,
            this,
            &MainWindow::showTreeContextMenu);
    m_contextDock->setWidget(m_treeView);
    addDockWidget(Qt::LeftDockWidgetArea, m_contextDock);
}

void MainWindow::addHostsDock()
{
    m_hostsDock = new QDockWidget(tr("Hosts"), this);
    m_hostsDock->setObjectName(QStringLiteral("hostsDock"));
    m_hostsDock->setAllowedAreas(Qt::AllDockWidgetAreas);
    auto *sidebar = new HostsSidebar(m_hostStore, m_hostsDock);
    sidebar->setBroker(m_broker);
    connect(sidebar, &HostsSidebar::importFinished, this, [this](bool, const QString &message) {
        statusBar()->showMessage(message, 5000);
    });
    connect(sidebar, &HostsSidebar::exportFinished, this, [this](bool, const QString &message) {
        statusBar()->showMessage(message, 5000);
    });
    connect(sidebar, &HostsSidebar::connectRequested, this, [this](const ConnectOptions &options) {
        connectWith(options);
    });
    m_hostsDock->setWidget(sidebar);
    // Hosts above the Contexts tree: pick a host, watch it appear below.
    addDockWidget(Qt::LeftDockWidgetArea, m_hostsDock);
    splitDockWidget(m_hostsDock, m_contextDock, Qt::Vertical);
    resizeDocks({m_hostsDock, m_contextDock}, {280, 520}, Qt::Vertical);

    // Import traffic of every context, below the tabs; per-context views are in the tabs.
    m_importsDock = new QDockWidget(tr("Import Traffic (All Contexts)"), this);
    m_importsDock->setObjectName(QStringLiteral("importsDock"));
    m_importsDock->setAllowedAreas(Qt::AllDockWidgetAreas);
    m_importsDock->setWidget(new ImportsPane(m_broker, 0, m_importsDock));
    addDockWidget(Qt::BottomDockWidgetArea, m_importsDock);
    m_importsDock->hide();
}

void MainWindow::openConnectDialog(quint32 viaContextId)
{
    SshConfig sshConfig;
    if (!sshConfig.load())
        qCWarning(lcUi) << "cannot read the ssh client configuration:" << sshConfig.errorString();
    ConnectDialog dialog(m_broker, m_hostStore, &sshConfig, this, ConnectDialog::Mode::Connect);
    if (viaContextId != 0)
        dialog.setViaContext(viaContextId);
    if (dialog.exec() != QDialog::Accepted)
        return;
    ConnectOptions options = dialog.options();
    if (options.method == ConnectMethod::Local && options.python.isEmpty())
        options.python = AppSettings::defaultPython();
    connectWith(options);
}

void MainWindow::createStatusBar()
{
    m_statesLabel = new QLabel(this);
    m_statesLabel->setObjectName(QStringLiteral("statesLabel"));
    m_roundtripsLabel = new QLabel(this);
    m_roundtripsLabel->setObjectName(QStringLiteral("roundtripsLabel"));
    m_roundtripsLabel->setToolTip(tr("Module requests answered for all contexts"));
    m_errorsLabel = new QLabel(this);
    m_errorsLabel->setObjectName(QStringLiteral("errorsLabel"));
    m_errorsLabel->setToolTip(tr("Failed connections and log records at level ERROR or above"));
    for (QLabel *label : {m_statesLabel, m_roundtripsLabel, m_errorsLabel}) {
        label->setContentsMargins(6, 0, 6, 0);
        statusBar()->addPermanentWidget(label);
    }
    m_statusTimer = new QTimer(this);
    m_statusTimer->setInterval(1000);
    connect(m_statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    m_statusTimer->start();
}

// ---------------------------------------------------------------- settings

void MainWindow::restoreSettings()
{
    const QByteArray geometry = AppSettings::windowGeometry();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray state = AppSettings::windowState();
    if (!state.isEmpty())
        restoreState(state);
    const QByteArray header = AppSettings::contextTreeHeaderState();
    if (!header.isEmpty())
        m_treeView->header()->restoreState(header);
    // Tabs are restored by name as their contexts appear.
    m_tabWidget->setSavedTabs(AppSettings::openTabs(), AppSettings::currentTab());
}

void MainWindow::saveSettings() const
{
    AppSettings::setWindowGeometry(saveGeometry());
    AppSettings::setWindowState(saveState());
    AppSettings::setContextTreeHeaderState(m_treeView->header()->saveState());
    AppSettings::setOpenTabs(m_tabWidget->tabNames());
    AppSettings::setCurrentTab(m_tabWidget->currentTabName());
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_firstShow) {
        m_firstShow = false;
        // After main() has connected the default local context, which a restored session
        // then reuses rather than starting twice.
        if (AppSettings::restoreSession())
            QTimer::singleShot(0, this, [this] { restoreLastSession(); });
        // A first start: room for the tree's main columns; later starts restore the layout.
        if (AppSettings::windowState().isEmpty()) {
            resizeDocks({m_contextDock},
                        {std::min(m_treeView->preferredWidth(), this->width() / 2)},
                        Qt::Horizontal);
        }
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    if (AppSettings::restoreSession())
        AppSettings::setLastSession(m_session->entries());
    // Contexts that go away with the window are not reconnected.
    m_session->close();
    QMainWindow::closeEvent(event);
}

int MainWindow::restoreLastSession()
{
    return m_session->restore(AppSettings::lastSession());
}

// ---------------------------------------------------------------- connecting

Context *MainWindow::connectWith(const ConnectOptions &options)
{
    SessionContext *sc = m_session->connectContext(options);
    if (!sc)
        return nullptr;
    if (ContextTab *tab = m_tabs.value(sc)) {
        tab->setForwardLevel(options.logLevel);
        m_tabWidget->showTab(tab, true);
    }
    updateActions();
    qCDebug(lcUi) << "connecting" << sc->contextId() << sc->name();
    return sc->context();
}

Context *MainWindow::connectDefaultLocal()
{
    ConnectOptions options;
    options.method = ConnectMethod::Local;
    options.name = QStringLiteral("local");
    options.python = AppSettings::defaultPython();
    return connectWith(options);
}

bool MainWindow::quickConnect(const QString &text)
{
    const QString target = text.trimmed();
    Result<ConnectOptions> resolved = resolveTarget(target, m_hostStore);
    QString error = resolved.errorString();
    if (resolved && resolved->method == ConnectMethod::Sudo) {
        error = tr("sudo is started by a connected context: select one and use Context → "
                   "Connect Through….");
    }
    if (!error.isEmpty()) {
        statusBar()->showMessage(error, 8000);
        if (m_quickConnect->isVisible())
            QToolTip::showText(m_quickConnect->mapToGlobal(QPoint(0, m_quickConnect->height())),
                               error,
                               m_quickConnect);
        return false;
    }
    ConnectOptions options = std::move(resolved).value();
    if (options.method == ConnectMethod::Local && options.python.isEmpty())
        options.python = AppSettings::defaultPython();
    if (options.name.isEmpty())
        options.name = defaultContextName(options);
    AppSettings::addRecentTarget(target);
    if (auto *list = qobject_cast<QStringListModel *>(m_quickConnect->completer()->model()))
        list->setStringList(AppSettings::recentTargets());
    return connectWith(options) != nullptr;
}

void MainWindow::triggerQuickConnect()
{
    if (quickConnect(m_quickConnect->text()))
        m_quickConnect->clear();
}

void MainWindow::onContextAdded(SessionContext *sc)
{
    Context *context = sc->context();
    if (!context || m_tabs.contains(sc))
        return;
    m_model->addContext(context);
    auto *tab = new ContextTab(context, m_broker, this);
    tab->hide();
    m_tabs.insert(sc, tab);
    connect(tab, &ContextTab::titleChanged, this, [this, tab] { m_tabWidget->updateTitle(tab); });
    // Cancel in the Timeline pane: no automatic reconnect either.
    connect(tab->timelinePane(), &TimelinePane::cancelRequested, this, [this](quint32 id) {
        m_session->cancel(m_session->find(id));
    });
    connect(context, &Context::logRecordsReceived, this, &MainWindow::onRecordsForErrors);
    connect(sc, &SessionContext::contextChanged, this, [this, sc](Context *fresh, Context *old) {
        onContextReplaced(sc, fresh, old);
    });
    connect(sc, &SessionContext::noted, this, [this, sc](const QString &message, int level) {
        noteFor(sc, message, level);
    });
    connect(sc, &SessionContext::waitingChanged, this, &MainWindow::updateActions);
    // A context started elsewhere (a child, the Hosts sidebar) gets a tab without taking
    // focus; connectWith() shows its own.
    m_tabWidget->showTab(tab, m_tabWidget->count() == 0);
}

void MainWindow::onContextReplaced(SessionContext *sc, Context *fresh, Context *previous)
{
    m_model->replaceContext(previous ? previous->id() : 0, fresh);
    if (previous)
        disconnect(previous, &Context::logRecordsReceived, this, &MainWindow::onRecordsForErrors);
    connect(fresh, &Context::logRecordsReceived, this, &MainWindow::onRecordsForErrors);
    if (ContextTab *tab = m_tabs.value(sc)) {
        tab->attach(fresh);
        tab->setForwardLevel(sc->options().logLevel);
        m_tabWidget->updateTitle(tab);
    }
    updateActions();
    updateStatus();
}

void MainWindow::onRecordsForErrors(const LogRecords &records)
{
    // Lines of output are never logging records: they are not even looked at.
    const QList<LogRecord> single = records.singleRecords();
    for (const LogRecord &r : single) {
        // Failures are counted by state; the core's own notes about them are not counted twice.
        if (r.level >= 40 && r.kind == LogRecord::Kind::Log)
            ++m_errorCount;
    }
}

ContextTab *MainWindow::tabFor(quint32 contextId) const
{
    return m_tabs.value(m_session->find(contextId), nullptr);
}

ContextTab *MainWindow::openTab(quint32 contextId)
{
    ContextTab *tab = tabFor(contextId);
    if (tab)
        m_tabWidget->showTab(tab, true);
    updateActions();
    return tab;
}

void MainWindow::onCurrentTabChanged(int index)
{
    auto *tab = qobject_cast<ContextTab *>(m_tabWidget->widget(index));
    if (!tab)
        return;
    const QModelIndex treeIndex = m_model->indexForId(tab->contextId());
    if (treeIndex.isValid() && m_treeView->currentIndex().siblingAtColumn(0) != treeIndex)
        m_treeView->setCurrentIndex(treeIndex);
    updateActions();
}

// ---------------------------------------------------------------- actions

quint32 MainWindow::currentContextId() const
{
    const QModelIndex index = m_treeView->currentIndex();
    if (index.isValid())
        return m_model->idForIndex(index);
    if (const ContextTab *tab = m_tabWidget->currentTab())
        return tab->contextId();
    return 0;
}

SessionContext *MainWindow::currentSessionContext() const
{
    return m_session->find(currentContextId());
}

void MainWindow::reconnectContext(quint32 id)
{
    m_session->reconnect(m_session->find(id));
    updateActions();
}

bool MainWindow::reconnectPending(quint32 id) const
{
    const SessionContext *sc = m_session->find(id);
    return sc && sc->reconnectPending();
}

void MainWindow::copyCurrentDetails()
{
    const QString details = m_model->details(currentContextId());
    if (details.isEmpty())
        return;
    QApplication::clipboard()->setText(details + QLatin1Char('\n'));
    statusBar()->showMessage(tr("Copied the context's details."), 3000);
}

void MainWindow::removeRow(quint32 id)
{
    SessionContext *sc = m_session->find(id);
    if (ContextTab *tab = m_tabs.take(sc)) {
        const int index = m_tabWidget->indexOf(tab);
        if (index >= 0)
            m_tabWidget->removeTab(index);
        tab->deleteLater();
    }
    m_session->remove(sc);
    m_model->removeContext(id);
}

void MainWindow::removeCurrentFromList()
{
    const quint32 id = currentContextId();
    if (!m_model->isFinished(id))
        return;
    removeRow(id);
    updateActions();
    updateStatus();
}

void MainWindow::removeFinished()
{
    const QList<quint32> ids = m_model->contextIds();
    for (quint32 id : ids) {
        if (m_model->isFinished(id))
            removeRow(id);
    }
    updateActions();
    updateStatus();
}

void MainWindow::showTreeContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_treeView->indexAt(pos);
    if (index.isValid())
        m_treeView->setCurrentIndex(index);
    updateActions();
    QMenu menu(this);
    if (index.isValid() && m_model->idForIndex(index) != 0) {
        menu.addAction(m_openTabAction);
        menu.setDefaultAction(m_openTabAction);
        menu.addSeparator();
        menu.addAction(m_disconnectAction);
        menu.addAction(m_reconnectAction);
        menu.addAction(m_shutdownAction);
        menu.addAction(m_cancelConnectAction);
        menu.addSeparator();
        menu.addAction(m_dumpStacksAction);
        menu.addAction(m_auditAction);
        menu.addAction(m_connectThroughAction);
        menu.addSeparator();
        menu.addAction(m_copyDetailsAction);
        menu.addSeparator();
        menu.addAction(m_removeAction);
    } else {
        menu.addAction(m_connectAction);
    }
    menu.addAction(m_removeFinishedAction);
    menu.exec(m_treeView->viewport()->mapToGlobal(pos));
}

void MainWindow::updateActions()
{
    const quint32 id = currentContextId();
    const ContextTreeModel::Row *row = id ? m_model->row(id) : nullptr;
    const SessionContext *sc = m_session->find(id);
    const bool attached = row && row->attached && row->context;
    const bool live = attached && row->state != ContextState::Failed
                      && row->state != ContextState::Disconnected;
    m_openTabAction->setEnabled(sc && m_tabs.contains(const_cast<SessionContext *>(sc)));
    m_disconnectAction->setEnabled(live);
    m_shutdownAction->setEnabled(live && row->state == ContextState::Connected);
    m_reconnectAction->setEnabled(sc != nullptr && m_broker != nullptr);
    m_copyDetailsAction->setEnabled(row != nullptr);
    const bool connecting = live
                            && (row->state == ContextState::Connecting
                                || row->state == ContextState::Bootstrapping);
    m_cancelConnectAction->setEnabled(connecting || (sc && sc->reconnectPending()));
    m_dumpStacksAction->setEnabled(live && row->state == ContextState::Connected);
    m_connectThroughAction->setEnabled(live && row->state == ContextState::Connected);
    m_auditAction->setEnabled(attached);
    m_removeAction->setEnabled(row && m_model->isFinished(id));
    bool anyFinished = false;
    const QList<quint32> ids = m_model->contextIds();
    for (quint32 other : ids) {
        if (m_model->isFinished(other)) {
            anyFinished = true;
            break;
        }
    }
    m_removeFinishedAction->setEnabled(anyFinished);
    m_closeTabAction->setEnabled(m_tabWidget->count() > 0);
}

QString MainWindow::statusText() const
{
    return m_statesLabel->text() + QLatin1Char('\n') + m_roundtripsLabel->text() + QLatin1Char('\n')
           + m_errorsLabel->text();
}

void MainWindow::updateStatus()
{
    const QLocale locale;
    const int connected = m_model->stateCount(ContextState::Connected);
    const int connecting = m_model->stateCount(ContextState::Connecting)
                           + m_model->stateCount(ContextState::Bootstrapping);
    const int failed = m_model->stateCount(ContextState::Failed);
    const int disconnected = m_model->stateCount(ContextState::Disconnected);
    QStringList parts;
    parts.append(tr("%Ln connected", nullptr, connected));
    if (connecting)
        parts.append(tr("%Ln connecting", nullptr, connecting));
    if (failed)
        parts.append(tr("%Ln failed", nullptr, failed));
    if (disconnected)
        parts.append(tr("%Ln disconnected", nullptr, disconnected));
    m_statesLabel->setText(parts.join(QStringLiteral(" · ")));

    const qint64 roundtrips = m_broker ? m_broker->moduleServer().totals().requests : 0;
    m_roundtripsLabel->setText(tr("Roundtrips: %1").arg(locale.toString(roundtrips)));
    m_errorsLabel->setText(tr("Errors: %1").arg(locale.toString(m_errorCount)));
}

void MainWindow::showPreferences()
{
    PreferencesDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_session->setPolicy(AppSettings::reconnectPolicy());
    const int rows = AppSettings::logBufferSize();
    for (ContextTab *tab : std::as_const(m_tabs))
        tab->logPane()->setCapacity(rows);
    if (m_broker) {
        // The module server only grows: new directories apply to new requests.
        Modules::ModuleServer &server = m_broker->moduleServer();
        const QStringList known = server.directories();
        const QStringList wanted = AppSettings::modulePathDirectories();
        for (const QString &dir : wanted) {
            if (!known.contains(dir))
                server.addDirectory(dir);
        }
    }
}

void MainWindow::showAbout()
{
    QMessageBox box(this);
    box.setWindowTitle(tr("About Econtext"));
    box.setIconPixmap(Icons::appIcon().pixmap(64, 64));
    box.setTextFormat(Qt::RichText);
    box.setText(tr("<h3>Econtext %1</h3>"
                   "<p>Starts Python interpreters on this machine and on remote hosts, "
                   "with nothing installed there, and shows them live.</p>")
                        .arg(QCoreApplication::applicationVersion().toHtmlEscaped()));
    box.setInformativeText(tr("Built with Qt %1.").arg(QString::fromLatin1(QT_VERSION_STR)));
    box.exec();
}

// ---------------------------------------------------------------- never hang silently

void MainWindow::cancelConnecting(quint32 id)
{
    SessionContext *sc = m_session->find(id);
    if (!sc)
        return;
    switch (m_session->cancel(sc)) {
    case Session::Cancelled::Connecting:
        statusBar()->showMessage(tr("Stopped connecting %1.").arg(sc->name()), 5000);
        break;
    case Session::Cancelled::Reconnect:
        statusBar()->showMessage(tr("Stopped reconnecting %1.").arg(sc->name()), 5000);
        break;
    case Session::Cancelled::Nothing:
        break;
    }
    updateActions();
}

void MainWindow::dumpStacks(quint32 id)
{
    const ContextTreeModel::Row *row = m_model->row(id);
    if (!row || id == 0 || !row->attached || row->state != ContextState::Connected)
        return;
    if (ContextTab *tab = openTab(id))
        tab->dumpStacks();
}

void MainWindow::noteFor(SessionContext *sc, const QString &message, int level)
{
    if (ContextTab *tab = m_tabs.value(sc))
        tab->addNote(message, level);
    statusBar()->showMessage(tr("%1: %2").arg(sc->name(), message), 10000);
}

} // namespace Econtext
