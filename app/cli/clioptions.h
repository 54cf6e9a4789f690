// CliOptions: what econtext-cli was asked to do, parsed from argv. Options may
// stand anywhere before "--", as in git-style tools.
#pragma once

#include "core/broker/broker.h"
#include "core/util/result.h"

#include <QStringList>

namespace Econtext::Cli {

struct CliOptions
{
    QString command;         // run, eval, call, import
    QStringList targets;     // one or more TARGETs
    QStringList arguments;   // what follows the targets (EXPR, MODULE.FUNC ARGS, MODULES)
    QStringList commandLine; // after "--" (run)
    QStringList modulePath;
    QStringList via; // contexts to go through, outermost first (--via, repeatable)
    QString python;
    QString identity;
    QString user;
    QString knownHosts;
    QString passwordFile;
    int port = 0;
    bool acceptNewHostKey = false;
    bool json = false;
    bool scaling = false;    // bench: message size, contexts, depth
    QString referencePython; // empty: the module server's default (python3)
    QString importModule = QStringLiteral("pygments.lexers.python"); // bench; "none": skip
    bool verbose = false;
    int logLevel = 30;
    double timeoutSeconds = 30;
    double maxValueMiB = 256; // ConnectOptions::maxValueBytes
};

// Parses argv (without argv[0]). "help" and "version" come back as commands.
Result<CliOptions> parseArguments(const QStringList &args);
QString usageText();

// Turns one TARGET ("local", "local:PYTHON", "sudo", "sudo:USER",
// "ssh://[user@]host[:port]" or an ssh_config alias) plus the options into ConnectOptions.
Result<ConnectOptions> connectOptionsFor(const QString &target, const CliOptions &options);

int logLevelFromName(const QString &name, bool *ok);

} // namespace Econtext::Cli
