#include "ui/hosts/hostssidebar.h"

#include "core/connect/target.h"
#include "ui/connect/connectdialog.h"
#include "ui/hosts/groupconnectdialog.h"
#include "ui/hosts/hostsmodel.h"
#include "ui/hosts/hoststore.h"
#include "ui/icons.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace Econtext {

namespace {

// Every word of the filter must occur in the host's search text; groups show when one of
// their hosts does (recursive filtering).
class HostsFilterProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setWords(const QString &text)
    {
        const QStringList words = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (words == m_words)
            return;
#if QT_VERSION >= QT_VERSION_CHECK(6, 9, 0)
        beginFilterChange();
        m_words = words;
        endFilterChange();
#else
        m_words = words;
        invalidateFilter();
#endif
    }

    void setFavouritesOnly(bool on)
    {
        if (on == m_favouritesOnly)
            return;
        m_favouritesOnly = on;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override
    {
        // Groups show when one of their hosts does (recursive filtering).
        if (!sourceParent.isValid())
            return m_words.isEmpty() && !m_favouritesOnly;
        const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
        if (m_favouritesOnly && !index.data(HostsModel::FavouriteRole).toBool())
            return false;
        if (m_words.isEmpty())
            return true;
        const QString text = index.data(HostsModel::SearchTextRole).toString();
        if (text.isEmpty())
            return false;
        for (const QString &word : m_words) {
            if (!text.contains(word, Qt::CaseInsensitive))
                return false;
        }
        return true;
    }

private:
    QStringList m_words;
    bool m_favouritesOnly = false;
};

// Return connects the current host; Delete removes it.
class HostsTreeView : public QTreeView
{
public:
    HostsTreeView(HostsSidebar *sidebar, QWidget *parent)
        : QTreeView(parent)
        , m_sidebar(sidebar)
    {}

protected:
    void keyPressEvent(QKeyEvent *event) override
    {
        const QModelIndex current = currentIndex();
        if (current.isValid() && current.parent().isValid()) {
            if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
                m_sidebar->connectHost(current);
                return;
            }
            if (event->matches(QKeySequence::Delete)) {
                m_sidebar->removeHost(current);
                return;
            }
        }
        QTreeView::keyPressEvent(event);
    }

private:
    HostsSidebar *m_sidebar;
};

QString itemKey(const QModelIndex &index)
{
    const QString id = index.data(HostsModel::HostIdRole).toString();
    if (!id.isEmpty())
        return QLatin1String("id:") + id;
    const QString alias = index.data(HostsModel::AliasRole).toString();
    return alias.isEmpty() ? QString() : QLatin1String("alias:") + alias;
}

} // namespace

HostsSidebar::HostsSidebar(HostStore *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
{
    setObjectName(QStringLiteral("HostsSidebar"));
    m_model = new HostsModel(store, this);
    auto *proxy = new HostsFilterProxy(this);
    proxy->setRecursiveFilteringEnabled(true);
    proxy->setSourceModel(m_model);
    m_proxy = proxy;

    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Search hosts"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setToolTip(tr("Filter by name, host, user, group or tag; every word must match."));
    connect(m_filter, &QLineEdit::textChanged, this, &HostsSidebar::setFilterText);
    // Return in the search field connects the first host that matches.
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        for (int g = 0; g < m_proxy->rowCount(); ++g) {
            const QModelIndex group = m_proxy->index(g, 0);
            if (m_proxy->rowCount(group) > 0) {
                connectHost(m_proxy->index(0, 0, group));
                return;
            }
        }
    });

    m_addButton = new QToolButton(this);
    m_addButton->setText(tr("Add"));
    m_addButton->setToolTip(tr("Add a host"));
    m_addButton->setIcon(Icons::themed(QStringLiteral("list-add"), QIcon()));
    m_addButton->setAutoRaise(true);
    connect(m_addButton, &QToolButton::clicked, this, [this] { addHost(); });

    m_favouritesButton = new QToolButton(this);
    m_favouritesButton->setIcon(HostsModel::favouriteIcon());
    m_favouritesButton->setCheckable(true);
    m_favouritesButton->setAutoRaise(true);
    m_favouritesButton->setToolTip(tr("Show favourites only"));
    m_favouritesButton->setAccessibleName(tr("Favourites only"));
    connect(m_favouritesButton, &QToolButton::toggled, this, &HostsSidebar::setFavouritesOnly);

    m_hostsMenu = new QMenu(this);
    connect(m_hostsMenu, &QMenu::aboutToShow, this, &HostsSidebar::fillHostsMenu);
    fillHostsMenu();
    m_menuButton = new QToolButton(this);
    m_menuButton->setText(tr("Hosts"));
    m_menuButton->setToolTip(tr("Import, export and connect groups of hosts"));
    m_menuButton->setIcon(Icons::themed(QStringLiteral("open-menu"), QIcon()));
    m_menuButton->setAutoRaise(true);
    m_menuButton->setPopupMode(QToolButton::InstantPopup);
    m_menuButton->setMenu(m_hostsMenu);

    m_view = new HostsTreeView(this, this);
    m_view->setModel(m_proxy);
    m_view->setHeaderHidden(true);
    m_view->setUniformRowHeights(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setExpandsOnDoubleClick(true);
    m_view->setAccessibleName(tr("Hosts"));
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.parent().isValid())
            connectHost(index);
    });
    connect(m_view, &QTreeView::customContextMenuRequested, this, &HostsSidebar::showContextMenu);
    connect(m_view, &QTreeView::collapsed, this, [this](const QModelIndex &index) {
        if (m_filter->text().isEmpty())
            m_collapsed.insert(index.data().toString());
    });
    connect(m_view, &QTreeView::expanded, this, [this](const QModelIndex &index) {
        if (m_filter->text().isEmpty())
            m_collapsed.remove(index.data().toString());
    });
    connect(m_model,
            &QAbstractItemModel::modelAboutToBeReset,
            this,
            &HostsSidebar::rememberExpansion);
    connect(m_model, &QAbstractItemModel::modelReset, this, &HostsSidebar::restoreExpansion);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_filter);
    top->addWidget(m_favouritesButton);
    top->addWidget(m_addButton);
    top->addWidget(m_menuButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_view);
    setFocusProxy(m_filter);

    // ~/.ssh/config edits show up without a restart (editors replace files, so the
    // watch is renewed after each change).
    m_watcher = new QFileSystemWatcher(this);
    m_reloadTimer = new QTimer(this);
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(300);
    connect(m_reloadTimer, &QTimer::timeout, this, &HostsSidebar::reloadSshConfig);
    connect(m_watcher,
            &QFileSystemWatcher::fileChanged,
            m_reloadTimer,
            qOverload<>(&QTimer::start));
    connect(m_watcher,
            &QFileSystemWatcher::directoryChanged,
            m_reloadTimer,
            qOverload<>(&QTimer::start));
    watchConfigFiles();

    restoreExpansion();
}

HostsSidebar::~HostsSidebar() = default;

void HostsSidebar::setBroker(Broker *broker)
{
    m_broker = broker;
}

void HostsSidebar::setFilterText(const QString &text)
{
    if (m_filter->text() != text) {
        m_filter->setText(text); // comes back here through textChanged
        return;
    }
    static_cast<HostsFilterProxy *>(m_proxy)->setWords(text);
    if (text.trimmed().isEmpty())
        restoreExpansion();
    else
        m_view->expandAll();
}

void HostsSidebar::rememberExpansion()
{
    const QModelIndex current = m_view->currentIndex();
    m_selectedKey = current.isValid() ? itemKey(current) : QString();
}

void HostsSidebar::restoreExpansion()
{
    const bool filtering = !m_filter->text().trimmed().isEmpty();
    for (int g = 0; g < m_proxy->rowCount(); ++g) {
        const QModelIndex group = m_proxy->index(g, 0);
        m_view->setExpanded(group, filtering || !m_collapsed.contains(group.data().toString()));
        if (m_selectedKey.isEmpty())
            continue;
        for (int r = 0; r < m_proxy->rowCount(group); ++r) {
            const QModelIndex host = m_proxy->index(r, 0, group);
            if (itemKey(host) == m_selectedKey)
                m_view->setCurrentIndex(host);
        }
    }
}

void HostsSidebar::watchConfigFiles()
{
    const QStringList watched = m_watcher->files() + m_watcher->directories();
    if (!watched.isEmpty())
        m_watcher->removePaths(watched);
    QStringList paths = m_model->sshConfig().files();
    const QString main = m_model->sshConfig().defaultPath();
    if (!paths.contains(main)) {
        // Not there yet: watch ~/.ssh so that creating the file is noticed.
        const QString dir = QFileInfo(main).absolutePath();
        if (QFileInfo(dir).isDir())
            paths << dir;
    }
    paths.removeIf([](const QString &p) { return !QFileInfo::exists(p); });
    if (!paths.isEmpty())
        m_watcher->addPaths(paths);
}

void HostsSidebar::reloadSshConfig()
{
    m_model->reloadSshConfig();
    watchConfigFiles();
}

void HostsSidebar::connectHost(const QModelIndex &proxyIndex)
{
    if (!proxyIndex.isValid() || !proxyIndex.parent().isValid())
        return;
    const QModelIndex source = m_proxy->mapToSource(proxyIndex);
    Q_EMIT connectRequested(m_model->connectOptions(source));
}

void HostsSidebar::openConnectDialog(const ConnectOptions &prefill)
{
    auto *dialog = new ConnectDialog(m_broker, m_store, &m_model->sshConfig(), window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!prefill.host.isEmpty() || prefill.method == ConnectMethod::Local)
        dialog->setOptions(prefill);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        Q_EMIT connectRequested(dialog->options());
    });
    dialog->open();
}

void HostsSidebar::addHost(const ConnectOptions &prefill)
{
    if (!m_store)
        return;
    auto *dialog = new ConnectDialog(
            nullptr, m_store, &m_model->sshConfig(), window(), ConnectDialog::Mode::AddHost);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!prefill.host.isEmpty())
        dialog->setOptions(prefill);
    // Keep the group the user is looking at.
    const QModelIndex current = m_proxy->mapToSource(m_view->currentIndex());
    if (m_model->itemType(current) == HostsModel::ItemType::SavedHost)
        dialog->groupCombo()->setCurrentText(current.data(HostsModel::GroupNameRole).toString());
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QModelIndex added = m_model->indexForHostId(dialog->savedHost().id);
        if (added.isValid())
            m_view->setCurrentIndex(m_proxy->mapFromSource(added));
    });
    dialog->open();
}

void HostsSidebar::editHost(const QModelIndex &proxyIndex)
{
    const QModelIndex source = m_proxy->mapToSource(proxyIndex);
    const std::optional<SavedHost> host = m_model->savedHost(source);
    if (!host || !m_store)
        return;
    auto *dialog = new ConnectDialog(
            nullptr, m_store, &m_model->sshConfig(), window(), ConnectDialog::Mode::EditHost);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSavedHost(*host);
    dialog->open();
}

void HostsSidebar::removeHost(const QModelIndex &proxyIndex)
{
    const QModelIndex source = m_proxy->mapToSource(proxyIndex);
    const std::optional<SavedHost> host = m_model->savedHost(source);
    if (!host || !m_store)
        return;
    auto *box = new QMessageBox(QMessageBox::Question,
                                tr("Remove Host"),
                                tr("Remove the saved host “%1”?").arg(host->name),
                                QMessageBox::Yes | QMessageBox::Cancel,
                                window());
    box->setInformativeText(tr("Contexts connected to it stay connected."));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QString id = host->id;
    connect(box, &QMessageBox::finished, this, [this, box, id](int) {
        if (box->clickedButton() == box->button(QMessageBox::Yes) && m_store)
            m_store->remove(id);
    });
    box->open();
}

void HostsSidebar::toggleFavourite(const QModelIndex &proxyIndex)
{
    const QModelIndex source = m_proxy->mapToSource(proxyIndex);
    const std::optional<SavedHost> host = m_model->savedHost(source);
    if (host && m_store)
        m_store->setFavourite(host->id, !host->favourite);
}

QMenu *HostsSidebar::createContextMenu(const QModelIndex &proxyIndex, QWidget *parent)
{
    auto *menu = new QMenu(parent);
    const QModelIndex source = m_proxy->mapToSource(proxyIndex);
    const HostsModel::ItemType type = m_model->itemType(source);
    const bool isHost = proxyIndex.isValid() && type != HostsModel::ItemType::Group;
    const QPersistentModelIndex index(proxyIndex);

    if (proxyIndex.isValid() && type == HostsModel::ItemType::Group) {
        const int count = int(hostsUnder(proxyIndex).size());
        QAction *group = menu->addAction(Icons::actionIcon(QStringLiteral("connect")),
                                         tr("Connect &Group (%n host(s))", nullptr, count),
                                         this,
                                         [this, index] { connectGroup(index); });
        group->setEnabled(count > 0 && m_broker);
        menu->setDefaultAction(group);
        menu->addSeparator();
    }
    const int selected = int(selectedHosts().size());
    if (selected > 1) {
        QAction *many = menu->addAction(tr("Connect %n &Selected Hosts", nullptr, selected),
                                        this,
                                        [this] { connectSelection(); });
        many->setEnabled(m_broker != nullptr);
    }
    if (isHost) {
        QAction *connectAction = menu->addAction(Icons::actionIcon(QStringLiteral("connect")),
                                                 tr("&Connect"),
                                                 this,
                                                 [this, index] { connectHost(index); });
        menu->setDefaultAction(connectAction);
        menu->addAction(tr("Connect &With Options…"), this, [this, index] {
            if (index.isValid())
                openConnectDialog(m_model->connectOptions(m_proxy->mapToSource(index)));
        });
        menu->addSeparator();
    }
    if (type == HostsModel::ItemType::SavedHost) {
        menu->addAction(tr("&Edit…"), this, [this, index] { editHost(index); });
        QAction *favourite = menu->addAction(HostsModel::favouriteIcon(),
                                             tr("&Favourite"),
                                             this,
                                             [this, index] { toggleFavourite(index); });
        favourite->setCheckable(true);
        favourite->setChecked(source.data(HostsModel::FavouriteRole).toBool());
        menu->addAction(tr("&Remove"), this, [this, index] { removeHost(index); });
        menu->addSeparator();
    } else if (type == HostsModel::ItemType::ConfigHost) {
        menu->addAction(tr("&Save as Host…"), this, [this, index] {
            if (index.isValid())
                addHost(m_model->connectOptions(m_proxy->mapToSource(index)));
        });
        menu->addSeparator();
    }
    menu->addAction(Icons::themed(QStringLiteral("list-add"), QIcon()),
                    tr("&Add Host…"),
                    this,
                    [this] { addHost(); });
    menu->addAction(tr("Re&load ~/.ssh/config"), this, &HostsSidebar::reloadSshConfig);
    menu->addSeparator();
    menu->addMenu(m_hostsMenu);
    return menu;
}

void HostsSidebar::fillHostsMenu()
{
    m_hostsMenu->clear();
    m_hostsMenu->setTitle(tr("&Hosts"));
    const bool canConnect = m_broker != nullptr;
    QAction *favourites = m_hostsMenu->addAction(
            tr("Connect All &Favourites"), this, [this] { connectFavourites(); });
    favourites->setEnabled(canConnect && m_store && !m_store->favourites().isEmpty());
    QMenu *tags = m_hostsMenu->addMenu(tr("Connect &Tag"));
    const QStringList allTags = m_store ? m_store->tags() : QStringList();
    for (const QString &tag : allTags) {
        const int count = int(m_store->hostsWithTag(tag).size());
        QAction *a = tags->addAction(tr("%1 (%n host(s))", nullptr, count).arg(tag),
                                     this,
                                     [this, tag] { connectTag(tag); });
        a->setEnabled(canConnect);
    }
    tags->setEnabled(!allTags.isEmpty());
    QAction *selection = m_hostsMenu->addAction(
            tr("Connect &Selected Hosts"), this, [this] { connectSelection(); });
    selection->setEnabled(canConnect && m_view && !selectedHosts().isEmpty());
    m_hostsMenu->addSeparator();
    m_hostsMenu->addAction(
            tr("&Import ~/.ssh/config Hosts"), this, [this] { importSshConfigHosts(); });
    m_hostsMenu->addAction(tr("Import Host &List…"), this, [this] { importHosts(); });
    m_hostsMenu->addAction(tr("&Export Host List…"), this, [this] { exportHosts(); });
}

void HostsSidebar::setFavouritesOnly(bool on)
{
    if (m_favouritesButton->isChecked() != on) {
        m_favouritesButton->setChecked(on); // comes back here through toggled
        return;
    }
    static_cast<HostsFilterProxy *>(m_proxy)->setFavouritesOnly(on);
    if (on)
        m_view->expandAll();
    else
        restoreExpansion();
}

QList<ConnectOptions> HostsSidebar::hostsUnder(const QModelIndex &proxyIndex) const
{
    QList<ConnectOptions> out;
    const QModelIndex source = m_proxy->mapToSource(proxyIndex);
    if (!source.isValid())
        return out;
    if (m_model->itemType(source) != HostsModel::ItemType::Group) {
        out << m_model->connectOptions(source);
        return out;
    }
    for (int r = 0; r < m_model->rowCount(source); ++r)
        out << m_model->connectOptions(m_model->index(r, 0, source));
    return out;
}

QList<ConnectOptions> HostsSidebar::selectedHosts() const
{
    QList<ConnectOptions> out;
    if (!m_view || !m_view->selectionModel())
        return out;
    QSet<QString> seen;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        const QList<ConnectOptions> hosts = hostsUnder(row);
        for (const ConnectOptions &o : hosts) {
            const QString key = o.name + QLatin1Char('\n') + formatTarget(o);
            if (!seen.contains(key)) {
                seen.insert(key);
                out << o;
            }
        }
    }
    return out;
}

GroupConnectDialog *HostsSidebar::connectHosts(const QString &title,
                                               const QList<ConnectOptions> &hosts)
{
    if (!m_broker || hosts.isEmpty())
        return nullptr;
    auto *dialog = new GroupConnectDialog(m_broker, title, window());
    for (const ConnectOptions &o : hosts)
        dialog->addHost(o);
    dialog->start();
    Q_EMIT groupConnectStarted(dialog);
    return dialog;
}

GroupConnectDialog *HostsSidebar::connectGroup(const QModelIndex &proxyIndex)
{
    if (!proxyIndex.isValid())
        return nullptr;
    const QModelIndex group = proxyIndex.parent().isValid() ? proxyIndex.parent() : proxyIndex;
    return connectHosts(group.data().toString(), hostsUnder(group));
}

GroupConnectDialog *HostsSidebar::connectTag(const QString &tag)
{
    if (!m_store)
        return nullptr;
    QList<ConnectOptions> hosts;
    const QList<SavedHost> tagged = m_store->hostsWithTag(tag);
    for (const SavedHost &h : tagged)
        hosts << h.toConnectOptions();
    return connectHosts(tr("tag %1").arg(tag), hosts);
}

GroupConnectDialog *HostsSidebar::connectFavourites()
{
    if (!m_store)
        return nullptr;
    QList<ConnectOptions> hosts;
    const QList<SavedHost> favourites = m_store->favourites();
    for (const SavedHost &h : favourites)
        hosts << h.toConnectOptions();
    return connectHosts(tr("favourites"), hosts);
}

GroupConnectDialog *HostsSidebar::connectSelection()
{
    const QList<ConnectOptions> hosts = selectedHosts();
    return connectHosts(tr("%n selected host(s)", nullptr, int(hosts.size())), hosts);
}

HostImportSummary HostsSidebar::importSshConfigHosts()
{
    if (!m_store)
        return {};
    reloadSshConfig();
    const SshConfig &config = m_model->sshConfig();
    if (!config.errorString().isEmpty()) {
        showOutcome(false, tr("Import ~/.ssh/config Hosts"), config.errorString());
        Q_EMIT importFinished(false, config.errorString());
        return {};
    }
    const HostImportSummary summary = m_store->importSshAliases(config.hosts());
    const QString message = tr("Imported the ~/.ssh/config hosts: %1").arg(summary.text());
    showOutcome(true, tr("Import ~/.ssh/config Hosts"), message);
    Q_EMIT importFinished(true, message);
    return summary;
}

void HostsSidebar::exportHosts(const QString &path)
{
    if (!m_store)
        return;
    if (path.isEmpty()) {
        auto *dialog = new QFileDialog(window(),
                                       tr("Export Host List"),
                                       QDir::homePath(),
                                       tr("Host lists (*.json);;All files (*)"));
        dialog->setAcceptMode(QFileDialog::AcceptSave);
        dialog->setDefaultSuffix(QStringLiteral("json"));
        dialog->selectFile(QStringLiteral("econtext-hosts.json"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &file) {
            if (!file.isEmpty())
                exportHosts(file);
        });
        dialog->open();
        return;
    }
    const Result<void> result = m_store->exportToFile(path);
    const QString message
            = result ? tr("Exported %n host(s) to %1.", nullptr, int(m_store->hosts().size()))
                               .arg(QDir::toNativeSeparators(path))
                     : result.errorString();
    showOutcome(bool(result), tr("Export Host List"), message);
    Q_EMIT exportFinished(bool(result), message);
}

void HostsSidebar::importHosts(const QString &path)
{
    if (!m_store)
        return;
    if (path.isEmpty()) {
        auto *dialog = new QFileDialog(window(),
                                       tr("Import Host List"),
                                       QDir::homePath(),
                                       tr("Host lists (*.json);;All files (*)"));
        dialog->setAcceptMode(QFileDialog::AcceptOpen);
        dialog->setFileMode(QFileDialog::ExistingFile);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &file) {
            if (!file.isEmpty())
                importHosts(file);
        });
        dialog->open();
        return;
    }
    const Result<HostImportSummary> result = m_store->importFromFile(path);
    const QString message
            = result ? tr("Imported %1: %2").arg(QDir::toNativeSeparators(path), result->text())
                     : result.errorString();
    showOutcome(bool(result), tr("Import Host List"), message);
    Q_EMIT importFinished(bool(result), message);
}

void HostsSidebar::showOutcome(bool ok, const QString &title, const QString &message)
{
    auto *box = new QMessageBox(ok ? QMessageBox::Information : QMessageBox::Warning,
                                title,
                                message,
                                QMessageBox::Ok,
                                window());
    box->setObjectName(QStringLiteral("HostsOutcomeBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void HostsSidebar::showContextMenu(const QPoint &pos)
{
    QMenu *menu = createContextMenu(m_view->indexAt(pos), this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(m_view->viewport()->mapToGlobal(pos));
}

} // namespace Econtext
