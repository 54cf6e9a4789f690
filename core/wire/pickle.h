// The master's pickle codec. Decodes protocols 2-5 as CPython 2.7 and 3.6-3.13 emit
// them for the types Value holds; refuses every other global and anything that
// would run code. Encodes what the master sends (protocol 2 for Python 2
// contexts, 4 for Python 3). See docs/protocol.md.
#pragma once

#include "core/util/result.h"
#include "core/wire/value.h"

#include <QByteArrayView>

namespace Econtext::Wire {

struct PickleLimits
{
    int maxDepth = 200;              // nesting of containers
    qsizetype maxItems = 10'000'000; // total objects created
    // Objects a pickle may expand to through shared references: this many per byte of
    // pickle, at least 100,000 and at most maxItems (a 209-byte pickle nesting lists
    // that hold the one below twice would be 4 million objects for repr, JSON, views).
    qsizetype maxExpansionPerByte = 1000;
    qsizetype maxLength = 64 * 1024 * 1024; // any single declared length
};

Result<Value> decodePickle(QByteArrayView data, const PickleLimits &limits = {});
QByteArray encodePickle(const Value &value, int protocol = 4);

} // namespace Econtext::Wire
