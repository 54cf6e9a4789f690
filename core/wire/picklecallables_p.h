// What a pickle may call: the few globals it may name (GLOBAL, STACK_GLOBAL) and what
// applying each to its arguments (REDUCE, NEWOBJ) gives. Nothing is ever executed: each
// callable's effect is reproduced here, for the types Value holds: set() and frozenset()
// of a list or tuple, bytes() (empty), _codecs.encode(text, "latin1") (how Python 3 pickles
// bytes at protocol 2), and econtext.core.CallError. Used by the decoder
// (pickledecoder.cpp); every other global is refused there.
#pragma once

#include "core/wire/picklegraph_p.h"

#include <QStringView>

namespace Econtext::Wire::Unpickling {

// The callable a global names; NotCallable for every global that is not allowed.
Callable resolveGlobal(QStringView module, QStringView name);

// REDUCE (or NEWOBJ when newObj) of callable, which is not NotCallable, on args, which
// holds no callable. A set comes as a container of graph; a frozenset deeper than maxDepth
// is refused.
Result<Item> call(Callable callable, const Item &args, bool newObj, Graph &graph, int maxDepth);

} // namespace Econtext::Wire::Unpickling
