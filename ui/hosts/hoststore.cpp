#include "ui/hosts/hoststore.h"

#include <QLoggingCategory>
#include <QSettings>
#include <QUuid>

#include <algorithm>

Q_LOGGING_CATEGORY(lcHostStore, "econtext.hosts", QtWarningMsg)

namespace Econtext {

namespace {

const QString HostsGroup = QStringLiteral("SavedHosts");

bool lessHost(const SavedHost &a, const SavedHost &b)
{
    const int g = QString::localeAwareCompare(a.group, b.group);
    if (g != 0)
        return g < 0;
    if (a.favourite != b.favourite)
        return a.favourite;
    return QString::localeAwareCompare(a.name, b.name) < 0;
}

} // namespace

bool SavedHost::isLocal() const
{
    return host.isEmpty() || host.compare(QLatin1String("local"), Qt::CaseInsensitive) == 0;
}

ConnectOptions SavedHost::toConnectOptions() const
{
    ConnectOptions options;
    options.name = name.isEmpty() ? (isLocal() ? QStringLiteral("local") : host) : name;
    options.python = python;
    if (isLocal()) {
        options.method = QStringLiteral("local");
        return options;
    }
    options.method = QStringLiteral("ssh");
    options.host = host;
    options.user = user;
    options.port = port;
    options.identityFile = identityFile;
    return options;
}

SavedHost SavedHost::fromConnectOptions(const ConnectOptions &options)
{
    SavedHost h;
    h.name = options.name;
    h.python = options.python;
    if (options.method == QLatin1String("local")) {
        h.host = QStringLiteral("local");
        return h;
    }
    h.host = options.host;
    h.user = options.user;
    h.port = options.port;
    h.identityFile = options.identityFile;
    return h;
}

HostStore::HostStore(QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>())
{
    load();
}

HostStore::HostStore(const QString &iniFile, QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{
    load();
}

HostStore::~HostStore() = default;

void HostStore::load()
{
    m_hosts.clear();
    m_settings->beginGroup(HostsGroup);
    const QStringList ids = m_settings->childGroups();
    for (const QString &id : ids) {
        m_settings->beginGroup(id);
        SavedHost h;
        h.id = id;
        h.name = m_settings->value(QStringLiteral("name")).toString();
        h.host = m_settings->value(QStringLiteral("host")).toString();
        h.user = m_settings->value(QStringLiteral("user")).toString();
        h.port = m_settings->value(QStringLiteral("port"), 0).toInt();
        h.identityFile = m_settings->value(QStringLiteral("identityFile")).toString();
        h.python = m_settings->value(QStringLiteral("python")).toString();
        h.group = m_settings->value(QStringLiteral("group")).toString();
        h.favourite = m_settings->value(QStringLiteral("favourite"), false).toBool();
        h.tags = m_settings->value(QStringLiteral("tags")).toStringList();
        m_settings->endGroup();
        if (h.host.isEmpty() && h.name.isEmpty()) {
            qCWarning(lcHostStore) << "ignoring an empty saved host" << id;
            continue;
        }
        m_hosts.append(h);
    }
    m_settings->endGroup();
    std::sort(m_hosts.begin(), m_hosts.end(), lessHost);
}

void HostStore::write(const SavedHost &h)
{
    m_settings->beginGroup(HostsGroup);
    m_settings->remove(h.id);
    m_settings->beginGroup(h.id);
    m_settings->setValue(QStringLiteral("name"), h.name);
    m_settings->setValue(QStringLiteral("host"), h.host);
    if (!h.user.isEmpty())
        m_settings->setValue(QStringLiteral("user"), h.user);
    if (h.port > 0)
        m_settings->setValue(QStringLiteral("port"), h.port);
    if (!h.identityFile.isEmpty())
        m_settings->setValue(QStringLiteral("identityFile"), h.identityFile);
    if (!h.python.isEmpty())
        m_settings->setValue(QStringLiteral("python"), h.python);
    if (!h.group.isEmpty())
        m_settings->setValue(QStringLiteral("group"), h.group);
    if (h.favourite)
        m_settings->setValue(QStringLiteral("favourite"), true);
    if (!h.tags.isEmpty())
        m_settings->setValue(QStringLiteral("tags"), h.tags);
    m_settings->endGroup();
    m_settings->endGroup();
    m_settings->sync();
}

QList<SavedHost> HostStore::hosts() const
{
    return m_hosts;
}

std::optional<SavedHost> HostStore::host(const QString &id) const
{
    for (const SavedHost &h : m_hosts) {
        if (h.id == id)
            return h;
    }
    return std::nullopt;
}

std::optional<SavedHost> HostStore::findByName(const QString &name) const
{
    for (const SavedHost &h : m_hosts) {
        if (h.name.compare(name, Qt::CaseInsensitive) == 0)
            return h;
    }
    return std::nullopt;
}

QStringList HostStore::groups() const
{
    QStringList groups;
    for (const SavedHost &h : m_hosts) {
        if (!h.group.isEmpty() && !groups.contains(h.group))
            groups.append(h.group);
    }
    std::sort(groups.begin(), groups.end(), [](const QString &a, const QString &b) {
        return QString::localeAwareCompare(a, b) < 0;
    });
    return groups;
}

QString HostStore::add(SavedHost host)
{
    host.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    host.group = host.group.trimmed();
    host.tags.removeAll(QString());
    write(host);
    m_hosts.append(host);
    std::sort(m_hosts.begin(), m_hosts.end(), lessHost);
    Q_EMIT hostAdded(host.id);
    return host.id;
}

bool HostStore::update(const SavedHost &host)
{
    auto it = std::find_if(
            m_hosts.begin(), m_hosts.end(), [&](const SavedHost &h) { return h.id == host.id; });
    if (it == m_hosts.end())
        return false;
    SavedHost updated = host;
    updated.group = updated.group.trimmed();
    updated.tags.removeAll(QString());
    if (*it == updated)
        return true;
    *it = updated;
    write(updated);
    std::sort(m_hosts.begin(), m_hosts.end(), lessHost);
    Q_EMIT hostChanged(host.id);
    return true;
}

bool HostStore::remove(const QString &id)
{
    auto it = std::find_if(
            m_hosts.begin(), m_hosts.end(), [&](const SavedHost &h) { return h.id == id; });
    if (it == m_hosts.end())
        return false;
    m_hosts.erase(it);
    m_settings->beginGroup(HostsGroup);
    m_settings->remove(id);
    m_settings->endGroup();
    m_settings->sync();
    Q_EMIT hostRemoved(id);
    return true;
}

bool HostStore::setFavourite(const QString &id, bool favourite)
{
    std::optional<SavedHost> h = host(id);
    if (!h)
        return false;
    h->favourite = favourite;
    return update(*h);
}

} // namespace Econtext
