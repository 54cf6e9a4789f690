// HostStore: the hosts a user saved (name, target, user, port, identity file, remote
// Python, group, favourite, tags), kept in QSettings. Passwords and passphrases are never
// stored: there is no field for them, and imports drop any they meet. The Hosts sidebar,
// its model and the Connect dialog share one store. It also exports and imports the list
// as a versioned JSON file and takes in the aliases of ~/.ssh/config.
#pragma once

#include "core/connect/connectoptions.h"
#include "core/connect/sshconfig.h"
#include "core/util/result.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QSettings;

namespace Econtext {

struct SavedHost
{
    QString id;   // stable key, made by HostStore::add()
    QString name; // what the user calls it; also the context name
    QString host; // host name, address or ssh_config alias; "local" for this machine
    QString user;
    int port = 0; // 0: the default
    QString identityFile;
    QString python; // empty: the default interpreter
    QString group;  // empty: ungrouped
    bool favourite = false;
    QStringList tags;

    bool isLocal() const;
    ConnectOptions toConnectOptions() const;
    // Fills a host from options (method, host, user, port, identity, python, name).
    static SavedHost fromConnectOptions(const ConnectOptions &options);
    bool operator==(const SavedHost &other) const = default;
};

// What an import did: hosts added, changed (same name, other settings) and left alone
// (already there, identical or not importable).
struct HostImportSummary
{
    int added = 0;
    int updated = 0;
    int skipped = 0;
    QString text() const; // "3 added, 1 updated, 2 skipped." (translated)
};

class HostStore : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostStore)
public:
    // Keeps the hosts in the application's QSettings.
    explicit HostStore(QObject *parent = nullptr);
    // Keeps the hosts in an INI file (tests, import/export).
    explicit HostStore(const QString &iniFile, QObject *parent = nullptr);
    ~HostStore() override;

    QList<SavedHost> hosts() const; // sorted by group, then favourites, then name
    std::optional<SavedHost> host(const QString &id) const;
    std::optional<SavedHost> findByName(const QString &name) const; // case-insensitive
    QStringList groups() const;                                     // sorted, without ""
    QStringList tags() const;                                       // sorted, unique
    QList<SavedHost> hostsInGroup(const QString &group) const;      // "" : ungrouped
    QList<SavedHost> hostsWithTag(const QString &tag) const;        // case-insensitive
    QList<SavedHost> favourites() const;

    // Adds a host and returns its new id (host.id is ignored).
    QString add(SavedHost host);
    // Replaces the host with the same id; false if there is none.
    bool update(const SavedHost &host);
    bool remove(const QString &id);
    bool setFavourite(const QString &id, bool favourite);

    // The JSON host list: {"format": "econtext-hosts", "version": 1, "hosts": [...]}.
    static constexpr int JsonFormatVersion = 1;
    QByteArray toJson() const;
    Result<void> exportToFile(const QString &path) const;
    // Merges a host list into the store, matching hosts by name (case-insensitive): new
    // names are added, known ones updated when their settings differ, others skipped.
    Result<HostImportSummary> importJson(const QByteArray &json);
    Result<HostImportSummary> importFromFile(const QString &path);
    // Saves every concrete alias of an ssh configuration that is not saved yet (by name or
    // host); the alias is the host, so the ssh transport keeps applying the configuration.
    HostImportSummary importSshAliases(const QList<SshHostAlias> &aliases);
    // Whether a saved host already stands for this ssh_config alias.
    bool hasAlias(const QString &alias) const;

Q_SIGNALS:
    void hostAdded(const QString &id);
    void hostChanged(const QString &id);
    void hostRemoved(const QString &id);
    // Many hosts changed at once (an import); listeners re-read everything.
    void hostsReset();

private:
    void load();
    void write(const SavedHost &host, bool sync = true);
    void sortHosts();

    std::unique_ptr<QSettings> m_settings;
    QList<SavedHost> m_hosts;
};

} // namespace Econtext
