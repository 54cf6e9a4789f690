// Value: the master's in-memory form of a Python object that may cross the wire
// (None, bool, int of any size, float, bytes, str, tuple, list, dict, set,
// frozenset, CallError). Containers are immutable and shared, so memo
// references in a pickle cost nothing. Used by the pickle codec, calls and the UI.
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <memory>
#include <optional>
#include <utility>
#include <variant>

namespace Econtext::Wire {

// The one class besides the built-in types that crosses the wire: a remote exception.
struct CallError
{
    QString type;      // e.g. "ZeroDivisionError"
    QString message;   // str(exc)
    QString traceback; // formatted remote traceback
    bool operator==(const CallError &o) const
    {
        return type == o.type && message == o.message && traceback == o.traceback;
    }
};

class Value;
using ValueList = QList<Value>;
using ValuePairs = QList<std::pair<Value, Value>>;

class Value
{
public:
    enum class Kind {
        None,
        Bool,
        Int,    // fits in qint64
        BigInt, // does not fit in qint64; little-endian two's complement bytes
        Float,
        Bytes,
        Str,
        Tuple,
        List,
        Dict,
        Set,
        FrozenSet,
        CallError,
    };

    Value(); // None
    Value(bool b);
    Value(int i);
    Value(qint64 i);
    Value(double d);
    Value(const char *utf8); // str
    Value(const QString &s);
    static Value none() { return Value(); }
    static Value fromBytes(const QByteArray &b);
    // Python 2's native str: bytes on the wire (STRING, BINSTRING), but text to its user
    // (os.getcwd(), os.environ). A Bytes value that remembers it; compares equal to the
    // same bytes.
    static Value fromNativeStr(const QByteArray &b);
    static Value
    fromBigInt(const QByteArray &littleEndianTwosComplement); // normalises to Int if it fits
    static Value tuple(ValueList items);
    static Value list(ValueList items);
    static Value dict(ValuePairs items);
    static Value set(ValueList items);
    static Value frozenSet(ValueList items);
    static Value callError(CallError e);

    Kind kind() const { return m_kind; }
    bool isNone() const { return m_kind == Kind::None; }
    bool isCallError() const { return m_kind == Kind::CallError; }

    bool toBool() const;  // Python truthiness
    qint64 toInt() const; // 0 unless Kind::Int (or Bool)
    double toDouble() const;
    QByteArray toBytes() const;     // Bytes; Str as UTF-8
    QString toString() const;       // Str; Bytes as UTF-8
    QByteArray bigIntBytes() const; // two's complement LE, for Int and BigInt
    // An Int or BigInt as a Python literal: decimal, or hexadecimal ("0x…") beyond
    // BigInt::MaxDecimalBits bits (core/wire/bigint.h), where decimal would be slow.
    QString intText() const;
    const ValueList &items() const;      // Tuple, List, Set, FrozenSet; empty otherwise
    const ValuePairs &dictItems() const; // Dict; empty otherwise
    Value get(const QString &key) const; // Dict lookup by str (or Python 2 str) key; None if absent
    const Wire::CallError &callErrorValue() const;

    // Python-style repr (repr() of the equivalent Python 3 object; sets sorted by repr;
    // huge ints in hexadecimal, see intText()).
    QString repr() const;
    // Python 2's str (fromNativeStr()).
    bool isNativeStr() const { return m_nativeStr; }
    // Text for a person where the value is text: a str, or a Python 2 str that is valid
    // UTF-8; nullopt otherwise.
    std::optional<QString> text() const;
    // JSON for the CLI (docs/json.md): tuples/lists/sets -> arrays, dict -> object (keys:
    // text(), else repr()), bytes -> {"$bytes": base64} (a Python 2 str that is valid
    // UTF-8 -> a string), big ints -> number if exact else string (intText()).
    // For large values, writeJson() (core/wire/jsonwriter.h) makes the same text in pieces.
    QJsonValue toJson() const;
    // The key under which a dict entry appears in JSON.
    QString jsonKey() const { return text().value_or(repr()); }
    // The one key of the object that stands for bytes in JSON.
    static constexpr char JsonBytesKey[] = "$bytes";
    static Value fromJson(const QJsonValue &json); // arrays -> list, objects -> dict

    // Structural equality (floats: NaN == NaN here, so test vectors compare).
    bool operator==(const Value &o) const;
    bool operator!=(const Value &o) const { return !(*this == o); }

private:
    Kind m_kind = Kind::None;
    bool m_nativeStr = false; // Bytes only
    std::variant<std::monostate,
                 bool,
                 qint64,
                 double,
                 QByteArray, // Bytes, BigInt
                 QString,
                 std::shared_ptr<const ValueList>,
                 std::shared_ptr<const ValuePairs>,
                 std::shared_ptr<const Wire::CallError>>
            m_data;
};

} // namespace Econtext::Wire
