// HostsSidebar: the Hosts dock's widget — a search field (filters as you type, all words
// must match name, host, user, group or tags) over the tree of saved hosts and
// ~/.ssh/config aliases. Double-click or Return connects; the context menu connects,
// edits, removes, adds and marks favourites. It does not connect by itself: it emits
// connectRequested() and the main window hands the options to the Broker.
#pragma once

#include "core/broker/broker.h"
#include "core/connect/connectoptions.h"

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

Q_SIGNALS:
    void connectRequested(const Econtext::ConnectOptions &options);

private:
    void showContextMenu(const QPoint &pos);
    void rememberExpansion();
    void restoreExpansion();
    void watchConfigFiles();

    QPointer<HostStore> m_store;
    QPointer<Broker> m_broker;
    HostsModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_filter = nullptr;
    QToolButton *m_addButton = nullptr;
    QTreeView *m_view = nullptr;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_reloadTimer = nullptr;
    QSet<QString> m_collapsed; // group titles the user folded
    QString m_selectedKey;     // host id or alias kept across resets
};

} // namespace Econtext
