// End-to-end tests of econtext-cli: the real binary against real local contexts.
#include "tests/support/pythons.h"
#include "tests/support/sshdfixture.h"
#include "tests/support/tmpfs.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Econtext;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

QString cliPath()
{
    return qEnvironmentVariable("ECONTEXT_BINARY_DIR") + QStringLiteral("/bin/econtext-cli");
}

Run runCli(const QStringList &args,
           int timeoutMs = 60000,
           const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(cliPath(), args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out after %1 s; its stderr: %2")
                        .arg(timeoutMs / 1000)
                        .arg(QString::fromUtf8(p.readAllStandardError()));
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// A port on 127.0.0.1 where nothing listens.
int closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const int port = server.serverPort();
    server.close();
    return port;
}

QStringList lines(const QString &text)
{
    return text.split(u'\n', Qt::SkipEmptyParts);
}

QStringList words(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *word : list)
        out << QString::fromUtf8(word);
    return out;
}

// The lines that start with prefix.
QStringList linesStartingWith(const QString &text, const QString &prefix)
{
    QStringList found;
    for (const QString &line : lines(text)) {
        if (line.startsWith(prefix))
            found << line;
    }
    return found;
}

} // namespace

// The exit code, with the CLI's stderr when it is not the one expected.
#define EXPECT_EXIT(run, code) \
    QVERIFY2((run).exitCode == (code), \
             qPrintable(QStringLiteral("exit %1, expected %2; stderr: %3") \
                                .arg((run).exitCode) \
                                .arg(code) \
                                .arg((run).err)))

class tst_Cli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(cliPath()), qPrintable(cliPath()));
        QVERIFY(!Test::availableInterpreters().isEmpty());
    }

    void runStreamsAndExitsWithStatus_data() { Test::addInterpreterRows(); }
    void runStreamsAndExitsWithStatus()
    {
        QFETCH(QString, python);
        const Run r = runCli({QStringLiteral("run"),
                              QStringLiteral("local"),
                              QStringLiteral("--python"),
                              python,
                              QStringLiteral("--"),
                              QStringLiteral("sh"),
                              QStringLiteral("-c"),
                              QStringLiteral("echo out-line; echo err-line >&2; exit 3")});
        EXPECT_EXIT(r, 3);
        QCOMPARE(r.out, QStringLiteral("out-line\n"));
        QVERIFY2(r.err.contains(QStringLiteral("err-line")), qPrintable(r.err));
    }

    void evalPrintsRemoteRepr_data() { Test::addInterpreterRows(); }
    void evalPrintsRemoteRepr()
    {
        QFETCH(QString, python);
        const Run r = runCli({QStringLiteral("eval"),
                              QStringLiteral("local"),
                              QStringLiteral("(1, 'a', [2.5], {3: None})"),
                              QStringLiteral("--python"),
                              python});
        EXPECT_EXIT(r, 0);
        // Python 2 prints its own repr; both agree on this value.
        QCOMPARE(r.out.trimmed(), QStringLiteral("(1, 'a', [2.5], {3: None})"));
    }

    void evalRaisingExitsOne()
    {
        const Run r
                = runCli({QStringLiteral("eval"), QStringLiteral("local"), QStringLiteral("1/0")});
        EXPECT_EXIT(r, 1);
        QVERIFY2(r.err.contains(QStringLiteral("ZeroDivisionError")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("Traceback")), qPrintable(r.err));
    }

    // Output without a newline is printed when the call ends, before its result.
    void evalPrintsPartialOutputFirst_data() { Test::addInterpreterRows(); }
    void evalPrintsPartialOutputFirst()
    {
        QFETCH(QString, python);
        const Run r = runCli({QStringLiteral("eval"),
                              QStringLiteral("local"),
                              QStringLiteral("sys.stdout.write('no newline')"),
                              QStringLiteral("--python"),
                              python});
        EXPECT_EXIT(r, 0);
        // Python 2's write() returns None, 3's the count.
        QVERIFY2(r.out == QStringLiteral("no newline\n10\n")
                         || r.out == QStringLiteral("no newline\nNone\n"),
                 qPrintable(r.out));
    }

    void callPrintsJson()
    {
        const Run r = runCli({QStringLiteral("call"),
                              QStringLiteral("local"),
                              QStringLiteral("os.path.join"),
                              QStringLiteral("\"a\""),
                              QStringLiteral("\"b\"")});
        EXPECT_EXIT(r, 0);
        QCOMPARE(r.out.trimmed(), QStringLiteral("\"a/b\""));
        const Run sum = runCli({QStringLiteral("call"),
                                QStringLiteral("local"),
                                QStringLiteral("builtins.sorted"),
                                QStringLiteral("[3, 1, 2]")});
        EXPECT_EXIT(sum, 0);
        QCOMPARE(sum.out.trimmed(), QStringLiteral("[1,2,3]"));
    }

    // A module that is not there: its traceback, exit status 1, and no "imported" line
    // claiming otherwise; the modules imported before it are still reported.
    void importFailureSaysSoOnly()
    {
        const Run none = runCli({QStringLiteral("import"),
                                 QStringLiteral("local"),
                                 QStringLiteral("no_such_module_here")});
        EXPECT_EXIT(none, 1);
        QVERIFY2(none.err.contains(QLatin1String("No module named 'no_such_module_here'")),
                 qPrintable(none.err));
        QVERIFY2(!none.out.contains(QLatin1String("imported")), qPrintable(none.out));
        const Run some = runCli({QStringLiteral("import"),
                                 QStringLiteral("local"),
                                 QStringLiteral("json"),
                                 QStringLiteral("no_such_module_here")});
        EXPECT_EXIT(some, 1);
        QVERIFY2(some.out.contains(QLatin1String("imported json:")), qPrintable(some.out));
    }

    // Python 2's str is text when it is UTF-8 (os.getcwd(), dict keys), never unmarked
    // base64; real bytes are marked as such (docs/json.md).
    void callPythonTwoStrIsText()
    {
        QString python2;
        for (const Test::Interpreter &i : Test::availableInterpreters()) {
            if (i.major == 2)
                python2 = i.path;
        }
        if (python2.isEmpty())
            QSKIP("no Python 2.7 on this machine");
        const Run r = runCli({QStringLiteral("call"),
                              QStringLiteral("--python"),
                              python2,
                              QStringLiteral("local"),
                              QStringLiteral("locale.localeconv")});
        EXPECT_EXIT(r, 0);
        QVERIFY2(r.out.contains(QLatin1String("\"decimal_point\":\".\"")), qPrintable(r.out));
        const Run cwd = runCli({QStringLiteral("call"),
                                QStringLiteral("--python"),
                                python2,
                                QStringLiteral("local"),
                                QStringLiteral("os.getcwd")});
        EXPECT_EXIT(cwd, 0);
        QVERIFY2(cwd.out.startsWith(QLatin1String("\"/")), qPrintable(cwd.out));
        const Run raw = runCli({QStringLiteral("call"),
                                QStringLiteral("--python"),
                                python2,
                                QStringLiteral("local"),
                                QStringLiteral("binascii.unhexlify"),
                                QStringLiteral("\"ff00\"")});
        EXPECT_EXIT(raw, 0);
        QCOMPARE(raw.out.trimmed(), QStringLiteral("{\"$bytes\":\"/wA=\"}"));
    }

    // JSON integers reach Python exactly, however large (not through a double: 2**53 + 1
    // became 2**53, 12345678901234567890 a float); what is not JSON is refused, saying where.
    void callIntegerArgumentsExact()
    {
        const Run exact = runCli({QStringLiteral("call"),
                                  QStringLiteral("local"),
                                  QStringLiteral("builtins.repr"),
                                  QStringLiteral("[9007199254740993, -12345678901234567890]")});
        EXPECT_EXIT(exact, 0);
        QCOMPARE(exact.out.trimmed(),
                 QStringLiteral("\"[9007199254740993, -12345678901234567890]\""));
        const Run bad = runCli({QStringLiteral("call"),
                                QStringLiteral("local"),
                                QStringLiteral("builtins.len"),
                                QStringLiteral("[1,2")});
        EXPECT_EXIT(bad, 2);
        QVERIFY2(bad.err.contains(QLatin1String("the argument [1,2 is not valid JSON: \",\" or "
                                                "\"]\" expected at character 5.")),
                 qPrintable(bad.err));
    }

    // Big integers: decimal up to 65,536 bits, hexadecimal beyond (exact, linear time);
    // a result over --max-value fails with a sentence naming the limit; a 50 MiB result is
    // printed in pieces, without copies of it in the CLI's memory.
    void callLargeValues()
    {
        const Run decimal = runCli({QStringLiteral("call"),
                                    QStringLiteral("local"),
                                    QStringLiteral("builtins.pow"),
                                    QStringLiteral("2"),
                                    QStringLiteral("1000")});
        EXPECT_EXIT(decimal, 0);
        QVERIFY2(decimal.out.startsWith(QStringLiteral("\"10715086071862673209484250490600018")),
                 qPrintable(decimal.out.left(80)));
        QCOMPARE(decimal.out.trimmed().size(), 302 + 2);
        const Run hex = runCli({QStringLiteral("call"),
                                QStringLiteral("local"),
                                QStringLiteral("builtins.pow"),
                                QStringLiteral(" -2"), // not an option
                                QStringLiteral("2400001")});
        EXPECT_EXIT(hex, 0);
        QCOMPARE(hex.out.trimmed(),
                 QStringLiteral("\"-0x2") + QString(600000, u'0') + QStringLiteral("\""));

        const Run limited = runCli({QStringLiteral("call"),
                                    QStringLiteral("local"),
                                    QStringLiteral("os.urandom"),
                                    QStringLiteral("3000000"),
                                    QStringLiteral("--max-value"),
                                    QStringLiteral("2")});
        EXPECT_EXIT(limited, 1);
        QVERIFY2(limited.err.contains(QStringLiteral("over the limit of 2097152 bytes")),
                 qPrintable(limited.err));

        QProcess p;
        p.start(cliPath(),
                {QStringLiteral("call"),
                 QStringLiteral("local"),
                 QStringLiteral("os.urandom"),
                 QString::number(50 * 1024 * 1024)});
        QVERIFY(p.waitForStarted());
        qint64 peakKiB = 0;
        qint64 printed = 0;
        const QString status = QStringLiteral("/proc/%1/status").arg(p.processId());
        while (p.state() != QProcess::NotRunning) {
            QFile file(status);
            if (file.open(QIODevice::ReadOnly)) {
                for (const QByteArray &line : file.readAll().split('\n')) {
                    if (line.startsWith("VmHWM:"))
                        peakKiB = qMax(peakKiB,
                                       line.mid(6).trimmed().split(' ').value(0).toLongLong());
                }
            }
            printed += p.readAllStandardOutput().size();
            p.waitForFinished(5);
        }
        printed += p.readAllStandardOutput().size();
        QCOMPARE(p.exitCode(), 0);
        // {"$bytes":"<base64>"} and a newline
        QCOMPARE(printed, qint64(69905068 + 14));
        qInfo("a 50 MiB result: the CLI's peak memory %lld MiB", peakKiB / 1024);
        if (qEnvironmentVariableIsSet("ASAN_OPTIONS"))
            qInfo("not compared with a bound: a sanitized build keeps freed memory aside");
        else
            QVERIFY2(peakKiB < 200 * 1024, qPrintable(QString::number(peakKiB / 1024)));
    }

    void missingPythonIsOneClearLine()
    {
        const Run r = runCli({QStringLiteral("eval"),
                              QStringLiteral("local"),
                              QStringLiteral("1"),
                              QStringLiteral("--python"),
                              QStringLiteral("/nonexistent/python9")});
        EXPECT_EXIT(r, 2);
        const QStringList lines = r.err.trimmed().split(u'\n');
        QCOMPARE(lines.size(), 1);
        QVERIFY2(r.err.contains(QStringLiteral("python9")), qPrintable(r.err));
    }

    void badUsageExitsTwo()
    {
        QCOMPARE(runCli({QStringLiteral("run"), QStringLiteral("local")}).exitCode, 2);
        QCOMPARE(runCli({QStringLiteral("eval"),
                         QStringLiteral("local"),
                         QStringLiteral("--port"),
                         QStringLiteral("x")})
                         .exitCode,
                 2);
        const Run help = runCli({QStringLiteral("--help")});
        EXPECT_EXIT(help, 0);
        QVERIFY(help.out.contains(QStringLiteral("Usage:")));
    }

    // QCommandLineParser's standard forms: help (general and per command), version, option
    // errors; options anywhere before "--".
    void helpVersionAndOptionErrors()
    {
        const Run help = runCli({QStringLiteral("--help")});
        EXPECT_EXIT(help, 0);
        for (const char *part : {"Usage: ",
                                 "[options] COMMAND TARGET... [-- ARGUMENTS]",
                                 "Options:",
                                 "--via <TARGET>",
                                 "Arguments:",
                                 "Commands:",
                                 "Targets:",
                                 "sudo, sudo:USER",
                                 "Exit status"})
            QVERIFY2(help.out.contains(QLatin1String(part)), part);

        const Run run = runCli({QStringLiteral("run"), QStringLiteral("--help")});
        EXPECT_EXIT(run, 0);
        QVERIFY2(run.out.contains(QLatin1String("[options] run TARGET... -- COMMAND [ARG...]")),
                 qPrintable(run.out));
        QVERIFY(!run.out.contains(QLatin1String("--scaling"))); // bench's own
        QVERIFY(!run.out.contains(QLatin1String("Commands:")));
        QCOMPARE(runCli({QStringLiteral("help"), QStringLiteral("run")}).out, run.out);
        const Run bench = runCli({QStringLiteral("bench"), QStringLiteral("-h")});
        QVERIFY(bench.out.contains(QLatin1String("--scaling")));

        const Run version = runCli({QStringLiteral("--version")});
        EXPECT_EXIT(version, 0);
        QVERIFY2(version.out.startsWith(QLatin1String("econtext-cli ")), qPrintable(version.out));

        const auto usageError = [](const QStringList &args, const QString &message) {
            const Run r = runCli(args);
            QVERIFY2(r.exitCode == 2 && r.err == QStringLiteral("econtext-cli: ") + message + u'\n'
                             && r.out.isEmpty(),
                     qPrintable(QStringLiteral("%1: exit %2, %3")
                                        .arg(args.join(u' '))
                                        .arg(r.exitCode)
                                        .arg(r.err)));
        };
        usageError({QStringLiteral("eval"),
                    QStringLiteral("local"),
                    QStringLiteral("--frob"),
                    QStringLiteral("1")},
                   QStringLiteral("Unknown option 'frob'."));
        usageError({QStringLiteral("run"),
                    QStringLiteral("local"),
                    QStringLiteral("--scaling"),
                    QStringLiteral("--"),
                    QStringLiteral("true")},
                   QStringLiteral("Unknown option 'scaling'."));
        usageError({QStringLiteral("eval"),
                    QStringLiteral("local"),
                    QStringLiteral("1"),
                    QStringLiteral("--python")},
                   QStringLiteral("Missing value after '--python'."));
        usageError({QStringLiteral("frobnicate"), QStringLiteral("local")},
                   QStringLiteral("Unknown command \"frobnicate\"; see econtext-cli --help."));
        // A target the grammar refuses is bad usage, said before anything is connected.
        usageError({QStringLiteral("eval"),
                    QStringLiteral("web 1"),
                    QStringLiteral("--"),
                    QStringLiteral("1")},
                   QStringLiteral("'web 1' is not a valid target: it contains a space. Examples: "
                                  "local, local:/usr/bin/python3, sudo:postgres, "
                                  "user@host:2222, ssh://host, an alias from ~/.ssh/config."));
        usageError({QStringLiteral("eval"),
                    QStringLiteral("local"),
                    QStringLiteral("--via"),
                    QStringLiteral("docker:web"),
                    QStringLiteral("1")},
                   QStringLiteral("'docker:web' is not a valid target: the method 'docker' is "
                                  "not supported yet; a host of that name is written "
                                  "ssh://docker. Examples: local, local:/usr/bin/python3, "
                                  "sudo:postgres, user@host:2222, ssh://host, an alias from "
                                  "~/.ssh/config."));

        // Options before the command, between targets, after the arguments.
        const Run anywhere = runCli({QStringLiteral("--python"),
                                     QStringLiteral("/usr/bin/python3"),
                                     QStringLiteral("eval"),
                                     QStringLiteral("local"),
                                     QStringLiteral("--timeout"),
                                     QStringLiteral("20"),
                                     QStringLiteral("6*7"),
                                     QStringLiteral("--log-level=error")});
        EXPECT_EXIT(anywhere, 0);
        QCOMPARE(anywhere.out, QStringLiteral("42\n"));
    }

    // Targets and arguments never mix: a single target may take its arguments right after
    // it; several need "--"; a word after the first target that names a target refuses the
    // run with one sentence. An alias of the ssh configuration counts as a target there.
    void targetsAndArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("out");   // stdout of a run that went ahead
        QTest::addColumn<QString>("error"); // the usage error of a refused one
        const auto refusal = [](const char *command, const char *second, const char *syntax) {
            return QStringLiteral("econtext-cli: '%2' after the target 'local' is a target too; "
                                  "put -- before the arguments: econtext-cli %1 local %2 -- %3\n")
                    .arg(QString::fromUtf8(command),
                         QString::fromUtf8(second),
                         QString::fromUtf8(syntax));
        };
        QTest::newRow("eval one target") << words({"eval", "local", "6*7"}) << "42\n"
                                         << "";
        QTest::newRow("eval words joined") << words({"eval", "local", "6", "*", "7"}) << "42\n"
                                           << "";
        QTest::newRow("call one target")
                << words({"call", "local", "os.path.basename", "\"/x/y\""}) << "\"y\"\n"
                << "";
        QTest::newRow("import one target") << words({"import", "local", "json", "--json"}) << ""
                                           << "";
        QTest::newRow("eval with --") << words({"eval", "local", "--", "6*7"}) << "42\n"
                                      << "";
        QTest::newRow("eval two targets with --")
                << words({"eval", "local", "local:/usr/bin/python3", "--", "6*7"})
                << "local: 42\nlocal:/usr/bin/python3: 42\n"
                << "";
        QTest::newRow("eval alias as argument with --")
                << words({"eval", "local", "--", "web2"}) << ""
                << "";
        QTest::newRow("eval second local")
                << words({"eval", "local", "local:/usr/bin/python3", "6*7"}) << ""
                << refusal("eval", "local:/usr/bin/python3", "EXPRESSION");
        QTest::newRow("call sudo") << words({"call", "local", "sudo", "os.getpid"}) << ""
                                   << refusal("call", "sudo", "MODULE.FUNCTION [JSON...]");
        QTest::newRow("import user@host") << words({"import", "local", "me@web1", "json"}) << ""
                                          << refusal("import", "me@web1", "MODULE...");
        QTest::newRow("eval ssh url") << words({"eval", "local", "ssh://web1", "1"}) << ""
                                      << refusal("eval", "ssh://web1", "EXPRESSION");
        QTest::newRow("eval ssh_config alias") << words({"eval", "local", "web2", "1"}) << ""
                                               << refusal("eval", "web2", "EXPRESSION");
        QTest::newRow("eval future method") << words({"eval", "local", "docker:web", "1"}) << ""
                                            << refusal("eval", "docker:web", "EXPRESSION");
        QTest::newRow("eval two targets, no arguments") << words({"eval", "local", "local"}) << ""
                                                        << refusal("eval", "local", "EXPRESSION");
        QTest::newRow("run without --") << words({"run", "local", "hostname"}) << ""
                                        << "econtext-cli: run needs a command after \"--\", for "
                                           "example: econtext-cli run local -- hostname\n";
        QTest::newRow("eval without expression")
                << words({"eval", "local"}) << ""
                << "econtext-cli: eval needs a Python expression.\n";
        QTest::newRow("bench two targets") << words({"bench", "local", "local"}) << ""
                                           << "econtext-cli: bench measures one target at a "
                                              "time.\n";
    }

    void targetsAndArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, out);
        QFETCH(QString, error);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString config = dir.filePath(QStringLiteral("ssh_config"));
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("Host web2\n    HostName 127.0.0.1\n");
        f.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ECONTEXT_SSH_CONFIG"), config);
        const Run r = runCli(args, 60000, env);
        if (!error.isEmpty()) {
            EXPECT_EXIT(r, 2);
            QCOMPARE(r.err, error);
            QVERIFY(r.out.isEmpty());
            return;
        }
        if (args.contains(QLatin1String("web2"))) {
            // The alias after "--" is the expression: a name Python does not know.
            EXPECT_EXIT(r, 1);
            QVERIFY2(r.err.contains(QLatin1String("NameError")), qPrintable(r.err));
            return;
        }
        EXPECT_EXIT(r, 0);
        if (args.contains(QLatin1String("import")))
            QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8())
                             .object()
                             .value(QStringLiteral("ok"))
                             .toBool(),
                     true);
        else if (args.contains(QLatin1String("local:/usr/bin/python3"))) {
            // Several targets: their lines may come in either order.
            QStringList got = lines(r.out);
            QStringList expected = lines(out);
            got.sort();
            expected.sort();
            QCOMPARE(got, expected);
        } else
            QCOMPARE(r.out, out);
    }

    void importFromModulePathWithJson_data() { Test::addInterpreterRows(); }
    void importFromModulePathWithJson()
    {
        QFETCH(QString, python);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("clipkg_only_here")));
        auto write = [&](const QString &rel, const QByteArray &text) {
            QFile f(dir.filePath(rel));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        };
        write(QStringLiteral("clipkg_only_here/__init__.py"), "from . import helper\nVALUE = 42\n");
        write(QStringLiteral("clipkg_only_here/helper.py"), "def twice(x):\n    return 2 * x\n");

        const Run r = runCli({QStringLiteral("import"),
                              QStringLiteral("local"),
                              QStringLiteral("clipkg_only_here"),
                              QStringLiteral("--module-path"),
                              dir.path(),
                              QStringLiteral("--python"),
                              python,
                              QStringLiteral("--json")});
        EXPECT_EXIT(r, 0);
        QJsonParseError error;
        const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(r.out));
        for (const char *key : {"requests",
                                "roundtrips",
                                "modules_sent",
                                "cache_hits",
                                "bytes_raw",
                                "bytes_compressed",
                                "wall_ms"})
            QVERIFY2(json.contains(QLatin1String(key)), key);
        // The package and its statically imported helper arrive in one roundtrip.
        QCOMPARE(json.value(QStringLiteral("roundtrips")).toInt(), 1);
        QCOMPARE(json.value(QStringLiteral("modules_sent")).toInt(), 2);
        QVERIFY(json.value(QStringLiteral("bytes_raw")).toInt() > 0);
    }

    void severalTargetsArePrefixed()
    {
        const Run r = runCli({QStringLiteral("run"),
                              QStringLiteral("local"),
                              QStringLiteral("local:/usr/bin/python3"),
                              QStringLiteral("--"),
                              QStringLiteral("echo"),
                              QStringLiteral("same")});
        EXPECT_EXIT(r, 0);
        QVERIFY2(r.out.contains(QStringLiteral("local: same")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("local:/usr/bin/python3: same")), qPrintable(r.out));
        QVERIFY2(r.err.contains(QStringLiteral("2 of 2")), qPrintable(r.err));
    }

    void viaChainReachesDepthThree()
    {
        // master -> local -> local (Python 2.7 if present) -> local: the target runs the
        // interpreter of its parent, three processes deep.
        QString middle = QStringLiteral("local:/usr/bin/python3");
        for (const auto &i : Test::availableInterpreters())
            if (i.major == 2)
                middle = QStringLiteral("local:") + i.path;
        const Run r = runCli({QStringLiteral("eval"),
                              QStringLiteral("local"),
                              QStringLiteral("--via"),
                              QStringLiteral("local"),
                              QStringLiteral("--via"),
                              middle,
                              QStringLiteral("'%d.%d' % __import__('sys').version_info[:2]")});
        EXPECT_EXIT(r, 0);
        QVERIFY2(r.out.trimmed().startsWith(middle.contains(QStringLiteral("2.7"))
                                                    ? QStringLiteral("'2.7'")
                                                    : QStringLiteral("'3.")),
                 qPrintable(r.out + r.err));
    }

    void viaFailureNamesTheHop()
    {
        const Run r = runCli({QStringLiteral("eval"),
                              QStringLiteral("local"),
                              QStringLiteral("--via"),
                              QStringLiteral("local:/nonexistent/python"),
                              QStringLiteral("1")});
        EXPECT_EXIT(r, 2);
        QVERIFY2(r.err.contains(QStringLiteral("via local:/nonexistent/python")),
                 qPrintable(r.err));
        QCOMPARE(r.err.trimmed().split(u'\n').size(), 1);
    }

    // Messages come in the user's language: German where LC_ALL says so (the suite runs
    // with C.UTF-8, so this test sets it itself).
    void speaksTheUsersLanguage()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("de_DE.UTF-8"));
        env.remove(QStringLiteral("LANGUAGE"));
        const Run r = runCli({QStringLiteral("eval"),
                              QStringLiteral("local"),
                              QStringLiteral("--via"),
                              QStringLiteral("local:/nonexistent/python"),
                              QStringLiteral("1")},
                             60000,
                             env);
        EXPECT_EXIT(r, 2);
        QVERIFY2(r.err.contains(QStringLiteral("über local:/nonexistent/python")),
                 qPrintable(r.err));
    }

    void sshRunImportAndBench()
    {
        Test::SshdFixture sshd;
        if (!sshd.isRunning())
            QSKIP(qPrintable(QStringLiteral("sshd fixture not available: ") + sshd.errorString()));
        const QString user = sshd.hasPasswordUser() ? sshd.passwordUser() : sshd.user();
        const QString target = QStringLiteral("ssh://%1@127.0.0.1:%2").arg(user).arg(sshd.port());
        const QString knownHosts = sshd.newPath(QStringLiteral("known_hosts"));
        const QStringList common{QStringLiteral("--identity"),
                                 sshd.clientKey(),
                                 QStringLiteral("--known-hosts"),
                                 knownHosts,
                                 QStringLiteral("--python"),
                                 QStringLiteral("/usr/bin/python3")};
        // Unknown host key without the flag: refused in a non-interactive run.
        Run r = runCli(QStringList{QStringLiteral("run"), target} + common
                       + QStringList{QStringLiteral("--"), QStringLiteral("hostname")});
        EXPECT_EXIT(r, 2);
        QVERIFY2(r.err.contains(QStringLiteral("SHA256:")), qPrintable(r.err));
        // With --accept-new-host-key: runs, and remembers the key.
        r = runCli(
                QStringList{QStringLiteral("run"), target, QStringLiteral("--accept-new-host-key")}
                + common + QStringList{QStringLiteral("--"), QStringLiteral("hostname")});
        EXPECT_EXIT(r, 0);
        QCOMPARE(r.out.trimmed(), QSysInfo::machineHostName());
        QVERIFY(QFile::exists(knownHosts));

        QTemporaryDir dir;
        QDir().mkpath(dir.filePath(QStringLiteral("sshclipkg")));
        QFile f(dir.filePath(QStringLiteral("sshclipkg/__init__.py")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("from . import part\n");
        f.close();
        QFile g(dir.filePath(QStringLiteral("sshclipkg/part.py")));
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write("X = 1\n");
        g.close();
        // --user and --port are for targets that name none: this one names both.
        r = runCli(QStringList{QStringLiteral("import"),
                               target,
                               QStringLiteral("sshclipkg"),
                               QStringLiteral("--json"),
                               QStringLiteral("--module-path"),
                               dir.path(),
                               QStringLiteral("--user"),
                               QStringLiteral("nobody-here"),
                               QStringLiteral("--port"),
                               QString::number(closedPort())}
                   + common);
        EXPECT_EXIT(r, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("roundtrips")).toInt(), 1);
        QCOMPARE(o.value(QStringLiteral("modules_sent")).toInt(), 2);

        // The ssh bootstrap figure for the issue note (printed, not asserted).
        r = runCli(QStringList{QStringLiteral("bench"), target, QStringLiteral("--json")} + common,
                   300000);
        EXPECT_EXIT(r, 0);
        qInfo().noquote() << "ssh bench:" << r.out.trimmed();
    }

    // A fleet with two targets that cannot be reached (a closed port, an interpreter that
    // does not exist) beside local and ssh ones: every command runs on the reachable ones,
    // each failure has its own line naming the target and the cause, a summary ends the
    // run, and the exit status is 2 (some could not be reached).
    void fleetRunsPastUnreachableTargets_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::addColumn<QString>("expectedOutput"); // what each reachable target prints
        QTest::newRow("run") << QStringList{QStringLiteral("run")} << QStringLiteral("same");
        QTest::newRow("eval") << QStringList{QStringLiteral("eval")} << QStringLiteral("'same'");
        QTest::newRow("call") << QStringList{QStringLiteral("call")} << QStringLiteral("\"same\"");
        QTest::newRow("import") << QStringList{QStringLiteral("import")}
                                << QStringLiteral("imported json");
    }
    void fleetRunsPastUnreachableTargets()
    {
        QFETCH(QStringList, command);
        QFETCH(QString, expectedOutput);
        Test::SshdFixture sshd;
        if (!sshd.isRunning())
            QSKIP(qPrintable(QStringLiteral("sshd fixture not available: ") + sshd.errorString()));
        const QString ssh
                = QStringLiteral("ssh://%1@127.0.0.1:%2").arg(sshd.user()).arg(sshd.port());
        const QString closed
                = QStringLiteral("ssh://%1@127.0.0.1:%2").arg(sshd.user()).arg(closedPort());
        const QString missing = QStringLiteral("local:/nonexistent/python9");
        const QStringList targets{QStringLiteral("local"),
                                  closed,
                                  QStringLiteral("local:/usr/bin/python3"),
                                  missing,
                                  ssh};
        // Several targets: the arguments follow "--".
        QStringList args = command + targets;
        args << QStringLiteral("--identity") << sshd.clientKey() << QStringLiteral("--known-hosts")
             << sshd.knownHostsFile() << QStringLiteral("--python")
             << QStringLiteral("/usr/bin/python3") << QStringLiteral("--");
        if (command.first() == QLatin1String("eval"))
            args << QStringLiteral("'same'");
        else if (command.first() == QLatin1String("call"))
            args << QStringLiteral("os.path.basename") << QStringLiteral("\"/x/same\"");
        else if (command.first() == QLatin1String("import"))
            args << QStringLiteral("json");
        else
            args << QStringLiteral("echo") << QStringLiteral("same");
        const Run r = runCli(args, 120000);
        EXPECT_EXIT(r, 2);
        for (const QString &t : {targets.at(0), targets.at(2), targets.at(4)}) {
            const QStringList out = linesStartingWith(r.out, t + QStringLiteral(": "));
            QVERIFY2(out.size() == 1
                             && out.first().startsWith(t + QStringLiteral(": ") + expectedOutput),
                     qPrintable(t + QStringLiteral(" printed: ") + r.out + r.err));
        }
        const QStringList refused = linesStartingWith(
                r.err, QStringLiteral("econtext-cli: ") + closed + QStringLiteral(": "));
        QCOMPARE(refused.size(), 1);
        QVERIFY2(refused.first().contains(QLatin1String("Connection refused")), qPrintable(r.err));
        const QStringList notFound = linesStartingWith(
                r.err, QStringLiteral("econtext-cli: ") + missing + QStringLiteral(": "));
        QCOMPARE(notFound.size(), 1);
        QVERIFY2(notFound.first().contains(QLatin1String("/nonexistent/python9 does not exist")),
                 qPrintable(r.err));
        QCOMPARE(lines(r.err).last(),
                 QStringLiteral("econtext-cli: 2 of 5 targets failed (2 could not be reached): "
                                "%1, %2.")
                         .arg(closed, missing));
        QCOMPARE(lines(r.err).size(), 3);
    }

    // Every target connects, the command fails on one (the ssh one, told apart by the
    // SSH_CONNECTION that sshd sets): the others' results stand, the failure has its line,
    // exit status 1.
    void fleetCommandFailingOnOneTarget()
    {
        Test::SshdFixture sshd;
        if (!sshd.isRunning())
            QSKIP(qPrintable(QStringLiteral("sshd fixture not available: ") + sshd.errorString()));
        const QString ssh
                = QStringLiteral("ssh://%1@127.0.0.1:%2").arg(sshd.user()).arg(sshd.port());
        const QStringList common{QStringLiteral("--identity"),
                                 sshd.clientKey(),
                                 QStringLiteral("--known-hosts"),
                                 sshd.knownHostsFile(),
                                 QStringLiteral("--python"),
                                 QStringLiteral("/usr/bin/python3")};
        const QStringList targets{
                QStringLiteral("local"), ssh, QStringLiteral("local:/usr/bin/python3")};
        Run r = runCli(QStringList{QStringLiteral("run")} + targets + common
                       + QStringList{QStringLiteral("--"),
                                     QStringLiteral("sh"),
                                     QStringLiteral("-c"),
                                     QStringLiteral("echo ran; test -z \"$SSH_CONNECTION\"")});
        EXPECT_EXIT(r, 1);
        for (const QString &t : targets)
            QVERIFY2(r.out.contains(t + QStringLiteral(": ran\n")), qPrintable(r.out));
        QCOMPARE(
                lines(r.err),
                (QStringList{QStringLiteral("econtext-cli: %1: exit status 1").arg(ssh),
                             QStringLiteral("econtext-cli: 1 of 3 targets failed: %1.").arg(ssh)}));

        r = runCli(QStringList{QStringLiteral("eval")} + targets + common
                   + QStringList{QStringLiteral("--"),
                                 QStringLiteral("__import__('os').environ.get('SSH_CONNECTION') "
                                                "and 1/0")});
        EXPECT_EXIT(r, 1);
        QCOMPARE(lines(r.out),
                 (QStringList{QStringLiteral("local: None"),
                              QStringLiteral("local:/usr/bin/python3: None")}));
        // The traceback keeps its lines, each naming the target.
        const QStringList traceback = linesStartingWith(r.err, ssh + QStringLiteral(": "));
        QVERIFY2(traceback.size() >= 2, qPrintable(r.err));
        QVERIFY2(traceback.last().contains(QLatin1String("ZeroDivisionError")), qPrintable(r.err));
        QCOMPARE(lines(r.err).last(),
                 QStringLiteral("econtext-cli: 1 of 3 targets failed: %1.").arg(ssh));
    }

    // Thirty ssh targets on one sshd that lets two unauthenticated connections in at a
    // time ("MaxStartups 2"): with one try each, some are turned away; each of those says
    // so on its own line, all the others run, the summary counts them. With the default
    // three tries, most get in (figures printed).
    void thirtyTargetsOnABusySshd()
    {
        Test::SshdFixture sshd("MaxStartups 2\n");
        if (!sshd.isRunning())
            QSKIP(qPrintable(QStringLiteral("sshd fixture not available: ") + sshd.errorString()));
        QByteArray config;
        QStringList nodes;
        for (int i = 1; i <= 30; ++i) {
            const QString node = QStringLiteral("node%1").arg(i, 2, 10, QLatin1Char('0'));
            nodes << node;
            config += "Host " + node.toUtf8() + "\n    HostName 127.0.0.1\n    Port "
                      + QByteArray::number(sshd.port()) + "\n    User " + sshd.user().toUtf8()
                      + "\n    IdentityFile " + sshd.clientKey().toUtf8() + "\n";
        }
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ECONTEXT_SSH_CONFIG"),
                   sshd.writeFile(QStringLiteral("ssh_config"), config));
        env.remove(QStringLiteral("SSH_AUTH_SOCK"));
        const QStringList common{QStringLiteral("--known-hosts"),
                                 sshd.knownHostsFile(),
                                 QStringLiteral("--python"),
                                 QStringLiteral("/usr/bin/python3")};
        const QStringList echo{QStringLiteral("--"), QStringLiteral("echo"), QStringLiteral("ok")};

        for (const int attempts : {1, 3}) {
            const Run r = runCli(QStringList{QStringLiteral("run")} + nodes + common
                                         + QStringList{QStringLiteral("--connect-attempts"),
                                                       QString::number(attempts)}
                                         + echo,
                                 300000,
                                 env);
            int ran = 0;
            QStringList turnedAway;
            for (const QString &node : std::as_const(nodes)) {
                const bool ok = r.out.contains(node + QStringLiteral(": ok\n"));
                const QStringList failed = linesStartingWith(
                        r.err, QStringLiteral("econtext-cli: ") + node + QStringLiteral(": "));
                // Each target is one or the other, never both, never neither.
                QVERIFY2(ok != (failed.size() == 1) && failed.size() <= 1,
                         qPrintable(node + QStringLiteral(":\n") + r.out + r.err));
                if (ok) {
                    ++ran;
                    continue;
                }
                QVERIFY2(failed.first().contains(QLatin1String("before the SSH handshake"))
                                 && failed.first().contains(QLatin1String("MaxStartups")),
                         qPrintable(failed.first()));
                turnedAway << node;
            }
            qInfo("MaxStartups 2, 30 targets, %d attempt(s) each: %d ran, %lld turned away",
                  attempts,
                  ran,
                  qlonglong(turnedAway.size()));
            if (turnedAway.isEmpty()) {
                EXPECT_EXIT(r, 0);
                QCOMPARE(lines(r.err).last(), QStringLiteral("30 of 30 targets succeeded."));
            } else {
                EXPECT_EXIT(r, 2);
                QVERIFY2(lines(r.err).last().startsWith(
                                 QStringLiteral("econtext-cli: %1 of 30 targets failed (%1 could "
                                                "not be reached): ")
                                         .arg(turnedAway.size())),
                         qPrintable(lines(r.err).last()));
            }
            QVERIFY(ran > 0);
            // Thirty connections at once against two slots: with one try, some are refused.
            if (attempts == 1)
                QVERIFY2(!turnedAway.isEmpty(), qPrintable(sshd.log().right(2000)));
        }
    }

    // --accept-new-host-key on a full disk: the key cannot be saved, so the target is not
    // connected; one sentence names the file and the reason, the exit status is 2, and the
    // file keeps what it had.
    void newHostKeyOnAFullDisk()
    {
        Test::SshdFixture sshd;
        if (!sshd.isRunning())
            QSKIP(qPrintable(QStringLiteral("sshd fixture not available: ") + sshd.errorString()));
        QTemporaryDir dir;
        Test::Tmpfs tmpfs(dir.filePath(QStringLiteral("full")), QStringLiteral("size=64k"));
        if (!tmpfs.isMounted())
            QSKIP(qPrintable(tmpfs.errorString()));
        const QString knownHosts = tmpfs.dir() + QStringLiteral("/known_hosts");
        const QByteArray text = "otherhost.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==\n";
        {
            QFile f(knownHosts);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text + QByteArray(4096 - text.size() - 4, '#') + "\n");
        }
        QFile f(knownHosts);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray before = f.readAll();
        f.close();
        QVERIFY(tmpfs.fill());
        const Run r
                = runCli({QStringLiteral("eval"),
                          QStringLiteral("ssh://%1@127.0.0.1:%2").arg(sshd.user()).arg(sshd.port()),
                          QStringLiteral("1"),
                          QStringLiteral("--accept-new-host-key"),
                          QStringLiteral("--identity"),
                          sshd.clientKey(),
                          QStringLiteral("--known-hosts"),
                          knownHosts,
                          QStringLiteral("--python"),
                          QStringLiteral("/usr/bin/python3")});
        EXPECT_EXIT(r, 2);
        QCOMPARE(lines(r.err).size(), 1);
        QVERIFY2(r.err.contains(
                         QStringLiteral("Cannot save the host key of 127.0.0.1 in %1: %2")
                                 .arg(knownHosts, QString::fromLocal8Bit(std::strerror(ENOSPC)))),
                 qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
    }

    void sudoTarget()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("sudo")).isEmpty() || ::geteuid() != 0)
            QSKIP("needs sudo and root (sudo without a password); the password prompt is tested "
                  "over ssh");
        const Run r = runCli({QStringLiteral("eval"),
                              QStringLiteral("sudo:nobody"),
                              QStringLiteral("--python"),
                              QStringLiteral("/usr/bin/python3"),
                              QStringLiteral("__import__('os').getuid()")});
        EXPECT_EXIT(r, 0);
        QCOMPARE(r.out.trimmed(), QStringLiteral("65534"));
    }
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
