#include "core/modules/bytecodecache.h"

#include "core/modules/modulefinder.h"
#include "core/wire/sha256.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>
#include <QtEndian>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include <unistd.h>

// The compiler script is a resource of this static library: make sure the linker keeps it.
static void initPythonResources()
{
    Q_INIT_RESOURCE(python);
}

namespace Econtext::Modules {

namespace {

// A cache file: this tag, the SHA-256 of the code that follows, then the code.
constexpr QByteArrayView FileTag = "ECBC1\n";
constexpr int ProbeTimeoutMs = 15000;   // a pyenv shim can take a second to start
constexpr int CompileTimeoutMs = 30000; // a huge generated module
constexpr qint64 MaxMemoryBytes = 256 * 1024 * 1024;
constexpr std::chrono::seconds IdleStop{30};

QString cacheKey(const QByteArray &magic, const QString &filename, const QByteArray &sourceSha256)
{
    return QString::fromLatin1(magic.toHex()) + QLatin1Char('/')
           + QString::fromLatin1(
                   Wire::Sha256::hash(QByteArray(filename.toUtf8() + '\0' + sourceSha256)).toHex());
}

QByteArray lengthPrefixed(const QByteArray &data)
{
    QByteArray out(4, Qt::Uninitialized);
    qToBigEndian<quint32>(quint32(data.size()), out.data());
    return out + data;
}

// n bytes from p, unless it takes longer than timeoutMs or stop is set meanwhile: the
// compilers run at the lowest priority, and on a busy machine nothing may wait for them.
bool readExactly(
        QProcess &p, qint64 n, QByteArray &out, const std::atomic<bool> &stop, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    out.clear();
    while (out.size() < n) {
        if (stop || clock.elapsed() > timeoutMs)
            return false;
        if (p.bytesAvailable() == 0 && !p.waitForReadyRead(50) && p.state() != QProcess::Running)
            return false;
        out += p.read(n - out.size());
    }
    return true;
}

} // namespace

struct BytecodeCache::Private
{
    struct Job
    {
        QByteArray magic;
        QString filename;
        QString key;
        QByteArray compressedSource;
    };

    QString directory;
    mutable std::mutex mutex;
    std::condition_variable wake;
    std::condition_variable idle;
    std::deque<Job> jobs;
    bool busy = false;
    std::atomic<bool> stopping{false};
    bool enabled = true;
    QSet<QString> queued; // keys queued or being compiled
    QSet<QString> failed; // keys whose source does not compile
    QHash<QString, QByteArray> memory;
    qint64 memoryBytes = 0;
    QStringList extraInterpreters;
    QHash<QByteArray, QString> compilerPaths; // magic -> interpreter (probed)
    QSet<QByteArray> hopeless;                // magics no interpreter here has
    std::thread worker;

    // Worker thread only.
    QHash<QByteArray, QProcess *> compilers;
    QSet<QString> probed;

    void run();
    QProcess *compilerFor(const QByteArray &magic);
    void stop(QProcess *p);
    void stopAll();
    QProcess *start(const QString &python, QByteArray *magic);
    QByteArray compile(QProcess *p, const Job &job);
    QStringList candidates() const;
    QByteArray readDisk(const QString &key) const;
    void writeDisk(const QString &key, const QByteArray &code) const;
    void remember(const QString &key, const QByteArray &code);
};

QString BytecodeCache::defaultDirectory()
{
    if (qEnvironmentVariableIsSet("ECONTEXT_CACHE_DIR")) {
        const QString dir = qEnvironmentVariable("ECONTEXT_CACHE_DIR");
        return dir.isEmpty() ? QString() : dir + QStringLiteral("/bytecode");
    }
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    return base.isEmpty() ? QString() : base + QStringLiteral("/econtext/bytecode");
}

BytecodeCache::BytecodeCache(const QString &directory)
    : d(std::make_unique<Private>())
{
    d->directory = directory;
    d->enabled = qEnvironmentVariable("ECONTEXT_BYTECODE") != QLatin1String("0");
}

BytecodeCache::~BytecodeCache()
{
    {
        std::lock_guard lock(d->mutex);
        d->stopping = true;
        d->jobs.clear();
    }
    d->wake.notify_all();
    if (d->worker.joinable())
        d->worker.join();
}

void BytecodeCache::addInterpreter(const QString &python)
{
    std::lock_guard lock(d->mutex);
    if (!python.isEmpty() && !d->extraInterpreters.contains(python))
        d->extraInterpreters.append(python);
    d->hopeless.clear(); // the new one may have it
}

void BytecodeCache::setEnabled(bool on)
{
    std::lock_guard lock(d->mutex);
    d->enabled = on;
}

QByteArray BytecodeCache::find(const QByteArray &magic,
                               const QString &filename,
                               const QByteArray &sourceSha256) const
{
    if (magic.isEmpty())
        return {};
    const QString key = cacheKey(magic, filename, sourceSha256);
    {
        std::lock_guard lock(d->mutex);
        if (!d->enabled)
            return {};
        const auto it = d->memory.constFind(key);
        if (it != d->memory.cend())
            return *it;
    }
    const QByteArray code = d->readDisk(key);
    if (!code.isEmpty())
        d->remember(key, code);
    return code;
}

void BytecodeCache::prepare(const QByteArray &magic,
                            const QString &filename,
                            const QByteArray &sourceSha256,
                            const QByteArray &compressedSource)
{
    if (magic.isEmpty() || compressedSource.isEmpty())
        return;
    const QString key = cacheKey(magic, filename, sourceSha256);
    std::lock_guard lock(d->mutex);
    if (!d->enabled || d->stopping || d->hopeless.contains(magic) || d->queued.contains(key)
        || d->failed.contains(key) || d->memory.contains(key))
        return;
    d->queued.insert(key);
    d->jobs.push_back({magic, filename, key, compressedSource});
    if (!d->worker.joinable())
        d->worker = std::thread([this] {
            pruneDisk();
            d->run();
        });
    d->wake.notify_one();
}

void BytecodeCache::waitIdle()
{
    std::unique_lock lock(d->mutex);
    d->idle.wait(lock, [this] { return d->jobs.empty() && !d->busy; });
}

QString BytecodeCache::compilerFor(const QByteArray &magic) const
{
    std::lock_guard lock(d->mutex);
    return d->compilerPaths.value(magic);
}

int BytecodeCache::pruneDisk(qint64 maxBytes, int maxAgeDays) const
{
    if (d->directory.isEmpty())
        return 0;
    struct Entry
    {
        QString path;
        qint64 size;
        QDateTime used;
    };
    QList<Entry> entries;
    QDirIterator it(d->directory,
                    QDir::Files | QDir::Hidden | QDir::NoSymLinks,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info = it.nextFileInfo();
        entries.append({info.filePath(), info.size(), info.lastModified()});
    }
    // Newest first: what is kept is the most recently used, up to maxBytes.
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
        return a.used > b.used;
    });
    const QDateTime oldest = QDateTime::currentDateTime().addDays(-maxAgeDays);
    qint64 kept = 0;
    int removed = 0;
    for (const Entry &e : std::as_const(entries)) {
        if (e.used >= oldest && kept + e.size <= maxBytes) {
            kept += e.size;
            continue;
        }
        if (QFile::remove(e.path))
            ++removed;
    }
    if (removed > 0) {
        // Directories of magic numbers left empty go too (rmdir fails on the others).
        const QDir top(d->directory);
        for (const QString &sub : top.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            top.rmdir(sub);
        qCInfo(lcModules).noquote()
                << QStringLiteral("removed %1 old files from the bytecode cache %2 (%3 KB kept)")
                           .arg(removed)
                           .arg(d->directory)
                           .arg(kept / 1024);
    }
    return removed;
}

void BytecodeCache::Private::run()
{
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex);
            busy = false;
            idle.notify_all();
            // Compilers idle for a while are stopped; the next job starts them again.
            if (!wake.wait_for(lock, IdleStop, [this] { return stopping || !jobs.empty(); })) {
                lock.unlock();
                stopAll();
                continue;
            }
            if (stopping)
                break;
            job = std::move(jobs.front());
            jobs.pop_front();
            busy = true;
        }
        QByteArray code = readDisk(job.key); // another run of the application made it
        if (stopping)
            continue;
        if (!code.isEmpty())
            remember(job.key, code);
        else if (QProcess *p = compilerFor(job.magic))
            code = compile(p, job);
        std::lock_guard lock(mutex);
        queued.remove(job.key);
        if (code.isEmpty() && !hopeless.contains(job.magic))
            failed.insert(job.key);
    }
    stopAll();
    std::lock_guard lock(mutex);
    busy = false;
    idle.notify_all();
}

QStringList BytecodeCache::Private::candidates() const
{
    QStringList out;
    {
        std::lock_guard lock(mutex);
        out = extraInterpreters;
    }
    QStringList names{QStringLiteral("python3"), QStringLiteral("python2.7")};
    for (int minor = 6; minor <= 14; ++minor)
        names << QStringLiteral("python3.%1").arg(minor);
    for (const QString &name : std::as_const(names)) {
        const QString path = QStandardPaths::findExecutable(name);
        if (!path.isEmpty())
            out << path;
    }
    const QString pyenv = qEnvironmentVariableIsSet("PYENV_ROOT")
                                  ? qEnvironmentVariable("PYENV_ROOT")
                                  : QDir::homePath() + QStringLiteral("/.pyenv");
    const QDir versions(pyenv + QStringLiteral("/versions"));
    for (const QString &v : versions.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        out << versions.filePath(v + QStringLiteral("/bin/python"));
    out.removeDuplicates();
    return out;
}

QProcess *BytecodeCache::Private::start(const QString &python, QByteArray *magic)
{
    static const bool initialised = (initPythonResources(), true);
    Q_UNUSED(initialised)
    QFile script(QStringLiteral(":/econtext/compiler.py"));
    if (!script.open(QIODevice::ReadOnly))
        return nullptr;
    auto *p = new QProcess;
    p->setProcessChannelMode(QProcess::SeparateChannels);
    p->setStandardErrorFile(QProcess::nullDevice());
    p->setWorkingDirectory(QDir::rootPath());
    // Compiles while contexts work: at the lowest priority, so it does not slow them down.
    p->setChildProcessModifier([] { (void)::nice(19); });
    p->start(python,
             {QStringLiteral("-S"),
              QStringLiteral("-E"),
              QStringLiteral("-c"),
              QString::fromUtf8(script.readAll())});
    QByteArray head;
    if (p->waitForStarted(ProbeTimeoutMs) && readExactly(*p, 4, head, stopping, ProbeTimeoutMs)) {
        const quint32 n = qFromBigEndian<quint32>(head.constData());
        if (n > 0 && n <= 16 && readExactly(*p, n, *magic, stopping, ProbeTimeoutMs))
            return p;
    }
    p->kill();
    p->waitForFinished(1000);
    delete p;
    return nullptr;
}

QProcess *BytecodeCache::Private::compilerFor(const QByteArray &magic)
{
    if (QProcess *p = compilers.value(magic))
        return p;
    QString known;
    {
        std::lock_guard lock(mutex);
        known = compilerPaths.value(magic);
    }
    QStringList order = candidates();
    if (!known.isEmpty())
        order.prepend(known); // found before, stopped while idle
    for (const QString &python : std::as_const(order)) {
        if (stopping)
            return nullptr;
        if (python != known && probed.contains(python))
            continue;
        probed.insert(python);
        QByteArray found;
        QProcess *p = start(python, &found);
        if (!p)
            continue;
        {
            std::lock_guard lock(mutex);
            if (!compilerPaths.contains(found))
                compilerPaths.insert(found, python);
        }
        if (found == magic) {
            qCDebug(lcModules) << "bytecode for magic" << found.toHex() << "compiled by" << python;
            compilers.insert(found, p);
            return p;
        }
        stop(p); // only what contexts need keeps running
        if (python == known)
            break;
    }
    std::lock_guard lock(mutex);
    hopeless.insert(magic);
    return nullptr;
}

void BytecodeCache::Private::stop(QProcess *p)
{
    p->kill(); // it keeps nothing; waiting for a starved one to read EOF could take long
    p->waitForFinished(1000);
    delete p;
}

void BytecodeCache::Private::stopAll()
{
    for (QProcess *p : std::as_const(compilers))
        stop(p);
    compilers.clear();
}

QByteArray BytecodeCache::Private::compile(QProcess *p, const Job &job)
{
    p->write(lengthPrefixed(job.filename.toUtf8()) + lengthPrefixed(job.compressedSource));
    QByteArray head, body;
    if (!readExactly(*p, 5, head, stopping, CompileTimeoutMs)
        || !readExactly(*p,
                        qFromBigEndian<quint32>(head.constData() + 1),
                        body,
                        stopping,
                        CompileTimeoutMs)) {
        // Gone, stuck or we are stopping: the next job starts another.
        qCDebug(lcModules) << "compiler for" << job.magic.toHex() << "stopped answering";
        p->kill();
        p->waitForFinished(1000);
        compilers.remove(job.magic);
        delete p;
        std::lock_guard lock(mutex);
        probed.remove(compilerPaths.take(job.magic));
        return {};
    }
    if (head.at(0) != 0) {
        qCDebug(lcModules) << "not compiled:" << job.filename << body;
        return {};
    }
    remember(job.key, body);
    writeDisk(job.key, body);
    return body;
}

void BytecodeCache::Private::remember(const QString &key, const QByteArray &code)
{
    std::lock_guard lock(mutex);
    if (memoryBytes + code.size() > MaxMemoryBytes) {
        memory.clear();
        memoryBytes = 0;
    }
    if (!memory.contains(key)) {
        memory.insert(key, code);
        memoryBytes += code.size();
    }
}

QByteArray BytecodeCache::Private::readDisk(const QString &key) const
{
    if (directory.isEmpty())
        return {};
    QFile f(directory + QLatin1Char('/') + key);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray all = f.readAll();
    const qsizetype head = FileTag.size() + 32;
    if (all.size() > head && all.startsWith(FileTag)) {
        QByteArray code = all.mid(head);
        if (Wire::Sha256::hash(code) == all.mid(FileTag.size(), 32)) {
            // Its time is its last use, for pruneDisk(); refreshed at most once a day.
            const QDateTime now = QDateTime::currentDateTime();
            if (f.fileTime(QFileDevice::FileModificationTime).addDays(1) < now)
                f.setFileTime(now, QFileDevice::FileModificationTime);
            return code;
        }
    }
    // Truncated or altered: not ours to trust; compiled again on demand.
    qCWarning(lcModules).noquote()
            << QStringLiteral("ignoring a damaged bytecode cache file %1").arg(f.fileName());
    f.close();
    QFile::remove(f.fileName());
    return {};
}

void BytecodeCache::Private::writeDisk(const QString &key, const QByteArray &code) const
{
    if (directory.isEmpty())
        return;
    const QString path = directory + QLatin1Char('/') + key;
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return;
    QFile::setPermissions(directory,
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner); // 0700
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return;
    f.write(FileTag.toByteArray() + Wire::Sha256::hash(code) + code);
    f.commit();
}

} // namespace Econtext::Modules
