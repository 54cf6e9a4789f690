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
    qsizetype maxLength = 256 * 1024 * 1024; // any single declared length
    // Memory the decoded objects and the decoder's stack may take, by an estimate counted
    // as they are made: this many bytes per byte of pickle, at least minMemory. Bulk data
    // (bytes, str) takes 1-2 bytes per byte, small ints in a list ~24, a list of None ~48:
    // what Python's picklers make always fits; crafted shapes stop here (docs/isolation.md).
    qsizetype memoryPerByte = 64;
    qsizetype minMemory = 64 * 1024 * 1024;
};

Result<Value> decodePickle(QByteArrayView data, const PickleLimits &limits = {});
// The same, owning the pickle: a bytes object that is nearly all of it takes its buffer.
Result<Value> decodePickle(QByteArray &&data, const PickleLimits &limits = {});
QByteArray encodePickle(const Value &value, int protocol = 4);

} // namespace Econtext::Wire
