// known_hosts as strict as OpenSSH: SshKnownHosts' reading of host fields and markers, and
// SshTransport against a real OpenSSH server (SshdFixture) with known_hosts files that hold
// @revoked and @cert-authority lines, and with new keys that cannot be saved (a read-only
// file system, a full one: small tmpfs mounts when the tests run as root; the write on
// /dev/full otherwise) — the connection is refused with one sentence and the file is left as it
// was.
#include "core/connect/sshknownhosts.h"
#include "core/connect/sshtransport.h"
#include "tests/support/sshdfixture.h"
#include "tests/support/tmpfs.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QMessageAuthenticationCode>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <unistd.h>

using namespace Econtext;
using Econtext::Test::SshdFixture;
using Econtext::Test::Tmpfs;

namespace {

const QString Python = QStringLiteral("/usr/bin/python3");

// One transport and how it ended.
struct Run
{
    explicit Run(const ConnectOptions &options)
        : transport(std::make_unique<SshTransport>(options, nullptr))
    {
        SshTransport *t = transport.get();
        QObject::connect(t, &Transport::started, t, [this] { started = true; });
        QObject::connect(t, &Transport::failed, t, [this](const QString &r) {
            failure = r;
            ended = true;
        });
        QObject::connect(t, &Transport::closed, t, [this](const QString &) { ended = true; });
    }
    std::unique_ptr<SshTransport> transport;
    bool started = false;
    bool ended = false;
    QString failure;
};

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// "|1|salt|hash" for name, as ssh-keygen -H writes it.
QByteArray hashedName(const QString &name)
{
    const QByteArray salt = QCryptographicHash::hash("econtext", QCryptographicHash::Sha1);
    const QByteArray hash
            = QMessageAuthenticationCode::hash(name.toUtf8(), salt, QCryptographicHash::Sha1);
    return "|1|" + salt.toBase64() + '|' + hash.toBase64();
}

} // namespace

class tst_KnownHosts : public QObject
{
    Q_OBJECT

private:
    ConnectOptions options(const QString &knownHosts) const
    {
        ConnectOptions o;
        o.method = ConnectMethod::Ssh;
        o.host = m_sshd->host();
        o.port = m_sshd->port();
        o.user = m_sshd->user();
        o.identityFile = m_sshd->clientKey();
        o.knownHostsFile = knownHosts;
        o.connectTimeoutMs = 30000;
        return o;
    }
    void requireSshd()
    {
        if (!m_sshd || !m_sshd->isRunning())
            QSKIP(qPrintable(m_skip));
    }
    QByteArray name() const { return "[127.0.0.1]:" + QByteArray::number(m_sshd->port()); }
    QByteArray hostKey() const { return m_sshd->hostPublicKey().toLatin1(); }
    QByteArray otherKey() const
    {
        return readAll(m_sshd->dir() + QStringLiteral("/other_host_key.pub"))
                .split(' ')
                .mid(0, 2)
                .join(' ');
    }
    // Connects and waits for the end: true when the command ran.
    bool connects(const ConnectOptions &o, QString *failure)
    {
        Run run(o);
        run.transport->start({Python, QStringLiteral("-c"), QStringLiteral("pass")});
        if (!QTest::qWaitFor([&] { return run.ended; }, 60000)) {
            *failure = QStringLiteral("no end within 60 s");
            return false;
        }
        *failure = run.failure;
        return run.started;
    }

    std::unique_ptr<SshdFixture> m_sshd;
    QString m_skip;
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase()
    {
        qunsetenv("SSH_AUTH_SOCK");
        QFile empty(m_tmp.filePath(QStringLiteral("empty_ssh_config")));
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        qputenv("ECONTEXT_SSH_CONFIG", QFile::encodeName(empty.fileName()));
        m_sshd = std::make_unique<SshdFixture>();
        if (!m_sshd->isRunning()) {
            m_skip = QStringLiteral("no sshd for the known_hosts tests: %1")
                             .arg(m_sshd->errorString());
            qInfo("%s", qPrintable(m_skip));
        }
    }

    void cleanupTestCase() { m_sshd.reset(); }

    void hostField_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("matches");
        const QString web = QStringLiteral("web1.example.org");
        QTest::newRow("plain") << web << web << true;
        QTest::newRow("case") << QStringLiteral("WEB1.example.org") << web << true;
        QTest::newRow("other") << QStringLiteral("web2.example.org") << web << false;
        QTest::newRow("list") << QStringLiteral("a,web1.example.org,b") << web << true;
        QTest::newRow("star") << QStringLiteral("*.example.org") << web << true;
        QTest::newRow("question") << QStringLiteral("web?.example.org") << web << true;
        QTest::newRow("star elsewhere") << QStringLiteral("*.example.com") << web << false;
        QTest::newRow("negated wins")
                << QStringLiteral("*.example.org,!web1.example.org") << web << false;
        QTest::newRow("negated other")
                << QStringLiteral("*.example.org,!web2.example.org") << web << true;
        QTest::newRow("port") << QStringLiteral("[10.0.0.1]:2222")
                              << QStringLiteral("[10.0.0.1]:2222") << true;
        QTest::newRow("port is no character class")
                << QStringLiteral("[10.0.0.1]:2222") << QStringLiteral("1") << false;
        QTest::newRow("port with star")
                << QStringLiteral("[10.0.0.*]:2222") << QStringLiteral("[10.0.0.7]:2222") << true;
        QTest::newRow("hashed") << QString::fromLatin1(hashedName(web)) << web << true;
        QTest::newRow("hashed other")
                << QString::fromLatin1(hashedName(QStringLiteral("web2.example.org"))) << web
                << false;
    }
    void hostField()
    {
        QFETCH(QString, field);
        QFETCH(QString, name);
        QFETCH(bool, matches);
        QCOMPARE(SshKnownHosts::hostFieldMatches(field, name), matches);
    }

    void markersAreNotHostEntries()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("known_hosts"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# comment\n"
                "@cert-authority *.example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==\n"
                "@revoked\tweb1.example.org\tssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB==\n"
                "@unknown web1.example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC==\n"
                "web1.example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID==\n");
        f.close();
        const QList<KnownHostsEntry> lines
                = SshKnownHosts::linesFor(file, QStringLiteral("web1.example.org"), 22);
        QCOMPARE(lines.size(), 3); // the unknown marker is skipped, as OpenSSH skips it
        QCOMPARE(lines.at(0).marker, KnownHostsEntry::Marker::CertAuthority);
        QCOMPARE(lines.at(0).line, 2);
        QCOMPARE(lines.at(1).marker, KnownHostsEntry::Marker::Revoked);
        QCOMPARE(lines.at(1).line, 3);
        QCOMPARE(lines.at(2).marker, KnownHostsEntry::Marker::None);
        const QList<KnownHostsEntry> entries
                = SshKnownHosts::entriesFor(file, QStringLiteral("web1.example.org"), 22);
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().line, 5);
    }

    void appendEndsTheLastLine()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("sub/known_hosts"));
        QVERIFY(SshKnownHosts::appendLine(file, "a ssh-ed25519 AAAA"));
        QCOMPARE(readAll(file), QByteArray("a ssh-ed25519 AAAA\n"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::Append));
        f.write("b ssh-ed25519 BBBB"); // a hand-edited file without its last newline
        f.close();
        QVERIFY(SshKnownHosts::appendLine(file, "c ssh-ed25519 CCCC\n"));
        QCOMPARE(readAll(file),
                 QByteArray("a ssh-ed25519 AAAA\nb ssh-ed25519 BBBB\nc ssh-ed25519 CCCC\n"));
    }

    // A key on a @revoked line is refused, even when another line trusts it, and never
    // saved by --accept-new-host-key; the message names the file and the line.
    void revokedKeyRefused_data()
    {
        QTest::addColumn<QByteArray>("revokedLine");
        QTest::addColumn<bool>("alsoTrusted");
        QTest::addColumn<bool>("acceptNew");
        QTest::newRow("trusted too") << QByteArray("@revoked NAME KEY") << true << false;
        QTest::newRow("accept new") << QByteArray("@revoked NAME KEY") << false << true;
        QTest::newRow("wildcard") << QByteArray("@revoked * KEY") << true << false;
        QTest::newRow("in a list") << QByteArray("@revoked other,NAME KEY") << true << false;
        QTest::newRow("hashed") << QByteArray("@revoked HASHED KEY") << true << false;
        QTest::newRow("tabs") << QByteArray("@revoked\tNAME\tKEY") << true << true;
    }
    void revokedKeyRefused()
    {
        requireSshd();
        QFETCH(QByteArray, revokedLine);
        QFETCH(bool, alsoTrusted);
        QFETCH(bool, acceptNew);
        QByteArray key = hostKey();
        if (revokedLine.contains('\t'))
            key.replace(' ', '\t');
        revokedLine.replace("NAME", name());
        revokedLine.replace("HASHED", hashedName(QString::fromLatin1(name())));
        revokedLine.replace("KEY", key);
        QByteArray text = "# first line\n";
        if (alsoTrusted)
            text += name() + ' ' + hostKey() + '\n';
        text += "otherhost.example " + otherKey() + '\n';
        text += revokedLine + '\n';
        const int line = alsoTrusted ? 4 : 3;
        const QString file = m_sshd->writeFile(QStringLiteral("known_hosts"), text);
        ConnectOptions o = options(file);
        o.acceptNewHostKey = acceptNew;
        QString failure;
        QVERIFY2(!connects(o, &failure), "connected with a revoked host key");
        QVERIFY2(failure.contains(QStringLiteral("revoked in %1 line %2").arg(file).arg(line)),
                 qPrintable(failure));
        QVERIFY2(failure.contains(m_sshd->hostKeyFingerprint()), qPrintable(failure));
        QCOMPARE(failure.count(u'\n'), 0);
        QCOMPARE(readAll(file), text);
    }

    void revokedOtherKeyDoesNotMatter()
    {
        requireSshd();
        const QByteArray text = "@revoked * " + otherKey() + '\n' + name() + ' ' + hostKey() + '\n';
        QString failure;
        QVERIFY2(
                connects(options(m_sshd->writeFile(QStringLiteral("known_hosts"), text)), &failure),
                qPrintable(failure));
    }

    // A @cert-authority line is not trust in a plain host key, and a changed key names the
    // host entry, not a marker line.
    void certAuthorityIsNotAHostEntry()
    {
        requireSshd();
        QString failure;
        const QString ca = m_sshd->writeFile(QStringLiteral("known_hosts"),
                                             "@cert-authority " + name() + ' ' + hostKey() + '\n');
        QVERIFY(!connects(options(ca), &failure));
        QVERIFY2(failure.contains(QLatin1String("is unknown")), qPrintable(failure));

        const QString changed = m_sshd->writeFile(
                QStringLiteral("known_hosts"),
                "@cert-authority " + name() + ' ' + otherKey() + "\n@revoked " + name() + ' '
                        + otherKey() + '\n' + name() + ' ' + otherKey() + '\n');
        QVERIFY(!connects(options(changed), &failure));
        QVERIFY2(failure.contains(QStringLiteral("%1 line 3").arg(changed)), qPrintable(failure));
    }

    // A full file system: the key cannot be saved, the connection is refused with the
    // system's reason, and the file keeps exactly what it had: the tmpfs is filled so
    // that the first bytes of the new line still fit and the rest does not.
    void fullDiskRefusesAndLeavesNoHalfLine()
    {
        requireSshd();
        const QString dir = m_tmp.filePath(QStringLiteral("full"));
        Tmpfs tmpfs(dir, QStringLiteral("size=64k,mode=0755"));
        if (!tmpfs.isMounted())
            QSKIP(qPrintable(tmpfs.errorString()));
        const QString file = dir + QStringLiteral("/known_hosts");
        // One page less a few bytes: the new line starts in the page the file has and
        // needs another that the full file system cannot give.
        QByteArray text = "# hand-written\notherhost.example " + otherKey() + '\n';
        text += "# " + QByteArray(4096 - 10 - text.size() - 3, '-') + '\n';
        QCOMPARE(text.size(), 4096 - 10);
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        QVERIFY(tmpfs.fill());
        ConnectOptions o = options(file);
        o.acceptNewHostKey = true;
        QString failure;
        QVERIFY2(!connects(o, &failure), "connected although the key was not saved");
        QVERIFY2(failure.contains(file), qPrintable(failure));
        QVERIFY2(failure.contains(QString::fromLocal8Bit(std::strerror(ENOSPC))),
                 qPrintable(failure));
        QCOMPARE(failure.count(u'\n'), 0);
        QCOMPARE(readAll(file), text);
    }

    void readOnlyFileSystemRefuses()
    {
        requireSshd();
        const QString dir = m_tmp.filePath(QStringLiteral("ro"));
        Tmpfs tmpfs(dir, QStringLiteral("size=64k,mode=0755"));
        if (!tmpfs.isMounted())
            QSKIP(qPrintable(tmpfs.errorString()));
        const QString file = dir + QStringLiteral("/known_hosts");
        const QByteArray text = "otherhost.example " + otherKey() + '\n';
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        QVERIFY(tmpfs.remountReadOnly());
        for (const QString &path : QStringList{file, dir + QStringLiteral("/new/known_hosts")}) {
            ConnectOptions o = options(path);
            o.acceptNewHostKey = true;
            QString failure;
            QVERIFY2(!connects(o, &failure), qPrintable(path));
            QVERIFY2(failure.startsWith(QLatin1String("Cannot save the host key")),
                     qPrintable(failure));
            QVERIFY2(failure.contains(path), qPrintable(failure));
            QVERIFY2(failure.contains(QString::fromLocal8Bit(std::strerror(EROFS))),
                     qPrintable(failure));
        }
        QCOMPARE(readAll(file), text);
    }

    // Without root (or a mount) the write itself on /dev/full, where every write fails
    // with ENOSPC. (Not through a transport: reading /dev/full as known_hosts never ends.)
    void appendToDevFullFails()
    {
        if (!QFile::exists(QStringLiteral("/dev/full")))
            QSKIP("this machine has no /dev/full");
        const Result<void> r
                = SshKnownHosts::appendLine(QStringLiteral("/dev/full"), "a ssh-ed25519 AAAA");
        QVERIFY(!r);
        QCOMPARE(r.errorString(), QString::fromLocal8Bit(std::strerror(ENOSPC)));
    }
};

QTEST_GUILESS_MAIN(tst_KnownHosts)
#include "tst_knownhosts.moc"
