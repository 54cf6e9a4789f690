// HostStore: the hosts a user saved (name, target, user, port, identity file, remote
// Python, group, favourite, tags), kept in QSettings. Passwords and passphrases are never
// stored. The Hosts sidebar, its model and the Connect dialog share one store.
#pragma once

#include "core/connect/connectoptions.h"

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

    // Adds a host and returns its new id (host.id is ignored).
    QString add(SavedHost host);
    // Replaces the host with the same id; false if there is none.
    bool update(const SavedHost &host);
    bool remove(const QString &id);
    bool setFavourite(const QString &id, bool favourite);

Q_SIGNALS:
    void hostAdded(const QString &id);
    void hostChanged(const QString &id);
    void hostRemoved(const QString &id);

private:
    void load();
    void write(const SavedHost &host);

    std::unique_ptr<QSettings> m_settings;
    QList<SavedHost> m_hosts;
};

} // namespace Econtext
