// Reads JSON text (RFC 8259) into a Value: the arguments of `econtext-cli call`.
// Integers stay exact however large (QJsonDocument keeps every number as a double, which
// turns 9007199254740993 into 9007199254740992 and 12345678901234567890 into a float);
// a number with a fraction or an exponent is a float. null, true, false, strings, arrays
// (lists) and objects (dicts with str keys, the last of equal keys winning, as Python's
// json does) map as docs/json.md says.
#pragma once

#include "core/util/result.h"
#include "core/wire/value.h"

#include <QByteArrayView>

namespace Econtext::Wire {

// Integers of more digits are refused, as CPython refuses to read them by default
// (sys.get_int_max_str_digits()): reading decimal digits takes time quadratic in their number.
inline constexpr qsizetype JsonMaxIntegerDigits = 4300;
// Arrays and objects nested deeper are refused.
inline constexpr int JsonMaxDepth = 512;

// One JSON value, surrounded by whitespace at most; else one sentence saying what is
// wrong and where (the character offset, counted from 1).
Result<Value> readJson(QByteArrayView text);

} // namespace Econtext::Wire
