// CliOptions: what econtext-cli was asked to do, parsed from argv with QCommandLineParser
// (standard --help, --version and option errors). Options may stand anywhere before "--".
// Every word between the command and "--" is a target; the arguments follow "--", or, with
// a single target, may follow it directly (see usage in parseArguments()).
#pragma once

#include "core/broker/broker.h"
#include "core/util/result.h"

#include <QStringList>

namespace Econtext::Cli {

struct CliOptions
{
    static constexpr double DefaultCallTimeoutSeconds = 30;

    QString command;         // run, eval, call, import, bench; or help, version
    QString helpText;        // help: the text to print (the command's own, or the general)
    QStringList targets;     // one or more TARGETs, as typed (each parses: see target.h)
    QStringList arguments;   // eval, call, import: EXPR, MODULE.FUNC [JSON...], MODULE...
    QStringList commandLine; // run: the command line after "--"
    QStringList modulePath;
    QStringList via; // contexts to go through, outermost first (--via, repeatable)
    QString python;
    QString identity;
    QString user;
    QString knownHosts;
    QString passwordFile;
    int port = 0;
    int connectAttempts = 3; // ssh: see ConnectOptions::connectAttempts
    bool acceptNewHostKey = false;
    bool json = false;
    bool scaling = false;    // bench: message size, contexts, depth
    QString referencePython; // empty: the module server's default (python3)
    QString importModule = QStringLiteral("pygments.lexers.python"); // bench; "none": skip
    bool verbose = false;
    int logLevel = 30;
    // --timeout: run stops the command then (0: no limit); eval, call and import give each
    // call that long (0: DefaultCallTimeoutSeconds).
    double timeoutSeconds = 0;
    double connectTimeoutSeconds = 30; // connect and bootstrap, each
    double maxValueMiB = 256;          // ConnectOptions::maxValueBytes
};

// Parses argv (without argv[0]). "help" (with helpText) and "version" come back as
// commands; a usage error is one sentence.
Result<CliOptions> parseArguments(const QStringList &args);

// One TARGET (see core/connect/target.h) plus the options, as ConnectOptions: --user and
// --port for ssh targets that name none, --python for targets that name no interpreter.
Result<ConnectOptions> connectOptionsFor(const QString &target, const CliOptions &options);

int logLevelFromName(const QString &name, bool *ok);

} // namespace Econtext::Cli
