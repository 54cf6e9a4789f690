#include "app/cli/clioptions.h"

#include "core/connect/sshconfig.h"
#include "core/connect/target.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>

namespace Econtext::Cli {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(EcontextCli)
};

struct CommandSpec
{
    QString name;
    QString targetsSyntax;   // the usage line's part before "--"
    QString argumentsSyntax; // what follows "--" (empty: nothing does)
    QString argumentsName;   // the positional argument's name in the help
    QString argumentsHelp;
    QString description;
    bool json = false;  // takes --json
    bool bench = false; // takes --scaling and --import-module
};

QList<CommandSpec> commands()
{
    return {
            {QStringLiteral("run"),
             QStringLiteral("run TARGET..."),
             QStringLiteral("COMMAND [ARG...]"),
             QStringLiteral("COMMAND"),
             Tr::tr("The command line to run, after \"--\"."),
             Tr::tr("Runs a command in every target, streams its output live and exits with "
                    "its status."),
             false,
             false},
            {QStringLiteral("eval"),
             QStringLiteral("eval TARGET..."),
             QStringLiteral("EXPRESSION"),
             QStringLiteral("EXPRESSION"),
             Tr::tr("A Python expression, after \"--\" (or right after a single target)."),
             Tr::tr("Evaluates a Python expression in every target and prints its repr() as "
                    "the target computed it."),
             false,
             false},
            {QStringLiteral("call"),
             QStringLiteral("call TARGET..."),
             QStringLiteral("MODULE.FUNCTION [JSON...]"),
             QStringLiteral("MODULE.FUNCTION"),
             Tr::tr("The function to call and its arguments as JSON, after \"--\" (or right "
                    "after a single target)."),
             Tr::tr("Calls a function in every target with JSON arguments and prints the "
                    "result as JSON."),
             true,
             false},
            {QStringLiteral("import"),
             QStringLiteral("import TARGET..."),
             QStringLiteral("MODULE..."),
             QStringLiteral("MODULE"),
             Tr::tr("The modules to import, after \"--\" (or right after a single target)."),
             Tr::tr("Imports modules in every target and prints the import statistics."),
             true,
             false},
            {QStringLiteral("bench"),
             QStringLiteral("bench [TARGET]"),
             QString(),
             QString(),
             QString(),
             Tr::tr("Measures bootstrap, call rates and throughput on one target (default "
                    "local)."),
             true,
             true},
    };
}

std::optional<CommandSpec> findCommand(const QString &name)
{
    for (const CommandSpec &c : commands()) {
        if (c.name == name)
            return c;
    }
    return std::nullopt;
}

// Every option; a command's parser leaves out those that are not its own.
void addOptions(QCommandLineParser &parser, const CommandSpec *command)
{
    const auto flag = [&](const QStringList &names, const QString &description) {
        parser.addOption(QCommandLineOption(names, description));
    };
    const auto valued
            = [&](const QStringList &names, const QString &valueName, const QString &description) {
                  parser.addOption(QCommandLineOption(names, description, valueName));
              };
    flag({QStringLiteral("h"), QStringLiteral("help")},
         Tr::tr("Shows this help; after a command, that command's help."));
    flag({QStringLiteral("version")}, Tr::tr("Shows the version."));
    valued({QStringLiteral("python")},
           QStringLiteral("PATH"),
           Tr::tr("The interpreter to start for targets that name none (default python3; over "
                  "ssh python3, then python)."));
    valued({QStringLiteral("module-path")},
           QStringLiteral("DIR"),
           Tr::tr("Serves modules from DIR first (repeatable)."));
    valued({QStringLiteral("reference-python")},
           QStringLiteral("PATH"),
           Tr::tr("Then serves modules from the sys.path of PATH (default python3)."));
    valued({QStringLiteral("log-level")},
           QStringLiteral("LEVEL"),
           Tr::tr("Forwards remote logging at LEVEL (debug, info, warning, error, critical or "
                  "a number) to stderr."));
    valued({QStringLiteral("timeout")},
           QStringLiteral("SECONDS"),
           Tr::tr("run: stops the command after SECONDS (SIGINT, then SIGTERM, then SIGKILL; "
                  "default: no limit); eval, call, import: the time each call may take "
                  "(default 30)."));
    valued({QStringLiteral("connect-timeout")},
           QStringLiteral("SECONDS"),
           Tr::tr("Connecting and starting Python, each (default 30)."));
    valued({QStringLiteral("max-value")},
           QStringLiteral("MIB"),
           Tr::tr("The largest argument, result or log record in MiB (default 256); one over it "
                  "fails alone, naming the limit."));
    valued({QStringLiteral("connect-attempts")},
           QStringLiteral("N"),
           Tr::tr("ssh: tries when a server closes the connection before the handshake, as "
                  "sshd does beyond MaxStartups (default 3)."));
    if (!command || command->json)
        flag({QStringLiteral("json")}, Tr::tr("Machine-readable output."));
    valued({QStringLiteral("i"), QStringLiteral("identity")},
           QStringLiteral("FILE"),
           Tr::tr("ssh private key."));
    valued({QStringLiteral("p"), QStringLiteral("port")},
           QStringLiteral("PORT"),
           Tr::tr("ssh port for targets that name none."));
    valued({QStringLiteral("l"), QStringLiteral("user")},
           QStringLiteral("USER"),
           Tr::tr("ssh user for targets that name none."));
    valued({QStringLiteral("known-hosts")},
           QStringLiteral("FILE"),
           Tr::tr("ssh known_hosts file."));
    flag({QStringLiteral("accept-new-host-key")},
         Tr::tr("Trusts and remembers an unknown ssh host key."));
    valued({QStringLiteral("password-file")},
           QStringLiteral("FILE"),
           Tr::tr("Reads the ssh or sudo password from the first line of FILE."));
    valued({QStringLiteral("via")},
           QStringLiteral("TARGET"),
           Tr::tr("Reaches the targets through TARGET; repeat for a chain, outermost first: "
                  "--via ssh://gw --via sudo."));
    flag({QStringLiteral("v"), QStringLiteral("verbose")},
         Tr::tr("Prints the bootstrap timeline."));
    if (!command || command->bench) {
        flag({QStringLiteral("scaling")},
             Tr::tr("bench: also how figures scale with message size, number of contexts and "
                    "depth of the context tree."));
        valued({QStringLiteral("import-module")},
               QStringLiteral("NAME"),
               Tr::tr("bench: the module imported into fresh contexts (default "
                      "pygments.lexers.python; none: skip)."));
    }
}

QString targetsHelp()
{
    return Tr::tr(
            "Targets:\n"
            "  local                      a Python interpreter on this machine (see --python)\n"
            "  local:PYTHON               a given interpreter on this machine\n"
            "  sudo, sudo:USER            sudo to root or USER, started by the last --via\n"
            "                             context (else by a local one)\n"
            "  HOST, USER@HOST:PORT,      ssh; HOST is a host name, an address or an alias\n"
            "  ssh://[USER@]HOST[:PORT]   from ~/.ssh/config; IPv6 with a port: [ADDRESS]:PORT\n"
            "\"local\" and \"sudo\" are never host names: a host called so is ssh://local.\n"
            "\n"
            "Targets and arguments: every word between the command and \"--\" is a target;\n"
            "the arguments (the command line of run, the expression of eval, MODULE.FUNCTION\n"
            "and JSON of call, the modules of import) follow \"--\". With a single target,\n"
            "eval, call and import also take them right after it (eval web1 1+1), unless\n"
            "the next word is a target too (local, sudo, METHOD:..., ...://..., USER@HOST,\n"
            "HOST:PORT or an alias from ~/.ssh/config): then \"--\" is needed.\n"
            "Options may stand anywhere before \"--\".\n");
}

QString exitStatusHelp()
{
    return Tr::tr(
            "Exit status with one target: run exits with the command's own status; the other\n"
            "commands 0 ok, 1 the remote raised; 2 the target could not be connected or\n"
            "bootstrapped, or bad usage; 124 the command or a call timed out.\n"
            "With several targets the command runs on every target that connected; each\n"
            "failure has its own line and a summary ends the run. Exit status: 0 all\n"
            "succeeded, 1 the command failed (non-zero status or an exception) on some,\n"
            "2 some could not be reached or were lost.\n");
}

// text in lines of at most width columns, each indented.
QString wrapped(const QString &text, int indent, int width)
{
    QString out;
    QString line;
    for (const QString &word : text.split(u' ', Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && indent + line.size() + 1 + word.size() > width) {
            out += QString(indent, u' ') + line + u'\n';
            line.clear();
        }
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    if (!line.isEmpty())
        out += QString(indent, u' ') + line + u'\n';
    return out;
}

QString helpText(const CommandSpec *command)
{
    QCommandLineParser parser;
    addOptions(parser, command);
    if (command) {
        parser.setApplicationDescription(command->description);
        parser.addPositionalArgument(QStringLiteral("TARGET"),
                                     command->bench ? Tr::tr("The target to measure.")
                                                    : Tr::tr("Where: one or more targets, see "
                                                             "Targets below."),
                                     command->targetsSyntax);
        if (!command->argumentsSyntax.isEmpty()) {
            parser.addPositionalArgument(command->argumentsName,
                                         command->argumentsHelp,
                                         QStringLiteral("-- ") + command->argumentsSyntax);
        }
    } else {
        parser.setApplicationDescription(
                Tr::tr("Starts Python contexts on this machine, over ssh or through sudo, with "
                       "nothing installed there, and runs commands, expressions and calls in "
                       "them."));
        parser.addPositionalArgument(QStringLiteral("COMMAND"),
                                     Tr::tr("run, eval, call, import or bench; econtext-cli "
                                            "COMMAND --help tells more."),
                                     QStringLiteral("COMMAND"));
        parser.addPositionalArgument(QStringLiteral("TARGET"),
                                     Tr::tr("Where: one or more targets, see Targets below."),
                                     QStringLiteral("TARGET..."));
        parser.addPositionalArgument(QStringLiteral("ARGUMENTS"),
                                     Tr::tr("What the command needs, after \"--\"."),
                                     QStringLiteral("[-- ARGUMENTS]"));
    }
    QString text = parser.helpText() + u'\n';
    if (!command) {
        text += Tr::tr("Commands:\n");
        for (const CommandSpec &c : commands()) {
            const QString syntax
                    = c.argumentsSyntax.isEmpty()
                              ? c.targetsSyntax
                              : c.targetsSyntax + QStringLiteral(" -- ") + c.argumentsSyntax;
            text += QStringLiteral("  ") + syntax + u'\n' + wrapped(c.description, 6, 80);
        }
        text += u'\n';
    }
    if (!command || !command->bench)
        text += targetsHelp() + u'\n' + exitStatusHelp();
    return text;
}

Error usageError(const QString &message)
{
    return makeError(Error::Generic, message);
}

// A word that names something when it stands where arguments may begin: it has a target's
// own form, or it is an alias of the ssh configuration (the file the ssh transport reads:
// ~/.ssh/config, or the one ECONTEXT_SSH_CONFIG names).
bool namesATarget(const QString &word)
{
    if (hasTargetForm(word))
        return true;
    SshConfig config;
    return config.load(qEnvironmentVariable("ECONTEXT_SSH_CONFIG"))
           && config.contains(word.trimmed());
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

Result<CliOptions> parseArguments(const QStringList &args)
{
    // Everything after the first "--" belongs to the command, never to the parser.
    const qsizetype dash = args.indexOf(QStringLiteral("--"));
    const bool hasDash = dash >= 0;
    const QStringList tail = hasDash ? args.mid(dash + 1) : QStringList();
    const QStringList argv
            = QStringList{QStringLiteral("econtext-cli")} + (hasDash ? args.mid(0, dash) : args);

    CliOptions o;
    // Once with every option, to find the command; then with the command's own options.
    QCommandLineParser all;
    addOptions(all, nullptr);
    if (!all.parse(argv))
        return usageError(all.errorText());
    const QStringList words = all.positionalArguments();
    const QString first = words.value(0);
    if (all.isSet(QStringLiteral("help")) || first == QLatin1String("help")) {
        const QString about = first == QLatin1String("help") ? words.value(1) : first;
        const std::optional<CommandSpec> command = findCommand(about);
        if (!about.isEmpty() && !command)
            return usageError(
                    Tr::tr("Unknown command \"%1\"; see econtext-cli --help.").arg(about));
        o.command = QStringLiteral("help");
        o.helpText = helpText(command ? &*command : nullptr);
        return o;
    }
    if (all.isSet(QStringLiteral("version")) || first == QLatin1String("version")) {
        o.command = QStringLiteral("version");
        return o;
    }
    if (first.isEmpty())
        return usageError(Tr::tr("No command given; see econtext-cli --help."));
    const std::optional<CommandSpec> command = findCommand(first);
    if (!command)
        return usageError(Tr::tr("Unknown command \"%1\"; see econtext-cli --help.").arg(first));
    o.command = command->name;

    QCommandLineParser parser;
    addOptions(parser, &*command);
    if (!parser.parse(argv))
        return usageError(parser.errorText());

    bool ok = true;
    const auto value = [&](const char *name) {
        return parser.value(QLatin1String(name));
    };
    const auto isSet = [&](const char *name) {
        return parser.isSet(QLatin1String(name));
    };
    o.python = value("python");
    o.modulePath = parser.values(QStringLiteral("module-path"));
    o.referencePython = value("reference-python");
    if (isSet("log-level")) {
        o.logLevel = logLevelFromName(value("log-level"), &ok);
        if (!ok)
            return usageError(Tr::tr("Unknown log level \"%1\".").arg(value("log-level")));
    }
    for (auto [name, seconds] : {std::pair{"timeout", &o.timeoutSeconds},
                                 std::pair{"connect-timeout", &o.connectTimeoutSeconds}}) {
        if (!isSet(name))
            continue;
        *seconds = value(name).toDouble(&ok);
        if (!ok || *seconds <= 0)
            return usageError(Tr::tr("The timeout must be a positive number of seconds."));
    }
    if (isSet("max-value")) {
        o.maxValueMiB = value("max-value").toDouble(&ok);
        if (!ok || o.maxValueMiB < 1 || o.maxValueMiB > 4096)
            return usageError(Tr::tr("The value limit must be a number of MiB from 1 to 4096."));
    }
    if (isSet("connect-attempts")) {
        o.connectAttempts = value("connect-attempts").toInt(&ok);
        if (!ok || o.connectAttempts < 1 || o.connectAttempts > 100)
            return usageError(Tr::tr("The connect attempts must be a number from 1 to 100."));
    }
    o.identity = value("identity");
    if (isSet("port")) {
        o.port = value("port").toInt(&ok);
        if (!ok || o.port <= 0 || o.port > 65535)
            return usageError(Tr::tr("The port must be a number from 1 to 65535."));
    }
    o.user = value("user");
    o.knownHosts = value("known-hosts");
    o.acceptNewHostKey = isSet("accept-new-host-key");
    o.passwordFile = value("password-file");
    o.via = parser.values(QStringLiteral("via"));
    o.verbose = isSet("verbose");
    if (command->json)
        o.json = isSet("json");
    if (command->bench) {
        o.scaling = isSet("scaling");
        if (isSet("import-module"))
            o.importModule = value("import-module");
    }

    // Targets and arguments (see targetsHelp()).
    const QStringList positional = parser.positionalArguments().mid(1);
    if (command->bench) {
        if (hasDash)
            return usageError(Tr::tr("bench takes no arguments after \"--\"."));
        if (positional.size() > 1)
            return usageError(Tr::tr("bench measures one target at a time."));
        o.targets = positional.isEmpty() ? QStringList{QStringLiteral("local")} : positional;
    } else if (command->name == QLatin1String("run")) {
        if (tail.isEmpty())
            return usageError(Tr::tr("run needs a command after \"--\", for example: "
                                     "econtext-cli run local -- hostname"));
        o.targets = positional;
        o.commandLine = tail;
    } else if (hasDash) {
        o.targets = positional;
        o.arguments = tail;
    } else {
        // A single target may be followed by its arguments directly, unless the word after
        // it names a target too: then the user meant several targets, or must say otherwise.
        o.targets = positional.mid(0, 1);
        o.arguments = positional.mid(1);
        if (!o.arguments.isEmpty() && namesATarget(o.arguments.first())) {
            return usageError(Tr::tr("'%1' after the target '%2' is a target too; put -- before "
                                     "the arguments: econtext-cli %3 %2 %1 -- %4")
                                      .arg(o.arguments.first(),
                                           o.targets.first(),
                                           command->name,
                                           command->argumentsSyntax));
        }
    }
    if (o.targets.isEmpty())
        return usageError(Tr::tr("No target given; use local, ssh://HOST or an ssh alias."));
    if (o.arguments.isEmpty() && !command->bench && command->name != QLatin1String("run")) {
        if (command->name == QLatin1String("eval"))
            return usageError(Tr::tr("eval needs a Python expression."));
        if (command->name == QLatin1String("call"))
            return usageError(Tr::tr("call needs MODULE.FUNCTION."));
        return usageError(Tr::tr("import needs at least one module name."));
    }
    // Every target is read before anything is connected: a typo is bad usage.
    for (const QString &target : o.via + o.targets) {
        if (const Result<Target> parsed = parseTarget(target); !parsed)
            return parsed.error();
    }
    return o;
}

Result<ConnectOptions> connectOptionsFor(const QString &text, const CliOptions &o)
{
    const Result<Target> target = parseTarget(text);
    if (!target)
        return target.error();
    ConnectOptions c;
    c.name = text;
    c.python = o.python;
    c.connectTimeoutMs = int(o.connectTimeoutSeconds * 1000);
    c.bootstrapTimeoutMs = int(o.connectTimeoutSeconds * 1000);
    c.logLevel = o.logLevel;
    c.maxValueBytes = qint64(o.maxValueMiB * 1024 * 1024);
    target->applyTo(c);
    switch (target->method) {
    case ConnectMethod::Local:
        break;
    case ConnectMethod::Sudo:
        c.passwordFile = o.passwordFile;
        break;
    case ConnectMethod::Ssh:
        c.identityFile = o.identity;
        c.knownHostsFile = o.knownHosts;
        c.acceptNewHostKey = o.acceptNewHostKey;
        c.connectAttempts = o.connectAttempts;
        c.passwordFile = o.passwordFile;
        if (c.user.isEmpty())
            c.user = o.user;
        if (c.port == 0)
            c.port = o.port;
        break;
    }
    return c;
}

} // namespace Econtext::Cli
