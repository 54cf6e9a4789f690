// SshKnownHosts: reads and appends to OpenSSH known_hosts files the way OpenSSH does.
// libssh decides whether a key is known but knows no markers; this reads the lines it
// skips (@revoked, @cert-authority), says which line names a host so that a changed or
// revoked key can be reported with the file and the line, and appends a new key so
// that a failed write leaves the file as it was. Used by SshHostKeyCheck.
#pragma once

#include "core/util/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace Econtext {

struct KnownHostsEntry
{
    enum class Marker { None, CertAuthority, Revoked };

    QString file;
    int line = 0; // 1-based
    Marker marker = Marker::None;
    QString keyType;     // "ssh-ed25519"
    QString fingerprint; // "SHA256:..." (OpenSSH's form: base64 without padding)
    QByteArray keyBlob;  // the base64-decoded key field
};

namespace SshKnownHosts {

// The name known_hosts uses for host and port: "host", or "[host]:port" when port is not 22.
QString hostPattern(const QString &host, int port);
// OpenSSH's SHA256 fingerprint of a public key blob (the base64-decoded key field).
QString fingerprint(const QByteArray &keyBlob);
// Whether a known_hosts host field ("a,b,!c", "|1|salt|hash", wildcards) names name.
bool hostFieldMatches(const QString &field, const QString &name);
// Every line of file that names host:port, plain or hashed ("|1|salt|hash"), with
// wildcards and negated patterns, markers included; lines with an unknown marker are
// skipped as OpenSSH skips them.
QList<KnownHostsEntry> linesFor(const QString &file, const QString &host, int port);
// The plain host entries among linesFor(): what says which key a host has.
QList<KnownHostsEntry> entriesFor(const QString &file, const QString &host, int port);
// The first @revoked line of files that lists keyBlob for host:port, if any.
std::optional<KnownHostsEntry>
revokedEntry(const QStringList &files, const QString &host, int port, const QByteArray &keyBlob);
// Appends one line (a newline is added when missing) to file, creating it and its
// directory (0700) when needed, under an exclusive lock. The line is written, synced and
// closed whole, or the file is cut back to its old size: a full disk or a failing write
// never leaves half a line. The error's message is the system's reason (strerror).
Result<void> appendLine(const QString &file, QByteArray line);

} // namespace SshKnownHosts

} // namespace Econtext
