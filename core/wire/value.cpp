#include "core/wire/value.h"

#include "core/wire/bigint.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringDecoder>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace Econtext::Wire {

namespace {

const ValueList &emptyList()
{
    static const ValueList empty;
    return empty;
}

const ValuePairs &emptyPairs()
{
    static const ValuePairs empty;
    return empty;
}

// Drops redundant sign bytes so that every integer has one canonical encoding.
QByteArray trimTwosComplement(QByteArray bytes)
{
    qsizetype n = bytes.size();
    while (n > 1) {
        const auto top = static_cast<quint8>(bytes[n - 1]);
        const auto below = static_cast<quint8>(bytes[n - 2]);
        if ((top == 0x00 && !(below & 0x80)) || (top == 0xff && (below & 0x80)))
            --n;
        else
            break;
    }
    if (n == 1 && bytes[0] == 0)
        n = 0;
    bytes.truncate(n);
    return bytes;
}

QByteArray int64ToBytes(qint64 v)
{
    QByteArray out(8, Qt::Uninitialized);
    auto u = static_cast<quint64>(v);
    for (int i = 0; i < 8; ++i) {
        out[i] = static_cast<char>(u & 0xff);
        u >>= 8;
    }
    return trimTwosComplement(out);
}

bool isPrintable(char32_t cp)
{
    if (cp == U' ')
        return true;
    switch (QChar::category(cp)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
    case QChar::Separator_Space:
        return false;
    default:
        return true;
    }
}

void appendHex(QString &out, char prefix, quint32 v, int width)
{
    out += u'\\';
    out += QLatin1Char(prefix);
    out += QStringLiteral("%1").arg(v, width, 16, QLatin1Char('0'));
}

QString reprStr(const QString &s)
{
    const bool hasSingle = s.contains(u'\'');
    const QChar quote = (hasSingle && !s.contains(u'"')) ? u'"' : u'\'';
    QString out;
    out.reserve(s.size() + 2);
    out += quote;
    for (qsizetype i = 0; i < s.size(); ++i) {
        char32_t cp = s.at(i).unicode();
        if (QChar::isHighSurrogate(cp) && i + 1 < s.size() && s.at(i + 1).isLowSurrogate()) {
            cp = QChar::surrogateToUcs4(s.at(i), s.at(i + 1));
            ++i;
        }
        if (cp == quote.unicode() || cp == u'\\') {
            out += u'\\';
            out += QChar(cp);
        } else if (cp == u'\t') {
            out += QStringLiteral("\\t");
        } else if (cp == u'\n') {
            out += QStringLiteral("\\n");
        } else if (cp == u'\r') {
            out += QStringLiteral("\\r");
        } else if (cp < 0x20 || cp == 0x7f) {
            appendHex(out, 'x', cp, 2);
        } else if (cp < 0x7f) {
            out += QChar(cp);
        } else if (isPrintable(cp)) {
            out += QString::fromUcs4(&cp, 1);
        } else if (cp <= 0xff) {
            appendHex(out, 'x', cp, 2);
        } else if (cp <= 0xffff) {
            appendHex(out, 'u', cp, 4);
        } else {
            appendHex(out, 'U', cp, 8);
        }
    }
    out += quote;
    return out;
}

QString reprBytes(const QByteArray &b)
{
    const char quote = (b.contains('\'') && !b.contains('"')) ? '"' : '\'';
    QString out;
    out.reserve(b.size() + 3);
    out += u'b';
    out += QLatin1Char(quote);
    for (const char c : b) {
        const auto u = static_cast<quint8>(c);
        if (c == quote || c == '\\') {
            out += u'\\';
            out += QLatin1Char(c);
        } else if (c == '\t') {
            out += QStringLiteral("\\t");
        } else if (c == '\n') {
            out += QStringLiteral("\\n");
        } else if (c == '\r') {
            out += QStringLiteral("\\r");
        } else if (u < 0x20 || u >= 0x7f) {
            appendHex(out, 'x', u, 2);
        } else {
            out += QLatin1Char(c);
        }
    }
    out += QLatin1Char(quote);
    return out;
}

// Python's repr(float): shortest round-trip digits, fixed notation for
// exponents in [-4, 16), scientific otherwise, always with a '.0' or exponent.
QString reprFloat(double d)
{
    if (std::isnan(d))
        return QStringLiteral("nan");
    if (std::isinf(d))
        return d > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    const std::string_view text(buf, size_t(res.ptr - buf));
    const size_t ePos = text.find('e');
    std::string_view mantissa = text.substr(0, ePos);
    const int exponent = std::atoi(std::string(text.substr(ePos + 1)).c_str());
    std::string out;
    if (!mantissa.empty() && mantissa.front() == '-') {
        out += '-';
        mantissa.remove_prefix(1);
    }
    std::string digits;
    for (const char c : mantissa) {
        if (c != '.')
            digits += c;
    }
    const int decpt = exponent + 1;
    const int nd = int(digits.size());
    if (decpt <= -4 || decpt > 16) {
        out += digits[0];
        if (nd > 1) {
            out += '.';
            out += digits.substr(1);
        }
        char ebuf[16];
        std::snprintf(ebuf, sizeof ebuf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        out += ebuf;
    } else if (decpt <= 0) {
        out += "0.";
        out.append(size_t(-decpt), '0');
        out += digits;
    } else if (decpt >= nd) {
        out += digits;
        out.append(size_t(decpt - nd), '0');
        out += ".0";
    } else {
        out += digits.substr(0, size_t(decpt));
        out += '.';
        out += digits.substr(size_t(decpt));
    }
    return QString::fromLatin1(out.data(), qsizetype(out.size()));
}

QString joinReprs(const ValueList &items)
{
    QStringList parts;
    parts.reserve(items.size());
    for (const Value &v : items)
        parts << v.repr();
    return parts.join(QStringLiteral(", "));
}

QString sortedReprs(const ValueList &items)
{
    QStringList parts;
    parts.reserve(items.size());
    for (const Value &v : items)
        parts << v.repr();
    parts.sort();
    return parts.join(QStringLiteral(", "));
}

// Order-insensitive comparison for sets and dicts: try the common in-order case first.
template<typename T, typename Eq>
bool unorderedEqual(const QList<T> &a, const QList<T> &b, Eq eq)
{
    if (a.size() != b.size())
        return false;
    bool inOrder = true;
    for (qsizetype i = 0; i < a.size() && inOrder; ++i)
        inOrder = eq(a[i], b[i]);
    if (inOrder)
        return true;
    std::vector<bool> used(size_t(b.size()), false);
    for (const T &x : a) {
        bool found = false;
        for (qsizetype j = 0; j < b.size(); ++j) {
            if (!used[size_t(j)] && eq(x, b[j])) {
                used[size_t(j)] = true;
                found = true;
                break;
            }
        }
        if (!found)
            return false;
    }
    return true;
}

} // namespace

Value::Value() = default;

Value::Value(bool b)
    : m_kind(Kind::Bool)
    , m_data(b)
{}

Value::Value(int i)
    : m_kind(Kind::Int)
    , m_data(qint64(i))
{}

Value::Value(qint64 i)
    : m_kind(Kind::Int)
    , m_data(i)
{}

Value::Value(double d)
    : m_kind(Kind::Float)
    , m_data(d)
{}

Value::Value(const char *utf8)
    : m_kind(Kind::Str)
    , m_data(QString::fromUtf8(utf8))
{}

Value::Value(const QString &s)
    : m_kind(Kind::Str)
    , m_data(s)
{}

Value Value::fromBytes(const QByteArray &b)
{
    Value v;
    v.m_kind = Kind::Bytes;
    v.m_data = b;
    return v;
}

Value Value::fromNativeStr(const QByteArray &b)
{
    Value v = fromBytes(b);
    v.m_nativeStr = true;
    return v;
}

std::optional<QString> Value::text() const
{
    if (m_kind == Kind::Str)
        return std::get<QString>(m_data);
    if (m_kind != Kind::Bytes || !m_nativeStr)
        return std::nullopt;
    const QByteArray &b = std::get<QByteArray>(m_data);
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString decoded = utf8.decode(b);
    if (utf8.hasError())
        return std::nullopt;
    return decoded;
}

Value Value::fromBigInt(const QByteArray &littleEndianTwosComplement)
{
    const QByteArray bytes = trimTwosComplement(littleEndianTwosComplement);
    if (bytes.size() <= 8) {
        quint64 u = 0;
        for (qsizetype i = 0; i < bytes.size(); ++i)
            u |= quint64(static_cast<quint8>(bytes[i])) << (8 * i);
        if (!bytes.isEmpty() && bytes.size() < 8 && (static_cast<quint8>(bytes.back()) & 0x80))
            u |= ~quint64(0) << (8 * bytes.size());
        return Value(static_cast<qint64>(u));
    }
    Value v;
    v.m_kind = Kind::BigInt;
    v.m_data = bytes;
    return v;
}

Value Value::tuple(ValueList items)
{
    Value v;
    v.m_kind = Kind::Tuple;
    v.m_data = std::make_shared<const ValueList>(std::move(items));
    return v;
}

Value Value::list(ValueList items)
{
    Value v = tuple(std::move(items));
    v.m_kind = Kind::List;
    return v;
}

Value Value::dict(ValuePairs items)
{
    Value v;
    v.m_kind = Kind::Dict;
    v.m_data = std::make_shared<const ValuePairs>(std::move(items));
    return v;
}

Value Value::set(ValueList items)
{
    Value v = tuple(std::move(items));
    v.m_kind = Kind::Set;
    return v;
}

Value Value::frozenSet(ValueList items)
{
    Value v = tuple(std::move(items));
    v.m_kind = Kind::FrozenSet;
    return v;
}

Value Value::callError(CallError e)
{
    Value v;
    v.m_kind = Kind::CallError;
    v.m_data = std::make_shared<const Wire::CallError>(std::move(e));
    return v;
}

bool Value::toBool() const
{
    switch (m_kind) {
    case Kind::None:
        return false;
    case Kind::Bool:
        return std::get<bool>(m_data);
    case Kind::Int:
        return std::get<qint64>(m_data) != 0;
    case Kind::BigInt:
        return true;
    case Kind::Float:
        return std::get<double>(m_data) != 0.0;
    case Kind::Bytes:
        return !std::get<QByteArray>(m_data).isEmpty();
    case Kind::Str:
        return !std::get<QString>(m_data).isEmpty();
    case Kind::Dict:
        return !dictItems().isEmpty();
    case Kind::Tuple:
    case Kind::List:
    case Kind::Set:
    case Kind::FrozenSet:
        return !items().isEmpty();
    case Kind::CallError:
        return true;
    }
    return false;
}

qint64 Value::toInt() const
{
    if (m_kind == Kind::Int)
        return std::get<qint64>(m_data);
    if (m_kind == Kind::Bool)
        return std::get<bool>(m_data) ? 1 : 0;
    return 0;
}

double Value::toDouble() const
{
    switch (m_kind) {
    case Kind::Float:
        return std::get<double>(m_data);
    case Kind::Int:
    case Kind::Bool:
        return double(toInt());
    case Kind::BigInt:
        return BigInt::toDouble(std::get<QByteArray>(m_data));
    default:
        return 0.0;
    }
}

QByteArray Value::toBytes() const
{
    if (m_kind == Kind::Bytes)
        return std::get<QByteArray>(m_data);
    if (m_kind == Kind::Str)
        return std::get<QString>(m_data).toUtf8();
    return {};
}

QString Value::toString() const
{
    if (m_kind == Kind::Str)
        return std::get<QString>(m_data);
    if (m_kind == Kind::Bytes)
        return QString::fromUtf8(std::get<QByteArray>(m_data));
    return {};
}

QByteArray Value::bigIntBytes() const
{
    if (m_kind == Kind::BigInt)
        return std::get<QByteArray>(m_data);
    if (m_kind == Kind::Int || m_kind == Kind::Bool)
        return int64ToBytes(toInt());
    return {};
}

QString Value::intText() const
{
    if (m_kind == Kind::Int || m_kind == Kind::Bool)
        return QString::number(toInt());
    if (m_kind != Kind::BigInt)
        return {};
    return BigInt::text(std::get<QByteArray>(m_data));
}

const ValueList &Value::items() const
{
    switch (m_kind) {
    case Kind::Tuple:
    case Kind::List:
    case Kind::Set:
    case Kind::FrozenSet:
        return *std::get<std::shared_ptr<const ValueList>>(m_data);
    default:
        return emptyList();
    }
}

const ValuePairs &Value::dictItems() const
{
    if (m_kind == Kind::Dict)
        return *std::get<std::shared_ptr<const ValuePairs>>(m_data);
    return emptyPairs();
}

Value Value::get(const QString &key) const
{
    for (const auto &[k, v] : dictItems()) {
        if (k.m_kind == Kind::Str && std::get<QString>(k.m_data) == key)
            return v;
        // Python 2 sends its str keys as bytes.
        if (k.m_kind == Kind::Bytes && std::get<QByteArray>(k.m_data) == key.toUtf8())
            return v;
    }
    return {};
}

const CallError &Value::callErrorValue() const
{
    static const Wire::CallError empty;
    if (m_kind == Kind::CallError)
        return *std::get<std::shared_ptr<const Wire::CallError>>(m_data);
    return empty;
}

QString Value::repr() const
{
    switch (m_kind) {
    case Kind::None:
        return QStringLiteral("None");
    case Kind::Bool:
        return std::get<bool>(m_data) ? QStringLiteral("True") : QStringLiteral("False");
    case Kind::Int:
    case Kind::BigInt:
        return intText();
    case Kind::Float:
        return reprFloat(std::get<double>(m_data));
    case Kind::Bytes:
        return reprBytes(std::get<QByteArray>(m_data));
    case Kind::Str:
        return reprStr(std::get<QString>(m_data));
    case Kind::Tuple:
        if (items().size() == 1)
            return u'(' + items().first().repr() + QStringLiteral(",)");
        return u'(' + joinReprs(items()) + u')';
    case Kind::List:
        return u'[' + joinReprs(items()) + u']';
    case Kind::Set:
        if (items().isEmpty())
            return QStringLiteral("set()");
        return u'{' + sortedReprs(items()) + u'}';
    case Kind::FrozenSet:
        if (items().isEmpty())
            return QStringLiteral("frozenset()");
        return QStringLiteral("frozenset({") + sortedReprs(items()) + QStringLiteral("})");
    case Kind::Dict: {
        QStringList parts;
        parts.reserve(dictItems().size());
        for (const auto &[k, v] : dictItems())
            parts << k.repr() + QStringLiteral(": ") + v.repr();
        return u'{' + parts.join(QStringLiteral(", ")) + u'}';
    }
    case Kind::CallError: {
        const Wire::CallError &e = callErrorValue();
        return QStringLiteral("CallError(") + reprStr(e.type) + QStringLiteral(", ")
               + reprStr(e.message) + QStringLiteral(", ") + reprStr(e.traceback) + u')';
    }
    }
    return {};
}

QJsonValue Value::toJson() const
{
    constexpr qint64 exactLimit = qint64(1) << 53;
    switch (m_kind) {
    case Kind::None:
        return QJsonValue(QJsonValue::Null);
    case Kind::Bool:
        return std::get<bool>(m_data);
    case Kind::Int: {
        const qint64 i = std::get<qint64>(m_data);
        if (i >= -exactLimit && i <= exactLimit)
            return double(i);
        return intText();
    }
    case Kind::BigInt:
        return intText();
    case Kind::Float: {
        const double d = std::get<double>(m_data);
        if (std::isfinite(d))
            return d;
        return reprFloat(d);
    }
    case Kind::Bytes:
        if (const std::optional<QString> t = text())
            return *t;
        return QJsonObject{{QLatin1String(JsonBytesKey),
                            QString::fromLatin1(std::get<QByteArray>(m_data).toBase64())}};
    case Kind::Str:
        return std::get<QString>(m_data);
    case Kind::Tuple:
    case Kind::List:
    case Kind::Set:
    case Kind::FrozenSet: {
        QJsonArray array;
        for (const Value &v : items())
            array.append(v.toJson());
        return array;
    }
    case Kind::Dict: {
        QJsonObject object;
        for (const auto &[k, v] : dictItems())
            object.insert(k.jsonKey(), v.toJson());
        return object;
    }
    case Kind::CallError: {
        const Wire::CallError &e = callErrorValue();
        QJsonObject object;
        object.insert(QStringLiteral("type"), e.type);
        object.insert(QStringLiteral("message"), e.message);
        object.insert(QStringLiteral("traceback"), e.traceback);
        return object;
    }
    }
    return {};
}

Value Value::fromJson(const QJsonValue &json)
{
    switch (json.type()) {
    case QJsonValue::Bool:
        return Value(json.toBool());
    case QJsonValue::Double: {
        const double d = json.toDouble();
        constexpr double exactLimit = 9007199254740992.0; // 2**53
        if (std::trunc(d) == d && std::abs(d) <= exactLimit && !(d == 0.0 && std::signbit(d)))
            return Value(qint64(d));
        return Value(d);
    }
    case QJsonValue::String:
        return Value(json.toString());
    case QJsonValue::Array: {
        ValueList items;
        const QJsonArray array = json.toArray();
        items.reserve(array.size());
        for (const QJsonValue &v : array)
            items.append(fromJson(v));
        return list(std::move(items));
    }
    case QJsonValue::Object: {
        ValuePairs pairs;
        const QJsonObject object = json.toObject();
        pairs.reserve(object.size());
        for (auto it = object.begin(); it != object.end(); ++it)
            pairs.append({Value(it.key()), fromJson(it.value())});
        return dict(std::move(pairs));
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

bool Value::operator==(const Value &o) const
{
    if (m_kind != o.m_kind)
        return false;
    switch (m_kind) {
    case Kind::None:
        return true;
    case Kind::Bool:
        return std::get<bool>(m_data) == std::get<bool>(o.m_data);
    case Kind::Int:
        return std::get<qint64>(m_data) == std::get<qint64>(o.m_data);
    case Kind::Float: {
        const double a = std::get<double>(m_data);
        const double b = std::get<double>(o.m_data);
        return a == b || (std::isnan(a) && std::isnan(b));
    }
    case Kind::BigInt:
    case Kind::Bytes:
        return std::get<QByteArray>(m_data) == std::get<QByteArray>(o.m_data);
    case Kind::Str:
        return std::get<QString>(m_data) == std::get<QString>(o.m_data);
    case Kind::Tuple:
    case Kind::List: {
        const auto &a = std::get<std::shared_ptr<const ValueList>>(m_data);
        const auto &b = std::get<std::shared_ptr<const ValueList>>(o.m_data);
        return a == b || *a == *b;
    }
    case Kind::Set:
    case Kind::FrozenSet: {
        const auto &a = std::get<std::shared_ptr<const ValueList>>(m_data);
        const auto &b = std::get<std::shared_ptr<const ValueList>>(o.m_data);
        return a == b
               || unorderedEqual(*a, *b, [](const Value &x, const Value &y) { return x == y; });
    }
    case Kind::Dict: {
        const auto &a = std::get<std::shared_ptr<const ValuePairs>>(m_data);
        const auto &b = std::get<std::shared_ptr<const ValuePairs>>(o.m_data);
        using Pair = std::pair<Value, Value>;
        return a == b || unorderedEqual(*a, *b, [](const Pair &x, const Pair &y) {
                   return x.first == y.first && x.second == y.second;
               });
    }
    case Kind::CallError:
        return callErrorValue() == o.callErrorValue();
    }
    return false;
}

} // namespace Econtext::Wire
