// HostsSidebar: the Hosts dock's widget — a search field (filters as you type, all words
// must match name, host, user, group or tags) over the tree of saved hosts and
// ~/.ssh/config aliases, with a "favourites only" switch. Double-click or Return connects;
// the context menu connects, edits, removes, adds and marks favourites. Single connects are
// not made here: it emits connectRequested() and the main window hands the options to the
// Broker. Group connects (a folder, a tag, the favourites or a selection) open a
// GroupConnectDialog on the broker given by setBroker(). The menu button imports the
// ~/.ssh/config aliases into the saved list and exports/imports the list as JSON.
#pragma once

#include "core/broker/broker.h"
#include "core/connect/connectoptions.h"
#include "core/util/result.h"
#include "ui/hosts/hoststore.h"

#include <QPointer>
#include <QSet>
#include <QWidget>

class QFileSystemWatcher;
class QLineEdit;
class QMenu;
class QSortFilterProxyModel;
class QTimer;
class QToolButton;
class QTreeView;

namespace Econtext {

class GroupConnectDialog;
class HostStore;
class HostsModel;

class HostsSidebar : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostsSidebar)
public:
    explicit HostsSidebar(HostStore *store, QWidget *parent = nullptr);
    ~HostsSidebar() override;

    // Where the Connect dialog finds the contexts one can connect through (may be null).
    void setBroker(Broker *broker);

    HostsModel *model() const { return m_model; }
    QSortFilterProxyModel *proxyModel() const { return m_proxy; }
    QTreeView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    QToolButton *favouritesButton() const { return m_favouritesButton; }
    QToolButton *menuButton() const { return m_menuButton; }
    // The menu of the menu button (import, export, group connects).
    QMenu *hostsMenu() const { return m_hostsMenu; }

    // Connection options of every host under a proxy index (a group: all its hosts,
    // whether the filter shows them or not; a host: itself).
    QList<ConnectOptions> hostsUnder(const QModelIndex &proxyIndex) const;
    // Connection options of the selected hosts (and of every host of selected groups).
    QList<ConnectOptions> selectedHosts() const;

    // Builds the context menu for a proxy index (the sidebar shows it on right-click).
    QMenu *createContextMenu(const QModelIndex &proxyIndex, QWidget *parent);

public Q_SLOTS:
    void setFilterText(const QString &text);
    // Connects the host at a proxy index (does nothing for a group).
    void connectHost(const QModelIndex &proxyIndex);
    // Opens the Connect dialog, prefilled; emits connectRequested() when accepted.
    void openConnectDialog(const Econtext::ConnectOptions &prefill = {});
    void addHost(const Econtext::ConnectOptions &prefill = {});
    void editHost(const QModelIndex &proxyIndex);
    // Asks first (without blocking), then removes the saved host.
    void removeHost(const QModelIndex &proxyIndex);
    void toggleFavourite(const QModelIndex &proxyIndex);
    void reloadSshConfig();
    void setFavouritesOnly(bool on);

    // Group connects: open the progress panel and start; null without a broker or hosts.
    GroupConnectDialog *connectHosts(const QString &title, const QList<ConnectOptions> &hosts);
    GroupConnectDialog *connectGroup(const QModelIndex &proxyIndex);
    GroupConnectDialog *connectTag(const QString &tag);
    GroupConnectDialog *connectFavourites();
    GroupConnectDialog *connectSelection();

    // Saves the ~/.ssh/config aliases that are not saved yet; tells the user how many.
    HostImportSummary importSshConfigHosts();
    // Without a path, a file dialog asks for one (without blocking). The outcome is shown in
    // a message box and announced by importFinished() / exportFinished().
    void exportHosts(const QString &path = QString());
    void importHosts(const QString &path = QString());

Q_SIGNALS:
    void connectRequested(const Econtext::ConnectOptions &options);
    void groupConnectStarted(Econtext::GroupConnectDialog *dialog);
    // message: one sentence for the status bar ("3 added, 1 updated, 0 skipped." or the error)
    void importFinished(bool ok, const QString &message);
    void exportFinished(bool ok, const QString &message);

private:
    void showContextMenu(const QPoint &pos);
    void rememberExpansion();
    void restoreExpansion();
    void watchConfigFiles();
    void showOutcome(bool ok, const QString &title, const QString &message);
    void fillHostsMenu();

    QPointer<HostStore> m_store;
    QPointer<Broker> m_broker;
    HostsModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_filter = nullptr;
    QToolButton *m_addButton = nullptr;
    QToolButton *m_favouritesButton = nullptr;
    QToolButton *m_menuButton = nullptr;
    QMenu *m_hostsMenu = nullptr;
    QTreeView *m_view = nullptr;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_reloadTimer = nullptr;
    QSet<QString> m_collapsed; // group titles the user folded
    QString m_selectedKey;     // host id or alias kept across resets
};

} // namespace Econtext
