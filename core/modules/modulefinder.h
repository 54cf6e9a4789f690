// ModuleFinder: the master's module path. Searches the user's directories, then
// the sys.path of a reference interpreter (minus its standard library), the way
// CPython's path finder does: regular packages, modules, native extensions and
// namespace packages; lists a package's children like pkgutil.iter_modules.
// Refuses malformed names and files that resolve outside their search directory.
// Thread-safe. Used by the ModuleServer.
#pragma once

#include <QDateTime>
#include <QHash>
#include <QLoggingCategory>
#include <QMutex>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QWaitCondition>

#include <optional>

namespace Econtext::Modules {

Q_DECLARE_LOGGING_CATEGORY(lcModules)

struct ModuleInfo
{
    enum class Kind {
        NotFound,
        Module,    // a .py file
        Package,   // a directory with __init__.py
        Namespace, // a directory without __init__.py (path empty, no source)
        Native,    // an extension module: cannot be served
        Refused,   // a malformed name, or a file outside its search directory
    };
    Kind kind = Kind::NotFound;
    QString fullname;
    QString path;            // the .py file (or the native file); empty for a namespace
    QStringList packageDirs; // for packages and namespaces: the __path__ directories
    QStringList roots;       // the search directory each packageDirs entry lies in
    QString reason;          // for Refused: one sentence

    bool isPackage() const { return kind == Kind::Package || kind == Kind::Namespace; }
    bool isServable() const { return kind == Kind::Module || isPackage(); }
};

class ModuleFinder
{
public:
    static constexpr int MaxNameLength = 255;

    ModuleFinder();

    void addDirectory(const QString &dir);
    QStringList directories() const;
    // "python3" by default; empty: no reference interpreter (only the directories).
    void setReferencePython(const QString &python);
    QString referencePython() const;

    // The directories searched, in order: the added ones, then the reference
    // interpreter's sys.path without the standard library. Asks the reference
    // interpreter once.
    QStringList searchPath() const;
    // Whether the top-level name of `fullname` is part of the reference
    // interpreter's standard library (or built in).
    bool isStdlib(const QString &fullname) const;

    // Whether `fullname` may be looked up at all: dotted ASCII identifiers, at
    // most MaxNameLength characters. Empty when fine, else why not.
    static QString validateName(const QString &fullname);

    ModuleInfo find(const QString &fullname) const;
    // Child module names of a package (sorted, unique), as pkgutil.iter_modules
    // would list them, including native ones so a context knows they exist.
    static QStringList children(const QStringList &packageDirs);

    // Asks the reference interpreter now (it is asked once, on first need).
    void prefetchReference() const { (void)reference(); }

private:
    struct Reference
    {
        QStringList path;
        QSet<QString> stdlibNames;
    };
    Reference reference() const;
    static Reference queryReference(const QString &python);
    ModuleInfo findIn(const QString &name,
                      const QString &fullname,
                      const QStringList &dirs,
                      const QStringList &roots) const;

    struct Listing
    {
        QDateTime modified;
        QDateTime listed;
        QHash<QString, QStringList>
                byStem; // "a" -> "a", "a.py", "a.cpython-311-x86_64-linux-gnu.so"
    };
    QStringList entriesNamed(const QString &dir, const QString &stem) const;

    mutable QMutex m_mutex;
    QStringList m_dirs;
    QString m_python;
    mutable std::optional<Reference> m_reference;
    mutable bool m_querying = false; // a thread asks the reference interpreter now
    mutable QWaitCondition m_queried;
    mutable QMutex m_listingMutex;
    mutable QHash<QString, Listing> m_listings;
};

} // namespace Econtext::Modules
