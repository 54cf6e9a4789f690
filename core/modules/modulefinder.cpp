#include "core/modules/modulefinder.h"

#include "core/modules/importscanner.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutexLocker>
#include <QProcess>

#include <unistd.h>

namespace Econtext::Modules {

Q_LOGGING_CATEGORY(lcModules, "econtext.modules", QtInfoMsg)

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Econtext)
};

constexpr qint64 RacyListingMs = 100;
constexpr int ReferenceTimeoutMs = 10000; // pyenv shims alone can take two seconds

// Runs on Python 2.7 and 3.x: the path, where the standard library lives and its names.
const char ReferenceScript[]
        = "import sys, os, json\n"
          "std = [os.path.dirname(os.__file__)]\n"
          "try:\n"
          "    import sysconfig\n"
          "    std += [sysconfig.get_path('stdlib'), "
          "sysconfig.get_path('platstdlib')]\n"
          "except Exception:\n"
          "    pass\n"
          "print(json.dumps({'path': sys.path, 'stdlib': [p for p in std if p],\n"
          "    'names': sorted(getattr(sys, 'stdlib_module_names', ())),\n"
          "    'builtin': sorted(sys.builtin_module_names)}))\n";

bool isNativeFile(const QString &fileName)
{
    return fileName.endsWith(QLatin1String(".so")) || fileName.endsWith(QLatin1String(".pyd"));
}

QString stemOf(const QString &fileName)
{
    const qsizetype dot = fileName.indexOf(QLatin1Char('.'));
    return dot < 0 ? fileName : fileName.left(dot);
}

bool isInside(const QString &path, const QString &root)
{
    const QString canonicalRoot = QFileInfo(root).canonicalFilePath();
    const QString canonical = QFileInfo(path).canonicalFilePath();
    if (canonicalRoot.isEmpty() || canonical.isEmpty())
        return false;
    if (canonical == canonicalRoot)
        return true;
    const QString prefix = canonicalRoot.endsWith(QLatin1Char('/'))
                                   ? canonicalRoot
                                   : canonicalRoot + QLatin1Char('/');
    return canonical.startsWith(prefix);
}

QStringList jsonStrings(const QJsonValue &value)
{
    QStringList out;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &v : array)
        out.append(v.toString());
    return out;
}

} // namespace

ModuleFinder::ModuleFinder()
    : m_python(QStringLiteral("python3"))
{}

void ModuleFinder::addDirectory(const QString &dir)
{
    const QString clean = QDir::cleanPath(QDir(dir).absolutePath());
    QMutexLocker lock(&m_mutex);
    if (!m_dirs.contains(clean))
        m_dirs.append(clean);
}

QStringList ModuleFinder::directories() const
{
    QMutexLocker lock(&m_mutex);
    return m_dirs;
}

void ModuleFinder::setReferencePython(const QString &python)
{
    QMutexLocker lock(&m_mutex);
    if (python != m_python) {
        m_python = python;
        m_reference.reset();
    }
}

QString ModuleFinder::referencePython() const
{
    QMutexLocker lock(&m_mutex);
    return m_python;
}

ModuleFinder::Reference ModuleFinder::reference() const
{
    QString python;
    {
        QMutexLocker lock(&m_mutex);
        // One query at a time: a module request that comes while the warm-up asks waits
        // for its answer instead of starting a second interpreter.
        while (m_querying && !m_reference)
            m_queried.wait(&m_mutex);
        if (m_reference)
            return *m_reference;
        python = m_python;
        m_querying = true;
    }
    // Asked outside the lock (it runs a process).
    Reference ref = queryReference(python);
    QMutexLocker lock(&m_mutex);
    m_querying = false;
    m_queried.wakeAll();
    if (!m_reference && python == m_python)
        m_reference = ref;
    return m_reference ? *m_reference : ref;
}

ModuleFinder::Reference ModuleFinder::queryReference(const QString &python)
{
    Reference ref;
    if (python.isEmpty())
        return ref;
    QProcess process;
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.setWorkingDirectory(QDir::rootPath());
    // Asked in the background while contexts bootstrap (through a pyenv shim it costs half
    // a second of CPU): at the lowest priority, so it does not slow them down.
    process.setChildProcessModifier([] { (void)::nice(19); });
    process.start(python, {QStringLiteral("-c"), QString::fromLatin1(ReferenceScript)});
    if (!process.waitForStarted(ReferenceTimeoutMs)) {
        qCWarning(lcModules).noquote()
                << Tr::tr("The reference interpreter %1 could not be started; only the module "
                          "directories are searched.")
                           .arg(python);
        return ref;
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(ReferenceTimeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        qCWarning(lcModules).noquote()
                << Tr::tr("The reference interpreter %1 did not report its sys.path in time; only "
                          "the module directories are searched.")
                           .arg(python);
        return ref;
    }
    QJsonParseError error;
    const QJsonDocument doc
            = QJsonDocument::fromJson(process.readAllStandardOutput().trimmed(), &error);
    if (process.exitCode() != 0 || !doc.isObject()) {
        qCWarning(lcModules).noquote()
                << Tr::tr("The reference interpreter %1 gave no usable sys.path (%2); only the "
                          "module "
                          "directories are searched.")
                           .arg(python,
                                QString::fromLocal8Bit(process.readAllStandardError()).trimmed());
        return ref;
    }
    const QJsonObject obj = doc.object();
    QStringList stdDirs;
    for (const QString &dir : jsonStrings(obj.value(QLatin1String("stdlib"))))
        stdDirs.append(QDir::cleanPath(dir));
    stdDirs.removeDuplicates();

    // sys.path minus the standard library (its directory, lib-dynload, the zip);
    // site-packages and dist-packages stay even when they lie below it.
    for (const QString &entry : jsonStrings(obj.value(QLatin1String("path")))) {
        if (entry.isEmpty() || entry.endsWith(QLatin1String(".zip")))
            continue;
        const QString clean = QDir::cleanPath(entry);
        const bool packages = clean.contains(QLatin1String("site-packages"))
                              || clean.contains(QLatin1String("dist-packages"));
        bool std = false;
        for (const QString &dir : std::as_const(stdDirs)) {
            if (clean == dir || (!packages && clean.startsWith(dir + QLatin1Char('/'))))
                std = true;
        }
        if (std || !QFileInfo(clean).isDir() || ref.path.contains(clean))
            continue;
        ref.path.append(clean);
    }

    for (const QString &name : jsonStrings(obj.value(QLatin1String("builtin"))))
        ref.stdlibNames.insert(name);
    const QStringList names = jsonStrings(obj.value(QLatin1String("names")));
    if (!names.isEmpty()) {
        for (const QString &name : names)
            ref.stdlibNames.insert(name);
    } else {
        // Before 3.10 there is no sys.stdlib_module_names: list the library itself.
        for (const QString &dir : std::as_const(stdDirs)) {
            for (const QString &sub : {dir, QString(dir + QLatin1String("/lib-dynload"))}) {
                const QFileInfoList entries
                        = QDir(sub).entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot);
                for (const QFileInfo &fi : entries) {
                    const QString fileName = fi.fileName();
                    QString stem;
                    if (fi.isDir())
                        stem = fileName;
                    else if (fileName.endsWith(QLatin1String(".py")) || isNativeFile(fileName))
                        stem = stemOf(fileName);
                    if (stem == QLatin1String("site-packages")
                        || stem == QLatin1String("dist-packages")
                        || !ImportScanner::isIdentifier(stem))
                        continue;
                    ref.stdlibNames.insert(stem);
                }
            }
        }
    }
    qCDebug(lcModules) << "reference interpreter" << python << "path" << ref.path
                       << ref.stdlibNames.size() << "stdlib names";
    return ref;
}

QStringList ModuleFinder::searchPath() const
{
    QStringList path = directories();
    for (const QString &dir : reference().path) {
        if (!path.contains(dir))
            path.append(dir);
    }
    return path;
}

bool ModuleFinder::isStdlib(const QString &fullname) const
{
    const QString top = fullname.section(QLatin1Char('.'), 0, 0);
    return reference().stdlibNames.contains(top);
}

QString ModuleFinder::validateName(const QString &fullname)
{
    if (fullname.isEmpty())
        return Tr::tr("An empty module name was asked for.");
    if (fullname.size() > MaxNameLength)
        return Tr::tr("The module name is longer than %1 characters.").arg(MaxNameLength);
    if (!ImportScanner::isDottedName(fullname))
        return Tr::tr("\"%1\" is not a dotted name of Python identifiers.")
                .arg(fullname.left(80).toHtmlEscaped().replace(QChar(0), QLatin1Char('?')));
    return {};
}

QStringList ModuleFinder::entriesNamed(const QString &dir, const QString &stem) const
{
    const QFileInfo dirInfo(dir);
    const QDateTime modified = dirInfo.lastModified();
    {
        QMutexLocker lock(&m_listingMutex);
        const auto it = m_listings.constFind(dir);
        // A listing taken in the same clock tick as the directory's last change
        // may have missed a second change in that tick: such listings are redone.
        // (Linux stamps files with a coarse clock, a few milliseconds at most.)
        if (it != m_listings.cend() && it->modified == modified
            && it->modified.msecsTo(it->listed) > RacyListingMs)
            return it->byStem.value(stem);
    }
    Listing listing;
    listing.modified = modified;
    listing.listed = QDateTime::currentDateTimeUtc();
    const QStringList entries = QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System
                                                    | QDir::NoDotAndDotDot);
    for (const QString &entry : entries)
        listing.byStem[stemOf(entry)].append(entry);
    const QStringList result = listing.byStem.value(stem);
    QMutexLocker lock(&m_listingMutex);
    if (m_listings.size() > 4096)
        m_listings.clear();
    m_listings.insert(dir, std::move(listing));
    return result;
}

ModuleInfo ModuleFinder::findIn(const QString &name,
                                const QString &fullname,
                                const QStringList &dirs,
                                const QStringList &roots) const
{
    ModuleInfo info;
    info.fullname = fullname;
    QStringList namespaceDirs;
    QStringList namespaceRoots;

    const auto refuse = [&](const QString &path) {
        ModuleInfo refused;
        refused.kind = ModuleInfo::Kind::Refused;
        refused.fullname = fullname;
        refused.path = path;
        refused.reason = Tr::tr("%1 resolves outside its search directory; it is not served.")
                                 .arg(QDir::toNativeSeparators(path));
        qCWarning(lcModules).noquote() << refused.reason;
        return refused;
    };

    for (qsizetype i = 0; i < dirs.size(); ++i) {
        const QString &dir = dirs.at(i);
        const QString &root = roots.at(i);
        const QStringList entries = entriesNamed(dir, name);
        if (entries.isEmpty())
            continue;
        const QString base = dir + QLatin1Char('/') + name;

        // CPython's FileFinder order: a package directory, then extension
        // modules, then source; a bare directory only counts when nothing else does.
        if (entries.contains(name) && QFileInfo(base).isDir()) {
            const QStringList inits = entriesNamed(base, QStringLiteral("__init__"));
            for (const QString &init : inits) {
                if (isNativeFile(init)) {
                    info.kind = ModuleInfo::Kind::Native;
                    info.path = base + QLatin1Char('/') + init;
                    return info;
                }
            }
            const QString init = base + QLatin1String("/__init__.py");
            if (inits.contains(QLatin1String("__init__.py")) && QFileInfo(init).isFile()) {
                if (!isInside(init, root) || !isInside(base, root))
                    return refuse(init);
                info.kind = ModuleInfo::Kind::Package;
                info.path = init;
                info.packageDirs = {base};
                info.roots = {root};
                return info;
            }
            if (isInside(base, root)) {
                namespaceDirs.append(base);
                namespaceRoots.append(root);
            } else {
                qCDebug(lcModules) << "namespace portion outside its root skipped:" << base;
            }
        }
        for (const QString &entry : entries) {
            if (isNativeFile(entry) && QFileInfo(dir + QLatin1Char('/') + entry).isFile()) {
                info.kind = ModuleInfo::Kind::Native;
                info.path = dir + QLatin1Char('/') + entry;
                return info;
            }
        }
        const QString source = base + QLatin1String(".py");
        if (entries.contains(name + QLatin1String(".py")) && QFileInfo(source).isFile()) {
            if (!isInside(source, root))
                return refuse(source);
            info.kind = ModuleInfo::Kind::Module;
            info.path = source;
            return info;
        }
    }
    if (!namespaceDirs.isEmpty()) {
        info.kind = ModuleInfo::Kind::Namespace;
        info.packageDirs = namespaceDirs;
        info.roots = namespaceRoots;
    }
    return info;
}

ModuleInfo ModuleFinder::find(const QString &fullname) const
{
    const QString invalid = validateName(fullname);
    if (!invalid.isEmpty()) {
        ModuleInfo info;
        info.kind = ModuleInfo::Kind::Refused;
        info.fullname = fullname.left(MaxNameLength);
        info.reason = invalid;
        return info;
    }
    const QStringList parts = fullname.split(QLatin1Char('.'));
    const QStringList path = searchPath();
    ModuleInfo info = findIn(parts.first(), parts.first(), path, path);
    QString prefix = parts.first();
    for (qsizetype i = 1; i < parts.size(); ++i) {
        if (!info.isPackage()) {
            if (info.kind != ModuleInfo::Kind::Refused) {
                info = ModuleInfo();
                info.fullname = fullname;
            }
            return info;
        }
        prefix += QLatin1Char('.') + parts.at(i);
        info = findIn(parts.at(i), prefix, info.packageDirs, info.roots);
    }
    return info;
}

QStringList ModuleFinder::children(const QStringList &packageDirs)
{
    QStringList names;
    for (const QString &dir : packageDirs) {
        const QFileInfoList entries
                = QDir(dir).entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QFileInfo &fi : entries) {
            const QString fileName = fi.fileName();
            QString name;
            if (fi.isDir()) {
                // A regular or namespace subpackage; __pycache__ is neither.
                if (fileName != QLatin1String("__pycache__"))
                    name = fileName;
            } else if (fileName.endsWith(QLatin1String(".py"))) {
                name = fileName.chopped(3);
            } else if (isNativeFile(fileName)) {
                name = stemOf(fileName);
            }
            if (name != QLatin1String("__init__") && ImportScanner::isIdentifier(name))
                names.append(name);
        }
    }
    names.sort();
    names.removeDuplicates();
    return names;
}

} // namespace Econtext::Modules
