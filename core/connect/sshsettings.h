// SshSettings: what one SSH connection uses once ConnectOptions are laid over the OpenSSH
// client configuration (~/.ssh/config and /etc/ssh/ssh_config as libssh reads them): the
// host name, user and port libssh will use, the known_hosts files, whether ssh-agent is
// there, and the key files to offer, in order. apply() sets these options on a fresh
// libssh session and reads back what they resolved to. SshTransport calls it for every
// connection attempt; SshAuthenticator and SshHostKeyCheck work from its result.
//
// The environment variable ECONTEXT_SSH_CONFIG, when set, names the one configuration
// file to read instead (tests use it to try aliases without touching the user's files).
#pragma once

#include "core/connect/connectoptions.h"
#include "core/util/result.h"

#include <QList>
#include <QString>

#include <libssh/libssh.h>

namespace Econtext {

// A private key file to offer; explicitly given ones (an option, IdentityFile) are named
// in the error when they are missing, the default ones are skipped quietly.
struct SshIdentity
{
    QString path;
    bool explicitlyGiven = false;
};

struct SshSettings
{
    QString host; // after the configuration (HostName)
    QString user;
    int port = 22;
    QString knownHosts;       // the user's: new keys go here
    QString globalKnownHosts; // the system's, read only
    bool useAgent = false;    // SSH_AUTH_SOCK is set
    QList<SshIdentity> identities;

    // Applies the configuration for options.host and then the explicit options (which win)
    // to session, and reads the result back. The error names the configuration file.
    static Result<SshSettings> apply(ssh_session session, const ConnectOptions &options);
    // The key files to offer: options.identityFile, the configuration's IdentityFile, then
    // ~/.ssh/id_ed25519, id_ecdsa and id_rsa; each once.
    static QList<SshIdentity> identitiesFor(const ConnectOptions &options);
};

} // namespace Econtext
