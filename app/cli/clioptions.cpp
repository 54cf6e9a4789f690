#include "app/cli/clioptions.h"

#include <QCoreApplication>
#include <QUrl>

namespace Econtext::Cli {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(EcontextCli)
};

const QStringList s_commands = {QStringLiteral("run"),
                                QStringLiteral("eval"),
                                QStringLiteral("call"),
                                QStringLiteral("import"),
                                QStringLiteral("bench"),
                                QStringLiteral("help"),
                                QStringLiteral("version")};

// Options that take a value.
const QStringList s_valued = {QStringLiteral("--python"),
                              QStringLiteral("--module-path"),
                              QStringLiteral("--import-module"),
                              QStringLiteral("--reference-python"),
                              QStringLiteral("--log-level"),
                              QStringLiteral("--timeout"),
                              QStringLiteral("--max-value"),
                              QStringLiteral("--identity"),
                              QStringLiteral("-i"),
                              QStringLiteral("--port"),
                              QStringLiteral("-p"),
                              QStringLiteral("--user"),
                              QStringLiteral("-l"),
                              QStringLiteral("--known-hosts"),
                              QStringLiteral("--password-file"),
                              QStringLiteral("--via")};

Error usageError(const QString &message)
{
    return makeError(Error::Generic, message);
}

} // namespace

int logLevelFromName(const QString &name, bool *ok)
{
    static const QList<std::pair<QString, int>> levels = {{QStringLiteral("debug"), 10},
                                                          {QStringLiteral("info"), 20},
                                                          {QStringLiteral("warning"), 30},
                                                          {QStringLiteral("error"), 40},
                                                          {QStringLiteral("critical"), 50}};
    for (const auto &[levelName, value] : levels) {
        if (name.compare(levelName, Qt::CaseInsensitive) == 0) {
            *ok = true;
            return value;
        }
    }
    const int number = name.toInt(ok);
    return *ok ? number : 30;
}

QString usageText()
{
    return Tr::tr(
            "Usage: econtext-cli COMMAND TARGET... [ARGS] [OPTIONS] [-- COMMAND LINE]\n"
            "\n"
            "Commands:\n"
            "  run TARGET... -- CMD [ARG...]       run a command, stream its output, exit with its "
            "status\n"
            "  eval TARGET... EXPR                 evaluate a Python expression, print its repr()\n"
            "  call TARGET... MODULE.FUNC [JSON...] call a function, print the result as JSON\n"
            "  import TARGET... MODULE...          import modules, print the import statistics\n"
            "  bench [TARGET]                      measure bootstrap, call rates and throughput\n"
            "\n"
            "Targets:\n"
            "  local                  a Python interpreter on this machine (see --python)\n"
            "  local:PYTHON           a given interpreter on this machine\n"
            "  ssh://[USER@]HOST[:PORT], or an alias from ~/.ssh/config\n"
            "  sudo, sudo:USER        sudo to root or USER (through --via, else on this machine)\n"
            "\n"
            "Options:\n"
            "  --python PATH          the interpreter to start (default python3)\n"
            "  --module-path DIR      serve modules from DIR first (repeatable)\n"
            "  --reference-python PATH  then from the sys.path of PATH (default python3)\n"
            "  --log-level LEVEL      forward remote logging at LEVEL (debug, info, warning, ...)\n"
            "  --timeout SECONDS      connect and call timeout (default 30)\n"
            "  --max-value MIB        largest argument, result or log record (default 256)\n"
            "  --json                 machine-readable output (import, call, bench)\n"
            "  -i, --identity FILE    ssh private key\n"
            "  -p, --port PORT        ssh port\n"
            "  -l, --user USER        ssh user\n"
            "  --known-hosts FILE     ssh known_hosts file\n"
            "  --accept-new-host-key  trust and remember an unknown ssh host key\n"
            "  --password-file FILE   read the ssh or sudo password from FILE\n"
            "  --via TARGET           reach the targets through TARGET; repeat for a chain,\n"
            "                         outermost first: --via ssh://gw --via ssh://inner\n"
            "  -v, --verbose          print the bootstrap timeline\n"
            "  --scaling              bench: also how figures scale with message size,\n"
            "                         number of contexts and depth of the context tree\n"
            "  --import-module NAME   bench: the module imported into fresh contexts\n"
            "                         (default pygments.lexers.python; none: skip)\n"
            "\n"
            "Exit status: 0 ok, 1 the remote raised, 2 connection or bootstrap failure;\n"
            "run exits with the command's own status.\n");
}

Result<CliOptions> parseArguments(const QStringList &args)
{
    CliOptions o;
    QStringList positional;
    qsizetype i = 0;
    for (; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (arg == QLatin1String("--")) {
            o.commandLine = args.mid(i + 1);
            break;
        }
        if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
            o.command = QStringLiteral("help");
            return o;
        }
        if (arg == QLatin1String("--version")) {
            o.command = QStringLiteral("version");
            return o;
        }
        if (!arg.startsWith(u'-') || arg == QLatin1String("-")) {
            positional << arg;
            continue;
        }
        QString name = arg;
        QString value;
        bool hasValue = false;
        if (const qsizetype eq = arg.indexOf(u'='); arg.startsWith(QLatin1String("--")) && eq > 0) {
            name = arg.left(eq);
            value = arg.mid(eq + 1);
            hasValue = true;
        }
        if (s_valued.contains(name)) {
            if (!hasValue) {
                if (i + 1 >= args.size())
                    return usageError(Tr::tr("The option %1 needs a value.").arg(name));
                value = args.at(++i);
            }
        } else if (hasValue) {
            return usageError(Tr::tr("The option %1 takes no value.").arg(name));
        }

        bool ok = true;
        if (name == QLatin1String("--python")) {
            o.python = value;
        } else if (name == QLatin1String("--module-path")) {
            o.modulePath << value;
        } else if (name == QLatin1String("--log-level")) {
            o.logLevel = logLevelFromName(value, &ok);
            if (!ok)
                return usageError(Tr::tr("Unknown log level \"%1\".").arg(value));
        } else if (name == QLatin1String("--timeout")) {
            o.timeoutSeconds = value.toDouble(&ok);
            if (!ok || o.timeoutSeconds <= 0)
                return usageError(Tr::tr("The timeout must be a positive number of seconds."));
        } else if (name == QLatin1String("--max-value")) {
            o.maxValueMiB = value.toDouble(&ok);
            if (!ok || o.maxValueMiB < 1 || o.maxValueMiB > 4096)
                return usageError(
                        Tr::tr("The value limit must be a number of MiB from 1 to 4096."));
        } else if (name == QLatin1String("--identity") || name == QLatin1String("-i")) {
            o.identity = value;
        } else if (name == QLatin1String("--port") || name == QLatin1String("-p")) {
            o.port = value.toInt(&ok);
            if (!ok || o.port <= 0 || o.port > 65535)
                return usageError(Tr::tr("The port must be a number from 1 to 65535."));
        } else if (name == QLatin1String("--user") || name == QLatin1String("-l")) {
            o.user = value;
        } else if (name == QLatin1String("--known-hosts")) {
            o.knownHosts = value;
        } else if (name == QLatin1String("--via")) {
            o.via.append(value);
        } else if (name == QLatin1String("--password-file")) {
            o.passwordFile = value;
        } else if (name == QLatin1String("--accept-new-host-key")) {
            o.acceptNewHostKey = true;
        } else if (name == QLatin1String("--json")) {
            o.json = true;
        } else if (name == QLatin1String("--reference-python")) {
            o.referencePython = value;
        } else if (name == QLatin1String("--import-module")) {
            o.importModule = value;
        } else if (name == QLatin1String("--scaling")) {
            o.scaling = true;
        } else if (name == QLatin1String("--verbose") || name == QLatin1String("-v")) {
            o.verbose = true;
        } else {
            return usageError(Tr::tr("Unknown option %1; see econtext-cli --help.").arg(name));
        }
    }

    if (positional.isEmpty())
        return usageError(Tr::tr("No command given; see econtext-cli --help."));
    o.command = positional.takeFirst();
    if (!s_commands.contains(o.command))
        return usageError(
                Tr::tr("Unknown command \"%1\"; see econtext-cli --help.").arg(o.command));
    if (o.command == QLatin1String("help") || o.command == QLatin1String("version"))
        return o;

    // Targets come first; for run they are everything before "--", for the
    // other commands everything up to the last argument group. A target is
    // recognised by its form: local, local:..., ssh://..., or (for run) any word.
    auto looksLikeTarget = [](const QString &s) {
        return s == QLatin1String("local") || s.startsWith(QLatin1String("local:"))
               || s == QLatin1String("sudo") || s.startsWith(QLatin1String("sudo:"))
               || s.startsWith(QLatin1String("ssh://"));
    };
    if (o.command == QLatin1String("bench")) {
        o.targets = positional.isEmpty() ? QStringList{QStringLiteral("local")} : positional;
        return o;
    }
    if (o.command == QLatin1String("run")) {
        o.targets = positional;
        if (o.commandLine.isEmpty())
            return usageError(Tr::tr("run needs a command after \"--\", for example: "
                                     "econtext-cli run local -- hostname"));
    } else {
        // The first positional is always a target; more targets follow while they look like one.
        if (!positional.isEmpty())
            o.targets << positional.takeFirst();
        while (!positional.isEmpty() && looksLikeTarget(positional.first()))
            o.targets << positional.takeFirst();
        o.arguments = positional;
        if (o.arguments.isEmpty()) {
            if (o.command == QLatin1String("eval"))
                return usageError(Tr::tr("eval needs a Python expression."));
            if (o.command == QLatin1String("call"))
                return usageError(Tr::tr("call needs MODULE.FUNCTION."));
            return usageError(Tr::tr("import needs at least one module name."));
        }
    }
    if (o.targets.isEmpty())
        return usageError(Tr::tr("No target given; use local, ssh://HOST or an ssh alias."));
    return o;
}

Result<ConnectOptions> connectOptionsFor(const QString &target, const CliOptions &o)
{
    ConnectOptions c;
    c.python = o.python;
    c.connectTimeoutMs = int(o.timeoutSeconds * 1000);
    c.bootstrapTimeoutMs = int(o.timeoutSeconds * 1000);
    c.logLevel = o.logLevel;
    c.maxValueBytes = qint64(o.maxValueMiB * 1024 * 1024);
    if (target == QLatin1String("local") || target.startsWith(QLatin1String("local:"))) {
        c.method = QStringLiteral("local");
        if (target.startsWith(QLatin1String("local:")))
            c.python = target.mid(6);
        c.name = target;
        return c;
    }
    if (target == QLatin1String("sudo") || target.startsWith(QLatin1String("sudo:"))) {
        c.method = QStringLiteral("sudo");
        c.user = target.mid(5);
        c.passwordFile = o.passwordFile;
        c.name = target;
        return c;
    }
    c.method = QStringLiteral("ssh");
    c.identityFile = o.identity;
    c.knownHostsFile = o.knownHosts;
    c.acceptNewHostKey = o.acceptNewHostKey;
    c.passwordFile = o.passwordFile;
    c.user = o.user;
    c.port = o.port;
    if (target.startsWith(QLatin1String("ssh://"))) {
        const QUrl url(target, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            return makeError(Error::Generic,
                             Tr::tr("\"%1\" is not a valid target; use ssh://[USER@]HOST[:PORT].")
                                     .arg(target));
        c.host = url.host();
        if (!url.userName().isEmpty() && c.user.isEmpty())
            c.user = url.userName();
        if (url.port() > 0 && c.port == 0)
            c.port = url.port();
    } else {
        c.host = target; // an ssh_config alias or a plain host name
    }
    c.name = target;
    return c;
}

} // namespace Econtext::Cli
