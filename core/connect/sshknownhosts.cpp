#include "core/connect/sshknownhosts.h"

#include "core/connect/libssh_p.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Econtext::SshKnownHosts {

namespace {

// |1|base64(salt)|base64(HMAC-SHA1(salt, name))
bool hashedMatches(const QString &field, const QString &name)
{
    const QStringList parts = field.split(QLatin1Char('|'));
    if (parts.size() != 4 || !parts.at(0).isEmpty() || parts.at(1) != QLatin1String("1"))
        return false;
    const QByteArray salt = QByteArray::fromBase64(parts.at(2).toLatin1());
    const QByteArray hash = QByteArray::fromBase64(parts.at(3).toLatin1());
    return !hash.isEmpty()
           && QMessageAuthenticationCode::hash(name.toUtf8(), salt, QCryptographicHash::Sha1)
                      == hash;
}

// OpenSSH's patterns know '*' and '?' only ('[' is literal: "[host]:port").
bool patternMatches(const QString &pattern, const QString &name)
{
    if (!pattern.contains(QLatin1Char('*')) && !pattern.contains(QLatin1Char('?')))
        return pattern.compare(name, Qt::CaseInsensitive) == 0;
    QString re = QRegularExpression::escape(pattern);
    re.replace(QLatin1String("\\*"), QLatin1String(".*"));
    re.replace(QLatin1String("\\?"), QLatin1String("."));
    return QRegularExpression(QRegularExpression::anchoredPattern(re),
                              QRegularExpression::CaseInsensitiveOption)
            .match(name)
            .hasMatch();
}

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// Writes all of data, going on after short writes.
bool writeAll(int fd, const QByteArray &data)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + done, size_t(data.size() - done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (n == 0) {
            errno = EIO;
            return false;
        }
        done += n;
    }
    return true;
}

// mkdir -p, keeping the errno of what failed.
bool makeDirectories(const QByteArray &path)
{
    struct stat st
    {};
    if (path.isEmpty() || ::stat(path.constData(), &st) == 0)
        return true;
    const qsizetype slash = path.lastIndexOf('/');
    if (slash > 0 && !makeDirectories(path.left(slash)))
        return false;
    return ::mkdir(path.constData(), 0700) == 0 || errno == EEXIST;
}

} // namespace

QString hostPattern(const QString &host, int port)
{
    if (port <= 0 || port == 22)
        return host;
    return QStringLiteral("[%1]:%2").arg(host).arg(port);
}

QString fingerprint(const QByteArray &keyBlob)
{
    QByteArray b64 = QCryptographicHash::hash(keyBlob, QCryptographicHash::Sha256)
                             .toBase64(QByteArray::OmitTrailingEquals);
    return QStringLiteral("SHA256:") + QString::fromLatin1(b64);
}

bool hostFieldMatches(const QString &field, const QString &name)
{
    // A hashed entry is one hash, never a list.
    if (field.startsWith(QLatin1Char('|')))
        return hashedMatches(field, name);
    bool matched = false;
    for (const QString &pattern : field.split(QLatin1Char(','))) {
        if (pattern.startsWith(QLatin1Char('!'))) {
            if (patternMatches(pattern.mid(1), name))
                return false; // a negated match rules the line out, whatever else matches
        } else if (patternMatches(pattern, name)) {
            matched = true;
        }
    }
    return matched;
}

QList<KnownHostsEntry> linesFor(const QString &file, const QString &host, int port)
{
    QList<KnownHostsEntry> result;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return result;
    const QString name = hostPattern(host, port);
    static const QRegularExpression space(QStringLiteral("\\s+"));
    int lineNo = 0;
    while (!f.atEnd()) {
        ++lineNo;
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        QStringList fields = line.split(space, Qt::SkipEmptyParts);
        KnownHostsEntry entry;
        if (fields.first().startsWith(QLatin1Char('@'))) {
            const QString marker = fields.takeFirst();
            if (marker == QLatin1String("@revoked"))
                entry.marker = KnownHostsEntry::Marker::Revoked;
            else if (marker == QLatin1String("@cert-authority"))
                entry.marker = KnownHostsEntry::Marker::CertAuthority;
            else
                continue; // OpenSSH skips a line with a marker it does not know
        }
        if (fields.size() < 3 || !hostFieldMatches(fields.first(), name))
            continue;
        entry.file = file;
        entry.line = lineNo;
        entry.keyType = fields.at(1);
        entry.keyBlob = QByteArray::fromBase64(fields.at(2).toLatin1());
        entry.fingerprint = fingerprint(entry.keyBlob);
        result.append(entry);
    }
    return result;
}

QList<KnownHostsEntry> entriesFor(const QString &file, const QString &host, int port)
{
    QList<KnownHostsEntry> result = linesFor(file, host, port);
    result.removeIf(
            [](const KnownHostsEntry &e) { return e.marker != KnownHostsEntry::Marker::None; });
    return result;
}

std::optional<KnownHostsEntry>
revokedEntry(const QStringList &files, const QString &host, int port, const QByteArray &keyBlob)
{
    for (const QString &file : files) {
        for (const KnownHostsEntry &e : linesFor(file, host, port)) {
            if (e.marker == KnownHostsEntry::Marker::Revoked && e.keyBlob == keyBlob)
                return e;
        }
    }
    return std::nullopt;
}

Result<void> appendLine(const QString &file, QByteArray line)
{
    if (!line.endsWith('\n'))
        line += '\n';
    // A missing directory is made as OpenSSH's ~/.ssh: for its owner only.
    if (!makeDirectories(QFile::encodeName(QFileInfo(file).absolutePath())))
        return makeError(Error::Generic, errnoText(errno));
    const QByteArray path = QFile::encodeName(file);
    const int fd = ::open(path.constData(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return makeError(Error::Generic, errnoText(errno));
    // Other writers of ours (other connections, other processes) wait: the size we may
    // have to cut back to stays the size before our line.
    while (::flock(fd, LOCK_EX) != 0 && errno == EINTR) {
    }
    struct stat st
    {};
    if (::fstat(fd, &st) != 0) {
        const int error = errno;
        ::close(fd);
        return makeError(Error::Generic, errnoText(error));
    }
    const off_t before = st.st_size;
    if (before > 0) {
        // A last line without its newline would swallow ours.
        char last = '\n';
        if (::pread(fd, &last, 1, before - 1) == 1 && last != '\n')
            line.prepend('\n');
    }
    int error = 0;
    if (!writeAll(fd, line) || ::fsync(fd) != 0)
        error = errno;
    if (error != 0) {
        // Nothing half-written stays behind (in a file: a device has nothing to cut).
        if (S_ISREG(st.st_mode) && ::ftruncate(fd, before) != 0)
            qCWarning(lcSsh) << "cannot cut" << file << "back to" << qlonglong(before)
                             << "bytes:" << errnoText(errno);
        ::close(fd);
        return makeError(Error::Generic, errnoText(error));
    }
    // Synced: the line is on the disk, whatever close() says.
    ::close(fd);
    return {};
}

} // namespace Econtext::SshKnownHosts
