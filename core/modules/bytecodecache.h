// BytecodeCache: compiled module code for the contexts' interpreters, so that a
// context loads a module with marshal instead of compiling its source (pygments'
// 300 KB: 3 ms instead of 60). Code is only ever made here, on the master's
// machine, by a local interpreter with the context's magic number (a Python
// release); never taken from a context. Compiling happens in the background at the
// lowest priority after a module was first served as source, so a first import is
// never slower; later contexts (and later runs: the cache is on disk) get code. The
// disk cache is pruned by age and size (pruneDisk).
// Thread-safe. See docs/performance.md.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

namespace Econtext::Modules {

class BytecodeCache
{
public:
    // directory: where compiled code is kept between runs; empty keeps it in memory only.
    explicit BytecodeCache(const QString &directory = defaultDirectory());
    ~BytecodeCache();
    Q_DISABLE_COPY_MOVE(BytecodeCache)

    // $ECONTEXT_CACHE_DIR/bytecode if that is set (empty: memory only), otherwise
    // ~/.cache/econtext/bytecode (XDG_CACHE_HOME respected).
    static QString defaultDirectory();

    // Local interpreters that may compile, asked for their magic number when a context
    // needs one not seen yet. By default: python3, python2.7 and python3.6-3.14 on PATH,
    // /usr/bin/python3*, pyenv's versions. Added ones are tried first.
    void addInterpreter(const QString &python);
    void setEnabled(bool on);

    // zlib(marshal(code)) of the source with that SHA-256 compiled under filename for
    // interpreters with that magic (raw bytes, e.g. "\xcb\r\r\n"); empty if not known yet.
    QByteArray
    find(const QByteArray &magic, const QString &filename, const QByteArray &sourceSha256) const;
    // Compiles it in the background unless known, queued or impossible (no interpreter
    // here has that magic, or the source does not compile).
    void prepare(const QByteArray &magic,
                 const QString &filename,
                 const QByteArray &sourceSha256,
                 const QByteArray &compressedSource);
    // Until everything queued is compiled (tests and benchmarks).
    void waitIdle();

    // Keeps the disk cache bounded: removes files not used for maxAgeDays, then the
    // least recently used ones until at most maxBytes remain. A file's time is its last
    // use (find() refreshes it at most once a day). Runs once in the background when the
    // first module is prepared; returns how many files it removed.
    static constexpr qint64 DefaultMaxDiskBytes = 64LL * 1024 * 1024;
    static constexpr int DefaultMaxAgeDays = 30;
    int pruneDisk(qint64 maxBytes = DefaultMaxDiskBytes, int maxAgeDays = DefaultMaxAgeDays) const;

    // The interpreter used for magic, or empty (for the log and tests).
    QString compilerFor(const QByteArray &magic) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Econtext::Modules
