#include "ui/hosts/hostsmodel.h"

#include "core/connect/target.h"
#include "ui/icons.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QStyle>
#include <QtMath>

namespace Econtext {

namespace {

constexpr quintptr GroupId = 0;

QIcon paintedStar()
{
    QIcon icon;
    for (const int size : {16, 22, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        QPainterPath path;
        const QPointF centre(size / 2.0, size / 2.0 + size * 0.04);
        const qreal outer = size * 0.48;
        const qreal inner = outer * 0.42;
        for (int i = 0; i < 10; ++i) {
            const qreal r = i % 2 == 0 ? outer : inner;
            const qreal angle = qDegreesToRadians(-90.0 + i * 36.0);
            const QPointF p(centre.x() + r * qCos(angle), centre.y() + r * qSin(angle));
            if (i == 0)
                path.moveTo(p);
            else
                path.lineTo(p);
        }
        path.closeSubpath();
        painter.setPen(QPen(QColor(0xb0, 0x80, 0x00), size / 16.0));
        painter.setBrush(QColor(0xf5, 0xc2, 0x11));
        painter.drawPath(path);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QIcon standardIcon(QStyle::StandardPixmap which)
{
    if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
        return app->style()->standardIcon(which);
    return {};
}

} // namespace

HostsModel::HostsModel(HostStore *store, QObject *parent)
    : QAbstractItemModel(parent)
    , m_store(store)
{
    if (m_store) {
        auto reset = [this] {
            beginResetModel();
            rebuild();
            endResetModel();
        };
        connect(m_store, &HostStore::hostAdded, this, reset);
        connect(m_store, &HostStore::hostChanged, this, reset);
        connect(m_store, &HostStore::hostRemoved, this, reset);
        connect(m_store, &HostStore::hostsReset, this, reset);
    }
    m_config.load(sshConfigOverride());
    rebuild();
}

HostsModel::~HostsModel() = default;

void HostsModel::setSshConfigHome(const QString &homePath)
{
    m_config.setHomePath(homePath);
    reloadSshConfig();
}

void HostsModel::setSshConfig(const SshConfig &config)
{
    beginResetModel();
    m_config = config;
    rebuild();
    endResetModel();
}

bool HostsModel::reloadSshConfig()
{
    beginResetModel();
    const bool ok = m_config.load(sshConfigOverride());
    rebuild();
    endResetModel();
    return ok;
}

QString HostsModel::sshConfigOverride()
{
    // The same variable the ssh transport reads, so tests and the sidebar agree on the file.
    return qEnvironmentVariable("ECONTEXT_SSH_CONFIG");
}

QString HostsModel::ungroupedTitle()
{
    return tr("Ungrouped");
}

QString HostsModel::sshConfigTitle()
{
    return tr("From ~/.ssh/config");
}

QIcon HostsModel::favouriteIcon()
{
    static const QIcon star = Icons::themed(QStringLiteral("starred"), paintedStar());
    return star;
}

void HostsModel::rebuild()
{
    m_groups.clear();
    if (m_store) {
        const QList<SavedHost> hosts = m_store->hosts(); // sorted: group, favourite, name
        Group ungrouped;
        for (const SavedHost &h : hosts) {
            Item item;
            item.type = ItemType::SavedHost;
            item.saved = h;
            if (h.group.isEmpty()) {
                ungrouped.items.append(item);
                continue;
            }
            if (m_groups.isEmpty() || m_groups.last().name != h.group)
                m_groups.append(Group{ItemType::SavedHost, h.group, {}});
            m_groups.last().items.append(item);
        }
        if (!ungrouped.items.isEmpty())
            m_groups.append(ungrouped);
    }
    const QList<SshHostAlias> aliases = m_config.hosts();
    {
        Group config;
        config.kind = ItemType::ConfigHost;
        for (const SshHostAlias &a : aliases) {
            // An alias saved as a host shows once, among the saved hosts.
            if (m_store && m_store->hasAlias(a.alias))
                continue;
            Item item;
            item.type = ItemType::ConfigHost;
            item.alias = a;
            config.items.append(item);
        }
        if (!config.items.isEmpty())
            m_groups.append(config);
    }
}

QString HostsModel::groupTitle(const Group &group) const
{
    if (group.kind == ItemType::ConfigHost)
        return sshConfigTitle();
    return group.name.isEmpty() ? ungroupedTitle() : group.name;
}

QString HostsModel::hostToolTip(const Item &item) const
{
    QStringList lines;
    if (item.type == ItemType::SavedHost) {
        const SavedHost &h = item.saved;
        lines << tr("<b>%1</b>").arg(h.name.toHtmlEscaped());
        lines << tr("Target: %1").arg(formatTarget(h.toConnectOptions()).toHtmlEscaped());
        if (!h.identityFile.isEmpty())
            lines << tr("Identity file: %1").arg(h.identityFile.toHtmlEscaped());
        if (!h.python.isEmpty())
            lines << tr("Python: %1").arg(h.python.toHtmlEscaped());
        if (!h.tags.isEmpty())
            lines << tr("Tags: %1").arg(h.tags.join(QStringLiteral(", ")).toHtmlEscaped());
    } else {
        const SshHostAlias &a = item.alias;
        lines << tr("<b>%1</b>").arg(a.alias.toHtmlEscaped());
        if (!a.hostName.isEmpty())
            lines << tr("Host name: %1").arg(a.hostName.toHtmlEscaped());
        if (!a.user.isEmpty())
            lines << tr("User: %1").arg(a.user.toHtmlEscaped());
        if (a.port > 0)
            lines << tr("Port: %1").arg(a.port);
        if (!a.identityFile.isEmpty())
            lines << tr("Identity file: %1").arg(a.identityFile.toHtmlEscaped());
        if (!a.proxyJump.isEmpty())
            lines << tr("Proxy jump: %1").arg(a.proxyJump.toHtmlEscaped());
        lines << tr("Defined in %1, line %2").arg(a.file.toHtmlEscaped()).arg(a.line);
    }
    return lines.join(QStringLiteral("<br>"));
}

QModelIndex HostsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    if (!parent.isValid())
        return row < m_groups.size() ? createIndex(row, 0, GroupId) : QModelIndex();
    if (parent.internalId() != GroupId || parent.row() >= m_groups.size())
        return {};
    if (row >= m_groups.at(parent.row()).items.size())
        return {};
    return createIndex(row, 0, quintptr(parent.row()) + 1);
}

QModelIndex HostsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == GroupId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, GroupId);
}

int HostsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.column() != 0 || parent.internalId() != GroupId)
        return 0;
    return int(m_groups.at(parent.row()).items.size());
}

int HostsModel::columnCount(const QModelIndex &) const
{
    return 1;
}

Qt::ItemFlags HostsModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (index.internalId() == GroupId)
        return Qt::ItemIsEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

HostsModel::ItemType HostsModel::itemType(const QModelIndex &index) const
{
    if (!index.isValid() || index.internalId() == GroupId)
        return ItemType::Group;
    return m_groups.at(int(index.internalId() - 1)).items.at(index.row()).type;
}

ConnectOptions HostsModel::connectOptions(const QModelIndex &index) const
{
    if (!index.isValid() || index.internalId() == GroupId)
        return {};
    const Item &item = m_groups.at(int(index.internalId() - 1)).items.at(index.row());
    if (item.type == ItemType::SavedHost)
        return item.saved.toConnectOptions();
    // The alias itself is the host: the ssh transport applies the rest of the
    // configuration (HostName, ProxyCommand, ...); user and port are the configured ones.
    ConnectOptions options;
    options.method = ConnectMethod::Ssh;
    options.name = item.alias.alias;
    options.host = item.alias.alias;
    options.user = item.alias.user;
    options.port = item.alias.port;
    return options;
}

std::optional<SavedHost> HostsModel::savedHost(const QModelIndex &index) const
{
    if (itemType(index) != ItemType::SavedHost)
        return std::nullopt;
    return m_groups.at(int(index.internalId() - 1)).items.at(index.row()).saved;
}

QModelIndex HostsModel::indexForHostId(const QString &id) const
{
    for (int g = 0; g < m_groups.size(); ++g) {
        const QList<Item> &items = m_groups.at(g).items;
        for (int i = 0; i < items.size(); ++i) {
            if (items.at(i).type == ItemType::SavedHost && items.at(i).saved.id == id)
                return createIndex(i, 0, quintptr(g) + 1);
        }
    }
    return {};
}

QModelIndex HostsModel::indexForAlias(const QString &alias) const
{
    for (int g = 0; g < m_groups.size(); ++g) {
        const QList<Item> &items = m_groups.at(g).items;
        for (int i = 0; i < items.size(); ++i) {
            if (items.at(i).type == ItemType::ConfigHost && items.at(i).alias.alias == alias)
                return createIndex(i, 0, quintptr(g) + 1);
        }
    }
    return {};
}

QVariant HostsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == GroupId) {
        const Group &group = m_groups.at(index.row());
        switch (role) {
        case Qt::DisplayRole:
            return groupTitle(group);
        case Qt::ToolTipRole:
            return tr("%n host(s)", nullptr, int(group.items.size()));
        case Qt::DecorationRole:
            return standardIcon(QStyle::SP_DirIcon);
        case ItemTypeRole:
            return int(ItemType::Group);
        case GroupNameRole:
            return group.name;
        case SearchTextRole:
            return QString(); // groups show when one of their hosts matches
        default:
            return {};
        }
    }

    const Group &group = m_groups.at(int(index.internalId() - 1));
    const Item &item = group.items.at(index.row());
    const bool saved = item.type == ItemType::SavedHost;
    switch (role) {
    case Qt::DisplayRole:
        return saved ? item.saved.name : item.alias.alias;
    case Qt::ToolTipRole:
        return hostToolTip(item);
    case Qt::DecorationRole:
        if (saved && item.saved.favourite)
            return favouriteIcon();
        return Icons::themed(QStringLiteral("network-server"),
                             standardIcon(QStyle::SP_ComputerIcon));
    case ItemTypeRole:
        return int(item.type);
    case HostIdRole:
        return saved ? item.saved.id : QString();
    case AliasRole:
        return saved ? QString() : item.alias.alias;
    case ConnectOptionsRole:
        return QVariant::fromValue(connectOptions(index));
    case FavouriteRole:
        return saved && item.saved.favourite;
    case GroupNameRole:
        return group.name;
    case TargetRole:
        return saved ? formatTarget(item.saved.toConnectOptions()) : item.alias.alias;
    case SearchTextRole: {
        QStringList words;
        if (saved) {
            const SavedHost &h = item.saved;
            words << h.name << h.host << h.user << h.group << h.tags;
        } else {
            const SshHostAlias &a = item.alias;
            words << a.alias << a.hostName << a.user << groupTitle(group);
        }
        words.removeAll(QString());
        return words.join(QLatin1Char('\n'));
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> HostsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(ItemTypeRole, "itemType");
    names.insert(HostIdRole, "hostId");
    names.insert(AliasRole, "alias");
    names.insert(FavouriteRole, "favourite");
    names.insert(GroupNameRole, "groupName");
    names.insert(TargetRole, "target");
    return names;
}

} // namespace Econtext
