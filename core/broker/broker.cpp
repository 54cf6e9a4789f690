#include "core/broker/broker.h"

#include "core/broker/context_p.h"
#include "core/broker/router.h"
#include "core/connect/target.h"
#include "core/modules/moduleserver.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFileInfo>
#include <QMutex>
#include <QSet>
#include <QThread>

#include <dlfcn.h>
#include <vector>

namespace Econtext {

struct Broker::Private
{
    QThread thread;
    Modules::ModuleServer moduleServer;
    Router *router = nullptr;
    mutable QMutex mutex;
    std::vector<std::unique_ptr<Context>> contexts;
    QSet<quint32> namesGivenUp; // contexts whose names went to the contexts that replaced them
    quint32 nextId = 1;
};

namespace {

QString defaultName(const ConnectOptions &o)
{
    if (!o.name.isEmpty())
        return o.name;
    if (o.method == ConnectMethod::Local) {
        if (o.python.isEmpty())
            return QStringLiteral("local");
        return QStringLiteral("local-") + QFileInfo(o.python).fileName();
    }
    if (!o.host.isEmpty())
        return o.host;
    return methodName(o.method);
}

QString describe(const ConnectOptions &o)
{
    if (o.method == ConnectMethod::Local) {
        return QCoreApplication::translate("Econtext::Broker", "this machine (%1)")
                .arg(o.python.isEmpty() ? QStringLiteral("python3") : o.python);
    }
    return formatTarget(o); // user@host:port, [v6]:port, sudo:user
}

void registerTypes()
{
    qRegisterMetaType<Econtext::ContextState>();
    qRegisterMetaType<Econtext::ContextFacts>();
    qRegisterMetaType<Econtext::BootstrapStage>();
    qRegisterMetaType<Econtext::CallRecord>();
    qRegisterMetaType<Econtext::LogRecords>();
    qRegisterMetaType<Econtext::ImportEvents>();
    qRegisterMetaType<Econtext::Wire::Value>();
}

// OpenSSL (under libssh) keeps state per thread, e.g. a random generator, and frees it
// from a thread-exit handler that runs after QThread::wait() has returned: a process
// leaving right after its broker could exit before, and a leak check would report it.
// Freed here, on the broker thread, once its sessions are gone. libssh does not expose
// the call, so it is looked up in the libcrypto that libssh loaded.
void releaseThreadCrypto()
{
    using Stop = void (*)();
    if (auto stop = reinterpret_cast<Stop>(dlsym(RTLD_DEFAULT, "OPENSSL_thread_stop")))
        stop();
}

} // namespace

Broker::Broker(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    registerTypes();
    d->thread.setObjectName(QStringLiteral("econtext-broker"));
    d->router = new Router(&d->moduleServer);
    d->router->moveToThread(&d->thread);
    d->thread.start();
}

Broker::~Broker()
{
    shutdownAll(3000);
    // The router and its streams belong to the broker thread: delete them there.
    QMetaObject::invokeMethod(
            d->router,
            [router = d->router] {
                delete router;
                releaseThreadCrypto();
            },
            Qt::BlockingQueuedConnection);
    d->router = nullptr;
    d->thread.quit();
    d->thread.wait();
    d->contexts.clear();
}

Modules::ModuleServer &Broker::moduleServer()
{
    return d->moduleServer;
}

void Broker::setPrompter(Prompter *prompter)
{
    QMetaObject::invokeMethod(
            d->router,
            [router = d->router, prompter] { router->setPrompter(prompter); },
            Qt::BlockingQueuedConnection);
}

Context *Broker::connectContext(const ConnectOptions &options, quint32 replacing)
{
    auto dd = std::make_unique<ContextPrivate>();
    ContextPrivate *priv = dd.get();
    {
        QMutexLocker lock(&d->mutex);
        priv->id = d->nextId++;
        const auto old = std::find_if(d->contexts.begin(), d->contexts.end(), [&](const auto &c) {
            return replacing != 0 && c->id() == replacing && !d->namesGivenUp.contains(replacing);
        });
        if (old != d->contexts.end()) {
            priv->name = (*old)->name();
            d->namesGivenUp.insert(replacing);
        } else {
            // Names are how people tell contexts apart: keep them unique.
            QString name = defaultName(options);
            const QString base = name;
            for (int n = 2;; ++n) {
                const bool taken
                        = std::any_of(d->contexts.begin(), d->contexts.end(), [&](const auto &c) {
                              return c->name() == name && !d->namesGivenUp.contains(c->id());
                          });
                if (!taken)
                    break;
                name = base + u'-' + QString::number(n);
            }
            priv->name = name;
        }
    }
    priv->parentId = options.viaContextId;
    priv->method = options.method;
    priv->description = describe(options);
    priv->options = options;
    priv->router = d->router;
    auto context = std::unique_ptr<Context>(new Context(std::move(dd)));
    Context *c = context.get();
    c->moveToThread(&d->thread);
    {
        QMutexLocker lock(&d->mutex);
        d->contexts.push_back(std::move(context));
    }
    Q_EMIT contextAdded(c);
    QMetaObject::invokeMethod(
            d->router,
            [router = d->router, priv] { router->startContext(priv); },
            Qt::QueuedConnection);
    return c;
}

QList<Context *> Broker::contexts() const
{
    QMutexLocker lock(&d->mutex);
    QList<Context *> out;
    for (const auto &c : d->contexts)
        out.append(c.get());
    return out;
}

Context *Broker::context(quint32 id) const
{
    QMutexLocker lock(&d->mutex);
    for (const auto &c : d->contexts) {
        if (c->id() == id)
            return c.get();
    }
    return nullptr;
}

void Broker::shutdownAll(int timeoutMs)
{
    if (!d->router)
        return;
    QMetaObject::invokeMethod(
            d->router, [router = d->router] { router->shutdownAll(); }, Qt::QueuedConnection);
    const auto allDone = [this] {
        for (Context *c : contexts()) {
            const ContextState s = c->state();
            if (s != ContextState::Disconnected && s != ContextState::Failed)
                return false;
        }
        return true;
    };
    QDeadlineTimer deadline(timeoutMs);
    while (!allDone() && !deadline.hasExpired())
        QThread::msleep(5);
    if (!allDone()) {
        QMetaObject::invokeMethod(
                d->router,
                [router = d->router] {
                    router->killAll(QCoreApplication::translate("Econtext::Broker",
                                                                "did not shut down in time"));
                },
                Qt::BlockingQueuedConnection);
    }
}

} // namespace Econtext
