// SshHostKeyCheck: decides whether the host key a server offered may be trusted, as
// strictly as OpenSSH: a key listed on a @revoked line is refused first (naming the file
// and the line), then libssh compares it with the user's and the global known_hosts (a
// changed key is refused, naming the line that records the old one); what is left is
// unknown, for the caller to refuse, ask about or accept. remember() saves the key in the
// user's known_hosts, whole or not at all. Used by SshTransport during its handshake.
#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QString>

#include <libssh/libssh.h>

namespace Econtext {

class SshHostKeyCheck
{
    Q_DECLARE_TR_FUNCTIONS(SshHostKeyCheck)
public:
    enum class Verdict { Trusted, Unknown, Refused };

    struct Where
    {
        QString host; // as known_hosts names it (after the ssh configuration)
        int port = 22;
        QString label;      // the host as messages name it
        QString userFile;   // the known_hosts that new keys go to
        QString globalFile; // the system's, read only
    };

    SshHostKeyCheck(ssh_session session, Where where);

    Verdict verify();
    // Appends the offered key to the user's known_hosts; the error names the file and the
    // system's reason.
    Result<void> remember();

    QString keyType() const { return m_keyType; }
    QString fingerprint() const { return m_fingerprint; }
    // Why the key was refused (Verdict::Refused), or why it could not be read.
    QString errorString() const { return m_error; }

private:
    bool readServerKey();
    QString libsshError() const;

    ssh_session m_session;
    Where m_where;
    QString m_keyType;
    QString m_fingerprint;
    QByteArray m_keyBlob;
    QString m_error;
};

} // namespace Econtext
