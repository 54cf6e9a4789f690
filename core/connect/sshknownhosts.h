// SshKnownHosts: reads an OpenSSH known_hosts file to say which line names a given host,
// so that a changed host key can be reported with the file, the line and the fingerprint
// it records. libssh decides whether a key is known; this only explains the answer.
// Used by SshTransport.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace Econtext {

struct KnownHostsEntry
{
    QString file;
    int line = 0;        // 1-based
    QString keyType;     // "ssh-ed25519"
    QString fingerprint; // "SHA256:..." (OpenSSH's form: base64 without padding)
};

namespace SshKnownHosts {

// The name known_hosts uses for host and port: "host", or "[host]:port" when port is not 22.
QString hostPattern(const QString &host, int port);
// OpenSSH's SHA256 fingerprint of a public key blob (the base64-decoded key field).
QString fingerprint(const QByteArray &keyBlob);
// Every line of file that names host:port, plain or hashed ("|1|salt|hash"), with
// wildcards; negated patterns and @cert-authority / @revoked lines are skipped.
QList<KnownHostsEntry> entriesFor(const QString &file, const QString &host, int port);

} // namespace SshKnownHosts

} // namespace Econtext
