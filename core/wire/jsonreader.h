// Reads JSON text (RFC 8259) into a Value: the arguments of `econtext-cli call`.
// Integers stay exact however large (QJsonDocument keeps every number as a double, which
// turns 9007199254740993 into 9007199254740992 and 12345678901234567890 into a float);
// a number with a fraction or an exponent is a float. null, true, false, strings, arrays
// (lists) and objects (dicts with str keys, the last of equal keys winning, as Python's
// json does) map as docs/json.md says.
#pragma once

#include "core/util/result.h"
#include "core/wire/bigint.h"
#include "core/wire/value.h"

#include <QByteArrayView>

namespace Econtext::Wire {

// Integers of more digits are refused (BigInt::MaxDecimalDigits, CPython's default limit).
inline constexpr qsizetype JsonMaxIntegerDigits = BigInt::MaxDecimalDigits;
// Arrays and objects nested deeper are refused.
inline constexpr int JsonMaxDepth = 512;

// One JSON value, surrounded by whitespace at most; else one sentence saying what is
// wrong and where (the character offset, counted from 1).
Result<Value> readJson(QByteArrayView text);

} // namespace Econtext::Wire
