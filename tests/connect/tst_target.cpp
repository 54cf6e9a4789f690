// The target grammar (core/connect/target.h): one table of accepted targets with their
// exact parse and the text they format back to, one of refused targets with their exact
// message, and which words have a target's own form (what the CLI uses to keep targets and
// arguments apart).
#include "core/connect/target.h"

#include <QTest>

using namespace Econtext;

Q_DECLARE_METATYPE(Econtext::ConnectMethod)

namespace {

const QString allExamples = QStringLiteral(
        "local, local:/usr/bin/python3, sudo:postgres, user@host:2222, ssh://host, an alias "
        "from ~/.ssh/config");
const QString sshExamples = QStringLiteral("host, user@host:2222, ssh://user@host, [::1]:22");
const QString localExamples = QStringLiteral("local, local:/usr/bin/python3, local:python3.11");
const QString sudoExamples = QStringLiteral("sudo, sudo:postgres");

QString refused(const char *text, const QString &why, const QString &examples)
{
    return QStringLiteral("'%1' is not a valid target: %2. Examples: %3.")
            .arg(QString::fromUtf8(text), why, examples);
}

QString refused(const char *text, const char *why, const QString &examples)
{
    return refused(text, QString::fromUtf8(why), examples);
}

} // namespace

class tst_Target : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accepted_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<ConnectMethod>("method");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("python");
        QTest::addColumn<QString>("formatted"); // what formatTarget() writes back

        const auto local = ConnectMethod::Local;
        const auto ssh = ConnectMethod::Ssh;
        const auto sudo = ConnectMethod::Sudo;
        const auto row = [](const char *name,
                            const char *text,
                            ConnectMethod method,
                            const char *user,
                            const char *host,
                            int port,
                            const char *python,
                            const char *formatted) {
            QTest::newRow(name) << text << method << user << host << port << python << formatted;
        };
        // this machine
        row("local", "local", local, "", "", 0, "", "local");
        row("LOCAL", "LOCAL", local, "", "", 0, "", "local");
        row("spaces around", "  local  ", local, "", "", 0, "", "local");
        row("local python path",
            "local:/usr/bin/python3",
            local,
            "",
            "",
            0,
            "/usr/bin/python3",
            "local:/usr/bin/python3");
        row("local python command",
            "local:python3.11",
            local,
            "",
            "",
            0,
            "python3.11",
            "local:python3.11");
        row("local path with space",
            "local:/opt/my python/bin/python3",
            local,
            "",
            "",
            0,
            "/opt/my python/bin/python3",
            "local:/opt/my python/bin/python3");
        row("Local: spaced",
            "Local: /usr/bin/python3",
            local,
            "",
            "",
            0,
            "/usr/bin/python3",
            "local:/usr/bin/python3");
        // sudo
        row("sudo", "sudo", sudo, "", "", 0, "", "sudo");
        row("sudo:user", "sudo:postgres", sudo, "postgres", "", 0, "", "sudo:postgres");
        row("SUDO:root", "SUDO:root", sudo, "root", "", 0, "", "sudo:root");
        // ssh: names, users, ports
        row("host", "web1", ssh, "", "web1", 0, "", "web1");
        row("fqdn", "web-1.example.com", ssh, "", "web-1.example.com", 0, "", "web-1.example.com");
        row("underscore", "my_host", ssh, "", "my_host", 0, "", "my_host");
        row("user@host",
            "bob@db.example.com",
            ssh,
            "bob",
            "db.example.com",
            0,
            "",
            "bob@db.example.com");
        row("user@host:port", "bob@host:2222", ssh, "bob", "host", 2222, "", "bob@host:2222");
        row("last @ ends the user",
            "me@corp.example@host",
            ssh,
            "me@corp.example",
            "host",
            0,
            "",
            "me@corp.example@host");
        row("ipv4:port", "10.0.0.1:65535", ssh, "", "10.0.0.1", 65535, "", "10.0.0.1:65535");
        row("port 1", "host:1", ssh, "", "host", 1, "", "host:1");
        row("port leading zero", "host:022", ssh, "", "host", 22, "", "host:22");
        // ssh URLs
        row("ssh url", "ssh://host", ssh, "", "host", 0, "", "host");
        row("ssh url full", "ssh://user@host:22", ssh, "user", "host", 22, "", "user@host:22");
        row("ssh url slash", "ssh://host/", ssh, "", "host", 0, "", "host");
        row("SSH url", "SSH://Host", ssh, "", "Host", 0, "", "Host");
        row("host called local", "ssh://local", ssh, "", "local", 0, "", "ssh://local");
        row("host called sudo", "ssh://sudo:2222", ssh, "", "sudo", 2222, "", "ssh://sudo:2222");
        row("host called su", "ssh://su", ssh, "", "su", 0, "", "ssh://su");
        row("host called ssh", "ssh://ssh", ssh, "", "ssh", 0, "", "ssh://ssh");
        row("host called docker", "docker", ssh, "", "docker", 0, "", "docker");
        row("docker host with port",
            "ssh://docker:22",
            ssh,
            "",
            "docker",
            22,
            "",
            "ssh://docker:22");
        row("user at a host called local", "me@local", ssh, "me", "local", 0, "", "me@local");
        // IPv6
        row("ipv6 port", "[::1]:22", ssh, "", "::1", 22, "", "[::1]:22");
        row("ipv6 brackets", "[::1]", ssh, "", "::1", 0, "", "::1");
        row("ipv6 zone",
            "root@[fe80::1%eth0]",
            ssh,
            "root",
            "fe80::1%eth0",
            0,
            "",
            "root@fe80::1%eth0");
        row("bare ipv6", "2001:db8::7", ssh, "", "2001:db8::7", 0, "", "2001:db8::7");
        row("ssh url ipv6",
            "ssh://[2001:db8::7]:2200",
            ssh,
            "",
            "2001:db8::7",
            2200,
            "",
            "[2001:db8::7]:2200");
    }

    void accepted()
    {
        QFETCH(QString, text);
        QFETCH(QString, formatted);
        const Result<Target> target = parseTarget(text);
        QVERIFY2(target, qPrintable(target.errorString()));
        QTEST(target->method, "method");
        QTEST(target->user, "user");
        QTEST(target->host, "host");
        QTEST(target->port, "port");
        QTEST(target->python, "python");
        // Round trip: the formatted text, and what it reads back as.
        QCOMPARE(formatTarget(*target), formatted);
        const Result<Target> again = parseTarget(formatted);
        QVERIFY2(again, qPrintable(again.errorString()));
        QVERIFY(*again == *target);
        // Through ConnectOptions and back.
        ConnectOptions options;
        options.identityFile = QStringLiteral("/keys/id"); // not the target's: left alone
        target->applyTo(options);
        QCOMPARE(options.method, target->method);
        QCOMPARE(options.identityFile, QStringLiteral("/keys/id"));
        QVERIFY(Target::fromOptions(options) == *target);
        QCOMPARE(formatTarget(options), formatted);
    }

    void refusedTargets_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        const auto row = [](const char *name, const char *text, const QString &message) {
            QTest::newRow(name) << QString::fromUtf8(text) << message;
        };
        const QString needed = QStringLiteral("A target is needed. Examples: %1.").arg(allExamples);
        row("empty", "", needed);
        row("blank", "   ", needed);
        row("local: without python",
            "local:",
            refused("local:", "the interpreter after 'local:' is missing", localExamples));
        row("sudo: without user",
            "sudo:",
            refused("sudo:", "the user after 'sudo:' is missing", sudoExamples));
        row("sudo option",
            "sudo:-u",
            refused("sudo:-u", "'-u' is not a valid user name", sudoExamples));
        row("sudo user@",
            "sudo:a@b",
            refused("sudo:a@b", "'a@b' is not a valid user name", sudoExamples));
        row("ssh alone", "ssh", refused("ssh", "ssh is written ssh://HOST", sshExamples));
        row("ssh: without //",
            "ssh:host",
            refused("ssh:host", "ssh is written ssh://HOST", sshExamples));
        row("ssh:// empty", "ssh://", refused("ssh://", "the host name is missing", sshExamples));
        row("ssh url path",
            "ssh://host/path",
            refused("ssh://host/path", "only a host may follow 'ssh://'", sshExamples));
        row("unknown scheme",
            "http://host",
            refused("http://host", "'http://' is not a known method", allExamples));
        const auto notYet = [](const char *text, const char *word) {
            return refused(text,
                           QStringLiteral("the method '%1' is not supported yet; a host of that "
                                          "name is written ssh://%1")
                                   .arg(QString::fromUtf8(word)),
                           allExamples);
        };
        row("su", "su", notYet("su", "su"));
        row("doas", "doas", notYet("doas", "doas"));
        row("docker:", "docker:web", notYet("docker:web", "docker"));
        row("podman:", "podman:web", notYet("podman:web", "podman"));
        row("kubectl:", "kubectl:pod/x", notYet("kubectl:pod/x", "kubectl"));
        row("lxc:", "lxc:c1", notYet("lxc:c1", "lxc"));
        row("nsenter:", "nsenter:42", notYet("nsenter:42", "nsenter"));
        row("chroot:", "chroot:/srv/root", notYet("chroot:/srv/root", "chroot"));
        row("exec:", "exec:'ls -l'", notYet("exec:'ls -l'", "exec"));
        row("su:user", "su:postgres", notYet("su:postgres", "su"));
        row("user@", "user@", refused("user@", "the host after '@' is missing", sshExamples));
        row("@host", "@host", refused("@host", "the user name before '@' is empty", sshExamples));
        row("password",
            "user:secret@host",
            refused("user:secret@host",
                    "a password does not belong in a target (the ':' before '@')",
                    sshExamples));
        row("user option",
            "-l@host",
            refused("-l@host", "'-l' is not a valid user name", sshExamples));
        const auto notHost = [](const char *text) {
            return refused(text,
                           QStringLiteral("'%1' is not a host name (letters, digits, '-', '.' "
                                          "and '_')")
                                   .arg(QString::fromUtf8(text)),
                           sshExamples);
        };
        row("option as host", "-oProxyCommand=x", notHost("-oProxyCommand=x"));
        row("slash", "ho/st", notHost("ho/st"));
        row("dot first", ".host", notHost(".host"));
        row("expression", "1+1", notHost("1+1"));
        row("space", "my host", refused("my host", "it contains a space", allExamples));
        row("port too big",
            "host:99999",
            refused("host:99999", "port 99999 is out of range (1 to 65535)", sshExamples));
        row("port zero",
            "host:0",
            refused("host:0", "port 0 is out of range (1 to 65535)", sshExamples));
        row("port abc",
            "host:abc",
            refused("host:abc", "'abc' is not a port number (1 to 65535)", sshExamples));
        row("port negative",
            "host:-1",
            refused("host:-1", "'-1' is not a port number (1 to 65535)", sshExamples));
        row("port plus",
            "host:+22",
            refused("host:+22", "'+22' is not a port number (1 to 65535)", sshExamples));
        row("port missing",
            "host:",
            refused("host:", "the port after ':' is missing", sshExamples));
        row("no host", ":22", refused(":22", "the host name is missing", sshExamples));
        row("unclosed bracket",
            "[::1:22",
            refused("[::1:22", "the '[' before the IPv6 address is not closed", sshExamples));
        row("after bracket",
            "[::1]x",
            refused("[::1]x", "only ':PORT' may follow the IPv6 address in brackets", sshExamples));
        row("bracket port missing",
            "[::1]:",
            refused("[::1]:", "the port after ':' is missing", sshExamples));
        row("name in brackets",
            "[web1]:22",
            refused("[web1]:22", "'web1' is not an IPv6 address", sshExamples));
        row("bad bare ipv6",
            "1::2::x",
            refused("1::2::x",
                    "'1::2::x' is not an IPv6 address (a port needs [address]:port)",
                    sshExamples));
    }

    void refusedTargets()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const Result<Target> target = parseTarget(text);
        QVERIFY2(!target, qPrintable(formatTarget(target.has_value() ? *target : Target{})));
        QCOMPARE(target.errorString(), message);
        // A refused word may still look like a target (a method's form with a bad argument).
        const QStringList methodWords{
                QStringLiteral("su"), QStringLiteral("doas"), QStringLiteral("ssh")};
        QVERIFY(!hasTargetForm(text) || text.contains(QLatin1Char(':'))
                || methodWords.contains(text));
    }

    // What the CLI takes for a target where arguments may begin (after the first target).
    void targetForm_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("form");
        const auto row = [](const QString &text, bool form) {
            QTest::newRow(qPrintable(text)) << text << form;
        };
        for (const char *t : {"local",
                              "local:/usr/bin/python3",
                              "sudo",
                              "sudo:postgres",
                              "ssh://web1",
                              "ssh://",
                              "docker:web",
                              "su",
                              "me@web1",
                              "web1:22",
                              "[::1]:22",
                              "::1",
                              "lambda:1",
                              "http://x"})
            row(QString::fromLatin1(t), true);
        for (const char *t : {"web1",
                              "os.getpid",
                              "json",
                              "1+1",
                              "sys.version",
                              "'same'",
                              "\"a\"",
                              "[3, 1, 2]",
                              "[1,2]",
                              "{1:2}",
                              "x[1:2]",
                              "__import__('os').getpid()",
                              "os.path.join",
                              "docker",
                              ""})
            row(QString::fromLatin1(t), false);
    }

    void targetForm()
    {
        QFETCH(QString, text);
        QTEST(hasTargetForm(text), "form");
    }

    // Options built elsewhere (an ssh_config alias the grammar would refuse, kept by an
    // earlier version) are written as they are, not made into something else.
    void formatKeepsWhatItCannotRead()
    {
        Target alias;
        alias.method = ConnectMethod::Ssh;
        alias.host = QStringLiteral("web+1");
        QCOMPARE(formatTarget(alias), QStringLiteral("web+1"));
        alias.user = QStringLiteral("me");
        alias.port = 2200;
        QCOMPARE(formatTarget(alias), QStringLiteral("me@web+1:2200"));
    }

    void methodNames()
    {
        for (const ConnectMethod m :
             {ConnectMethod::Local, ConnectMethod::Ssh, ConnectMethod::Sudo})
            QCOMPARE(methodFromName(methodName(m)), std::optional<ConnectMethod>(m));
        QCOMPARE(methodName(ConnectMethod::Sudo), QStringLiteral("sudo"));
        QCOMPARE(methodFromName(u"SSH"), std::optional<ConnectMethod>(ConnectMethod::Ssh));
        QVERIFY(!methodFromName(u"docker")); // a later version's method: not known here
        QVERIFY(!methodFromName(u""));
    }
};

QTEST_GUILESS_MAIN(tst_Target)
#include "tst_target.moc"
