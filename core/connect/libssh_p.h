// What the SSH classes (SshTransport, SshSettings, SshAuthenticator, SshChannel,
// SshHostKeyCheck, SshKnownHosts) share about libssh: its handles in std::unique_ptr with
// their deleters, the text of a session's last error, whether a session's connection is
// gone, and the econtext.ssh logging category (defined in sshtransport.cpp).
#pragma once

#include <QByteArray>
#include <QLoggingCategory>
#include <QString>

#include <libssh/libssh.h>

#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcSsh)

namespace Econtext::Libssh {

struct SessionDeleter
{
    // ssh_free closes the socket exactly once, also one handed over with SSH_OPTIONS_FD
    // (ssh_disconnect would forget such a socket without closing it).
    void operator()(ssh_session s) const { ssh_free(s); }
};
struct ChannelDeleter
{
    void operator()(ssh_channel c) const { ssh_channel_free(c); }
};
struct KeyDeleter
{
    void operator()(ssh_key k) const { ssh_key_free(k); }
};
using SessionPtr = std::unique_ptr<ssh_session_struct, SessionDeleter>;
using ChannelPtr = std::unique_ptr<ssh_channel_struct, ChannelDeleter>;
using KeyPtr = std::unique_ptr<ssh_key_struct, KeyDeleter>;

// The session's last error as a clause for our own sentences (no trailing full stop).
inline QString errorText(ssh_session session)
{
    if (!session)
        return QString();
    const char *text = ssh_get_error(session);
    QString s = QString::fromUtf8(text ? text : "").trimmed();
    while (s.endsWith(QLatin1Char('.')))
        s.chop(1);
    return s;
}

// Whether the session's connection is gone (or there is no session).
inline bool connectionBroken(ssh_session session)
{
    if (!session || !ssh_is_connected(session))
        return true;
    return ssh_get_status(session) & (SSH_CLOSED | SSH_CLOSED_ERROR);
}

// Overwrites a passphrase or password before its memory is let go.
inline void wipe(QByteArray &secret)
{
    secret.fill('\0');
    secret.clear();
}

} // namespace Econtext::Libssh
