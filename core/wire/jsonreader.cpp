#include "core/wire/jsonreader.h"

#include "core/wire/bigint.h"

#include <QCoreApplication>
#include <QHash>
#include <QStringDecoder>

#include <cmath>

namespace Econtext::Wire {
namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Econtext)
};

class Reader
{
public:
    explicit Reader(QByteArrayView text)
        : m_text(text)
    {}

    Result<Value> document()
    {
        skipSpace();
        Result<Value> v = value(0);
        if (!v)
            return v;
        skipSpace();
        if (m_pos != m_text.size())
            return fail(Tr::tr("text after the value"));
        return v;
    }

private:
    Error fail(const QString &what) const
    {
        return Error{Error::Generic, Tr::tr("%1 at character %2").arg(what).arg(m_pos + 1)};
    }
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    void skipSpace()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
            ++m_pos;
    }
    bool literal(QByteArrayView word)
    {
        if (m_text.sliced(m_pos).startsWith(word)) {
            m_pos += word.size();
            return true;
        }
        return false;
    }

    Result<Value> value(int depth)
    {
        if (depth > JsonMaxDepth)
            return fail(Tr::tr("arrays or objects nested more than %1 deep").arg(JsonMaxDepth));
        switch (peek()) {
        case '{':
            return object(depth);
        case '[':
            return array(depth);
        case '"': {
            Result<QString> s = string();
            if (!s)
                return s.error();
            return Value(*s);
        }
        case 't':
            if (literal("true"))
                return Value(true);
            break;
        case 'f':
            if (literal("false"))
                return Value(false);
            break;
        case 'n':
            if (literal("null"))
                return Value();
            break;
        default:
            if (peek() == '-' || (peek() >= '0' && peek() <= '9'))
                return number();
        }
        return atEnd() ? fail(Tr::tr("a value missing")) : fail(Tr::tr("an unexpected character"));
    }

    Result<Value> array(int depth)
    {
        ++m_pos; // [
        ValueList items;
        skipSpace();
        if (peek() == ']') {
            ++m_pos;
            return Value::list(std::move(items));
        }
        for (;;) {
            skipSpace();
            Result<Value> item = value(depth + 1);
            if (!item)
                return item;
            items.append(std::move(*item));
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
            } else if (peek() == ']') {
                ++m_pos;
                return Value::list(std::move(items));
            } else {
                return fail(Tr::tr("\",\" or \"]\" expected"));
            }
        }
    }

    Result<Value> object(int depth)
    {
        ++m_pos; // {
        ValuePairs pairs;
        QHash<QString, qsizetype> at; // key -> its place in pairs
        skipSpace();
        if (peek() == '}') {
            ++m_pos;
            return Value::dict(std::move(pairs));
        }
        for (;;) {
            skipSpace();
            if (peek() != '"')
                return fail(Tr::tr("a key in double quotes expected"));
            Result<QString> key = string();
            if (!key)
                return key.error();
            skipSpace();
            if (peek() != ':')
                return fail(Tr::tr("\":\" expected"));
            ++m_pos;
            skipSpace();
            Result<Value> item = value(depth + 1);
            if (!item)
                return item;
            // The last of equal keys wins, in the place of the first (as a Python dict).
            const auto seen = at.constFind(*key);
            if (seen != at.constEnd()) {
                pairs[*seen].second = std::move(*item);
            } else {
                at.insert(*key, pairs.size());
                pairs.append({Value(*key), std::move(*item)});
            }
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
            } else if (peek() == '}') {
                ++m_pos;
                return Value::dict(std::move(pairs));
            } else {
                return fail(Tr::tr("\",\" or \"}\" expected"));
            }
        }
    }

    Result<QString> string()
    {
        ++m_pos; // "
        QByteArray utf8;
        QString out;
        auto flushUtf8 = [&]() -> bool {
            if (utf8.isEmpty())
                return true;
            QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
            out += decoder.decode(utf8);
            utf8.clear();
            return !decoder.hasError();
        };
        for (;;) {
            if (atEnd())
                return fail(Tr::tr("a string without its closing quote"));
            const char c = m_text[m_pos];
            if (c == '"') {
                if (!flushUtf8())
                    return fail(Tr::tr("a string that is not UTF-8"));
                ++m_pos;
                return out;
            }
            if (quint8(c) < 0x20)
                return fail(Tr::tr("a control character in a string"));
            if (c != '\\') {
                utf8.append(c);
                ++m_pos;
                continue;
            }
            if (!flushUtf8())
                return fail(Tr::tr("a string that is not UTF-8"));
            ++m_pos;
            const char e = peek();
            ++m_pos;
            switch (e) {
            case '"':
            case '\\':
            case '/':
                out += QLatin1Char(e);
                break;
            case 'b':
                out += u'\b';
                break;
            case 'f':
                out += u'\f';
                break;
            case 'n':
                out += u'\n';
                break;
            case 'r':
                out += u'\r';
                break;
            case 't':
                out += u'\t';
                break;
            case 'u': {
                if (m_pos + 4 > m_text.size())
                    return fail(Tr::tr("a \\u escape without four hexadecimal digits"));
                bool ok = false;
                const ushort unit = QByteArray(m_text.sliced(m_pos, 4).data(), 4).toUShort(&ok, 16);
                if (!ok)
                    return fail(Tr::tr("a \\u escape without four hexadecimal digits"));
                m_pos += 4;
                out += QChar(unit); // surrogate pairs come as two escapes, as in UTF-16
                break;
            }
            default:
                --m_pos;
                return fail(Tr::tr("an unknown escape in a string"));
            }
        }
    }

    Result<Value> number()
    {
        const qsizetype start = m_pos;
        const bool negative = peek() == '-';
        if (negative)
            ++m_pos;
        const qsizetype digitsStart = m_pos;
        if (peek() == '0') {
            ++m_pos;
        } else if (peek() >= '1' && peek() <= '9') {
            while (peek() >= '0' && peek() <= '9')
                ++m_pos;
        } else {
            return fail(Tr::tr("a digit expected"));
        }
        const qsizetype digitsEnd = m_pos;
        bool isFloat = false;
        if (peek() == '.') {
            isFloat = true;
            ++m_pos;
            if (!(peek() >= '0' && peek() <= '9'))
                return fail(Tr::tr("a digit expected"));
            while (peek() >= '0' && peek() <= '9')
                ++m_pos;
        }
        if (peek() == 'e' || peek() == 'E') {
            isFloat = true;
            ++m_pos;
            if (peek() == '+' || peek() == '-')
                ++m_pos;
            if (!(peek() >= '0' && peek() <= '9'))
                return fail(Tr::tr("a digit expected"));
            while (peek() >= '0' && peek() <= '9')
                ++m_pos;
        }
        if (isFloat) {
            bool ok = false;
            const double d = m_text.sliced(start, m_pos - start).toByteArray().toDouble(&ok);
            if (!ok && !std::isinf(d))
                return fail(Tr::tr("a number that is not one"));
            return Value(d); // out of range: inf, as Python's json reads it
        }
        const QByteArrayView digits = m_text.sliced(digitsStart, digitsEnd - digitsStart);
        if (digits.size() > JsonMaxIntegerDigits) {
            m_pos = start;
            return fail(Tr::tr("an integer of more than %1 digits").arg(JsonMaxIntegerDigits));
        }
        if (digits.size() <= 18)
            return Value(qint64(negative ? -digits.toLongLong() : digits.toLongLong()));
        // Digits only, checked above: fromDecimal cannot refuse them.
        return Value::fromBigInt(BigInt::fromDecimal(digits, negative).value_or(QByteArray()));
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

} // namespace

Result<Value> readJson(QByteArrayView text)
{
    return Reader(text).document();
}

} // namespace Econtext::Wire
