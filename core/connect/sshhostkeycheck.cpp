#include "core/connect/sshhostkeycheck.h"

#include "core/connect/libssh_p.h"
#include "core/connect/sshknownhosts.h"

namespace Econtext {

SshHostKeyCheck::SshHostKeyCheck(ssh_session session, Where where)
    : m_session(session)
    , m_where(std::move(where))
{}

QString SshHostKeyCheck::libsshError() const
{
    return Libssh::errorText(m_session);
}

bool SshHostKeyCheck::readServerKey()
{
    ssh_key rawKey = nullptr;
    if (ssh_get_server_publickey(m_session, &rawKey) != SSH_OK) {
        m_error = tr("Cannot read the host key of %1: %2.").arg(m_where.label, libsshError());
        return false;
    }
    Libssh::KeyPtr key(rawKey);
    m_keyType = QString::fromUtf8(ssh_key_type_to_char(ssh_key_type(key.get())));
    char *base64 = nullptr;
    if (ssh_pki_export_pubkey_base64(key.get(), &base64) == SSH_OK) {
        m_keyBlob = QByteArray::fromBase64(QByteArray(base64));
        ssh_string_free_char(base64);
    }
    if (m_keyBlob.isEmpty()) {
        m_error = tr("Cannot read the host key of %1: %2.").arg(m_where.label, libsshError());
        return false;
    }
    m_fingerprint = SshKnownHosts::fingerprint(m_keyBlob);
    return true;
}

SshHostKeyCheck::Verdict SshHostKeyCheck::verify()
{
    if (!readServerKey())
        return Verdict::Refused;

    // OpenSSH refuses a revoked key before anything else, even one also listed as trusted.
    const QStringList files{m_where.userFile, m_where.globalFile};
    if (const auto revoked
        = SshKnownHosts::revokedEntry(files, m_where.host, m_where.port, m_keyBlob)) {
        m_error = tr("The host key of %1 (%2 %3) is marked as revoked in %4 line %5; refusing "
                     "to connect: someone may be using a stolen key to pose as the host.")
                          .arg(m_where.label, m_keyType, m_fingerprint, revoked->file)
                          .arg(revoked->line);
        return Verdict::Refused;
    }

    switch (ssh_session_is_known_server(m_session)) {
    case SSH_KNOWN_HOSTS_OK:
        qCDebug(lcSsh) << "host key of" << m_where.label << "known:" << m_fingerprint;
        return Verdict::Trusted;
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER: {
        QList<KnownHostsEntry> entries
                = SshKnownHosts::entriesFor(m_where.userFile, m_where.host, m_where.port);
        entries += SshKnownHosts::entriesFor(m_where.globalFile, m_where.host, m_where.port);
        KnownHostsEntry entry;
        for (const KnownHostsEntry &e : std::as_const(entries)) {
            if (e.keyType == m_keyType) {
                entry = e;
                break;
            }
        }
        if (entry.line == 0 && !entries.isEmpty())
            entry = entries.first();
        if (entry.line > 0) {
            m_error = tr("The host key of %1 has changed: the server offered %2 %3 but %4 line %5 "
                         "says %6 %7; refusing to connect. If the change is expected, remove "
                         "that line.")
                              .arg(m_where.label, m_keyType, m_fingerprint, entry.file)
                              .arg(entry.line)
                              .arg(entry.keyType, entry.fingerprint);
        } else {
            m_error = tr("The host key of %1 has changed: the server offered %2 %3, which does "
                         "not match %4; refusing to connect.")
                              .arg(m_where.label, m_keyType, m_fingerprint, m_where.userFile);
        }
        return Verdict::Refused;
    }
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
        return Verdict::Unknown;
    case SSH_KNOWN_HOSTS_ERROR:
        break;
    }
    m_error = tr("Cannot check the host key of %1 against %2: %3.")
                      .arg(m_where.label, m_where.userFile, libsshError());
    return Verdict::Refused;
}

Result<void> SshHostKeyCheck::remember()
{
    // libssh's own ssh_session_update_known_hosts() ignores a failing fclose(): on a full
    // disk the key was lost without a word. The line is libssh's, the writing ours.
    char *line = nullptr;
    if (ssh_session_export_known_hosts_entry(m_session, &line) != SSH_OK) {
        return makeError(Error::Connection,
                         tr("Cannot save the host key of %1 in %2: %3; connection refused.")
                                 .arg(m_where.label, m_where.userFile, libsshError()));
    }
    const QByteArray entry(line);
    ssh_string_free_char(line);
    const Result<void> saved = SshKnownHosts::appendLine(m_where.userFile, entry);
    if (!saved) {
        return makeError(Error::Connection,
                         tr("Cannot save the host key of %1 in %2: %3; connection refused.")
                                 .arg(m_where.label, m_where.userFile, saved.errorString()));
    }
    qCInfo(lcSsh) << "added the host key of" << m_where.label << m_fingerprint << "to"
                  << m_where.userFile;
    return {};
}

} // namespace Econtext
