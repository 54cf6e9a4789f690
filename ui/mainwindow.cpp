#include "ui/mainwindow.h"

#include "core/broker/broker.h"
#include "core/connect/sshconfig.h"
#include "core/connect/target.h"
#include "core/modules/moduleserver.h"
#include "ui/audit/auditpane.h"
#include "ui/capture/sessionrecordingcontrol.h"
#include "ui/connect/connectdialog.h"
#include "ui/connect/guiprompter.h"
#include "ui/connect/targetresolver.h"
#include "ui/console/consolewidget.h"
#include "ui/contexts/contexttab.h"
#include "ui/contexts/contexttreemodel.h"
#include "ui/hosts/hostssidebar.h"
#include "ui/hosts/hoststore.h"
#include "ui/icons.h"
#include "ui/imports/importspane.h"
#include "ui/logs/logpane.h"
#include "ui/multirun/multirundialog.h"
#include "ui/settings/appsettings.h"
#include "ui/settings/preferencesdialog.h"
#include "ui/stacks/stackspane.h"
#include "ui/timeline/timelinepane.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QCompleter>
#include <QDateTime>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QLoggingCategory>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollBar>
#include <QStatusBar>
#include <QStringListModel>
#include <QStyle>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolTip>
#include <QTreeView>

#include <algorithm>
#include <functional>

Q_LOGGING_CATEGORY(lcUi, "econtext.ui", QtWarningMsg)

namespace Econtext {

MainWindow::MainWindow(Broker *broker, QWidget *parent)
    : QMainWindow(parent)
    , m_broker(broker)
    , m_model(new ContextTreeModel(this))
    , m_hostStore(new HostStore(this))
    , m_prompter(new GuiPrompter(this, this))
{
    // Host key, passphrase and password questions become dialogs on this window.
    if (m_broker) {
        m_broker->setPrompter(m_prompter);
        m_prompter->setBroker(m_broker); // drops questions of contexts that went away
    }
    Icons::ensureResources();
    setWindowTitle(tr("Econtext"));
    setWindowIcon(Icons::appIcon());
    setObjectName(QStringLiteral("mainWindow"));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    m_tabWidget = new QTabWidget(this);
    m_tabWidget->setObjectName(QStringLiteral("contextTabs"));
    m_tabWidget->setTabsClosable(true);
    m_tabWidget->setMovable(true);
    m_tabWidget->setDocumentMode(true);
    m_tabWidget->setUsesScrollButtons(true);
    m_tabWidget->tabBar()->setElideMode(Qt::ElideRight);
    connect(m_tabWidget, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(m_tabWidget, &QTabWidget::currentChanged, this, &MainWindow::onCurrentTabChanged);
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
            [this](quint32 id, ContextState state, const QString &reason) {
                if (state == ContextState::Failed)
                    ++m_errorCount;
                if (ContextTab *tab = tabFor(id))
                    updateTabTitle(tab);
                onStateForReconnect(id, state, reason);
                if (!m_restoreQueue.isEmpty())
                    processRestoreQueue();
                updateActions();
                updateStatus();
            });

    if (m_broker) {
        m_model->setBroker(m_broker);
        connect(m_broker, &Broker::contextAdded, this, &MainWindow::onContextAdded);
        connect(m_broker, &Broker::contextRemoved, this, &MainWindow::onContextRemoved);
        const QList<Context *> existing = m_broker->contexts();
        for (Context *context : existing)
            onContextAdded(context);
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
    connect(m_disconnectAction, &QAction::triggered, this, &MainWindow::disconnectCurrent);

    m_reconnectAction
            = new QAction(Icons::actionIcon(QStringLiteral("reconnect")), tr("&Reconnect"), this);
    m_reconnectAction->setShortcut(QKeySequence::Refresh);
    m_reconnectAction->setToolTip(tr("Connect the selected context again with the same options"));
    connect(m_reconnectAction, &QAction::triggered, this, &MainWindow::reconnectCurrent);

    m_shutdownAction
            = new QAction(Icons::actionIcon(QStringLiteral("shutdown")), tr("&Shut Down"), this);
    m_shutdownAction->setToolTip(tr("Ask the selected context to finish its output and exit"));
    connect(m_shutdownAction, &QAction::triggered, this, &MainWindow::shutdownCurrent);

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
        closeTab(m_tabWidget->currentIndex());
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

    m_treeView = new QTreeView(m_contextDock);
    m_treeView->setObjectName(QStringLiteral("contextTree"));
    m_treeView->setModel(m_model);
    m_treeView->setUniformRowHeights(true);
    m_treeView->setAllColumnsShowFocus(true);
    m_treeView->setAlternatingRowColors(true);
    m_treeView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_treeView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_treeView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_treeView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_treeView->setFrameShape(QFrame::NoFrame);
    m_treeView->expandAll();

    QHeaderView *header = m_treeView->header();
    header->setStretchLastSection(false);
    header->setSectionsMovable(true);
    const int ch = fontMetrics().averageCharWidth();
    // Widths from the font, never from the rows (the tree may grow large).
    const QFontMetrics fm = m_treeView->fontMetrics();
    int stateWidth = 0;
    for (ContextState s : {ContextState::Connecting,
                           ContextState::Bootstrapping,
                           ContextState::Connected,
                           ContextState::Disconnected,
                           ContextState::Failed})
        stateWidth = std::max(stateWidth, fm.horizontalAdvance(contextStateName(s)));
    const int pad = ch * 3;
    const int masterWidth
            = fm.horizontalAdvance(m_model->index(0, 0).data().toString()) + 16 + 2 * ch;
    header->resizeSection(ContextTreeModel::NameColumn,
                          std::max(ch * 24, masterWidth + m_treeView->indentation()));
    header->resizeSection(ContextTreeModel::StateColumn, stateWidth + 16 + pad);
    header->resizeSection(
            ContextTreeModel::MethodColumn,
            std::max(fm.horizontalAdvance(QStringLiteral("local ")),
                     fm.horizontalAdvance(
                             m_model->headerData(ContextTreeModel::MethodColumn, Qt::Horizontal)
                                     .toString()))
                    + pad);
    header->resizeSection(ContextTreeModel::PythonColumn,
                          fm.horizontalAdvance(QStringLiteral("3.13.10")) + pad);
    header->resizeSection(ContextTreeModel::PidColumn,
                          fm.horizontalAdvance(QStringLiteral("4194304")) + pad);
    header->resizeSection(ContextTreeModel::UptimeColumn,
                          fm.horizontalAdvance(QStringLiteral("00:00:00")) + pad);
    header->resizeSection(ContextTreeModel::MessagesColumn,
                          fm.horizontalAdvance(QStringLiteral("123,456 / 123,456")) + pad);
    header->resizeSection(ContextTreeModel::BytesColumn,
                          fm.horizontalAdvance(QStringLiteral("123.4 MiB / 123.4 MiB")) + pad);
    header->resizeSection(
            ContextTreeModel::CallsColumn,
            std::max(fm.horizontalAdvance(QStringLiteral("9,999")),
                     fm.horizontalAdvance(
                             m_model->headerData(ContextTreeModel::CallsColumn, Qt::Horizontal)
                                     .toString()))
                    + pad);
    header->resizeSection(
            ContextTreeModel::OldestCallColumn,
            std::max(fm.horizontalAdvance(QStringLiteral("59 min 59 s")),
                     fm.horizontalAdvance(
                             m_model->headerData(ContextTreeModel::OldestCallColumn, Qt::Horizontal)
                                     .toString()))
                    + pad);
    header->resizeSection(ContextTreeModel::ImportsColumn,
                          fm.horizontalAdvance(QStringLiteral("999,999")) + pad);
    for (int c = 0; c < ContextTreeModel::ColumnCount; ++c) {
        if (ContextTreeModel::isHiddenByDefault(c))
            header->setSectionHidden(c, true);
    }
    // Columns can be hidden from the header's menu.
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QWidget::customContextMenuRequested, this, [this, header](const QPoint &pos) {
        QMenu menu(this);
        for (int c = 1; c < ContextTreeModel::ColumnCount; ++c) {
            QAction *a = menu.addAction(m_model->headerData(c, Qt::Horizontal).toString());
            a->setCheckable(true);
            a->setChecked(!header->isSectionHidden(c));
            connect(a, &QAction::toggled, header, [header, c](bool on) {
                header->setSectionHidden(c, !on);
            });
        }
        menu.exec(header->mapToGlobal(pos));
    });

    connect(m_model,
            &QAbstractItemModel::rowsInserted,
            this,
            [this](const QModelIndex &parent, int, int) { m_treeView->expand(parent); });
    connect(m_model,
            &QAbstractItemModel::rowsMoved,
            this,
            [this](const QModelIndex &, int, int, const QModelIndex &destination, int) {
                m_treeView->expand(destination);
            });
    connect(m_treeView, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const quint32 id = m_model->idForIndex(index);
        if (id)
            openTab(id);
    });
    connect(m_treeView->selectionModel(),
            &QItemSelectionModel::currentRowChanged,
            this,
            [this](const QModelIndex &current) {
                const quint32 id = m_model->idForIndex(current);
                ContextTab *tab = tabFor(id);
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
    m_restoreCurrentTab = AppSettings::currentTab();
    m_savedTabOrder = AppSettings::openTabs();
    // Tabs are restored by name as their contexts appear (see ensureTab()).
}

void MainWindow::saveSettings() const
{
    AppSettings::setWindowGeometry(saveGeometry());
    AppSettings::setWindowState(saveState());
    AppSettings::setContextTreeHeaderState(m_treeView->header()->saveState());
    QStringList names;
    for (int i = 0; i < m_tabWidget->count(); ++i) {
        if (const auto *tab = qobject_cast<ContextTab *>(m_tabWidget->widget(i)))
            names.append(tab->contextName());
    }
    AppSettings::setOpenTabs(names);
    const auto *current = qobject_cast<ContextTab *>(m_tabWidget->currentWidget());
    AppSettings::setCurrentTab(current ? current->contextName() : QString());
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
            const int width = m_treeView->header()->sectionPosition(ContextTreeModel::UptimeColumn)
                              + m_treeView->header()->sectionSize(ContextTreeModel::UptimeColumn)
                              + m_treeView->verticalScrollBar()->sizeHint().width() + 8;
            resizeDocks({m_contextDock}, {std::min(width, this->width() / 2)}, Qt::Horizontal);
        }
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    if (AppSettings::restoreSession())
        AppSettings::setLastSession(currentSession());
    // Contexts that go away with the window are not reconnected.
    m_closing = true;
    for (const PendingReconnect &pending : std::as_const(m_retries))
        pending.timer->deleteLater();
    m_retries.clear();
    m_restoreQueue.clear();
    QMainWindow::closeEvent(event);
}

// ---------------------------------------------------------------- connecting

Context *MainWindow::connectWith(const ConnectOptions &options)
{
    if (!m_broker)
        return nullptr;
    ContextTab *reuse = m_reuseTab;
    Context *context = m_broker->connectContext(options);
    m_reuseTab = nullptr;
    if (!context)
        return nullptr;
    m_options.insert(context->id(), options);
    m_model->addContext(context);
    ContextTab *tab = ensureTab(context, reuse);
    tab->setForwardLevel(options.logLevel);
    showTab(tab, true);
    qCDebug(lcUi) << "connecting" << context->id() << context->name();
    return context;
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

void MainWindow::onContextAdded(Context *context)
{
    if (!context)
        return;
    m_model->addContext(context);
    const bool isNew = !m_tabs.contains(context->id());
    ContextTab *tab = ensureTab(context, m_reuseTab);
    // A context started elsewhere (a child, the Hosts sidebar) gets a tab without taking focus.
    if (isNew && tab && m_tabWidget->indexOf(tab) < 0)
        showTab(tab, m_tabWidget->count() == 0);
}

void MainWindow::onContextRemoved(quint32 id)
{
    if (ContextTab *tab = tabFor(id))
        tab->detach();
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

ContextTab *MainWindow::ensureTab(Context *context, ContextTab *reuse)
{
    const quint32 id = context->id();
    if (ContextTab *existing = m_tabs.value(id, nullptr))
        return existing;
    ContextTab *tab = reuse;
    if (tab) {
        m_tabs.remove(tab->contextId());
        tab->attach(context);
        if (auto *console = tab->findChild<ConsoleWidget *>())
            console->attach(context);
    } else {
        tab = new ContextTab(context, this);
        tab->hide();
        tab->addPane(new ImportsPane(m_broker, id, tab),
                     Icons::themed(QStringLiteral("network-transmit-receive"),
                                   style()->standardIcon(QStyle::SP_ArrowDown)),
                     tr("Imports"));
        auto *console = new ConsoleWidget(context, tab);
        console->setObjectName(QStringLiteral("console"));
        tab->addPane(console,
                     Icons::themed(QStringLiteral("utilities-terminal"),
                                   style()->standardIcon(QStyle::SP_ComputerIcon)),
                     tr("Console"));
        connect(tab, &ContextTab::titleChanged, this, [this, tab] { updateTabTitle(tab); });
        tab->setBroker(m_broker);
        // Cancel in the Timeline pane: no automatic reconnect either.
        connect(tab->timelinePane(),
                &TimelinePane::cancelRequested,
                this,
                &MainWindow::stopAutoReconnect);
    }
    connect(context, &Context::logRecordsReceived, this, &MainWindow::onRecordsForErrors);
    m_tabs.insert(id, tab);
    updateTabTitle(tab);
    return tab;
}

void MainWindow::showTab(ContextTab *tab, bool makeCurrent)
{
    if (!tab)
        return;
    int index = m_tabWidget->indexOf(tab);
    if (index < 0) {
        // Tabs named in the last session come back in that session's order.
        const qsizetype rank = m_savedTabOrder.indexOf(tab->contextName());
        int at = m_tabWidget->count();
        if (rank >= 0) {
            for (int i = 0; i < m_tabWidget->count(); ++i) {
                const auto *other = qobject_cast<ContextTab *>(m_tabWidget->widget(i));
                const qsizetype otherRank
                        = other ? m_savedTabOrder.indexOf(other->contextName()) : -1;
                if (otherRank > rank) {
                    at = i;
                    break;
                }
            }
        }
        index = m_tabWidget->insertTab(at, tab, QString());
    }
    updateTabTitle(tab);
    // The tab that was current when the window closed becomes current again.
    if (!m_restoreCurrentTab.isEmpty() && tab->contextName() == m_restoreCurrentTab) {
        m_restoreCurrentTab.clear();
        makeCurrent = true;
    }
    if (makeCurrent)
        m_tabWidget->setCurrentIndex(index);
    updateActions();
}

ContextTab *MainWindow::openTab(quint32 contextId)
{
    ContextTab *tab = tabFor(contextId);
    if (!tab) {
        const ContextTreeModel::Row *row = m_model->row(contextId);
        if (!row || !row->context)
            return nullptr;
        tab = ensureTab(row->context.data(), nullptr);
    }
    showTab(tab, true);
    return tab;
}

void MainWindow::closeTab(int index)
{
    auto *tab = qobject_cast<ContextTab *>(m_tabWidget->widget(index));
    if (!tab)
        return;
    // The page lives on (hidden) so its log keeps filling; the tree reopens it.
    m_tabWidget->removeTab(index);
    tab->hide();
}

void MainWindow::updateTabTitle(ContextTab *tab)
{
    const int index = m_tabWidget->indexOf(tab);
    if (index < 0)
        return;
    QString title = tab->contextName();
    if (title.isEmpty())
        title = tr("context %1").arg(tab->contextId());
    m_tabWidget->setTabText(index, title);
    m_tabWidget->setTabIcon(index, Icons::stateIcon(tab->state()));
    const ContextTreeModel::Row *row = m_model->row(tab->contextId());
    QString tip = contextStateName(tab->state());
    if (row && !row->reason.isEmpty())
        tip += QStringLiteral(": ") + row->reason;
    m_tabWidget->setTabToolTip(index, tip);
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
    if (const auto *tab = qobject_cast<ContextTab *>(m_tabWidget->currentWidget()))
        return tab->contextId();
    return 0;
}

Context *MainWindow::currentContext() const
{
    const ContextTreeModel::Row *row = m_model->row(currentContextId());
    if (!row || !row->attached || row->id == 0)
        return nullptr;
    return row->context.data();
}

ConnectOptions MainWindow::optionsFor(quint32 id) const
{
    const auto it = m_options.constFind(id);
    if (it != m_options.constEnd())
        return *it;
    // Started elsewhere: rebuild the options from what the context says about itself.
    ConnectOptions options;
    if (const ContextTreeModel::Row *row = m_model->row(id)) {
        // A local context describes itself as "this machine (PYTHON)", others with their target.
        options.method = row->method;
        if (row->method != ConnectMethod::Local) {
            if (const Result<Target> target = parseTarget(row->description))
                target->applyTo(options);
        }
        if (!row->name.isEmpty())
            options.name = row->name;
        if (options.method == ConnectMethod::Local && options.python.isEmpty())
            options.python = AppSettings::defaultPython();
    }
    return options;
}

void MainWindow::disconnectCurrent()
{
    stopAutoReconnect(currentContextId());
    if (Context *context = currentContext())
        context->disconnectNow();
}

void MainWindow::shutdownCurrent()
{
    stopAutoReconnect(currentContextId());
    if (Context *context = currentContext())
        context->shutdown();
}

void MainWindow::reconnectCurrent()
{
    reconnectContext(currentContextId());
}

Context *MainWindow::reconnectContext(quint32 id)
{
    const ContextTreeModel::Row *row = m_model->row(id);
    if (!row || id == 0)
        return nullptr;
    // A reconnect by hand starts the automatic delays over.
    if (m_retries.contains(id)) {
        const PendingReconnect pending = m_retries.take(id);
        pending.timer->deleteLater();
    }
    m_attempts.remove(id);
    m_userStopped.remove(id);
    return replaceContext(id, optionsFor(id));
}

Context *MainWindow::replaceContext(quint32 id, const ConnectOptions &options)
{
    const ContextTreeModel::Row *row = m_model->row(id);
    if (!row || id == 0)
        return nullptr;
    if (Context *old = row->attached ? row->context.data() : nullptr) {
        if (old->state() != ContextState::Failed && old->state() != ContextState::Disconnected)
            old->disconnectNow();
    }
    ContextTab *tab = tabFor(id);
    // The new context takes the old one's row and tab.
    m_model->removeContext(id);
    m_options.remove(id);
    m_reuseTab = tab;
    Context *fresh = connectWith(options);
    m_reuseTab = nullptr;
    if (fresh)
        m_replacedBy.insert(id, fresh->id());
    return fresh;
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
    stopAutoReconnect(id);
    if (ContextTab *tab = m_tabs.take(id)) {
        const int index = m_tabWidget->indexOf(tab);
        if (index >= 0)
            m_tabWidget->removeTab(index);
        tab->deleteLater();
    }
    m_options.remove(id);
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
    const bool attached = row && row->attached && row->context;
    const bool live = attached && row->state != ContextState::Failed
                      && row->state != ContextState::Disconnected;
    m_openTabAction->setEnabled(row && m_tabs.contains(id));
    m_disconnectAction->setEnabled(live);
    m_shutdownAction->setEnabled(live && row->state == ContextState::Connected);
    m_reconnectAction->setEnabled(row != nullptr && m_broker != nullptr);
    m_copyDetailsAction->setEnabled(row != nullptr);
    const bool connecting = live
                            && (row->state == ContextState::Connecting
                                || row->state == ContextState::Bootstrapping);
    m_cancelConnectAction->setEnabled(connecting || m_retries.contains(id));
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
    if (id == 0)
        return;
    const bool pending = m_retries.contains(id);
    stopAutoReconnect(id);
    const ContextTreeModel::Row *row = m_model->row(id);
    Context *context = row && row->attached ? row->context.data() : nullptr;
    if (context
        && (context->state() == ContextState::Connecting
            || context->state() == ContextState::Bootstrapping)) {
        context->disconnectNow();
        statusBar()->showMessage(tr("Stopped connecting %1.").arg(row->name), 5000);
    } else if (pending) {
        statusBar()->showMessage(tr("Stopped reconnecting %1.").arg(row ? row->name : QString()),
                                 5000);
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

void MainWindow::noteFor(quint32 id, const QString &message, int level)
{
    if (ContextTab *tab = tabFor(id))
        tab->addNote(message, level);
    const ContextTreeModel::Row *row = m_model->row(id);
    const QString name = row && !row->name.isEmpty() ? row->name : tr("context %1").arg(id);
    statusBar()->showMessage(tr("%1: %2").arg(name, message), 10000);
}

quint32 MainWindow::latestId(quint32 id) const
{
    // A chain of reconnects; bounded in case of a (impossible) loop.
    for (int guard = 0; guard < 1000 && m_replacedBy.contains(id); ++guard)
        id = m_replacedBy.value(id);
    return id;
}

void MainWindow::stopAutoReconnect(quint32 id)
{
    if (id == 0)
        return;
    m_userStopped.insert(id);
    m_attempts.remove(id);
    if (m_retries.contains(id)) {
        const PendingReconnect pending = m_retries.take(id);
        pending.timer->deleteLater();
        if (ContextTab *tab = tabFor(id))
            tab->addNote(tr("Automatic reconnect stopped."), 20);
    }
    updateActions();
}

void MainWindow::onStateForReconnect(quint32 id, ContextState state, const QString &reason)
{
    if (state != ContextState::Failed && state != ContextState::Disconnected)
        return;
    if (m_closing || !m_broker || !AppSettings::autoReconnect() || m_userStopped.contains(id)
        || m_retries.contains(id))
        return;
    const ContextTreeModel::Row *row = m_model->row(id);
    if (!row)
        return;
    // Only contexts that were up (or are being brought back) return by themselves; a
    // first connection that fails keeps its error for the user to read.
    const bool wasUp = row->connectedSinceMs > 0;
    if (!wasUp && !m_attempts.contains(id))
        return;
    int attempt = m_attempts.value(id, 0);
    if (wasUp) {
        const qint64 end = row->endedMs > 0 ? row->endedMs : QDateTime::currentMSecsSinceEpoch();
        if (end - row->connectedSinceMs >= AppSettings::StableConnectionMs)
            attempt = 0; // it was stable: the delays start over
    }
    scheduleReconnect(id, attempt, reason.isEmpty() ? contextStateName(state) : reason);
}

void MainWindow::scheduleReconnect(quint32 id, int attempt, const QString &reason)
{
    const int delayMs = AppSettings::reconnectDelayMs(attempt);
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    timer->setInterval(delayMs);
    connect(timer, &QTimer::timeout, this, [this, id] { runReconnect(id); });
    m_retries.insert(id, PendingReconnect{timer, attempt, reason});
    timer->start();
    noteFor(id,
            tr("Reconnecting in %n s (attempt %1) because: %2", nullptr, delayMs / 1000)
                    .arg(attempt + 1)
                    .arg(reason),
            30);
    updateActions();
}

void MainWindow::runReconnect(quint32 id)
{
    if (!m_retries.contains(id))
        return;
    const PendingReconnect pending = m_retries.take(id);
    pending.timer->deleteLater();
    if (m_closing || !AppSettings::autoReconnect() || m_userStopped.contains(id)
        || !m_model->row(id))
        return;
    ConnectOptions options = optionsFor(id);
    if (options.viaContextId != 0) {
        // Through a parent: the parent (or what replaced it) must be up first.
        const quint32 via = latestId(options.viaContextId);
        Context *parent = m_broker ? m_broker->context(via) : nullptr;
        const ContextState parentState = parent ? parent->state() : ContextState::Disconnected;
        if (parentState != ContextState::Connected) {
            const bool coming = m_retries.contains(via) || parentState == ContextState::Connecting
                                || parentState == ContextState::Bootstrapping;
            if (coming) {
                scheduleReconnect(
                        id, pending.attempt, tr("the context it is reached through is not up yet"));
            } else {
                noteFor(id,
                        tr("Cannot reconnect: the context it was reached through is gone."),
                        40);
            }
            return;
        }
        options.viaContextId = via;
    }
    const int attempt = pending.attempt + 1;
    noteFor(id, tr("Reconnect attempt %1 (%2).").arg(attempt).arg(pending.reason), 30);
    m_attempts.remove(id);
    if (Context *fresh = replaceContext(id, options))
        m_attempts.insert(fresh->id(), attempt);
    updateActions();
}

QList<SessionEntry> MainWindow::currentSession() const
{
    QList<SessionEntry> entries;
    QHash<quint32, int> saved; // context id -> index in entries
    // Depth first from the master: parents always come before their children.
    std::function<void(const QModelIndex &)> visit = [&](const QModelIndex &parent) {
        const int rows = m_model->rowCount(parent);
        for (int r = 0; r < rows; ++r) {
            const QModelIndex index = m_model->index(r, 0, parent);
            const quint32 id = m_model->idForIndex(index);
            const ContextTreeModel::Row *row = m_model->row(id);
            if (row && row->attached && row->state == ContextState::Connected
                && (row->parentId == 0 || saved.contains(row->parentId))) {
                SessionEntry entry;
                entry.options = optionsFor(id);
                entry.options.viaContextId = 0;
                entry.options.passwordFile.clear();
                entry.options.acceptNewHostKey = false;
                if (entry.options.name.isEmpty())
                    entry.options.name = row->name;
                entry.parentIndex = row->parentId ? saved.value(row->parentId) : -1;
                saved.insert(id, int(entries.size()));
                entries.append(entry);
            }
            visit(index);
        }
    };
    visit(m_model->index(0, 0));
    return entries;
}

int MainWindow::restoreLastSession()
{
    if (!m_broker)
        return 0;
    const QList<SessionEntry> entries = AppSettings::lastSession();
    m_restoreQueue.clear();
    m_restoredIds.clear();
    for (int i = 0; i < entries.size(); ++i)
        m_restoreQueue.append(RestoreItem{entries.at(i), i});
    processRestoreQueue();
    return int(entries.size());
}

void MainWindow::processRestoreQueue()
{
    if (!m_broker)
        return;
    bool progress = true;
    while (progress && !m_restoreQueue.isEmpty()) {
        progress = false;
        for (qsizetype i = 0; i < m_restoreQueue.size(); ++i) {
            const RestoreItem item = m_restoreQueue.at(i);
            ConnectOptions options = item.entry.options;
            if (item.entry.parentIndex >= 0) {
                if (!m_restoredIds.contains(item.entry.parentIndex)) {
                    // Its parent was not restored and never will be: drop it.
                    bool parentQueued = false;
                    for (const RestoreItem &other : std::as_const(m_restoreQueue))
                        parentQueued = parentQueued || other.index == item.entry.parentIndex;
                    if (parentQueued)
                        continue;
                    m_restoreQueue.removeAt(i);
                    progress = true;
                    break;
                }
                const quint32 parentId = latestId(m_restoredIds.value(item.entry.parentIndex));
                Context *parent = m_broker->context(parentId);
                const ContextState state = parent ? parent->state() : ContextState::Failed;
                if (state == ContextState::Connecting || state == ContextState::Bootstrapping)
                    continue; // its turn comes when the parent is up
                m_restoreQueue.removeAt(i);
                progress = true;
                if (state != ContextState::Connected) {
                    statusBar()->showMessage(
                            tr("Could not restore %1: the context it is reached through is not "
                               "connected.")
                                    .arg(options.name),
                            10000);
                    break;
                }
                options.viaContextId = parentId;
            } else {
                m_restoreQueue.removeAt(i);
                progress = true;
                // The default local context (started by main()) is reused, not doubled.
                Context *existing = nullptr;
                const QList<Context *> contexts = m_broker->contexts();
                const QList<quint32> taken = m_restoredIds.values();
                for (Context *c : contexts) {
                    if (c->parentId() == 0 && c->name() == options.name
                        && c->method() == options.method && !taken.contains(c->id())
                        && c->state() != ContextState::Failed
                        && c->state() != ContextState::Disconnected) {
                        existing = c;
                        break;
                    }
                }
                if (existing) {
                    m_restoredIds.insert(item.index, existing->id());
                    break;
                }
            }
            if (Context *context = connectWith(options))
                m_restoredIds.insert(item.index, context->id());
            break;
        }
    }
}

} // namespace Econtext
