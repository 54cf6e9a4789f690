// ModuleFinder and ModuleServer on real files: finding modules, packages,
// namespace packages and native extensions; refusing bad names and symlink
// escapes; sending a package tree in one answer, parents first, never twice;
// and payloads that every real Python present can load.
#include "core/modules/modulefinder.h"
#include "core/modules/moduleserver.h"
#include "core/wire/pickle.h"
#include "tests/support/pythons.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <optional>
#include <thread>
#include <vector>

#include <zlib.h>

using namespace Econtext;
using namespace Econtext::Modules;
using Econtext::Wire::Value;

namespace {

bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

std::optional<QByteArray> inflate(const QByteArray &compressed)
{
    z_stream zs{};
    if (inflateInit(&zs) != Z_OK)
        return std::nullopt;
    QByteArray out;
    char buffer[16384];
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.data()));
    zs.avail_in = static_cast<uInt>(compressed.size());
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef *>(buffer);
        zs.avail_out = sizeof buffer;
        rc = ::inflate(&zs, Z_NO_FLUSH);
        out.append(buffer, static_cast<qsizetype>(sizeof buffer - zs.avail_out));
    }
    inflateEnd(&zs);
    if (rc != Z_STREAM_END || zs.avail_in != 0)
        return std::nullopt;
    return out;
}

struct Loaded
{
    QString name;
    Value path;
    bool isPackage = false;
    Value children;
    QString requestedBy;
    QByteArray source;
};

// Parses a LOAD_MODULE payload the way the context does (docs/protocol.md §4).
std::optional<Loaded> decodePayload(const QByteArray &payload)
{
    if (payload.size() < 4)
        return std::nullopt;
    const quint32 metaLen = qFromBigEndian<quint32>(payload.constData());
    if (qsizetype(metaLen) > payload.size() - 4)
        return std::nullopt;
    const auto meta = Wire::decodePickle(QByteArrayView(payload).sliced(4, metaLen));
    if (!meta || meta->kind() != Value::Kind::Tuple || meta->items().size() != 6
        || meta->items().at(5).kind() != Value::Kind::Bool || meta->items().at(5).toBool())
        return std::nullopt;
    const auto source = inflate(payload.sliced(4 + metaLen));
    if (!source)
        return std::nullopt;
    const Wire::ValueList &items = meta->items();
    Loaded l;
    l.name = items.at(0).toString();
    l.path = items.at(1);
    l.isPackage = items.at(2).kind() == Value::Kind::Bool && items.at(2).toBool();
    l.children = items.at(3);
    l.requestedBy = items.at(4).toString();
    l.source = *source;
    return l;
}

QStringList payloadNames(const ModuleServer::Response &r)
{
    QStringList names;
    for (const QByteArray &p : r.loadModulePayloads) {
        const auto l = decodePayload(p);
        names.append(l ? l->name : QStringLiteral("<undecodable>"));
    }
    return names;
}

QStringList strings(const Value &tuple)
{
    QStringList out;
    for (const Value &v : tuple.items())
        out.append(v.toString());
    return out;
}

QStringList l(std::initializer_list<const char *> names)
{
    QStringList out;
    for (const char *n : names)
        out.append(QString::fromLatin1(n));
    return out;
}

// pkg imports pkg.a; pkg.a imports b (relative) and, inside a function, sub.c.
void writePackageTree(const QString &root)
{
    writeFile(root + QStringLiteral("/pkg/__init__.py"),
              "\"\"\"The package. import notreal\"\"\"\nimport pkg.a\nVALUE = 'pkg'\n");
    writeFile(root + QStringLiteral("/pkg/a.py"),
              "from . import b\n\ndef run():\n    from .sub import c\n"
              "    return b.VALUE + c.VALUE\n");
    writeFile(root + QStringLiteral("/pkg/b.py"), "VALUE = 'b'\n");
    writeFile(root + QStringLiteral("/pkg/sub/__init__.py"), "# the sub package\n");
    writeFile(root + QStringLiteral("/pkg/sub/c.py"), "import os\nVALUE = 'c'\n");
    writeFile(root + QStringLiteral("/pkg/d.py"), "import pkg.a\nfrom pkg.sub import c\n");
    writeFile(root + QStringLiteral("/ns/m.py"), "import pkg.b\nVALUE = 'ns'\n");
}

} // namespace

class tst_ModuleServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void finderKinds();
    void finderPrecedence();
    void finderNamespaceAcrossDirectories();
    void refusedNames_data();
    void refusedNames();
    void symlinkEscape();
    void notFoundAndNative();
    void relatedClosure();
    void neverTwice();
    void namespaceAndParentsFirst();
    void sendRelatedOff();
    void payloadDecodes();
    void cacheFollowsChanges();
    void stats();
    void concurrentRequests();
    void closureIsCapped();
    void referenceInterpreter();
    void pythonLoadsPayloads_data();
    void pythonLoadsPayloads();
};

void tst_ModuleServer::finderKinds()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString root = tmp.path();
    QVERIFY(writeFile(root + QStringLiteral("/mod.py"), "X = 1\n"));
    QVERIFY(writeFile(root + QStringLiteral("/pkg/__init__.py"), ""));
    QVERIFY(writeFile(root + QStringLiteral("/pkg/sub.py"), ""));
    QVERIFY(writeFile(root + QStringLiteral("/pkg/subpkg/__init__.py"), ""));
    QVERIFY(writeFile(root + QStringLiteral("/pkg/nsdir/x.py"), ""));
    QVERIFY(writeFile(root + QStringLiteral("/pkg/fast.abi3.so"), "ELF"));
    QVERIFY(writeFile(root + QStringLiteral("/pkg/old.so"), "ELF"));
    QVERIFY(writeFile(root + QStringLiteral("/pkg/win.cp311-win_amd64.pyd"), "MZ"));
    QVERIFY(writeFile(root + QStringLiteral("/pkg/__pycache__/sub.cpython-311.pyc"), "pyc"));
    QVERIFY(writeFile(root + QStringLiteral("/pkg/data-files/readme.txt"), "text"));
    QVERIFY(writeFile(root + QStringLiteral("/pkg/notes.txt"), "text"));
    QVERIFY(writeFile(root + QStringLiteral("/pkg/bad-name.py"), ""));
    QVERIFY(writeFile(root + QStringLiteral("/ns/inner.py"), "Y = 2\n"));
    QVERIFY(writeFile(root + QStringLiteral("/x.cpython-311-x86_64-linux-gnu.so"), "ELF"));
    QVERIFY(writeFile(root + QStringLiteral("/natpkg/__init__.cpython-311-x86_64-linux-gnu.so"),
                      "ELF"));

    ModuleFinder finder;
    finder.setReferencePython(QString());
    finder.addDirectory(root);
    QCOMPARE(finder.searchPath(), QStringList{QDir::cleanPath(root)});

    ModuleInfo info = finder.find(QStringLiteral("mod"));
    QCOMPARE(info.kind, ModuleInfo::Kind::Module);
    QCOMPARE(info.path, root + QStringLiteral("/mod.py"));
    QVERIFY(!info.isPackage());

    info = finder.find(QStringLiteral("pkg"));
    QCOMPARE(info.kind, ModuleInfo::Kind::Package);
    QCOMPARE(info.path, root + QStringLiteral("/pkg/__init__.py"));
    QCOMPARE(info.packageDirs, QStringList{root + QStringLiteral("/pkg")});
    QCOMPARE(ModuleFinder::children(info.packageDirs),
             l({"fast", "nsdir", "old", "sub", "subpkg", "win"}));

    QCOMPARE(finder.find(QStringLiteral("pkg.sub")).kind, ModuleInfo::Kind::Module);
    QCOMPARE(finder.find(QStringLiteral("pkg.subpkg")).kind, ModuleInfo::Kind::Package);
    QCOMPARE(finder.find(QStringLiteral("pkg.nsdir")).kind, ModuleInfo::Kind::Namespace);
    QCOMPARE(finder.find(QStringLiteral("pkg.nsdir.x")).kind, ModuleInfo::Kind::Module);
    QCOMPARE(finder.find(QStringLiteral("pkg.fast")).kind, ModuleInfo::Kind::Native);
    QCOMPARE(finder.find(QStringLiteral("pkg.old")).kind, ModuleInfo::Kind::Native);
    QCOMPARE(finder.find(QStringLiteral("pkg.win")).kind, ModuleInfo::Kind::Native);
    QCOMPARE(finder.find(QStringLiteral("pkg.notes")).kind, ModuleInfo::Kind::NotFound);
    QCOMPARE(finder.find(QStringLiteral("pkg.__pycache__")).kind, ModuleInfo::Kind::Namespace);

    info = finder.find(QStringLiteral("ns"));
    QCOMPARE(info.kind, ModuleInfo::Kind::Namespace);
    QVERIFY(info.path.isEmpty());
    QVERIFY(info.isPackage());
    QCOMPARE(ModuleFinder::children(info.packageDirs), l({"inner"}));
    QCOMPARE(finder.find(QStringLiteral("ns.inner")).kind, ModuleInfo::Kind::Module);

    info = finder.find(QStringLiteral("x"));
    QCOMPARE(info.kind, ModuleInfo::Kind::Native);
    QCOMPARE(info.path, root + QStringLiteral("/x.cpython-311-x86_64-linux-gnu.so"));
    QCOMPARE(finder.find(QStringLiteral("natpkg")).kind, ModuleInfo::Kind::Native);
    QCOMPARE(finder.find(QStringLiteral("natpkg.child")).kind, ModuleInfo::Kind::NotFound);

    QCOMPARE(finder.find(QStringLiteral("nothere")).kind, ModuleInfo::Kind::NotFound);
    QCOMPARE(finder.find(QStringLiteral("mod.x")).kind, ModuleInfo::Kind::NotFound);
    QCOMPARE(finder.find(QStringLiteral("pkg.nothere")).kind, ModuleInfo::Kind::NotFound);

    // The root's own children as a pseudo-package, to see natives and namespaces listed.
    QCOMPARE(ModuleFinder::children({root}), l({"mod", "natpkg", "ns", "pkg", "x"}));
}

void tst_ModuleServer::finderPrecedence()
{
    QTemporaryDir first;
    QTemporaryDir second;
    QVERIFY(first.isValid() && second.isValid());
    // Same directory: package over module, native over source, module over namespace.
    QVERIFY(writeFile(first.path() + QStringLiteral("/both/__init__.py"), ""));
    QVERIFY(writeFile(first.path() + QStringLiteral("/both.py"), ""));
    QVERIFY(writeFile(first.path() + QStringLiteral("/speedy.py"), ""));
    QVERIFY(writeFile(first.path() + QStringLiteral("/speedy.cpython-39-x86_64-linux-gnu.so"), ""));
    QVERIFY(QDir().mkpath(first.path() + QStringLiteral("/nsmod")));
    QVERIFY(writeFile(first.path() + QStringLiteral("/nsmod.py"), ""));
    // Across directories: the first directory wins, and a later module beats an
    // earlier bare directory.
    QVERIFY(writeFile(first.path() + QStringLiteral("/shadow.py"), "FIRST = 1\n"));
    QVERIFY(writeFile(second.path() + QStringLiteral("/shadow.py"), "SECOND = 1\n"));
    QVERIFY(QDir().mkpath(first.path() + QStringLiteral("/later")));
    QVERIFY(writeFile(second.path() + QStringLiteral("/later.py"), ""));

    ModuleFinder finder;
    finder.setReferencePython(QString());
    finder.addDirectory(first.path());
    finder.addDirectory(second.path());
    finder.addDirectory(first.path()); // twice: ignored
    QCOMPARE(finder.directories().size(), 2);

    QCOMPARE(finder.find(QStringLiteral("both")).kind, ModuleInfo::Kind::Package);
    QCOMPARE(finder.find(QStringLiteral("speedy")).kind, ModuleInfo::Kind::Native);
    QCOMPARE(finder.find(QStringLiteral("nsmod")).kind, ModuleInfo::Kind::Module);
    QCOMPARE(finder.find(QStringLiteral("shadow")).path,
             first.path() + QStringLiteral("/shadow.py"));
    const ModuleInfo later = finder.find(QStringLiteral("later"));
    QCOMPARE(later.kind, ModuleInfo::Kind::Module);
    QCOMPARE(later.path, second.path() + QStringLiteral("/later.py"));
}

void tst_ModuleServer::finderNamespaceAcrossDirectories()
{
    QTemporaryDir first;
    QTemporaryDir second;
    QVERIFY(first.isValid() && second.isValid());
    QVERIFY(writeFile(first.path() + QStringLiteral("/span/a.py"), "A = 1\n"));
    QVERIFY(writeFile(second.path() + QStringLiteral("/span/b.py"), "B = 1\n"));
    QVERIFY(writeFile(second.path() + QStringLiteral("/span/deep/__init__.py"), ""));

    ModuleFinder finder;
    finder.setReferencePython(QString());
    finder.addDirectory(first.path());
    finder.addDirectory(second.path());
    const ModuleInfo span = finder.find(QStringLiteral("span"));
    QCOMPARE(span.kind, ModuleInfo::Kind::Namespace);
    QCOMPARE(span.packageDirs.size(), 2);
    QCOMPARE(ModuleFinder::children(span.packageDirs), l({"a", "b", "deep"}));
    QCOMPARE(finder.find(QStringLiteral("span.a")).path,
             first.path() + QStringLiteral("/span/a.py"));
    QCOMPARE(finder.find(QStringLiteral("span.b")).path,
             second.path() + QStringLiteral("/span/b.py"));
    QCOMPARE(finder.find(QStringLiteral("span.deep")).kind, ModuleInfo::Kind::Package);
}

void tst_ModuleServer::refusedNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("dotdot") << QStringLiteral("..");
    QTest::newRow("slash") << QStringLiteral("a/b");
    QTest::newRow("absolute") << QStringLiteral("/etc/passwd");
    QTest::newRow("parent path") << QStringLiteral("../secret");
    QTest::newRow("empty part") << QStringLiteral("a..b");
    QTest::newRow("trailing dot") << QStringLiteral("a.");
    QTest::newRow("leading dot") << QStringLiteral(".a");
    QTest::newRow("nul") << QString(QStringLiteral("mod") + QChar(0) + QStringLiteral(".py"));
    QTest::newRow("300 chars") << QString(300, QLatin1Char('a'));
    QTest::newRow("leading digit") << QStringLiteral("1abc");
    QTest::newRow("space") << QStringLiteral("a b");
    QTest::newRow("non ascii") << QStringLiteral("caf\u00e9");
    QTest::newRow("empty") << QString();
    QTest::newRow("backslash") << QStringLiteral("a\\b");
}

void tst_ModuleServer::refusedNames()
{
    QFETCH(QString, name);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(writeFile(tmp.path() + QStringLiteral("/mod.py"), "X = 1\n"));
    QVERIFY(writeFile(tmp.path() + QStringLiteral("/a/b.py"), "X = 1\n"));
    ModuleServer server;
    server.setReferencePython(QString());
    server.addDirectory(tmp.path());

    QVERIFY(!ModuleFinder::validateName(name).isEmpty());
    QCOMPARE(ModuleFinder().find(name).kind, ModuleInfo::Kind::Refused);
    const ModuleServer::Response r = server.handleRequest(1, name);
    QCOMPARE(r.status, QStringLiteral("refused"));
    QVERIFY(r.loadModulePayloads.isEmpty());
    QCOMPARE(r.events.size(), 1);
    QCOMPARE(r.events.first().outcome, ImportOutcome::Refused);
    QCOMPARE(r.events.first().contextId, quint32(1));
    QVERIFY(r.events.first().module.size() <= ModuleFinder::MaxNameLength);
    QVERIFY(!r.events.first().module.contains(QChar(0)));
    QCOMPARE(server.stats(1).requests, 1);
}

void tst_ModuleServer::symlinkEscape()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString root = tmp.path() + QStringLiteral("/root");
    const QString outside = tmp.path() + QStringLiteral("/outside");
    QVERIFY(writeFile(root + QStringLiteral("/mod.py"), "X = 1\n"));
    QVERIFY(writeFile(outside + QStringLiteral("/secret.py"), "PASSWORD = 'x'\n"));
    QVERIFY(writeFile(outside + QStringLiteral("/spkg/__init__.py"), "\n"));
    QVERIFY(writeFile(outside + QStringLiteral("/spkg/m.py"), "\n"));
    QVERIFY(writeFile(root + QStringLiteral("/pkg/__init__.py"), "\n"));
    QVERIFY(QFile::link(outside + QStringLiteral("/secret.py"), root + QStringLiteral("/evil.py")));
    QVERIFY(QFile::link(outside + QStringLiteral("/spkg"), root + QStringLiteral("/evilpkg")));
    QVERIFY(QFile::link(outside + QStringLiteral("/secret.py"),
                        root + QStringLiteral("/pkg/inner.py")));
    // A link that stays inside the directory is fine.
    QVERIFY(QFile::link(root + QStringLiteral("/mod.py"), root + QStringLiteral("/alias.py")));

    ModuleServer server;
    server.setReferencePython(QString());
    server.addDirectory(root);
    for (const char *name : {"evil", "evilpkg", "evilpkg.m", "pkg.inner"}) {
        const ModuleServer::Response r = server.handleRequest(1, QString::fromLatin1(name));
        QCOMPARE(r.status, QStringLiteral("refused"));
        QVERIFY(r.loadModulePayloads.isEmpty());
        QCOMPARE(r.events.size(), 1);
        QCOMPARE(r.events.first().outcome, ImportOutcome::Refused);
    }
    const ModuleServer::Response ok = server.handleRequest(1, QStringLiteral("alias"));
    QCOMPARE(ok.status, QStringLiteral("ok"));
    QCOMPARE(ok.loadModulePayloads.size(), 1);

    // Related modules that escape are skipped, not sent.
    QVERIFY(writeFile(root + QStringLiteral("/user.py"), "import evil\nimport mod\n"));
    const ModuleServer::Response user = server.handleRequest(2, QStringLiteral("user"));
    QCOMPARE(user.status, QStringLiteral("ok"));
    QCOMPARE(payloadNames(user), l({"user", "mod"}));
}

void tst_ModuleServer::notFoundAndNative()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(writeFile(tmp.path() + QStringLiteral("/x.cpython-311-x86_64-linux-gnu.so"), "ELF"));
    ModuleServer server;
    server.setReferencePython(QString());
    server.addDirectory(tmp.path());

    ModuleServer::Response r = server.handleRequest(3, QStringLiteral("nothere"));
    QCOMPARE(r.status, QStringLiteral("notfound"));
    QVERIFY(r.loadModulePayloads.isEmpty());
    QCOMPARE(r.events.size(), 1);
    QCOMPARE(r.events.first().outcome, ImportOutcome::NotFound);
    QCOMPARE(r.events.first().module, QStringLiteral("nothere"));

    r = server.handleRequest(3, QStringLiteral("x"));
    QCOMPARE(r.status, QStringLiteral("native"));
    QVERIFY(r.loadModulePayloads.isEmpty());
    QCOMPARE(r.events.size(), 1);
    QCOMPARE(r.events.first().outcome, ImportOutcome::Native);
    QVERIFY(r.events.first().path.endsWith(QStringLiteral("x.cpython-311-x86_64-linux-gnu.so")));
    QCOMPARE(server.stats(3).notFound, 2);
    QCOMPARE(server.stats(3).requests, 2);
}

void tst_ModuleServer::relatedClosure()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    writePackageTree(tmp.path());
    ModuleServer server;
    server.setReferencePython(QString());
    server.addDirectory(tmp.path());

    const ModuleServer::Response r = server.handleRequest(1, QStringLiteral("pkg"));
    QCOMPARE(r.status, QStringLiteral("ok"));
    QCOMPARE(payloadNames(r), l({"pkg", "pkg.a", "pkg.b", "pkg.sub", "pkg.sub.c"}));
    QCOMPARE(r.events.size(), 5);
    QCOMPARE(r.events.at(0).outcome, ImportOutcome::Served);
    QCOMPARE(r.events.at(0).module, QStringLiteral("pkg"));
    QVERIFY(r.events.at(0).isPackage);
    QCOMPARE(r.events.at(0).path, tmp.path() + QStringLiteral("/pkg/__init__.py"));
    for (qsizetype i = 1; i < r.events.size(); ++i) {
        const ImportEvent &e = r.events.at(i);
        QCOMPARE(e.outcome, ImportOutcome::Related);
        QCOMPARE(e.requestedBy, QStringLiteral("pkg"));
        QCOMPARE(e.contextId, quint32(1));
        QVERIFY(e.bytesRaw > 0);
        QVERIFY(e.bytesCompressed > 0);
        QCOMPARE(e.roundtripMs, -1.0);
        QVERIFY(e.time > 1.6e9);
    }
    QCOMPARE(r.events.at(3).module, QStringLiteral("pkg.sub"));
    QVERIFY(r.events.at(3).isPackage);
    QVERIFY(!r.events.at(4).isPackage);
}

void tst_ModuleServer::neverTwice()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    writePackageTree(tmp.path());
    ModuleServer server;
    server.setReferencePython(QString());
    server.addDirectory(tmp.path());

    QCOMPARE(server.handleRequest(1, QStringLiteral("pkg")).loadModulePayloads.size(), 5);
    // pkg.d imports pkg.a and pkg.sub.c, both sent already: only pkg.d goes.
    ModuleServer::Response r = server.handleRequest(1, QStringLiteral("pkg.d"));
    QCOMPARE(r.status, QStringLiteral("ok"));
    QCOMPARE(payloadNames(r), l({"pkg.d"}));
    QCOMPARE(r.events.size(), 1);
    QCOMPARE(r.events.first().outcome, ImportOutcome::Served);
    // Asked again for what it was sent: the context does not have it, so it goes again, alone.
    r = server.handleRequest(1, QStringLiteral("pkg.b"));
    QCOMPARE(payloadNames(r), l({"pkg.b"}));
    // Another context starts from nothing.
    r = server.handleRequest(2, QStringLiteral("pkg.d"));
    QCOMPARE(payloadNames(r), l({"pkg", "pkg.d", "pkg.a", "pkg.sub", "pkg.sub.c", "pkg.b"}));
    QCOMPARE(r.events.at(0).outcome, ImportOutcome::Related);
    QCOMPARE(r.events.at(1).outcome, ImportOutcome::Served);
    // Forgotten, a context id starts from nothing again.
    server.forgetContext(1);
    QCOMPARE(server.handleRequest(1, QStringLiteral("pkg")).loadModulePayloads.size(), 5);
}

void tst_ModuleServer::namespaceAndParentsFirst()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    writePackageTree(tmp.path());
    ModuleServer server;
    server.setReferencePython(QString());
    server.addDirectory(tmp.path());

    const ModuleServer::Response r = server.handleRequest(1, QStringLiteral("ns.m"));
    QCOMPARE(r.status, QStringLiteral("ok"));
    const QStringList names = payloadNames(r);
    QCOMPARE(names.mid(0, 2), l({"ns", "ns.m"}));
    // Every module comes after its parent packages.
    for (qsizetype i = 0; i < names.size(); ++i) {
        const QStringList parts = names.at(i).split(QLatin1Char('.'));
        for (qsizetype n = 1; n < parts.size(); ++n) {
            const qsizetype parent = names.indexOf(parts.mid(0, n).join(QLatin1Char('.')));
            QVERIFY2(parent >= 0 && parent < i, qPrintable(names.join(QLatin1Char(' '))));
        }
    }
    QVERIFY(names.contains(QStringLiteral("pkg.b")));
    // The namespace package: no path, empty source, its children listed.
    const auto ns = decodePayload(r.loadModulePayloads.first());
    QVERIFY(ns);
    QVERIFY(ns->path.isNone());
    QVERIFY(ns->isPackage);
    QVERIFY(ns->source.isEmpty());
    QCOMPARE(strings(ns->children), l({"m"}));
    QCOMPARE(ns->requestedBy, QStringLiteral("ns.m"));
    QCOMPARE(r.events.first().outcome, ImportOutcome::Related);
    QCOMPARE(r.events.at(1).outcome, ImportOutcome::Served);
}

void tst_ModuleServer::sendRelatedOff()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    writePackageTree(tmp.path());
    ModuleServer server;
    server.setReferencePython(QString());
    server.addDirectory(tmp.path());
    server.setSendRelated(false);
    QCOMPARE(payloadNames(server.handleRequest(1, QStringLiteral("pkg"))), l({"pkg"}));
    // Parent packages still come first: the context cannot import a child without them.
    QCOMPARE(payloadNames(server.handleRequest(2, QStringLiteral("pkg.sub.c"))),
             l({"pkg", "pkg.sub", "pkg.sub.c"}));
}

void tst_ModuleServer::payloadDecodes()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    writePackageTree(tmp.path());
    ModuleServer server;
    server.setReferencePython(QString());
    server.addDirectory(tmp.path());

    const ModuleServer::Response r = server.handleRequest(1, QStringLiteral("pkg"));
    QCOMPARE(r.loadModulePayloads.size(), 5);
    const QHash<QString, QString> files = {
            {QStringLiteral("pkg"), QStringLiteral("/pkg/__init__.py")},
            {QStringLiteral("pkg.a"), QStringLiteral("/pkg/a.py")},
            {QStringLiteral("pkg.b"), QStringLiteral("/pkg/b.py")},
            {QStringLiteral("pkg.sub"), QStringLiteral("/pkg/sub/__init__.py")},
            {QStringLiteral("pkg.sub.c"), QStringLiteral("/pkg/sub/c.py")},
    };
    for (qsizetype i = 0; i < r.loadModulePayloads.size(); ++i) {
        const auto loaded = decodePayload(r.loadModulePayloads.at(i));
        QVERIFY(loaded);
        QVERIFY(files.contains(loaded->name));
        const QString path = tmp.path() + files.value(loaded->name);
        QCOMPARE(loaded->path.toString(), path);
        QCOMPARE(loaded->source, readFile(path));
        QCOMPARE(loaded->requestedBy, QStringLiteral("pkg"));
        QCOMPARE(r.events.at(i).bytesRaw, readFile(path).size());
        const bool pkg = path.endsWith(QStringLiteral("__init__.py"));
        QCOMPARE(loaded->isPackage, pkg);
        if (pkg)
            QCOMPARE(loaded->children.kind(), Value::Kind::Tuple);
        else
            QVERIFY(loaded->children.isNone());
    }
    const auto top = decodePayload(r.loadModulePayloads.first());
    QCOMPARE(strings(top->children), l({"a", "b", "d", "sub"}));
    // The meta is a protocol-2 pickle (PROTO 2 opcode first), readable by Python 2.
    const QByteArray first = r.loadModulePayloads.first();
    QCOMPARE(quint8(first.at(4)), quint8(0x80));
    QCOMPARE(quint8(first.at(5)), quint8(2));
}

void tst_ModuleServer::cacheFollowsChanges()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.path() + QStringLiteral("/mod.py");
    QVERIFY(writeFile(path, "VERSION = 1\n"));
    ModuleServer server;
    server.setReferencePython(QString());
    server.addDirectory(tmp.path());

    auto r = server.handleRequest(1, QStringLiteral("mod"));
    QCOMPARE(decodePayload(r.loadModulePayloads.first())->source, QByteArray("VERSION = 1\n"));
    r = server.handleRequest(2, QStringLiteral("mod")); // from the cache
    QCOMPARE(decodePayload(r.loadModulePayloads.first())->source, QByteArray("VERSION = 1\n"));
    QVERIFY(writeFile(path, "VERSION = 22\nimport helper\n"));
    QVERIFY(writeFile(tmp.path() + QStringLiteral("/helper.py"), "\n"));
    r = server.handleRequest(3, QStringLiteral("mod"));
    QCOMPARE(decodePayload(r.loadModulePayloads.first())->source,
             QByteArray("VERSION = 22\nimport helper\n"));
    QCOMPARE(payloadNames(r), l({"mod", "helper"}));
}

void tst_ModuleServer::stats()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    writePackageTree(tmp.path());
    ModuleServer server;
    server.setReferencePython(QString());
    server.addDirectory(tmp.path());

    const ModuleServer::Response r = server.handleRequest(1, QStringLiteral("pkg"));
    qint64 raw = 0;
    qint64 compressed = 0;
    for (const ImportEvent &e : r.events) {
        raw += e.bytesRaw;
        compressed += e.bytesCompressed;
    }
    (void)server.handleRequest(1, QStringLiteral("missing"));
    (void)server.handleRequest(2, QStringLiteral("pkg.b"));

    ImportEvent cached;
    cached.contextId = 1;
    cached.module = QStringLiteral("pkg.a");
    cached.outcome = ImportOutcome::Cached;
    server.noteContextEvent(cached);
    cached.outcome = ImportOutcome::Negative;
    server.noteContextEvent(cached);
    cached.outcome = ImportOutcome::Local;
    server.noteContextEvent(cached);

    ModuleStats s = server.stats(1);
    QCOMPARE(s.requests, 2);
    QCOMPARE(s.modulesSent, 5);
    QCOMPARE(s.relatedSent, 4);
    QCOMPARE(s.notFound, 1);
    QCOMPARE(s.cacheHits, 2);
    QCOMPARE(s.bytesRaw, raw);
    QCOMPARE(s.bytesCompressed, compressed);

    ModuleStats t = server.totals();
    QCOMPARE(t.requests, 3);
    QCOMPARE(t.modulesSent, 10); // pkg.b for context 2 comes with pkg and what pkg imports
    QCOMPARE(t.relatedSent, 8);
    QCOMPARE(t.notFound, 1);
    QCOMPARE(t.cacheHits, 2);

    server.forgetContext(1);
    QCOMPARE(server.stats(1).requests, 0);
    t = server.totals();
    QCOMPARE(t.requests, 3);
    QCOMPARE(t.modulesSent, 10);
}

void tst_ModuleServer::concurrentRequests()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    constexpr int Modules = 40;
    for (int i = 0; i < Modules; ++i) {
        const QByteArray body = "import m" + QByteArray::number((i + 1) % Modules) + "\nimport m"
                                + QByteArray::number((i * 7) % Modules) + "\n";
        QVERIFY(writeFile(tmp.path() + QStringLiteral("/m%1.py").arg(i), body));
    }
    ModuleServer server;
    server.setReferencePython(QString());
    server.addDirectory(tmp.path());

    constexpr int Threads = 8;
    std::vector<QList<ImportEvent>> events(Threads);
    std::vector<std::thread> threads;
    for (int t = 0; t < Threads; ++t) {
        threads.emplace_back([&server, &events, t] {
            for (int i = t; i < Modules; i += Threads) {
                const auto r = server.handleRequest(9, QStringLiteral("m%1").arg(i));
                events[size_t(t)].append(r.events);
            }
        });
    }
    for (std::thread &t : threads)
        t.join();

    QHash<QString, int> related;
    int sent = 0;
    for (const QList<ImportEvent> &list : events) {
        for (const ImportEvent &e : list) {
            ++sent;
            if (e.outcome == ImportOutcome::Related)
                ++related[e.module];
        }
    }
    for (auto it = related.cbegin(); it != related.cend(); ++it)
        QVERIFY2(it.value() == 1, qPrintable(it.key()));
    QCOMPARE(server.stats(9).modulesSent, sent);
    QCOMPARE(server.stats(9).requests, Modules);
}

void tst_ModuleServer::closureIsCapped()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    constexpr int Modules = 620;
    for (int i = 0; i < Modules; ++i) {
        const QByteArray body = "import c" + QByteArray::number((i + 1) % Modules) + "\n";
        QVERIFY(writeFile(tmp.path() + QStringLiteral("/c%1.py").arg(i), body));
    }
    ModuleServer server;
    server.setReferencePython(QString());
    server.addDirectory(tmp.path());
    ModuleServer::Response r = server.handleRequest(1, QStringLiteral("c0"));
    QCOMPARE(r.status, QStringLiteral("ok"));
    QCOMPARE(r.loadModulePayloads.size(), 500);
    QCOMPARE(r.events.first().module, QStringLiteral("c0"));
    QCOMPARE(r.events.last().module, QStringLiteral("c499"));
    // The rest comes with the next request, without repeating the first 500.
    r = server.handleRequest(1, QStringLiteral("c500"));
    QCOMPARE(r.loadModulePayloads.size(), Modules - 500);
}

void tst_ModuleServer::referenceInterpreter()
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty())
        QSKIP("python3 is not on PATH on this machine.");
    QProcess probe;
    probe.start(python,
                {QStringLiteral("-c"),
                 QStringLiteral("import os, sys; print(os.path.dirname(os.__file__))")});
    QVERIFY(probe.waitForFinished(10000));
    const QString stdlib
            = QDir::cleanPath(QString::fromLocal8Bit(probe.readAllStandardOutput()).trimmed());
    QVERIFY(!stdlib.isEmpty());

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(writeFile(tmp.path() + QStringLiteral("/json.py"), "SHADOW = 1\n"));
    QVERIFY(writeFile(tmp.path() + QStringLiteral("/user.py"),
                      "import os, json, collections.abc\nimport helper\n"));
    QVERIFY(writeFile(tmp.path() + QStringLiteral("/helper.py"), "\n"));

    ModuleFinder finder; // default reference: python3
    finder.addDirectory(tmp.path());
    const QStringList path = finder.searchPath();
    QCOMPARE(path.first(), QDir::cleanPath(tmp.path()));
    QVERIFY2(!path.contains(stdlib), qPrintable(path.join(QLatin1Char(':'))));
    for (const QString &dir : path) {
        QVERIFY2(!dir.endsWith(QStringLiteral("lib-dynload")), qPrintable(dir));
        QVERIFY2(!dir.endsWith(QStringLiteral(".zip")), qPrintable(dir));
        QVERIFY2(!dir.isEmpty(), "empty sys.path entry kept");
    }
    QVERIFY(finder.isStdlib(QStringLiteral("os")));
    QVERIFY(finder.isStdlib(QStringLiteral("json.decoder")));
    QVERIFY(finder.isStdlib(QStringLiteral("sys")));
    QVERIFY(!finder.isStdlib(QStringLiteral("user")));

    ModuleServer server;
    server.addDirectory(tmp.path());
    // A shadow of the standard library is never served, asked for or related.
    ModuleServer::Response r = server.handleRequest(1, QStringLiteral("json"));
    QCOMPARE(r.status, QStringLiteral("notfound"));
    QVERIFY(r.loadModulePayloads.isEmpty());
    r = server.handleRequest(1, QStringLiteral("os"));
    QCOMPARE(r.status, QStringLiteral("notfound"));
    r = server.handleRequest(1, QStringLiteral("user"));
    QCOMPARE(r.status, QStringLiteral("ok"));
    QCOMPARE(payloadNames(r), l({"user", "helper"}));

    // Third-party packages on the reference sys.path are served (pygments is
    // installed for /usr/bin/python3 on this machine kind).
    bool havePygments = false;
    for (const QString &dir : path)
        havePygments
                = havePygments || QFileInfo::exists(dir + QStringLiteral("/pygments/__init__.py"));
    if (havePygments) {
        QCOMPARE(finder.find(QStringLiteral("pygments")).kind, ModuleInfo::Kind::Package);
        r = server.handleRequest(2, QStringLiteral("pygments.lexers"));
        QCOMPARE(r.status, QStringLiteral("ok"));
        const QStringList names = payloadNames(r);
        QCOMPARE(names.mid(0, 2), l({"pygments", "pygments.lexers"}));
        QVERIFY(names.size() > 2);
        QVERIFY(names.size() <= 500);
    } else {
        qInfo("pygments is not installed for python3: the site-packages case was not exercised.");
    }
}

void tst_ModuleServer::pythonLoadsPayloads_data()
{
    Test::addInterpreterRows();
}

void tst_ModuleServer::pythonLoadsPayloads()
{
    QFETCH(QString, python);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString root = tmp.path() + QStringLiteral("/modules");
    writePackageTree(root);
    QVERIFY(writeFile(root + QStringLiteral("/pkg/text.py"),
                      "# -*- coding: utf-8 -*-\nGREETING = u'h\xc3\xa9llo \xe2\x82\xac'\n"));
    QVERIFY(writeFile(root + QStringLiteral("/pkg/__init__.py"),
                      "import pkg.a\nfrom pkg import text\nVALUE = 'pkg'\n"));
    ModuleServer server;
    server.setReferencePython(QString());
    server.addDirectory(root);

    QByteArray stream;
    for (const char *name : {"pkg", "ns.m"}) {
        const ModuleServer::Response r = server.handleRequest(1, QString::fromLatin1(name));
        QCOMPARE(r.status, QStringLiteral("ok"));
        for (const QByteArray &p : r.loadModulePayloads) {
            char len[4];
            qToBigEndian<quint32>(quint32(p.size()), len);
            stream.append(len, 4).append(p);
        }
    }
    const QString streamPath = tmp.path() + QStringLiteral("/payloads.bin");
    QVERIFY(writeFile(streamPath, stream));

    // Parses the payloads as the context does and imports from them only.
    const QByteArray script = R"PY(
import sys, struct, pickle, zlib, json
data = open(sys.argv[1], 'rb').read()
cache, order, pos = {}, [], 0
while pos < len(data):
    n = struct.unpack('>I', data[pos:pos + 4])[0]
    payload = data[pos + 4:pos + 4 + n]
    pos += 4 + n
    m = struct.unpack('>I', payload[:4])[0]
    name, path, is_pkg, children, requested_by, compiled = pickle.loads(payload[4:4 + m])
    src = zlib.decompress(payload[4 + m:])
    cache[name] = (path, is_pkg, children, src)
    order.append([name, path, is_pkg, None if children is None else list(children),
                  requested_by, len(src)])

class Finder(object):
    def find_spec(self, name, path=None, target=None):
        if name not in cache:
            return None
        import importlib.util
        return importlib.util.spec_from_loader(name, self, origin=cache[name][0],
                                               is_package=cache[name][1])
    def create_module(self, spec):
        return None
    def exec_module(self, mod):
        self._run(mod, mod.__name__)
    def find_module(self, name, path=None):
        return self if name in cache else None
    def load_module(self, name):
        import imp
        mod = sys.modules.setdefault(name, imp.new_module(name))
        self._run(mod, name)
        return mod
    def _run(self, mod, name):
        path, is_pkg, children, src = cache[name]
        mod.__file__ = path or '<econtext %s>' % name
        mod.__loader__ = self
        if is_pkg:
            mod.__path__ = []
            mod.__package__ = name
        else:
            mod.__package__ = name.rpartition('.')[0]
        exec(compile(src, mod.__file__, 'exec'), mod.__dict__)

sys.meta_path.insert(0, Finder())
import pkg, pkg.a, ns.m
import pkg.text
print(json.dumps({'order': order, 'run': pkg.a.run(), 'ns': ns.m.VALUE,
                  'greeting': pkg.text.GREETING, 'file': pkg.a.__file__}))
)PY";
    const QString scriptDir = tmp.path() + QStringLiteral("/script");
    QVERIFY(writeFile(scriptDir + QStringLiteral("/load.py"), script));
    QProcess process;
    process.setWorkingDirectory(scriptDir);
    process.start(python,
                  {QStringLiteral("-B"), scriptDir + QStringLiteral("/load.py"), streamPath});
    QVERIFY(process.waitForFinished(60000));
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(process.exitCode() == 0, err.constData());
    const QJsonObject out = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    QCOMPARE(out.value(QLatin1String("run")).toString(), QStringLiteral("bc"));
    QCOMPARE(out.value(QLatin1String("ns")).toString(), QStringLiteral("ns"));
    QCOMPARE(out.value(QLatin1String("greeting")).toString(), QStringLiteral("h\u00e9llo \u20ac"));
    QCOMPARE(out.value(QLatin1String("file")).toString(), root + QStringLiteral("/pkg/a.py"));
    const QJsonArray order = out.value(QLatin1String("order")).toArray();
    QStringList names;
    for (const QJsonValue &v : order)
        names.append(v.toArray().at(0).toString());
    QCOMPARE(names, l({"pkg", "pkg.a", "pkg.text", "pkg.b", "pkg.sub", "pkg.sub.c", "ns", "ns.m"}));
    const QJsonArray top = order.at(0).toArray();
    QCOMPARE(top.at(2).toBool(), true);
    QCOMPARE(top.at(3).toArray().size(), 5); // a b d sub text
    QCOMPARE(top.at(4).toString(), QStringLiteral("pkg"));
    const QJsonArray ns = order.at(6).toArray();
    QVERIFY(ns.at(1).isNull());
    QCOMPARE(ns.at(5).toInt(), 0);
    QCOMPARE(ns.at(4).toString(), QStringLiteral("ns.m"));
}

QTEST_GUILESS_MAIN(tst_ModuleServer)
#include "tst_moduleserver.moc"
