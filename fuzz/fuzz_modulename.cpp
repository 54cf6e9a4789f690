// Fuzzes what a context controls in module lookups: the name it asks for, and the source
// whose imports the master scans.
//
// Input: the first line is a module name; the rest is Python source. The name goes through
// ModuleFinder::validateName and ModuleFinder::find against a temporary tree of two search
// directories full of symlinks that point outside them (and from one into the other): no
// servable result may ever resolve outside the search directory it was found in. The source
// goes through ImportScanner::scan, whose names must be dotted names and are looked up too.
#include "core/modules/importscanner.h"
#include "core/modules/modulefinder.h"
#include "fuzzcheck.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <unistd.h>

#include <cstdint>
#include <memory>

using namespace Econtext;
using namespace Econtext::Modules;

namespace {

struct Tree
{
    QTemporaryDir temp;
    QString outside;
    QStringList roots; // as added to the finder
    ModuleFinder finder;
};

Tree *s_tree = nullptr;
bool s_verbose = false; // ECONTEXT_FUZZ_VERBOSE=1: print every lookup (to check the tree)

void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size()) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
        std::abort();
    }
}

void link(const QString &target, const QString &linkPath)
{
    QDir().mkpath(QFileInfo(linkPath).absolutePath());
    // QFile::link makes absolute links only; relative ones are what users create.
    if (::symlink(QFile::encodeName(target).constData(), QFile::encodeName(linkPath).constData())
        != 0) {
        std::fprintf(stderr, "cannot link %s\n", qPrintable(linkPath));
        std::abort();
    }
}

void buildTree(Tree &t)
{
    const QString base = QFileInfo(t.temp.path()).canonicalFilePath();
    t.outside = base + QStringLiteral("/outside");
    const QString r1 = base + QStringLiteral("/root1");
    const QString r2 = base + QStringLiteral("/root2");
    const QByteArray secret = "SECRET = 1\n";
    const QByteArray code = "import os\nfrom . import sibling\n";

    writeFile(t.outside + QStringLiteral("/__init__.py"), secret);
    writeFile(t.outside + QStringLiteral("/secret.py"), secret);
    writeFile(t.outside + QStringLiteral("/evilpkg/__init__.py"), secret);
    writeFile(t.outside + QStringLiteral("/evilpkg/inner.py"), secret);
    writeFile(t.outside + QStringLiteral("/evilns/leak.py"), secret);
    writeFile(t.outside + QStringLiteral("/native.so"), secret);

    writeFile(r1 + QStringLiteral("/mod.py"), code);
    writeFile(r1 + QStringLiteral("/pkg/__init__.py"), code);
    writeFile(r1 + QStringLiteral("/pkg/mod.py"), code);
    writeFile(r1 + QStringLiteral("/pkg/sub/__init__.py"), code);
    writeFile(r1 + QStringLiteral("/pkg/sub/deep.py"), code);
    writeFile(r1 + QStringLiteral("/ns/x.py"), code);
    writeFile(r1 + QStringLiteral("/native.cpython-311-x86_64-linux-gnu.so"), secret);
    writeFile(r1 + QStringLiteral("/pkg/__pycache__/mod.cpython-311.pyc"), secret);
    link(QStringLiteral("../../outside"), r1 + QStringLiteral("/pkg/link"));
    link(QStringLiteral("../../outside/secret.py"), r1 + QStringLiteral("/pkg/linkmod.py"));
    link(QStringLiteral("../../outside/evilpkg"), r1 + QStringLiteral("/pkg/evilpkg"));
    link(QStringLiteral("../../outside/evilns"), r1 + QStringLiteral("/ns/evilns"));
    link(QStringLiteral("../../outside"), r1 + QStringLiteral("/ns/out"));
    link(QStringLiteral("../outside/secret.py"), r1 + QStringLiteral("/escape.py"));
    link(QStringLiteral("../outside"), r1 + QStringLiteral("/escdir"));
    link(QStringLiteral("../outside/evilpkg"), r1 + QStringLiteral("/evilpkg"));
    link(QStringLiteral("../outside/evilns"), r1 + QStringLiteral("/evilns"));
    link(QStringLiteral("../outside/native.so"), r1 + QStringLiteral("/nativelink.so"));
    link(t.outside + QStringLiteral("/secret.py"), r1 + QStringLiteral("/absolute.py"));
    link(QStringLiteral("../nonexistent.py"), r1 + QStringLiteral("/dangling.py"));
    link(QStringLiteral("loop.py"), r1 + QStringLiteral("/loop.py"));
    link(QStringLiteral("."), r1 + QStringLiteral("/selfdir"));
    link(QStringLiteral(".."), r1 + QStringLiteral("/up"));
    link(QStringLiteral("/"), r1 + QStringLiteral("/rootfs"));
    link(QStringLiteral("/etc/passwd"), r1 + QStringLiteral("/passwd.py"));

    writeFile(r2 + QStringLiteral("/other.py"), code);
    writeFile(r2 + QStringLiteral("/ns/y.py"), code);
    // Inside the module path, but outside the search directory it is found in.
    link(QStringLiteral("../root1/pkg"), r2 + QStringLiteral("/shared"));
    link(QStringLiteral("../root1/mod.py"), r2 + QStringLiteral("/sharedmod.py"));
    link(QStringLiteral("../root1/ns"), r2 + QStringLiteral("/sharedns"));

    t.roots = {r1, r2};
    t.finder.setReferencePython(QString()); // only the directories: no process per input
    for (const QString &root : std::as_const(t.roots))
        t.finder.addDirectory(root);
}

bool inside(const QString &path, const QString &root)
{
    const QString canonical = QFileInfo(path).canonicalFilePath();
    return !canonical.isEmpty()
           && (canonical == root || canonical.startsWith(root + QLatin1Char('/')));
}

bool lexicallyUnderARoot(const QString &path)
{
    for (const QString &root : std::as_const(s_tree->roots)) {
        if (path.startsWith(root + QLatin1Char('/')) && !path.contains(QLatin1String("/../"))
            && !path.contains(QLatin1String("/./")))
            return true;
    }
    return false;
}

void report(const ModuleInfo &info)
{
    std::fprintf(stderr,
                 "name %s kind %d path %s dirs %s roots %s\n",
                 qPrintable(info.fullname),
                 int(info.kind),
                 qPrintable(info.path),
                 qPrintable(info.packageDirs.join(QLatin1Char(' '))),
                 qPrintable(info.roots.join(QLatin1Char(' '))));
}

// Nothing servable resolves outside the search directory it was found in.
void checkFound(const QString &name, const ModuleInfo &info)
{
    const bool valid = ModuleFinder::validateName(name).isEmpty();
    if (!valid) {
        FUZZ_CHECK(info.kind == ModuleInfo::Kind::Refused);
        FUZZ_CHECK(!info.reason.isEmpty());
        FUZZ_CHECK(info.path.isEmpty() && info.packageDirs.isEmpty());
        return;
    }
    FUZZ_CHECK(name.size() <= ModuleFinder::MaxNameLength);
    FUZZ_CHECK(!name.contains(QLatin1Char('/')) && !name.contains(QChar(0))
               && !name.contains(QLatin1String("..")));
    bool ok = true;
    switch (info.kind) {
    case ModuleInfo::Kind::NotFound:
        ok = info.path.isEmpty() && info.packageDirs.isEmpty();
        break;
    case ModuleInfo::Kind::Refused:
        ok = !info.reason.isEmpty();
        break;
    case ModuleInfo::Kind::Native:
        // Never read or sent; its path is only shown in the import log.
        ok = lexicallyUnderARoot(info.path);
        break;
    case ModuleInfo::Kind::Module:
    case ModuleInfo::Kind::Package:
    case ModuleInfo::Kind::Namespace: {
        ok = info.fullname == name && info.packageDirs.size() == info.roots.size();
        if (info.kind == ModuleInfo::Kind::Namespace)
            ok = ok && info.path.isEmpty() && !info.packageDirs.isEmpty();
        else
            ok = ok && lexicallyUnderARoot(info.path);
        if (info.kind == ModuleInfo::Kind::Module)
            ok = ok && info.packageDirs.isEmpty();
        if (!info.path.isEmpty()) {
            bool inOne = false;
            for (const QString &root : std::as_const(s_tree->roots))
                inOne = inOne
                        || (info.path.startsWith(root + QLatin1Char('/'))
                            && inside(info.path, root));
            ok = ok && inOne && !inside(info.path, s_tree->outside);
        }
        for (qsizetype i = 0; ok && i < info.packageDirs.size(); ++i) {
            ok = s_tree->roots.contains(info.roots.at(i))
                 && inside(info.packageDirs.at(i), info.roots.at(i))
                 && !inside(info.packageDirs.at(i), s_tree->outside);
        }
        if (ok && info.isPackage()) {
            for (const QString &child : ModuleFinder::children(info.packageDirs))
                ok = ok && ImportScanner::isIdentifier(child);
        }
        break;
    }
    }
    if (!ok || s_verbose)
        report(info);
    FUZZ_CHECK(ok);
}

void discardMessages(QtMsgType, const QMessageLogContext &, const QString &) {}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    s_verbose = qEnvironmentVariableIntValue("ECONTEXT_FUZZ_VERBOSE") != 0;
    if (!s_verbose)
        qInstallMessageHandler(discardMessages);
    s_tree = new Tree;
    if (!s_tree->temp.isValid()) {
        std::fprintf(stderr, "no temporary directory\n");
        std::abort();
    }
    buildTree(*s_tree);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = input.indexOf('\n');
    const QByteArrayView nameBytes = newline < 0 ? input : input.first(newline);
    const QByteArrayView source = newline < 0 ? QByteArrayView() : input.sliced(newline + 1);

    // A context's name arrives as a pickled str (any code point, NUL included) or, from
    // Python 2, as bytes read as Latin-1.
    const QString name = QString::fromUtf8(nameBytes);
    ModuleInfo info = s_tree->finder.find(name);
    checkFound(name, info);
    const QString latin1 = QString::fromLatin1(nameBytes);
    if (latin1 != name)
        checkFound(latin1, s_tree->finder.find(latin1));

    const bool valid
            = info.kind != ModuleInfo::Kind::Refused && ModuleFinder::validateName(name).isEmpty();
    const QStringList imports = ImportScanner::scan(
            source, valid ? name : QStringLiteral("pkg.mod"), valid && info.isPackage());
    for (qsizetype i = 0; i < imports.size(); ++i) {
        const QString &imported = imports.at(i);
        FUZZ_CHECK(ImportScanner::isDottedName(imported));
        FUZZ_CHECK(i == 0 || imports.at(i - 1) < imported); // sorted and unique
        if (i < 16)
            checkFound(imported, s_tree->finder.find(imported));
    }
    return 0;
}
