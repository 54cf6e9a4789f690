// ModuleServer: answers GET_MODULE requests from contexts. Finds modules on the
// module path, sends zlib-compressed source (cached), sends statically related
// modules ahead, never sends one module twice to one context, and keeps
// per-context totals. Thread-safe; owned by the Broker, called on broker threads.
#pragma once

#include "core/records/importevent.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <memory>

namespace Econtext::Modules {

class BytecodeCache;
class ModuleFinder;

struct ModuleStats
{
    qint64 requests = 0;    // GET_MODULE roundtrips
    qint64 modulesSent = 0; // LOAD_MODULE frames sent (asked + related)
    qint64 relatedSent = 0; // of which sent ahead
    qint64 cacheHits = 0;   // negative-cache and sent-ahead hits the context reported
    qint64 notFound = 0;
    qint64 parentHits = 0;    // requests a parent context answered from its relay cache
    qint64 parentModules = 0; // modules it sent in those answers
    qint64 bytecodeSent = 0;  // of modulesSent, sent compiled (see BytecodeCache)
    qint64 bytesRaw = 0;
    qint64 bytesCompressed = 0;

    ModuleStats &operator+=(const ModuleStats &d);
};

class ModuleServer
{
public:
    struct Response
    {
        QList<QByteArray> loadModulePayloads; // raw LOAD_MODULE payloads, in send order
        QString status;                       // "ok", "notfound", "native", "refused"
        ImportEvents events;                  // one per module sent / the refusal
    };

    ModuleServer();
    ~ModuleServer();
    Q_DISABLE_COPY_MOVE(ModuleServer)

    // Directories searched first, in order (the user's --module-path).
    void addDirectory(const QString &dir);
    QStringList directories() const;
    // Interpreter whose sys.path (minus stdlib) is searched after the directories;
    // asked once, lazily. Default "python3". Empty string: none.
    void setReferencePython(const QString &python);
    // Asks the reference interpreter for its path in the background now, so that
    // the first module request does not wait for it (a pyenv shim takes ~0.5 s).
    void warmUp();
    // Starts the warm-up if need be and waits until it is done (benchmarks).
    void waitWarmedUp();
    // Whether related modules are sent ahead (default on).
    void setSendRelated(bool on);

    // The context's bytecode magic number (its hello), so that modules compiled for its
    // Python release can be sent instead of source. Empty: source only.
    void setContextMagic(quint32 contextId, const QByteArray &magic);
    // Whether compiled code may be sent (default on; ECONTEXT_BYTECODE=0 turns it off).
    void setBytecodeEnabled(bool on);
    BytecodeCache &bytecodeCache();

    Response handleRequest(quint32 contextId, const QString &fullname);
    // The source of a module this context was sent (compiled ones have none there, and
    // their tracebacks ask); empty for anything else.
    QByteArray sourceOf(quint32 contextId, const QString &fullname) const;
    // A parent context answered the request from the modules it relayed to an
    // earlier child: marks them sent (never twice) and returns their events
    // (ImportOutcome::Parent, or Negative for a cached miss).
    ImportEvents noteServedByParent(quint32 contextId,
                                    const QString &fullname,
                                    const QString &status,
                                    const QList<QPair<QString, qint64>> &modules);
    // The context reported an import outcome (cached, negative, local): counted here.
    void noteContextEvent(const ImportEvent &event);
    // The context is gone: what it was sent (and its magic number) is dropped; its
    // stats stay for the views. The broker calls it when a stream closes.
    void contextClosed(quint32 contextId);
    // Drops everything about the context, stats too.
    void forgetContext(quint32 contextId);

    ModuleStats stats(quint32 contextId) const;
    ModuleStats totals() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Econtext::Modules
