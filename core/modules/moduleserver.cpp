#include "core/modules/moduleserver.h"

#include "core/wire/sha256.h"

#include "core/modules/bytecodecache.h"
#include "core/modules/importscanner.h"
#include "core/modules/modulefinder.h"
#include "core/wire/pickle.h"
#include "core/wire/value.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QMutexLocker>
#include <QSet>
#include <QtEndian>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include <zlib.h>

namespace Econtext::Modules {

namespace {

// Caps on what one GET_MODULE answer sends ahead, so that a module importing a
// huge tree cannot make one response unbounded. The asked module always goes.
constexpr qsizetype MaxModulesPerResponse = 500;
constexpr qint64 MaxBytesPerResponse = 20 * 1024 * 1024; // compressed
// The compressed-source cache is dropped wholesale past this size.
constexpr qint64 MaxCacheBytes = 128 * 1024 * 1024;

// One deflate state per thread, reset between uses: setting one up costs a quarter of
// a megabyte of allocations, more than compressing most modules. Level 6 (zlib's
// default): for Python source 3 times faster than 9 for 1 % more bytes (pygments'
// 220 KB: 15 ms instead of 45).
class Deflater
{
public:
    Deflater() { m_ok = deflateInit(&m_zs, 6) == Z_OK; }
    ~Deflater()
    {
        if (m_ok)
            deflateEnd(&m_zs);
    }
    Deflater(const Deflater &) = delete;
    Deflater &operator=(const Deflater &) = delete;

    // The same zlib stream compress2(level 6) makes; empty on failure.
    QByteArray compress(QByteArrayView raw)
    {
        if (!m_ok || deflateReset(&m_zs) != Z_OK)
            return {};
        QByteArray out(static_cast<qsizetype>(deflateBound(&m_zs, static_cast<uLong>(raw.size()))),
                       Qt::Uninitialized);
        m_zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(raw.data()));
        m_zs.avail_in = static_cast<uInt>(raw.size());
        m_zs.next_out = reinterpret_cast<Bytef *>(out.data());
        m_zs.avail_out = static_cast<uInt>(out.size());
        if (deflate(&m_zs, Z_FINISH) != Z_STREAM_END)
            return {};
        out.truncate(static_cast<qsizetype>(m_zs.total_out));
        return out;
    }

private:
    z_stream m_zs{};
    bool m_ok = false;
};

QByteArray zlibCompress(QByteArrayView raw)
{
    thread_local Deflater deflater;
    return deflater.compress(raw);
}

double nowSeconds()
{
    return static_cast<double>(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
}

// A name safe to show in an event even when a context sent garbage.
QString printableName(const QString &name)
{
    QString out = name.left(ModuleFinder::MaxNameLength);
    for (QChar &c : out) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = QLatin1Char('?');
    }
    return out;
}

} // namespace

struct ModuleServer::Private
{
    struct Source
    {
        QDateTime modified;
        qint64 size = 0;
        QByteArray compressed;
        qint64 rawSize = 0;
        QString sha256;    // hex digest of the source as sent
        QString importsOf; // the fullname `imports` were resolved for
        bool importsOfPackage = false;
        QStringList imports;
    };

    struct Planned
    {
        ModuleInfo info;
        Source source;
        QByteArray code; // compiled for the context, if known
        bool requested = false;
    };

    struct ContextState
    {
        QSet<QString> sent;
        ModuleStats stats;
        QByteArray magic;
    };

    ModuleFinder finder;
    BytecodeCache bytecode;
    std::atomic<bool> sendRelated{true};
    std::once_flag warmUpOnce;
    std::thread warmUp;
    std::mutex warmUpJoin;

    mutable QMutex mutex; // contexts, totals
    QHash<quint32, ContextState> contexts;
    ModuleStats totals;

    QMutex cacheMutex;
    QHash<QString, Source> cache;
    qint64 cacheBytes = 0;

    // The compressed source of a module (empty-source stream for a namespace) and
    // its static imports; false when the file cannot be read.
    bool load(const ModuleInfo &info, Source &out);
    QByteArray payload(const Planned &p, const QString &requestedBy) const;
    void count(quint32 contextId, const std::function<void(ModuleStats &)> &change);
};

bool ModuleServer::Private::load(const ModuleInfo &info, Source &out)
{
    if (info.kind == ModuleInfo::Kind::Namespace) {
        static const QByteArray empty = zlibCompress({});
        out = Source();
        out.compressed = empty;
        return true;
    }
    const QFileInfo fi(info.path);
    const QDateTime modified = fi.lastModified();
    const qint64 size = fi.size();
    const bool isPackage = info.isPackage();
    {
        QMutexLocker lock(&cacheMutex);
        const auto it = cache.constFind(info.path);
        if (it != cache.cend() && it->modified == modified && it->size == size
            && it->importsOf == info.fullname && it->importsOfPackage == isPackage) {
            out = *it;
            return true;
        }
    }
    QFile file(info.path);
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcModules).noquote()
                << QStringLiteral("cannot read %1: %2").arg(info.path, file.errorString());
        return false;
    }
    const QByteArray raw = file.readAll();
    out = Source();
    out.modified = modified;
    out.size = size;
    out.rawSize = raw.size();
    out.sha256 = QString::fromLatin1(Wire::Sha256::hash(raw).toHex());
    out.compressed = zlibCompress(raw);
    out.importsOf = info.fullname;
    out.importsOfPackage = isPackage;
    out.imports = ImportScanner::scan(raw, info.fullname, isPackage);
    if (out.compressed.isEmpty() || raw.size() != size)
        return !out.compressed.isEmpty(); // changed while read: serve it, do not cache it

    QMutexLocker lock(&cacheMutex);
    if (cacheBytes > MaxCacheBytes) {
        cache.clear();
        cacheBytes = 0;
    }
    const auto old = cache.constFind(info.path);
    if (old != cache.cend())
        cacheBytes -= old->compressed.size();
    cache.insert(info.path, out);
    cacheBytes += out.compressed.size();
    return true;
}

QByteArray ModuleServer::Private::payload(const Planned &p, const QString &requestedBy) const
{
    using Wire::Value;
    Value children;
    if (p.info.isPackage()) {
        Wire::ValueList names;
        for (const QString &child : ModuleFinder::children(p.info.packageDirs))
            names.append(Value(child));
        children = Value::tuple(names);
    }
    const Value meta = Value::tuple({Value(p.info.fullname),
                                     p.info.path.isEmpty() ? Value::none() : Value(p.info.path),
                                     Value(p.info.isPackage()),
                                     children,
                                     Value(requestedBy),
                                     Value(!p.code.isEmpty())});
    const QByteArray pickled = Wire::encodePickle(meta, 2);
    const QByteArray &data = p.code.isEmpty() ? p.source.compressed : p.code;
    QByteArray out(4, Qt::Uninitialized);
    qToBigEndian<quint32>(static_cast<quint32>(pickled.size()), out.data());
    out.reserve(4 + pickled.size() + data.size());
    out.append(pickled);
    out.append(data);
    return out;
}

void ModuleServer::Private::count(quint32 contextId,
                                  const std::function<void(ModuleStats &)> &change)
{
    QMutexLocker lock(&mutex);
    change(contexts[contextId].stats);
    change(totals);
}

ModuleStats &ModuleStats::operator+=(const ModuleStats &d)
{
    requests += d.requests;
    modulesSent += d.modulesSent;
    relatedSent += d.relatedSent;
    cacheHits += d.cacheHits;
    notFound += d.notFound;
    parentHits += d.parentHits;
    parentModules += d.parentModules;
    bytecodeSent += d.bytecodeSent;
    bytesRaw += d.bytesRaw;
    bytesCompressed += d.bytesCompressed;
    return *this;
}

ModuleServer::ModuleServer()
    : d(std::make_unique<Private>())
{}

ModuleServer::~ModuleServer()
{
    std::lock_guard lock(d->warmUpJoin);
    if (d->warmUp.joinable())
        d->warmUp.join();
}

void ModuleServer::warmUp()
{
    std::call_once(d->warmUpOnce,
                   [this] { d->warmUp = std::thread([this] { d->finder.prefetchReference(); }); });
}

void ModuleServer::waitWarmedUp()
{
    warmUp();
    std::lock_guard lock(d->warmUpJoin);
    if (d->warmUp.joinable())
        d->warmUp.join();
}

void ModuleServer::addDirectory(const QString &dir)
{
    d->finder.addDirectory(dir);
}

QStringList ModuleServer::directories() const
{
    return d->finder.directories();
}

void ModuleServer::setReferencePython(const QString &python)
{
    d->finder.setReferencePython(python);
    if (!python.isEmpty())
        d->bytecode.addInterpreter(python);
}

void ModuleServer::setContextMagic(quint32 contextId, const QByteArray &magic)
{
    QMutexLocker lock(&d->mutex);
    d->contexts[contextId].magic = magic;
}

void ModuleServer::setBytecodeEnabled(bool on)
{
    d->bytecode.setEnabled(on);
}

BytecodeCache &ModuleServer::bytecodeCache()
{
    return d->bytecode;
}

void ModuleServer::setSendRelated(bool on)
{
    d->sendRelated = on;
}

ModuleServer::Response ModuleServer::handleRequest(quint32 contextId, const QString &fullname)
{
    Response response;
    d->count(contextId, [](ModuleStats &s) { ++s.requests; });

    // The status is the GET_MODULE reply's word for the outcome (docs/protocol.md §3).
    const auto fail = [&](ImportOutcome outcome, const QString &path) {
        const QString status = importOutcomeKeyword(outcome);
        ImportEvent event;
        event.contextId = contextId;
        event.time = nowSeconds();
        event.module = printableName(fullname);
        event.outcome = outcome;
        event.requestedBy = event.module;
        event.path = path;
        response.status = status;
        response.events.append(event);
        d->count(contextId, [](ModuleStats &s) { ++s.notFound; });
        return response;
    };

    const QString invalid = ModuleFinder::validateName(fullname);
    if (!invalid.isEmpty()) {
        qCWarning(lcModules).noquote() << "context" << contextId << "refused:" << invalid;
        return fail(ImportOutcome::Refused, {});
    }
    // The standard library is always imported locally; never serve a shadow of it.
    if (d->finder.isStdlib(fullname))
        return fail(ImportOutcome::NotFound, {});

    const ModuleInfo info = d->finder.find(fullname);
    switch (info.kind) {
    case ModuleInfo::Kind::NotFound:
        return fail(ImportOutcome::NotFound, {});
    case ModuleInfo::Kind::Native:
        return fail(ImportOutcome::Native, info.path);
    case ModuleInfo::Kind::Refused:
        return fail(ImportOutcome::Refused, info.path);
    default:
        break;
    }

    QSet<QString> sentBefore;
    QByteArray magic;
    {
        QMutexLocker lock(&d->mutex);
        const Private::ContextState &state = d->contexts[contextId];
        sentBefore = state.sent;
        magic = state.magic;
    }

    // Parents first, then the module asked for, then what it imports.
    QList<Private::Planned> plan;
    QSet<QString> seen;
    qint64 planBytes = 0;
    const QStringList parts = fullname.split(QLatin1Char('.'));
    QString prefix;
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        prefix += (i ? QStringLiteral(".") : QString()) + parts.at(i);
        seen.insert(prefix);
        if (sentBefore.contains(prefix))
            continue;
        Private::Planned parent;
        parent.info = d->finder.find(prefix);
        if (!parent.info.isServable() || !d->load(parent.info, parent.source))
            continue;
        planBytes += parent.source.compressed.size();
        plan.append(parent);
    }
    Private::Planned asked;
    asked.info = info;
    asked.requested = true;
    if (!d->load(info, asked.source))
        return fail(ImportOutcome::NotFound, {});
    seen.insert(fullname);
    planBytes += asked.source.compressed.size();
    plan.append(asked);

    if (d->sendRelated) {
        bool full = false;
        for (qsizetype i = 0; i < plan.size() && !full; ++i) {
            const QStringList imports = plan.at(i).source.imports;
            for (const QString &name : imports) {
                const QStringList nameParts = name.split(QLatin1Char('.'));
                QString candidate;
                for (const QString &part : nameParts) {
                    candidate += (candidate.isEmpty() ? QString() : QStringLiteral(".")) + part;
                    if (seen.contains(candidate))
                        continue;
                    seen.insert(candidate);
                    if (sentBefore.contains(candidate) || d->finder.isStdlib(candidate))
                        continue;
                    Private::Planned related;
                    related.info = d->finder.find(candidate);
                    if (!related.info.isServable() || !d->load(related.info, related.source))
                        continue;
                    if (plan.size() >= MaxModulesPerResponse
                        || planBytes + related.source.compressed.size() > MaxBytesPerResponse) {
                        qCDebug(lcModules) << "related modules capped for" << fullname << "at"
                                           << plan.size() << "modules," << planBytes << "bytes";
                        full = true;
                        break;
                    }
                    planBytes += related.source.compressed.size();
                    plan.append(related);
                }
                if (full)
                    break;
            }
        }
    }

    // Compiled code where this machine made it for the context's Python release before;
    // otherwise source, compiled in the background for the next context.
    QList<QByteArray> payloads;
    payloads.reserve(plan.size());
    for (Private::Planned &p : plan) {
        if (!magic.isEmpty() && p.info.kind != ModuleInfo::Kind::Namespace) {
            const QByteArray digest = p.source.sha256.toLatin1();
            p.code = d->bytecode.find(magic, p.info.path, digest);
            if (p.code.isEmpty())
                d->bytecode.prepare(magic, p.info.path, digest, p.source.compressed);
        }
        payloads.append(d->payload(p, fullname));
    }

    const double time = nowSeconds();
    QMutexLocker lock(&d->mutex);
    Private::ContextState &state = d->contexts[contextId];
    ModuleStats delta;
    for (qsizetype i = 0; i < plan.size(); ++i) {
        const Private::Planned &p = plan.at(i);
        // Another thread may have sent it to this context meanwhile.
        if (!p.requested && state.sent.contains(p.info.fullname))
            continue;
        state.sent.insert(p.info.fullname);
        response.loadModulePayloads.append(payloads.at(i));
        ImportEvent event;
        event.contextId = contextId;
        event.time = time;
        event.module = p.info.fullname;
        event.outcome = p.requested ? ImportOutcome::Served : ImportOutcome::Related;
        event.requestedBy = fullname;
        event.path = p.info.path;
        event.isPackage = p.info.isPackage();
        event.compiled = !p.code.isEmpty();
        event.bytesRaw = p.source.rawSize;
        event.bytesCompressed = p.code.isEmpty() ? p.source.compressed.size() : p.code.size();
        event.sha256 = p.source.sha256.isEmpty() && p.info.kind == ModuleInfo::Kind::Namespace
                               ? QString::fromLatin1(Wire::Sha256::hash({}).toHex())
                               : p.source.sha256;
        response.events.append(event);
        ++delta.modulesSent;
        if (!p.requested)
            ++delta.relatedSent;
        if (!p.code.isEmpty())
            ++delta.bytecodeSent;
        delta.bytesRaw += event.bytesRaw;
        delta.bytesCompressed += event.bytesCompressed;
    }
    state.stats += delta;
    d->totals += delta;
    response.status = QStringLiteral("ok");
    qCDebug(lcModules) << "context" << contextId << "asked for" << fullname << "->"
                       << response.loadModulePayloads.size() << "modules";
    return response;
}

QByteArray ModuleServer::sourceOf(quint32 contextId, const QString &fullname) const
{
    {
        QMutexLocker lock(&d->mutex);
        const auto it = d->contexts.constFind(contextId);
        if (it == d->contexts.cend() || !it->sent.contains(fullname))
            return {};
    }
    const ModuleInfo info = d->finder.find(fullname);
    if (!info.isServable() || info.kind == ModuleInfo::Kind::Namespace)
        return {};
    QFile file(info.path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > MaxBytesPerResponse)
        return {};
    return file.readAll();
}

ImportEvents ModuleServer::noteServedByParent(quint32 contextId,
                                              const QString &fullname,
                                              const QString &status,
                                              const QList<QPair<QString, qint64>> &modules)
{
    ImportEvents events;
    const double time = nowSeconds();
    if (status != QLatin1String("ok")) {
        ImportEvent event;
        event.contextId = contextId;
        event.time = time;
        event.module = printableName(fullname);
        event.outcome = ImportOutcome::Negative;
        event.requestedBy = QStringLiteral("parent");
        events.append(event);
        d->count(contextId, [](ModuleStats &s) { ++s.parentHits; });
        return events;
    }
    ModuleStats delta;
    ++delta.parentHits;
    for (const auto &[name, bytes] : modules) {
        if (!ModuleFinder::validateName(name).isEmpty())
            continue;
        ImportEvent event;
        event.contextId = contextId;
        event.time = time;
        event.module = name;
        event.outcome = ImportOutcome::Parent;
        event.requestedBy = fullname;
        event.bytesCompressed = bytes;
        // What the master would have sent: the same file, so the same digest.
        const ModuleInfo info = d->finder.find(name);
        Private::Source source;
        if (info.kind != ModuleInfo::Kind::NotFound && d->load(info, source)) {
            event.path = info.path;
            event.isPackage = info.isPackage();
            event.bytesRaw = source.rawSize;
            event.sha256 = source.sha256.isEmpty() && info.kind == ModuleInfo::Kind::Namespace
                                   ? QString::fromLatin1(Wire::Sha256::hash({}).toHex())
                                   : source.sha256;
        }
        events.append(event);
        ++delta.parentModules;
    }
    QMutexLocker lock(&d->mutex);
    Private::ContextState &state = d->contexts[contextId];
    for (const ImportEvent &e : std::as_const(events))
        state.sent.insert(e.module);
    state.stats += delta;
    d->totals += delta;
    return events;
}

void ModuleServer::noteContextEvent(const ImportEvent &event)
{
    if (event.outcome == ImportOutcome::Cached || event.outcome == ImportOutcome::Negative)
        d->count(event.contextId, [](ModuleStats &s) { ++s.cacheHits; });
}

void ModuleServer::contextClosed(quint32 contextId)
{
    QMutexLocker lock(&d->mutex);
    const auto it = d->contexts.find(contextId);
    if (it != d->contexts.end()) {
        it->sent = {};
        it->magic.clear();
    }
}

void ModuleServer::forgetContext(quint32 contextId)
{
    QMutexLocker lock(&d->mutex);
    d->contexts.remove(contextId);
}

ModuleStats ModuleServer::stats(quint32 contextId) const
{
    QMutexLocker lock(&d->mutex);
    return d->contexts.value(contextId).stats;
}

ModuleStats ModuleServer::totals() const
{
    QMutexLocker lock(&d->mutex);
    return d->totals;
}

} // namespace Econtext::Modules
