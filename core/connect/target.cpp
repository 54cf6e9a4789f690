#include "core/connect/target.h"

#include <QCoreApplication>

namespace Econtext {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Econtext::Target)
};

// Hop types a later version adds; their names are kept from meaning a host now.
const QStringList &reservedMethods()
{
    static const QStringList names{QStringLiteral("su"),
                                   QStringLiteral("doas"),
                                   QStringLiteral("docker"),
                                   QStringLiteral("podman"),
                                   QStringLiteral("kubectl"),
                                   QStringLiteral("lxc"),
                                   QStringLiteral("nsenter"),
                                   QStringLiteral("chroot"),
                                   QStringLiteral("exec")};
    return names;
}

// Reserved names that will stand alone as methods (like sudo).
bool reservedAlone(QStringView word)
{
    return word.compare(QLatin1String("su"), Qt::CaseInsensitive) == 0
           || word.compare(QLatin1String("doas"), Qt::CaseInsensitive) == 0;
}

bool isReserved(QStringView word)
{
    for (const QString &name : reservedMethods()) {
        if (word.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

enum class Examples { All, Ssh, Local, Sudo };

QString examples(Examples kind)
{
    switch (kind) {
    case Examples::Ssh:
        return Tr::tr("host, user@host:2222, ssh://user@host, [::1]:22");
    case Examples::Local:
        return Tr::tr("local, local:/usr/bin/python3, local:python3.11");
    case Examples::Sudo:
        return Tr::tr("sudo, sudo:postgres");
    case Examples::All:
        break;
    }
    return Tr::tr("local, local:/usr/bin/python3, sudo:postgres, user@host:2222, ssh://host, "
                  "an alias from ~/.ssh/config");
}

Error invalid(QStringView text, const QString &why, Examples kind)
{
    return makeError(Error::Generic,
                     Tr::tr("'%1' is not a valid target: %2. Examples: %3.")
                             .arg(text.toString(), why, examples(kind)));
}

bool isHostChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'-' || c == u'.' || c == u'_';
}

bool isIpv6Char(QChar c)
{
    return c.isDigit() || (c.toLower() >= u'a' && c.toLower() <= u'f') || c == u':' || c == u'.';
}

// An IPv6 address, with an optional zone ("%eth0") of host characters.
bool validIpv6(QStringView host)
{
    const qsizetype percent = host.indexOf(u'%');
    const QStringView address = percent >= 0 ? host.left(percent) : host;
    if (address.count(u':') < 2)
        return false;
    for (const QChar c : address) {
        if (!isIpv6Char(c))
            return false;
    }
    if (percent >= 0) {
        const QStringView zone = host.mid(percent + 1);
        if (zone.isEmpty())
            return false;
        for (const QChar c : zone) {
            if (!isHostChar(c))
                return false;
        }
    }
    return true;
}

bool validHostName(QStringView host)
{
    if (host.isEmpty() || host.startsWith(u'-') || host.startsWith(u'.'))
        return false;
    for (const QChar c : host) {
        if (!isHostChar(c))
            return false;
    }
    return true;
}

// A login or sudo user: no spaces, no option look, no ':' (checked by the callers' whys).
bool validUser(QStringView user)
{
    if (user.isEmpty() || user.startsWith(u'-'))
        return false;
    for (const QChar c : user) {
        if (c.isSpace() || c == u'/' || c.category() == QChar::Other_Control)
            return false;
    }
    return true;
}

Result<int> parsePort(QStringView whole, QStringView text)
{
    if (text.isEmpty())
        return invalid(whole, Tr::tr("the port after ':' is missing"), Examples::Ssh);
    bool numeric = !text.startsWith(u'+') && !text.startsWith(u'-');
    const qlonglong port = numeric ? text.toLongLong(&numeric) : 0;
    if (!numeric)
        return invalid(whole,
                       Tr::tr("'%1' is not a port number (1 to 65535)").arg(text.toString()),
                       Examples::Ssh);
    if (port < 1 || port > 65535)
        return invalid(whole,
                       Tr::tr("port %1 is out of range (1 to 65535)").arg(text.toString()),
                       Examples::Ssh);
    return int(port);
}

// [USER@]HOST[:PORT], [USER@][V6][:PORT] or [USER@]V6, after an optional "ssh://".
Result<Target> parseSsh(QStringView whole, QStringView rest)
{
    Target target;
    target.method = ConnectMethod::Ssh;
    const qsizetype at = rest.lastIndexOf(u'@');
    if (at >= 0) {
        const QStringView user = rest.left(at);
        rest = rest.mid(at + 1);
        if (user.isEmpty())
            return invalid(whole, Tr::tr("the user name before '@' is empty"), Examples::Ssh);
        if (user.contains(u':'))
            return invalid(whole,
                           Tr::tr("a password does not belong in a target (the ':' before "
                                  "'@')"),
                           Examples::Ssh);
        if (!validUser(user))
            return invalid(whole,
                           Tr::tr("'%1' is not a valid user name").arg(user.toString()),
                           Examples::Ssh);
        if (rest.isEmpty())
            return invalid(whole, Tr::tr("the host after '@' is missing"), Examples::Ssh);
        target.user = user.toString();
    }

    QStringView host;
    if (rest.startsWith(u'[')) {
        const qsizetype close = rest.indexOf(u']');
        if (close < 0)
            return invalid(
                    whole, Tr::tr("the '[' before the IPv6 address is not closed"), Examples::Ssh);
        host = rest.mid(1, close - 1);
        if (!validIpv6(host))
            return invalid(whole,
                           Tr::tr("'%1' is not an IPv6 address").arg(host.toString()),
                           Examples::Ssh);
        const QStringView after = rest.mid(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(u':'))
                return invalid(whole,
                               Tr::tr("only ':PORT' may follow the IPv6 address in brackets"),
                               Examples::Ssh);
            const Result<int> port = parsePort(whole, after.mid(1));
            if (!port)
                return port.error();
            target.port = *port;
        }
    } else if (rest.count(u':') > 1) {
        // A bare IPv6 address; a port needs the [address]:port form.
        host = rest;
        if (!validIpv6(host))
            return invalid(whole,
                           Tr::tr("'%1' is not an IPv6 address (a port needs [address]:port)")
                                   .arg(host.toString()),
                           Examples::Ssh);
    } else {
        const qsizetype colon = rest.indexOf(u':');
        host = colon >= 0 ? rest.left(colon) : rest;
        if (host.isEmpty())
            return invalid(whole, Tr::tr("the host name is missing"), Examples::Ssh);
        if (!validHostName(host))
            return invalid(whole,
                           Tr::tr("'%1' is not a host name (letters, digits, '-', '.' and '_')")
                                   .arg(host.toString()),
                           Examples::Ssh);
        if (colon >= 0) {
            const Result<int> port = parsePort(whole, rest.mid(colon + 1));
            if (!port)
                return port.error();
            target.port = *port;
        }
    }
    target.host = host.toString();
    return target;
}

} // namespace

void Target::applyTo(ConnectOptions &options) const
{
    options.method = method;
    options.user = user;
    options.host = host;
    options.port = port;
    if (!python.isEmpty())
        options.python = python;
}

Target Target::fromOptions(const ConnectOptions &options)
{
    Target target;
    target.method = options.method;
    switch (options.method) {
    case ConnectMethod::Local:
        target.python = options.python;
        break;
    case ConnectMethod::Sudo:
        target.user = options.user;
        break;
    case ConnectMethod::Ssh:
        target.user = options.user;
        target.host = options.host;
        target.port = options.port;
        break;
    }
    return target;
}

Result<Target> parseTarget(QStringView input)
{
    const QStringView text = input.trimmed();
    if (text.isEmpty())
        return makeError(Error::Generic,
                         Tr::tr("A target is needed. Examples: %1.").arg(examples(Examples::All)));

    // WORD or WORD:REST, WORD being a method's name.
    const qsizetype colon = text.indexOf(u':');
    const QStringView word = colon >= 0 ? text.left(colon) : text;
    const QStringView argument = colon >= 0 ? text.mid(colon + 1).trimmed() : QStringView();
    const std::optional<ConnectMethod> method = methodFromName(word);

    if (method == ConnectMethod::Local) {
        Target target;
        if (colon >= 0 && argument.isEmpty())
            return invalid(
                    text, Tr::tr("the interpreter after 'local:' is missing"), Examples::Local);
        target.python = argument.toString();
        return target;
    }

    if ((colon >= 0 && isReserved(word)) || (colon < 0 && reservedAlone(word))) {
        return invalid(text,
                       Tr::tr("the method '%1' is not supported yet; a host of that name is "
                              "written ssh://%1")
                               .arg(word.toString()),
                       Examples::All);
    }
    if (const qsizetype scheme = text.indexOf(QLatin1String("://"));
        scheme >= 0 && method != ConnectMethod::Ssh) {
        return invalid(text,
                       Tr::tr("'%1://' is not a known method").arg(text.left(scheme).toString()),
                       Examples::All);
    }

    // Beyond "local:PYTHON", no target has spaces.
    for (const QChar c : text) {
        if (c.isSpace())
            return invalid(text, Tr::tr("it contains a space"), Examples::All);
    }

    if (method == ConnectMethod::Sudo) {
        Target target;
        target.method = ConnectMethod::Sudo;
        if (colon >= 0) {
            if (argument.isEmpty())
                return invalid(text, Tr::tr("the user after 'sudo:' is missing"), Examples::Sudo);
            if (!validUser(argument) || argument.contains(u':') || argument.contains(u'@'))
                return invalid(text,
                               Tr::tr("'%1' is not a valid user name").arg(argument.toString()),
                               Examples::Sudo);
            target.user = argument.toString();
        }
        return target;
    }

    if (method == ConnectMethod::Ssh) {
        if (!argument.startsWith(QLatin1String("//")))
            return invalid(text, Tr::tr("ssh is written ssh://HOST"), Examples::Ssh);
        QStringView rest = argument.mid(2);
        if (rest.endsWith(u'/'))
            rest.chop(1);
        if (rest.contains(u'/'))
            return invalid(text, Tr::tr("only a host may follow 'ssh://'"), Examples::Ssh);
        if (rest.isEmpty())
            return invalid(text, Tr::tr("the host name is missing"), Examples::Ssh);
        return parseSsh(text, rest);
    }

    return parseSsh(text, text);
}

QString formatTarget(const Target &target)
{
    switch (target.method) {
    case ConnectMethod::Local:
        return target.python.isEmpty() ? QStringLiteral("local")
                                       : QStringLiteral("local:") + target.python;
    case ConnectMethod::Sudo:
        return target.user.isEmpty() ? QStringLiteral("sudo")
                                     : QStringLiteral("sudo:") + target.user;
    case ConnectMethod::Ssh:
        break;
    }
    QString text;
    if (!target.user.isEmpty())
        text += target.user + u'@';
    const bool v6 = target.host.contains(u':');
    if (v6 && target.port > 0)
        text += u'[' + target.host + u']';
    else
        text += target.host;
    if (target.port > 0)
        text += u':' + QString::number(target.port);
    // A host called "local", "sudo", "su", or one whose name reads as a method before ":".
    // (A host the grammar refuses, such as an alias kept from an earlier version, stays as
    // it is.)
    const Result<Target> back = parseTarget(text);
    if (back && *back == target)
        return text;
    const QString url = QStringLiteral("ssh://") + text;
    const Result<Target> viaUrl = parseTarget(url);
    return viaUrl && *viaUrl == target ? url : text;
}

QString formatTarget(const ConnectOptions &options)
{
    return formatTarget(Target::fromOptions(options));
}

bool hasTargetForm(QStringView input)
{
    const QStringView text = input.trimmed();
    const qsizetype colon = text.indexOf(u':');
    const QStringView word = colon >= 0 ? text.left(colon) : text;
    if (methodFromName(word) || (colon >= 0 && isReserved(word)) || reservedAlone(word)
        || text.contains(QLatin1String("://")))
        return true;
    const Result<Target> target = parseTarget(text);
    if (!target)
        return false;
    // Parsed, and more than a bare name: a user, a port or an IPv6 address.
    return target->method != ConnectMethod::Ssh || !target->user.isEmpty() || target->port > 0
           || target->host.contains(u':');
}

} // namespace Econtext
