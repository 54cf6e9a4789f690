// HostsModel: the tree the Hosts sidebar shows. Top level: one row per group of saved
// hosts (alphabetical), "Ungrouped" for saved hosts without a group, and "From
// ~/.ssh/config" with every concrete Host alias of the user's ssh configuration that is not
// saved already. Hosts are the children; favourites come first in their group and carry a
// star. Driven by a HostStore; rebuilt (reset) when the store or the ssh configuration
// changes.
#pragma once

#include "core/connect/connectoptions.h"
#include "core/connect/sshconfig.h"
#include "ui/hosts/hoststore.h"

#include <QAbstractItemModel>
#include <QIcon>
#include <QPointer>

namespace Econtext {

class HostsModel : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostsModel)
public:
    enum class ItemType { Group, SavedHost, ConfigHost };
    Q_ENUM(ItemType)

    enum Role {
        ItemTypeRole = Qt::UserRole + 1, // ItemType as int
        HostIdRole,                      // SavedHost::id; empty for others
        AliasRole,                       // the ssh_config alias (ConfigHost)
        ConnectOptionsRole,              // QVariant holding ConnectOptions (hosts only)
        FavouriteRole,                   // bool
        GroupNameRole,                   // the group a host is in; a group's own name
        SearchTextRole,                  // what the sidebar filter matches against
        TargetRole,                      // "user@host:port" as formatTarget() writes it
    };

    explicit HostsModel(HostStore *store, QObject *parent = nullptr);
    ~HostsModel() override;

    // The ssh configuration whose aliases the model lists (loaded from its default path
    // by reloadSshConfig(); tests set a home directory or a ready configuration).
    void setSshConfigHome(const QString &homePath);
    void setSshConfig(const SshConfig &config);
    const SshConfig &sshConfig() const { return m_config; }
    // Reads ~/.ssh/config (or the file ECONTEXT_SSH_CONFIG names) again; returns false
    // (errorString in sshConfig()) if unreadable.
    bool reloadSshConfig();
    static QString sshConfigOverride(); // ECONTEXT_SSH_CONFIG, or empty

    ItemType itemType(const QModelIndex &index) const;
    ConnectOptions connectOptions(const QModelIndex &index) const; // hosts only
    std::optional<SavedHost> savedHost(const QModelIndex &index) const;
    QModelIndex indexForHostId(const QString &id) const;
    QModelIndex indexForAlias(const QString &alias) const;
    // Titles of the built-in groups (translated).
    static QString ungroupedTitle();
    static QString sshConfigTitle();

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    static QIcon favouriteIcon();

private:
    struct Item
    {
        ItemType type = ItemType::SavedHost;
        SavedHost saved;    // SavedHost
        SshHostAlias alias; // ConfigHost
    };
    struct Group
    {
        ItemType kind = ItemType::SavedHost; // the type of its children
        QString name;                        // saved group name; empty for Ungrouped/config
        QList<Item> items;
    };

    void rebuild();
    QString groupTitle(const Group &group) const;
    QString hostToolTip(const Item &item) const;

    QPointer<HostStore> m_store;
    SshConfig m_config;
    QList<Group> m_groups;
};

} // namespace Econtext
