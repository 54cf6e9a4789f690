// Waiting helpers for tests that drive real contexts: they spin the event loop
// (never sleep) until a future finishes or a context reaches a state.
#pragma once

#include "core/broker/context.h"

#include <QFuture>

namespace Econtext::Test {

// The call's result, or an Error::Timeout result if it did not finish in time.
CallResult awaitCall(QFuture<CallResult> future, int timeoutMs = 30000);
// True once the context is in one of the given states (checked on every signal and every 20 ms).
bool waitForState(Context *context, QList<ContextState> states, int timeoutMs = 30000);
// Waits until the context is Connected; on failure returns false and fills *why.
bool waitConnected(Context *context, QString *why, int timeoutMs = 30000);
// Calls econtext.core.eval_repr(expr) and returns the repr, or the error text prefixed "ERROR: ".
QString evalRepr(Context *context, const QString &expr, int timeoutMs = 30000);

} // namespace Econtext::Test
