#include "core/connect/sshconfig.h"

#include <algorithm>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSet>
#include <QSysInfo>

Q_LOGGING_CATEGORY(lcSshConfig, "econtext.sshconfig", QtWarningMsg)

namespace Econtext {

namespace {

constexpr int MaxIncludeDepth = 16; // as OpenSSH's READCONF_MAX_DEPTH

bool hasWildcard(QStringView s)
{
    return s.contains(QLatin1Char('*')) || s.contains(QLatin1Char('?'));
}

bool isConcreteAlias(QStringView s)
{
    return !s.isEmpty() && !hasWildcard(s) && !s.startsWith(QLatin1Char('!'));
}

// Splits one config line into the keyword and its arguments. Accepts "Key value",
// "Key=value" and "Key = value"; arguments may be quoted with " or '; an unquoted '#'
// starts a comment.
bool splitLine(QStringView line, QString *keyword, QStringList *args)
{
    qsizetype i = 0;
    const qsizetype n = line.size();
    auto skipSpace = [&] {
        while (i < n && line.at(i).isSpace())
            ++i;
    };
    skipSpace();
    if (i >= n || line.at(i) == QLatin1Char('#'))
        return false;
    const qsizetype kwStart = i;
    while (i < n && !line.at(i).isSpace() && line.at(i) != QLatin1Char('='))
        ++i;
    *keyword = line.mid(kwStart, i - kwStart).toString().toLower();
    skipSpace();
    if (i < n && line.at(i) == QLatin1Char('=')) {
        ++i;
        skipSpace();
    }
    args->clear();
    while (i < n) {
        skipSpace();
        if (i >= n || line.at(i) == QLatin1Char('#'))
            break;
        QString token;
        while (i < n && !line.at(i).isSpace()) {
            const QChar c = line.at(i);
            if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
                ++i;
                while (i < n && line.at(i) != c) {
                    if (line.at(i) == QLatin1Char('\\') && i + 1 < n && line.at(i + 1) == c)
                        ++i;
                    token.append(line.at(i));
                    ++i;
                }
                ++i; // closing quote (or past the end)
            } else if (c == QLatin1Char('\\') && i + 1 < n) {
                token.append(line.at(i + 1));
                i += 2;
            } else {
                token.append(c);
                ++i;
            }
        }
        args->append(token);
    }
    return !keyword->isEmpty();
}

} // namespace

SshConfig::SshConfig()
    : m_home(QDir::homePath())
{}

QString SshConfig::defaultPath() const
{
    return QDir(m_home).filePath(QStringLiteral(".ssh/config"));
}

void SshConfig::setHomePath(const QString &path)
{
    m_home = path;
}

QString SshConfig::homePath() const
{
    return m_home;
}

void SshConfig::clear()
{
    m_entries.clear();
    m_aliases.clear();
    m_files.clear();
    m_warnings.clear();
    m_error.clear();
}

bool SshConfig::load(const QString &path)
{
    clear();
    const QString file = path.isEmpty() ? defaultPath() : path;
    QFile f(file);
    if (!f.exists())
        return true;
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        m_error = tr("Cannot read the ssh configuration %1: %2.")
                          .arg(QDir::toNativeSeparators(file), f.errorString());
        return false;
    }
    m_files.append(file);
    parseText(QString::fromUtf8(f.readAll()), file, {}, false, 0);
    return true;
}

void SshConfig::parse(const QString &text, const QString &fileName)
{
    m_files.append(fileName);
    parseText(text, fileName, {}, false, 0);
}

void SshConfig::parseText(const QString &text,
                          const QString &fileName,
                          const QList<QStringList> &outer,
                          bool outerNever,
                          int depth)
{
    QList<QStringList> conditions = outer;
    bool never = outerNever;
    int lineNo = 0;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString &rawLine : lines) {
        ++lineNo;
        QString keyword;
        QStringList args;
        if (!splitLine(rawLine, &keyword, &args))
            continue;
        if (keyword == QLatin1String("host")) {
            conditions = outer;
            never = outerNever;
            conditions.append(args);
            for (const QString &pattern : std::as_const(args)) {
                if (!isConcreteAlias(pattern))
                    continue;
                const bool seen
                        = std::any_of(m_aliases.cbegin(), m_aliases.cend(), [&](const Alias &a) {
                              return a.name.compare(pattern, Qt::CaseInsensitive) == 0;
                          });
                if (!seen)
                    m_aliases.append(Alias{pattern, fileName, lineNo});
            }
            continue;
        }
        if (keyword == QLatin1String("match")) {
            conditions = outer;
            never = outerNever;
            if (args.size() == 1
                && args.first().compare(QLatin1String("all"), Qt::CaseInsensitive) == 0)
                continue;
            if (args.size() == 2
                && args.first().compare(QLatin1String("originalhost"), Qt::CaseInsensitive) == 0) {
                conditions.append(args.at(1).split(QLatin1Char(','), Qt::SkipEmptyParts));
                continue;
            }
            // Other criteria (exec, user, final, ...) depend on the connection itself.
            never = true;
            continue;
        }
        if (keyword == QLatin1String("include")) {
            include(args, fileName, lineNo, conditions, never, depth);
            continue;
        }
        if (args.isEmpty())
            continue;
        m_entries.append(Entry{conditions, never, keyword, args, fileName, lineNo});
    }
}

void SshConfig::include(const QStringList &args,
                        const QString &fileName,
                        int lineNo,
                        const QList<QStringList> &conditions,
                        bool never,
                        int depth)
{
    if (depth + 1 > MaxIncludeDepth) {
        m_warnings.append(
                tr("%1:%2: Include nested too deeply; ignored.").arg(fileName).arg(lineNo));
        return;
    }
    const QString sshDir = QDir(m_home).filePath(QStringLiteral(".ssh"));
    for (const QString &arg : args) {
        QString pattern = expandTilde(arg);
        if (QDir::isRelativePath(pattern))
            pattern = QDir(sshDir).filePath(pattern);
        const QStringList matches = expandGlob(pattern);
        for (const QString &path : matches) {
            if (m_files.contains(path)) {
                m_warnings.append(tr("%1:%2: %3 is included twice; ignored.")
                                          .arg(fileName)
                                          .arg(lineNo)
                                          .arg(path));
                continue;
            }
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
                m_warnings.append(tr("%1:%2: cannot read %3: %4.")
                                          .arg(fileName)
                                          .arg(lineNo)
                                          .arg(path, f.errorString()));
                continue;
            }
            qCDebug(lcSshConfig) << "including" << path << "from" << fileName << lineNo;
            m_files.append(path);
            parseText(QString::fromUtf8(f.readAll()), path, conditions, never, depth + 1);
        }
    }
}

// Expands '*' and '?' in every path component, like glob(3); results are sorted per
// component, as glob does. A pattern without wildcards is returned if the file exists.
QStringList SshConfig::expandGlob(const QString &pattern) const
{
    const QString clean = QDir::cleanPath(pattern);
    if (!hasWildcard(clean))
        return QFileInfo(clean).isFile() ? QStringList{clean} : QStringList{};

    const QStringList parts = clean.split(QLatin1Char('/'));
    QStringList current{clean.startsWith(QLatin1Char('/')) ? QStringLiteral("/") : QString()};
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString &part = parts.at(i);
        if (part.isEmpty())
            continue;
        const bool last = i == parts.size() - 1;
        QStringList next;
        for (const QString &base : std::as_const(current)) {
            const QDir dir(base.isEmpty() ? QStringLiteral(".") : base);
            if (!hasWildcard(part)) {
                const QString p = dir.filePath(part);
                if (QFileInfo::exists(p))
                    next.append(p);
                continue;
            }
            const QDir::Filters filters
                    = (last ? QDir::Files : QDir::Dirs) | QDir::NoDotAndDotDot
                      | (part.startsWith(QLatin1Char('.')) ? QDir::Hidden : QDir::Filters());
            QStringList names = dir.entryList({part}, filters, QDir::Name);
            for (const QString &name : std::as_const(names))
                next.append(dir.filePath(name));
        }
        current = next;
        if (current.isEmpty())
            break;
    }
    QStringList files;
    for (const QString &p : std::as_const(current)) {
        if (QFileInfo(p).isFile())
            files.append(p);
    }
    return files;
}

QString SshConfig::expandTilde(const QString &path) const
{
    if (path == QLatin1String("~"))
        return m_home;
    if (path.startsWith(QLatin1String("~/")))
        return QDir(m_home).filePath(path.mid(2));
    return path;
}

QString SshConfig::expandTokens(const QString &value,
                                const QString &alias,
                                const QString &hostName,
                                const QString &user) const
{
    QString localUser = qEnvironmentVariable("USER");
    if (localUser.isEmpty())
        localUser = qEnvironmentVariable("LOGNAME");
    QString out;
    out.reserve(value.size());
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        if (c != QLatin1Char('%') || i + 1 >= value.size()) {
            out.append(c);
            continue;
        }
        const QChar t = value.at(++i);
        switch (t.unicode()) {
        case '%':
            out.append(QLatin1Char('%'));
            break;
        case 'd':
            out.append(m_home);
            break;
        case 'h':
            out.append(hostName.isEmpty() ? alias : hostName);
            break;
        case 'n':
            out.append(alias);
            break;
        case 'r':
            out.append(user.isEmpty() ? localUser : user);
            break;
        case 'u':
            out.append(localUser);
            break;
        case 'l':
            out.append(QSysInfo::machineHostName());
            break;
        default: // unknown to us: keep it as written
            out.append(QLatin1Char('%'));
            out.append(t);
            break;
        }
    }
    return out;
}

QStringList SshConfig::aliases() const
{
    QStringList names;
    names.reserve(m_aliases.size());
    for (const Alias &a : m_aliases)
        names.append(a.name);
    return names;
}

bool SshConfig::contains(const QString &alias) const
{
    return std::any_of(m_aliases.cbegin(), m_aliases.cend(), [&](const Alias &a) {
        return a.name.compare(alias, Qt::CaseInsensitive) == 0;
    });
}

SshHostAlias SshConfig::resolve(const QString &alias) const
{
    SshHostAlias h;
    h.alias = alias;
    for (const Alias &a : m_aliases) {
        if (a.name.compare(alias, Qt::CaseInsensitive) == 0) {
            h.file = a.file;
            h.line = a.line;
            break;
        }
    }
    bool haveHostName = false, haveUser = false, havePort = false, haveIdentity = false,
         haveJump = false;
    QString rawIdentity;
    for (const Entry &e : m_entries) {
        if (e.never)
            continue;
        const bool applies = std::all_of(
                e.conditions.cbegin(), e.conditions.cend(), [&](const QStringList &patterns) {
                    return matchPatternList(patterns, alias);
                });
        if (!applies)
            continue;
        const QString &value = e.args.first();
        if (e.keyword == QLatin1String("hostname") && !haveHostName) {
            haveHostName = true;
            h.hostName = value;
        } else if (e.keyword == QLatin1String("user") && !haveUser) {
            haveUser = true;
            h.user = value;
        } else if (e.keyword == QLatin1String("port") && !havePort) {
            havePort = true;
            bool ok = false;
            const int port = value.toInt(&ok);
            h.port = ok && port > 0 && port < 65536 ? port : 0;
        } else if (e.keyword == QLatin1String("identityfile") && !haveIdentity) {
            haveIdentity = true;
            rawIdentity = value;
        } else if (e.keyword == QLatin1String("proxyjump") && !haveJump) {
            haveJump = true;
            h.proxyJump = value.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0 ? QString()
                                                                                         : value;
        }
    }
    if (!h.hostName.isEmpty()) {
        // Only %h and %% are valid in HostName.
        QString expanded;
        for (qsizetype i = 0; i < h.hostName.size(); ++i) {
            if (h.hostName.at(i) == QLatin1Char('%') && i + 1 < h.hostName.size()) {
                const QChar t = h.hostName.at(++i);
                if (t == QLatin1Char('h'))
                    expanded.append(alias);
                else if (t == QLatin1Char('%'))
                    expanded.append(QLatin1Char('%'));
                else
                    expanded.append(QLatin1Char('%')).append(t);
            } else {
                expanded.append(h.hostName.at(i));
            }
        }
        h.hostName = expanded;
    }
    if (!rawIdentity.isEmpty())
        h.identityFile = expandTilde(expandTokens(rawIdentity, alias, h.hostName, h.user));
    return h;
}

QList<SshHostAlias> SshConfig::hosts() const
{
    QList<SshHostAlias> list;
    list.reserve(m_aliases.size());
    for (const Alias &a : m_aliases)
        list.append(resolve(a.name));
    return list;
}

bool SshConfig::matchPattern(QStringView pattern, QStringView host)
{
    // Iterative wildcard match with single backtracking point for '*'.
    qsizetype p = 0, h = 0, starP = -1, starH = 0;
    while (h < host.size()) {
        if (p < pattern.size()
            && (pattern.at(p) == QLatin1Char('?')
                || pattern.at(p).toLower() == host.at(h).toLower())) {
            ++p;
            ++h;
        } else if (p < pattern.size() && pattern.at(p) == QLatin1Char('*')) {
            starP = p++;
            starH = h;
        } else if (starP >= 0) {
            p = starP + 1;
            h = ++starH;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern.at(p) == QLatin1Char('*'))
        ++p;
    return p == pattern.size();
}

bool SshConfig::matchPatternList(const QStringList &patterns, const QString &host)
{
    bool positive = false;
    for (const QString &entry : patterns) {
        const auto parts = QStringView(entry).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (QStringView pattern : parts) {
            const bool negated = pattern.startsWith(QLatin1Char('!'));
            if (negated)
                pattern = pattern.mid(1);
            if (matchPattern(pattern, host)) {
                if (negated)
                    return false;
                positive = true;
            }
        }
    }
    return positive;
}

} // namespace Econtext
