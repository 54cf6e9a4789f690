#include "core/connect/sshknownhosts.h"

#include <QCryptographicHash>
#include <QFile>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>

namespace Econtext::SshKnownHosts {

namespace {

bool patternMatches(const QString &pattern, const QString &name)
{
    if (pattern.startsWith(QLatin1String("|1|"))) {
        // Hashed entry: |1|base64(salt)|base64(HMAC-SHA1(salt, name))
        const QStringList parts = pattern.split(QLatin1Char('|'));
        if (parts.size() != 4)
            return false;
        const QByteArray salt = QByteArray::fromBase64(parts.at(2).toLatin1());
        const QByteArray hash = QByteArray::fromBase64(parts.at(3).toLatin1());
        return QMessageAuthenticationCode::hash(name.toUtf8(), salt, QCryptographicHash::Sha1)
               == hash;
    }
    if (pattern.contains(QLatin1Char('*')) || pattern.contains(QLatin1Char('?'))) {
        const QRegularExpression re(
                QRegularExpression::wildcardToRegularExpression(
                        pattern, QRegularExpression::UnanchoredWildcardConversion),
                QRegularExpression::CaseInsensitiveOption);
        const QRegularExpressionMatch m = re.match(name);
        return m.hasMatch() && m.capturedStart() == 0 && m.capturedLength() == name.size();
    }
    return pattern.compare(name, Qt::CaseInsensitive) == 0;
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

QList<KnownHostsEntry> entriesFor(const QString &file, const QString &host, int port)
{
    QList<KnownHostsEntry> result;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return result;
    const QString name = hostPattern(host, port);
    int lineNo = 0;
    while (!f.atEnd()) {
        ++lineNo;
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList fields
                = line.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        if (fields.size() < 3 || fields.first().startsWith(QLatin1Char('@')))
            continue;
        bool matched = false;
        bool negated = false;
        for (const QString &pattern : fields.first().split(QLatin1Char(','))) {
            if (pattern.startsWith(QLatin1Char('!'))) {
                if (patternMatches(pattern.mid(1), name))
                    negated = true;
            } else if (patternMatches(pattern, name)) {
                matched = true;
            }
        }
        if (!matched || negated)
            continue;
        KnownHostsEntry entry;
        entry.file = file;
        entry.line = lineNo;
        entry.keyType = fields.at(1);
        entry.fingerprint = fingerprint(QByteArray::fromBase64(fields.at(2).toLatin1()));
        result.append(entry);
    }
    return result;
}

} // namespace Econtext::SshKnownHosts
