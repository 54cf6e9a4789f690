#include "tests/support/await.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QTimer>

namespace Econtext::Test {

CallResult awaitCall(QFuture<CallResult> future, int timeoutMs)
{
    if (!future.isFinished()) {
        QEventLoop loop;
        QFutureWatcher<CallResult> watcher;
        QObject::connect(&watcher, &QFutureWatcher<CallResult>::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        if (!future.isFinished())
            loop.exec();
    }
    if (!future.isFinished())
        return makeError(Error::Timeout, QStringLiteral("the test gave up waiting for the call"));
    return future.result();
}

bool waitForState(Context *context, QList<ContextState> states, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QEventLoop loop;
    QObject::connect(context, &Context::stateChanged, &loop, &QEventLoop::quit);
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, &loop, &QEventLoop::quit);
    tick.start(20);
    while (!states.contains(context->state())) {
        if (deadline.hasExpired())
            return false;
        loop.exec();
    }
    return true;
}

bool waitConnected(Context *context, QString *why, int timeoutMs)
{
    const bool reached = waitForState(
            context,
            {ContextState::Connected, ContextState::Failed, ContextState::Disconnected},
            timeoutMs);
    if (reached && context->state() == ContextState::Connected)
        return true;
    if (why) {
        *why = reached ? contextStateName(context->state()) + QStringLiteral(": ")
                                 + context->errorString()
                       : QStringLiteral("still %1 after %2 ms")
                                 .arg(contextStateName(context->state()))
                                 .arg(timeoutMs);
    }
    return false;
}

QString evalRepr(Context *context, const QString &expr, int timeoutMs)
{
    const CallResult r = awaitCall(context->call(QStringLiteral("econtext.core"),
                                                 QString(),
                                                 QStringLiteral("eval_repr"),
                                                 {Wire::Value(expr)}),
                                   timeoutMs);
    if (!r)
        return QStringLiteral("ERROR: ") + r.errorString();
    return r->toString();
}

} // namespace Econtext::Test
