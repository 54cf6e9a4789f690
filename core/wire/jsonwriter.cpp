#include "core/wire/jsonwriter.h"

#include "core/wire/bigint.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <vector>

namespace Econtext::Wire {

namespace {

// 2**53: doubles hold every integer up to it; Value::toJson() makes numbers of those.
constexpr double ExactLimit = 9007199254740992.0;
constexpr qint64 ExactInt = qint64(1) << 53;

} // namespace

void JsonWriter::flush()
{
    if (m_buffer.isEmpty())
        return;
    m_sink(m_buffer);
    m_buffer.resize(0); // keeps the capacity
}

void JsonWriter::write(const Value &v)
{
    m_buffer.reserve(PieceSize + 1024);
    value(v);
    flush();
}

QByteArray JsonWriter::toJson(const Value &v)
{
    QByteArray out;
    JsonWriter writer([&out](QByteArrayView piece) { out.append(piece.data(), piece.size()); });
    writer.write(v);
    return out;
}

// What QJsonDocument writes for a double: an integer when it is one that a double holds
// exactly, else the shortest text that reads back the same.
void JsonWriter::number(double d)
{
    if (std::trunc(d) == d && std::abs(d) <= ExactLimit)
        put(QByteArray::number(qint64(d)));
    else
        put(QByteArray::number(d, 'g', QLocale::FloatingPointShortest));
}

void JsonWriter::integer(const Value &v)
{
    if (v.kind() == Value::Kind::Int) {
        const qint64 i = v.toInt();
        if (i >= -ExactInt && i <= ExactInt) {
            put(QByteArray::number(i));
            return;
        }
    }
    if (v.kind() == Value::Kind::Int
        || BigInt::bitLength(v.bigIntBytes()) <= BigInt::MaxDecimalBits) {
        put('"');
        put(v.intText().toLatin1());
        put('"');
        return;
    }
    // Hexadecimal, a slice of the magnitude at a time.
    const QByteArray twos = v.bigIntBytes();
    const BigInt::Magnitude m(twos);
    put(m.negative() ? "\"-0x" : "\"0x");
    for (qsizetype from = 0; from < m.size(); from += PieceSize / 2) {
        BigInt::appendHexDigits(m, from, from + PieceSize / 2, m_buffer);
        flushIfFull();
    }
    put('"');
}

// JSON string escaping as QJsonDocument does it: the two quotes and control characters
// escaped, everything else as UTF-8, a lone surrogate as \uXXXX.
void JsonWriter::string(QStringView s)
{
    static constexpr char hex[] = "0123456789abcdef";
    put('"');
    const char16_t *p = s.utf16();
    const char16_t *const end = p + s.size();
    while (p != end) {
        const char16_t *const stop = p + std::min<qsizetype>(end - p, PieceSize / 4);
        while (p != stop) {
            const char16_t u = *p++;
            if (u < 0x80) {
                if (u >= 0x20 && u != u'"' && u != u'\\') {
                    m_buffer += char(u);
                    continue;
                }
                m_buffer += '\\';
                switch (u) {
                case u'"':
                    m_buffer += '"';
                    break;
                case u'\\':
                    m_buffer += '\\';
                    break;
                case u'\b':
                    m_buffer += 'b';
                    break;
                case u'\f':
                    m_buffer += 'f';
                    break;
                case u'\n':
                    m_buffer += 'n';
                    break;
                case u'\r':
                    m_buffer += 'r';
                    break;
                case u'\t':
                    m_buffer += 't';
                    break;
                default:
                    m_buffer += "u00";
                    m_buffer += hex[u >> 4];
                    m_buffer += hex[u & 0xf];
                }
                continue;
            }
            char32_t cp = u;
            if (QChar::isHighSurrogate(u) && p != end && QChar::isLowSurrogate(*p)) {
                cp = QChar::surrogateToUcs4(u, *p++);
            } else if (QChar::isSurrogate(u)) {
                m_buffer += "\\u";
                for (int shift = 12; shift >= 0; shift -= 4)
                    m_buffer += hex[(u >> shift) & 0xf];
                continue;
            }
            if (cp < 0x800) {
                m_buffer += char(0xc0 | (cp >> 6));
            } else if (cp < 0x10000) {
                m_buffer += char(0xe0 | (cp >> 12));
                m_buffer += char(0x80 | ((cp >> 6) & 0x3f));
            } else {
                m_buffer += char(0xf0 | (cp >> 18));
                m_buffer += char(0x80 | ((cp >> 12) & 0x3f));
                m_buffer += char(0x80 | ((cp >> 6) & 0x3f));
            }
            m_buffer += char(0x80 | (cp & 0x3f));
        }
        flushIfFull();
    }
    put('"');
}

// Base64 of a slice whose size is a multiple of 3 has no padding, so the slices' texts
// joined are the text of the whole.
void JsonWriter::bytes(const QByteArray &b)
{
    constexpr qsizetype Slice = PieceSize / 4 * 3;
    put("{\"");
    put(Value::JsonBytesKey);
    put("\":\"");
    for (qsizetype at = 0; at < b.size(); at += Slice) {
        const qsizetype n = std::min(Slice, b.size() - at);
        put(QByteArray::fromRawData(b.constData() + at, n).toBase64());
        flushIfFull();
    }
    put("\"}");
}

void JsonWriter::value(const Value &v)
{
    switch (v.kind()) {
    case Value::Kind::None:
        put("null");
        break;
    case Value::Kind::Bool:
        put(v.toBool() ? "true" : "false");
        break;
    case Value::Kind::Int:
    case Value::Kind::BigInt:
        integer(v);
        break;
    case Value::Kind::Float: {
        const double d = v.toDouble();
        if (std::isfinite(d))
            number(d);
        else
            string(v.repr());
        break;
    }
    case Value::Kind::Bytes:
        if (v.isNativeStr()) {
            if (const std::optional<QString> text = v.text()) {
                string(*text);
                break;
            }
        }
        bytes(v.toBytes());
        break;
    case Value::Kind::Str:
        string(v.toString());
        break;
    case Value::Kind::Tuple:
    case Value::Kind::List:
    case Value::Kind::Set:
    case Value::Kind::FrozenSet: {
        put('[');
        bool first = true;
        for (const Value &item : v.items()) {
            if (!first)
                put(',');
            first = false;
            value(item);
            flushIfFull();
        }
        put(']');
        break;
    }
    case Value::Kind::Dict: {
        // As a QJsonObject holds them: keys sorted (UTF-16 order), the last of equal keys
        // wins.
        const ValuePairs &pairs = v.dictItems();
        std::vector<std::pair<QString, qsizetype>> keys;
        keys.reserve(size_t(pairs.size()));
        for (qsizetype i = 0; i < pairs.size(); ++i) {
            const Value &k = pairs[i].first;
            keys.emplace_back(k.jsonKey(), i);
        }
        std::stable_sort(keys.begin(), keys.end(), [](const auto &a, const auto &b) {
            return a.first < b.first;
        });
        put('{');
        bool first = true;
        for (size_t i = 0; i < keys.size(); ++i) {
            if (i + 1 < keys.size() && keys[i + 1].first == keys[i].first)
                continue;
            if (!first)
                put(',');
            first = false;
            string(keys[i].first);
            put(':');
            value(pairs[keys[i].second].second);
            flushIfFull();
        }
        put('}');
        break;
    }
    case Value::Kind::CallError: {
        const CallError &e = v.callErrorValue();
        put("{\"message\":");
        string(e.message);
        put(",\"traceback\":");
        string(e.traceback);
        put(",\"type\":");
        string(e.type);
        put('}');
        break;
    }
    }
}

} // namespace Econtext::Wire
