#include "core/wire/bigint.h"

#include <cmath>
#include <vector>

namespace Econtext::Wire::BigInt {

Magnitude::Magnitude(QByteArrayView twos)
    : m_twos(twos)
{
    const qsizetype n = twos.size();
    m_negative = n > 0 && (static_cast<quint8>(twos[n - 1]) & 0x80);
    if (m_negative) {
        while (m_firstNonZero < n && twos[m_firstNonZero] == 0)
            ++m_firstNonZero;
    }
    m_size = n;
    while (m_size > 0 && at(m_size - 1) == 0)
        --m_size;
}

qint64 bitLength(QByteArrayView twos)
{
    const Magnitude m(twos);
    if (m.size() == 0)
        return 0;
    int top = 0;
    for (quint8 b = m.at(m.size() - 1); b; b >>= 1)
        ++top;
    return qint64(m.size() - 1) * 8 + top;
}

double toDouble(QByteArrayView twos)
{
    const Magnitude m(twos);
    if (m.size() == 0)
        return 0.0;
    // The top 8 bytes, and whether any bit below them is set (so that rounding to 53
    // bits sees an exact tie only when there is one).
    const qsizetype low = qMax(qsizetype(0), m.size() - 8);
    quint64 top = 0;
    for (qsizetype i = m.size(); i-- > low;)
        top = (top << 8) | m.at(i);
    bool sticky = false;
    for (qsizetype i = 0; i < low && !sticky; ++i)
        sticky = m.at(i) != 0;
    // Beyond 2^1024 it is infinite anyway: the exponent is clamped to stay an int.
    const double d
            = std::ldexp(double(top | (sticky ? 1u : 0u)), int(qMin(low * 8, qsizetype(1) << 20)));
    return m.negative() ? -d : d;
}

namespace {

QString decimal(const Magnitude &m)
{
    // Magnitude as 32-bit limbs, least significant first; divided by 10^9 again and again.
    std::vector<quint32> limbs(size_t((m.size() + 3) / 4), 0);
    for (qsizetype i = 0; i < m.size(); ++i)
        limbs[size_t(i / 4)] |= quint32(m.at(i)) << (8 * (i % 4));
    std::vector<quint32> chunks;
    chunks.reserve(limbs.size() * 10 / 9 + 1);
    while (!limbs.empty()) {
        quint64 rem = 0;
        for (size_t i = limbs.size(); i-- > 0;) {
            const quint64 cur = (rem << 32) | limbs[i];
            limbs[i] = quint32(cur / 1000000000u);
            rem = cur % 1000000000u;
        }
        chunks.push_back(quint32(rem));
        while (!limbs.empty() && limbs.back() == 0)
            limbs.pop_back();
    }
    if (chunks.empty())
        return QStringLiteral("0");
    QByteArray out;
    out.reserve(qsizetype(chunks.size()) * 9 + 1);
    if (m.negative())
        out += '-';
    out += QByteArray::number(chunks.back());
    char buf[10];
    for (size_t i = chunks.size() - 1; i-- > 0;) {
        quint32 c = chunks[i];
        for (int d = 8; d >= 0; --d) {
            buf[d] = char('0' + c % 10);
            c /= 10;
        }
        out.append(buf, 9);
    }
    return QString::fromLatin1(out);
}

} // namespace

void appendHexDigits(const Magnitude &m, qsizetype from, qsizetype to, QByteArray &out)
{
    static constexpr char digits[] = "0123456789abcdef";
    to = qMin(to, m.size());
    for (qsizetype k = from; k < to; ++k) {
        const quint8 b = m.at(m.size() - 1 - k);
        if (k > 0 || b >= 0x10)
            out += digits[b >> 4];
        out += digits[b & 0xf];
    }
}

QString text(QByteArrayView twos)
{
    const Magnitude m(twos);
    if (bitLength(twos) <= MaxDecimalBits)
        return decimal(m);
    QByteArray out;
    out.reserve(m.size() * 2 + 3);
    out += m.negative() ? "-0x" : "0x";
    appendHexDigits(m, 0, m.size(), out);
    return QString::fromLatin1(out);
}

std::optional<QByteArray> fromDecimal(QByteArrayView digits, bool negative)
{
    if (digits.isEmpty())
        return std::nullopt;
    std::vector<quint32> limbs; // magnitude, little-endian 32-bit limbs
    // Nine digits at a time: one pass over the limbs per nine digits, not per digit.
    for (qsizetype at = 0; at < digits.size(); at += 9) {
        const QByteArrayView nine = digits.sliced(at, qMin(qsizetype(9), digits.size() - at));
        quint64 scale = 1;
        quint64 carry = 0;
        for (const char ch : nine) {
            if (ch < '0' || ch > '9')
                return std::nullopt;
            carry = carry * 10 + quint64(ch - '0');
            scale *= 10;
        }
        for (quint32 &limb : limbs) {
            const quint64 cur = quint64(limb) * scale + carry;
            limb = quint32(cur);
            carry = cur >> 32;
        }
        if (carry)
            limbs.push_back(quint32(carry));
    }
    QByteArray bytes(qsizetype(limbs.size()) * 4 + 1, '\0');
    for (size_t i = 0; i < limbs.size(); ++i) {
        for (int b = 0; b < 4; ++b)
            bytes[qsizetype(i * 4) + b] = static_cast<char>((limbs[i] >> (8 * b)) & 0xff);
    }
    if (negative) {
        int carry = 1;
        for (qsizetype i = 0; i < bytes.size(); ++i) {
            const int b = (~static_cast<quint8>(bytes[i]) & 0xff) + carry;
            bytes[i] = static_cast<char>(b & 0xff);
            carry = b >> 8;
        }
    }
    return bytes;
}

} // namespace Econtext::Wire::BigInt
