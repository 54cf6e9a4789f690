#include "ui/hosts/hoststore.h"

#include "core/connect/target.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QSettings>
#include <QUuid>

#include <algorithm>

Q_LOGGING_CATEGORY(lcHostStore, "econtext.hosts", QtWarningMsg)

namespace Econtext {

namespace {

const QString HostsGroup = QStringLiteral("SavedHosts");
const QString JsonFormat = QStringLiteral("econtext-hosts");

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Econtext::HostStore)
};

QString cleanTag(const QString &tag)
{
    return tag.simplified();
}

SavedHost normalized(SavedHost h)
{
    h.name = h.name.trimmed();
    h.host = h.host.trimmed();
    h.group = h.group.trimmed();
    QStringList tags;
    for (const QString &t : std::as_const(h.tags)) {
        const QString clean = cleanTag(t);
        if (!clean.isEmpty() && !tags.contains(clean, Qt::CaseInsensitive))
            tags << clean;
    }
    h.tags = tags;
    return h;
}

// Only the fields below are ever written: a host list carries no credentials.
QJsonObject hostToJson(const SavedHost &h)
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), h.name);
    o.insert(QStringLiteral("host"), h.host);
    if (!h.user.isEmpty())
        o.insert(QStringLiteral("user"), h.user);
    if (h.port > 0)
        o.insert(QStringLiteral("port"), h.port);
    if (!h.identityFile.isEmpty())
        o.insert(QStringLiteral("identityFile"), h.identityFile);
    if (!h.python.isEmpty())
        o.insert(QStringLiteral("python"), h.python);
    if (!h.group.isEmpty())
        o.insert(QStringLiteral("group"), h.group);
    if (h.favourite)
        o.insert(QStringLiteral("favourite"), true);
    if (!h.tags.isEmpty())
        o.insert(QStringLiteral("tags"), QJsonArray::fromStringList(h.tags));
    return o;
}

// Reads the known fields and nothing else (unknown keys, such as a "password" a
// hand-written file may carry, are dropped). False when the entry is unusable.
bool hostFromJson(const QJsonValue &value, SavedHost *out)
{
    if (!value.isObject())
        return false;
    const QJsonObject o = value.toObject();
    SavedHost h;
    h.name = o.value(QStringLiteral("name")).toString();
    h.host = o.value(QStringLiteral("host")).toString();
    h.user = o.value(QStringLiteral("user")).toString();
    h.port = o.value(QStringLiteral("port")).toInt(0);
    h.identityFile = o.value(QStringLiteral("identityFile")).toString();
    h.python = o.value(QStringLiteral("python")).toString();
    h.group = o.value(QStringLiteral("group")).toString();
    h.favourite = o.value(QStringLiteral("favourite")).toBool(false);
    const QJsonArray tags = o.value(QStringLiteral("tags")).toArray();
    for (const QJsonValue &t : tags) {
        if (t.isString())
            h.tags << t.toString();
    }
    h = normalized(h);
    if (h.name.isEmpty())
        h.name = h.host;
    if (h.host.isEmpty() || h.port < 0 || h.port > 65535)
        return false;
    *out = h;
    return true;
}

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
    if (isLocal())
        return options;
    // The host field is read as a target ("web1", "::1", "sudo:postgres"); a value the
    // grammar refuses (an ssh_config alias with unusual characters, saved by an earlier
    // version) stays the host name it always was.
    Target target;
    target.method = ConnectMethod::Ssh;
    target.host = host;
    if (const Result<Target> parsed = parseTarget(host))
        target = *parsed;
    target.applyTo(options);
    if (!python.isEmpty())
        options.python = python; // the field is what the user chose last
    if (options.method == ConnectMethod::Ssh) {
        if (!user.isEmpty())
            options.user = user;
        if (port > 0)
            options.port = port;
        options.identityFile = identityFile;
    }
    return options;
}

SavedHost SavedHost::fromConnectOptions(const ConnectOptions &options)
{
    SavedHost h;
    h.name = options.name;
    h.python = options.python;
    switch (options.method) {
    case ConnectMethod::Local:
        h.host = QStringLiteral("local");
        break;
    case ConnectMethod::Ssh: {
        // The host alone, as the grammar reads it back ("ssh://local" for a host so called).
        Target host;
        host.method = ConnectMethod::Ssh;
        host.host = options.host;
        h.host = formatTarget(host);
        h.user = options.user;
        h.port = options.port;
        h.identityFile = options.identityFile;
        break;
    }
    case ConnectMethod::Sudo:
        h.host = formatTarget(options); // "sudo" or "sudo:USER"
        break;
    }
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
    sortHosts();
}

void HostStore::sortHosts()
{
    std::stable_sort(m_hosts.begin(), m_hosts.end(), lessHost);
}

void HostStore::write(const SavedHost &h, bool sync)
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
    if (sync)
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

QStringList HostStore::tags() const
{
    QStringList tags;
    for (const SavedHost &h : m_hosts) {
        for (const QString &t : h.tags) {
            if (!tags.contains(t, Qt::CaseInsensitive))
                tags.append(t);
        }
    }
    std::sort(tags.begin(), tags.end(), [](const QString &a, const QString &b) {
        return QString::localeAwareCompare(a, b) < 0;
    });
    return tags;
}

QList<SavedHost> HostStore::hostsInGroup(const QString &group) const
{
    QList<SavedHost> out;
    for (const SavedHost &h : m_hosts) {
        if (h.group == group)
            out.append(h);
    }
    return out;
}

QList<SavedHost> HostStore::hostsWithTag(const QString &tag) const
{
    QList<SavedHost> out;
    for (const SavedHost &h : m_hosts) {
        if (h.tags.contains(tag, Qt::CaseInsensitive))
            out.append(h);
    }
    return out;
}

QList<SavedHost> HostStore::favourites() const
{
    QList<SavedHost> out;
    for (const SavedHost &h : m_hosts) {
        if (h.favourite)
            out.append(h);
    }
    return out;
}

QString HostStore::add(SavedHost host)
{
    host.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    host.group = host.group.trimmed();
    host.tags.removeAll(QString());
    write(host);
    m_hosts.append(host);
    sortHosts();
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
    sortHosts();
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

QString HostImportSummary::text() const
{
    return Tr::tr("%1 added, %2 updated, %3 skipped.")
            .arg(QString::number(added), QString::number(updated), QString::number(skipped));
}

QByteArray HostStore::toJson() const
{
    QJsonArray hosts;
    for (const SavedHost &h : m_hosts)
        hosts.append(hostToJson(h));
    QJsonObject root;
    root.insert(QStringLiteral("format"), JsonFormat);
    root.insert(QStringLiteral("version"), JsonFormatVersion);
    root.insert(QStringLiteral("hosts"), hosts);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<void> HostStore::exportToFile(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return Error{Error::Generic,
                     tr("Cannot write the host list to %1: %2.")
                             .arg(QDir::toNativeSeparators(path), file.errorString())};
    }
    file.write(toJson());
    if (!file.commit()) {
        return Error{Error::Generic,
                     tr("Cannot write the host list to %1: %2.")
                             .arg(QDir::toNativeSeparators(path), file.errorString())};
    }
    return {};
}

Result<HostImportSummary> HostStore::importFromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error{Error::NotFound,
                     tr("Cannot read the host list %1: %2.")
                             .arg(QDir::toNativeSeparators(path), file.errorString())};
    }
    // A host list is small; anything huge is not one.
    if (file.size() > 64 * 1024 * 1024) {
        return Error{Error::Generic,
                     tr("The file %1 is too large to be a host list.")
                             .arg(QDir::toNativeSeparators(path))};
    }
    Result<HostImportSummary> result = importJson(file.readAll());
    if (!result) {
        return Error{result.error().code,
                     tr("Cannot import %1: %2")
                             .arg(QDir::toNativeSeparators(path), result.error().message)};
    }
    return result;
}

Result<HostImportSummary> HostStore::importJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull()) {
        return Error{Error::Generic,
                     tr("the file is not valid JSON (%1 at byte %2).")
                             .arg(parseError.errorString())
                             .arg(parseError.offset)};
    }
    const QJsonObject root = doc.object();
    if (!doc.isObject() || root.value(QStringLiteral("format")).toString() != JsonFormat) {
        return Error{Error::Generic, tr("the file is not an Econtext host list.")};
    }
    const int version = root.value(QStringLiteral("version")).toInt(0);
    if (version < 1) {
        return Error{Error::Generic, tr("the host list has no valid format version.")};
    }
    if (version > JsonFormatVersion) {
        return Error{Error::Generic,
                     tr("the host list has format version %1, but this version of Econtext "
                        "reads up to version %2; update Econtext to import it.")
                             .arg(version)
                             .arg(JsonFormatVersion)};
    }
    if (!root.value(QStringLiteral("hosts")).isArray())
        return Error{Error::Generic, tr("the host list has no \"hosts\" array.")};

    HostImportSummary summary;
    const QJsonArray hosts = root.value(QStringLiteral("hosts")).toArray();
    bool changed = false;
    for (const QJsonValue &value : hosts) {
        SavedHost incoming;
        if (!hostFromJson(value, &incoming)) {
            ++summary.skipped;
            continue;
        }
        auto it = std::find_if(m_hosts.begin(), m_hosts.end(), [&](const SavedHost &h) {
            return h.name.compare(incoming.name, Qt::CaseInsensitive) == 0;
        });
        if (it == m_hosts.end()) {
            incoming.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            write(incoming, false);
            m_hosts.append(incoming);
            ++summary.added;
            changed = true;
            continue;
        }
        incoming.id = it->id;
        if (*it == incoming) {
            ++summary.skipped;
            continue;
        }
        *it = incoming;
        write(incoming, false);
        ++summary.updated;
        changed = true;
    }
    if (changed) {
        m_settings->sync();
        sortHosts();
        Q_EMIT hostsReset();
    }
    qCDebug(lcHostStore) << "imported" << summary.added << summary.updated << summary.skipped;
    return summary;
}

bool HostStore::hasAlias(const QString &alias) const
{
    return std::any_of(m_hosts.cbegin(), m_hosts.cend(), [&](const SavedHost &h) {
        return h.host.compare(alias, Qt::CaseInsensitive) == 0
               || h.name.compare(alias, Qt::CaseInsensitive) == 0;
    });
}

HostImportSummary HostStore::importSshAliases(const QList<SshHostAlias> &aliases)
{
    HostImportSummary summary;
    for (const SshHostAlias &a : aliases) {
        if (a.alias.isEmpty() || hasAlias(a.alias)) {
            ++summary.skipped;
            continue;
        }
        // Only the alias: HostName, User, Port, IdentityFile and ProxyCommand keep coming
        // from the configuration, so later edits there still apply.
        SavedHost h;
        h.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        h.name = a.alias;
        h.host = a.alias;
        h.tags << QStringLiteral("ssh-config");
        write(h, false);
        m_hosts.append(h);
        ++summary.added;
    }
    if (summary.added > 0) {
        m_settings->sync();
        sortHosts();
        Q_EMIT hostsReset();
    }
    return summary;
}

} // namespace Econtext
