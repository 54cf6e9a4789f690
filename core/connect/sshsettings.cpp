#include "core/connect/sshsettings.h"

#include "core/connect/libssh_p.h"
#include "core/connect/sshconfig.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <optional>
#include <pwd.h>
#include <unistd.h>

namespace Econtext {

namespace {

// The SSH connection's messages share one translation context.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Econtext::SshTransport)
};

QString localUserName()
{
    if (const passwd *pw = ::getpwuid(::getuid()))
        return QString::fromLocal8Bit(pw->pw_name);
    return qEnvironmentVariable("USER");
}

QString expandHome(const QString &path)
{
    if (path == QLatin1String("~"))
        return QDir::homePath();
    if (path.startsWith(QLatin1String("~/")))
        return QDir::homePath() + path.mid(1);
    QString p = path;
    p.replace(QLatin1String("%d"), QDir::homePath() + QLatin1String("/.ssh"));
    return p;
}

// A string option as libssh resolved it, if it has one.
std::optional<QString> stringOption(ssh_session session, ssh_options_e option)
{
    char *value = nullptr;
    if (ssh_options_get(session, option, &value) != SSH_OK)
        return std::nullopt;
    const QString text = QString::fromUtf8(value);
    ssh_string_free_char(value);
    return text;
}

} // namespace

Result<SshSettings> SshSettings::apply(ssh_session session, const ConnectOptions &options)
{
    // The alias goes in first: the configuration is matched against it.
    const QByteArray alias = options.host.toUtf8();
    ssh_options_set(session, SSH_OPTIONS_HOST, alias.constData());
    const QString configFile = qEnvironmentVariable("ECONTEXT_SSH_CONFIG");
    const QByteArray configPath = QFile::encodeName(configFile);
    if (ssh_options_parse_config(session, configFile.isEmpty() ? nullptr : configPath.constData())
        < 0) {
        return Error{
                Error::Connection,
                Tr::tr("Cannot use the ssh configuration%1 for %2: %3.")
                        .arg(configFile.isEmpty() ? QString() : QLatin1String(" ") + configFile,
                             options.host,
                             Libssh::errorText(session))};
    }
    // Explicit options win over the configuration.
    if (!options.user.isEmpty()) {
        const QByteArray user = options.user.toUtf8();
        ssh_options_set(session, SSH_OPTIONS_USER, user.constData());
    }
    if (options.port > 0) {
        const unsigned int port = static_cast<unsigned int>(options.port);
        ssh_options_set(session, SSH_OPTIONS_PORT, &port);
    }
    if (!options.knownHostsFile.isEmpty()) {
        const QByteArray kh = QFile::encodeName(options.knownHostsFile);
        ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, kh.constData());
    }

    SshSettings settings;
    settings.host = stringOption(session, SSH_OPTIONS_HOST).value_or(options.host);
    if (const auto user = stringOption(session, SSH_OPTIONS_USER)) {
        settings.user = *user;
    } else {
        settings.user = localUserName();
        const QByteArray name = settings.user.toUtf8();
        ssh_options_set(session, SSH_OPTIONS_USER, name.constData());
    }
    unsigned int port = 22;
    if (ssh_options_get_port(session, &port) == SSH_OK && port > 0)
        settings.port = static_cast<int>(port);
    if (const auto file = stringOption(session, SSH_OPTIONS_KNOWNHOSTS))
        settings.knownHosts = expandHome(*file);
    else
        settings.knownHosts = QDir::homePath() + QLatin1String("/.ssh/known_hosts");
    if (const auto file = stringOption(session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS))
        settings.globalKnownHosts = expandHome(*file);
    else
        settings.globalKnownHosts = QStringLiteral("/etc/ssh/ssh_known_hosts");

    // The agent is looked up now, not whenever libssh gets to it.
    const QByteArray agent = qgetenv("SSH_AUTH_SOCK");
    settings.useAgent = !agent.isEmpty();
    if (settings.useAgent)
        ssh_options_set(session, SSH_OPTIONS_IDENTITY_AGENT, agent.constData());

    settings.identities = identitiesFor(options);
    return settings;
}

QList<SshIdentity> SshSettings::identitiesFor(const ConnectOptions &options)
{
    QList<SshIdentity> list;
    QStringList seen;
    const auto add = [&](const QString &path, bool explicitlyGiven) {
        if (path.isEmpty())
            return;
        const QString expanded = expandHome(path);
        const QString key = QFileInfo(expanded).absoluteFilePath();
        if (seen.contains(key))
            return;
        seen << key;
        list.append(SshIdentity{expanded, explicitlyGiven});
    };
    add(options.identityFile, true);

    SshConfig config;
    const QString configFile = qEnvironmentVariable("ECONTEXT_SSH_CONFIG");
    if (config.load(configFile))
        add(config.resolve(options.host).identityFile, true);

    const QString dir = QDir::homePath() + QLatin1String("/.ssh/");
    for (const char *name : {"id_ed25519", "id_ecdsa", "id_rsa"})
        add(dir + QLatin1String(name), false);
    return list;
}

} // namespace Econtext
