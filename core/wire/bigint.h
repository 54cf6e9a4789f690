// Integers of any size as the pickle carries them (little-endian two's complement bytes,
// LONG1/LONG4) and the conversions a consumer needs, none of which grows faster than the
// integer's size except the decimal text, both ways, which is capped. Used by Value, the
// JSON writer, the pickle decoder and the tests; see docs/isolation.md ("Values").
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace Econtext::Wire::BigInt {

// Integers of more bits than this are written in hexadecimal ("0x…", "-0x…"): exact, a
// valid Python literal, and linear in time. Decimal text takes time quadratic in the
// size (CPython itself refuses it beyond 4300 digits unless told otherwise); at this
// size (19,729 digits) it takes milliseconds.
inline constexpr qint64 MaxDecimalBits = 65536;
// Decimal text of more digits is not read (pickle protocol 0, JSON arguments): reading
// it takes time quadratic in the digits, and CPython refuses it too by default
// (sys.get_int_max_str_digits()).
inline constexpr qsizetype MaxDecimalDigits = 4300;

// The magnitude of a two's complement number, read in place (no copy, no negation pass).
class Magnitude
{
public:
    explicit Magnitude(QByteArrayView twos);
    bool negative() const { return m_negative; }
    qsizetype size() const { return m_size; } // bytes up to the highest non-zero one
    quint8 at(qsizetype i) const
    {
        const auto b = static_cast<quint8>(m_twos[i]);
        if (!m_negative)
            return b;
        // -x = ~x + 1: the carry runs through the low zero bytes and stops at the first
        // non-zero one.
        if (i < m_firstNonZero)
            return 0;
        return i == m_firstNonZero ? quint8(~b + 1) : quint8(~b);
    }

private:
    QByteArrayView m_twos;
    bool m_negative = false;
    qsizetype m_firstNonZero = 0;
    qsizetype m_size = 0;
};

// Python's int.bit_length() of the number.
qint64 bitLength(QByteArrayView twos);
// float(n), correctly rounded; +-inf where Python raises OverflowError.
double toDouble(QByteArrayView twos);
// Decimal text up to MaxDecimalBits bits, hexadecimal beyond (see above).
QString text(QByteArrayView twos);
// The two's complement bytes of a magnitude in decimal digits (one or more of 0-9, as
// protocol 0's INT and LONG write it), negated when negative; nullopt for anything else.
// Time grows with the square of the digits: the caller caps them (the pickle decoder at
// CPython's 4300).
std::optional<QByteArray> fromDecimal(QByteArrayView digits, bool negative);
// Appends the hexadecimal digits of the magnitude's bytes [from, to) (counted from the
// top, so that the text comes out in order), without leading zeros when from is 0.
void appendHexDigits(const Magnitude &magnitude, qsizetype from, qsizetype to, QByteArray &out);

} // namespace Econtext::Wire::BigInt
