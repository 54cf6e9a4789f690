#include "ui/connect/targetparser.h"

#include "ui/hosts/hoststore.h"

#include <QCoreApplication>

namespace Econtext {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Econtext::TargetParser)
};

ConnectOptions fail(bool *ok, QString *error, const QString &message)
{
    if (ok)
        *ok = false;
    if (error)
        *error = message;
    return {};
}

bool isHostChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('.')
           || c == QLatin1Char('_');
}

bool isIpv6Char(QChar c)
{
    return (c.isDigit() || (c.toLower() >= QLatin1Char('a') && c.toLower() <= QLatin1Char('f'))
            || c == QLatin1Char(':') || c == QLatin1Char('.') || c == QLatin1Char('%'));
}

bool validHost(QStringView host, bool ipv6)
{
    if (host.isEmpty())
        return false;
    for (const QChar c : host) {
        if (ipv6 ? !isIpv6Char(c) && !c.isLetterOrNumber() : !isHostChar(c))
            return false;
    }
    return ipv6 || (!host.startsWith(QLatin1Char('-')) && !host.startsWith(QLatin1Char('.')));
}

} // namespace

ConnectOptions resolveTarget(const QString &text, const HostStore *store, bool *ok, QString *error)
{
    if (store && !text.trimmed().isEmpty()) {
        if (const std::optional<SavedHost> saved = store->findByName(text.trimmed())) {
            if (ok)
                *ok = true;
            if (error)
                error->clear();
            return saved->toConnectOptions();
        }
    }
    return parseTarget(text, ok, error);
}

QString defaultContextName(const ConnectOptions &options)
{
    if (!options.name.isEmpty())
        return options.name;
    if (options.method == QLatin1String("local") || options.host.isEmpty())
        return QStringLiteral("local");
    return options.host;
}

QString formatTarget(const ConnectOptions &options)
{
    if (options.method == QLatin1String("local")) {
        return options.python.isEmpty() ? QStringLiteral("local")
                                        : QStringLiteral("local:") + options.python;
    }
    QString text;
    if (!options.user.isEmpty())
        text += options.user + QLatin1Char('@');
    const bool v6 = options.host.contains(QLatin1Char(':'));
    if (v6 && options.port > 0)
        text += QLatin1Char('[') + options.host + QLatin1Char(']');
    else
        text += options.host;
    if (options.port > 0)
        text += QLatin1Char(':') + QString::number(options.port);
    return text;
}

ConnectOptions parseTarget(const QString &input, bool *ok, QString *error)
{
    const QString text = input.trimmed();
    if (text.isEmpty()) {
        return fail(ok,
                    error,
                    Tr::tr("Enter a target: local, a host name, user@host:port or an alias "
                           "from ~/.ssh/config."));
    }

    ConnectOptions options;
    if (text.compare(QLatin1String("local"), Qt::CaseInsensitive) == 0) {
        options.method = QStringLiteral("local");
        options.name = QStringLiteral("local");
        if (ok)
            *ok = true;
        if (error)
            error->clear();
        return options;
    }
    if (text.startsWith(QLatin1String("local:"), Qt::CaseInsensitive)) {
        const QString python = text.mid(6).trimmed();
        if (python.isEmpty()) {
            return fail(ok,
                        error,
                        Tr::tr("Enter the Python interpreter after “local:”, for example "
                               "local:/usr/bin/python3."));
        }
        options.method = QStringLiteral("local");
        options.python = python;
        options.name = QStringLiteral("local");
        if (ok)
            *ok = true;
        if (error)
            error->clear();
        return options;
    }

    QString rest = text;
    if (rest.startsWith(QLatin1String("ssh://"), Qt::CaseInsensitive)) {
        rest = rest.mid(6);
        if (rest.endsWith(QLatin1Char('/')))
            rest.chop(1);
    }
    for (const QChar c : std::as_const(rest)) {
        if (c.isSpace())
            return fail(ok, error, Tr::tr("The target must not contain spaces."));
    }

    const qsizetype at = rest.lastIndexOf(QLatin1Char('@'));
    if (at >= 0) {
        options.user = rest.left(at);
        rest = rest.mid(at + 1);
        if (options.user.isEmpty())
            return fail(ok, error, Tr::tr("The user name before “@” is empty."));
        if (rest.isEmpty())
            return fail(ok, error, Tr::tr("The host name after “@” is missing."));
    }

    QString host;
    QString portText;
    bool hasPort = false;
    bool ipv6 = false;
    if (rest.startsWith(QLatin1Char('['))) {
        const qsizetype close = rest.indexOf(QLatin1Char(']'));
        if (close < 0)
            return fail(ok, error, Tr::tr("The “[” before the IPv6 address is not closed."));
        host = rest.mid(1, close - 1);
        ipv6 = true;
        const QString after = rest.mid(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(QLatin1Char(':'))) {
                return fail(
                        ok, error, Tr::tr("Only “:port” may follow the IPv6 address in brackets."));
            }
            hasPort = true;
            portText = after.mid(1);
        }
    } else if (rest.count(QLatin1Char(':')) > 1) {
        host = rest; // a bare IPv6 address; a port needs the [addr]:port form
        ipv6 = true;
    } else {
        const qsizetype colon = rest.indexOf(QLatin1Char(':'));
        host = colon >= 0 ? rest.left(colon) : rest;
        if (colon >= 0) {
            hasPort = true;
            portText = rest.mid(colon + 1);
        }
    }

    if (host.isEmpty())
        return fail(ok, error, Tr::tr("The host name is missing."));
    if (!validHost(host, ipv6))
        return fail(ok, error, Tr::tr("“%1” is not a valid host name.").arg(host));
    if (hasPort) {
        if (portText.isEmpty())
            return fail(ok, error, Tr::tr("The port after “:” is missing."));
        bool numeric = false;
        const qlonglong port = portText.toLongLong(&numeric);
        if (!numeric || portText.startsWith(QLatin1Char('+'))
            || portText.startsWith(QLatin1Char('-'))) {
            return fail(ok,
                        error,
                        Tr::tr("“%1” is not a port number; use a number from 1 to 65535.")
                                .arg(portText));
        }
        if (port < 1 || port > 65535) {
            return fail(
                    ok,
                    error,
                    Tr::tr("Port %1 is out of range; use a number from 1 to 65535.").arg(portText));
        }
        options.port = int(port);
    }

    options.method = QStringLiteral("ssh");
    options.host = host;
    options.name = host;
    if (ok)
        *ok = true;
    if (error)
        error->clear();
    return options;
}

} // namespace Econtext
