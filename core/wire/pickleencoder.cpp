// The master's pickle encoder (encodePickle in pickle.h): what the master sends, in
// protocol 2 for Python 2 contexts and 4 for Python 3.
#include "core/wire/pickle.h"
#include "core/wire/pickleops_p.h"

#include <cstring>
#include <limits>

namespace Econtext::Wire {

namespace {

class Encoder
{
public:
    explicit Encoder(int protocol)
        : m_protocol(qBound(2, protocol, 5))
    {}

    QByteArray encode(const Value &value)
    {
        m_out.reserve(64 + (value.kind() == Value::Kind::Bytes ? value.toBytes().size() : 0));
        op(Op::Proto);
        byte(quint8(m_protocol));
        // Protocol 4 and later: the pickle in one frame, so that an unpickler reading from
        // a file (the contexts' restricted one) fetches it with one read, not one per
        // opcode. Big ones stay unframed: the frame would be one more copy of the data.
        const bool framed
                = m_protocol >= 4
                  && !(value.kind() == Value::Kind::Bytes && value.toBytes().size() > kMaxFrame);
        if (framed)
            m_out.append(kFrameHeader, sizeof kFrameHeader);
        save(value);
        op(Op::Stop);
        if (framed) {
            // PROTO and its argument, then FRAME and its 8-byte length.
            constexpr qsizetype at = 2;
            const qsizetype body = m_out.size() - at - qsizetype(sizeof kFrameHeader);
            if (body <= kMaxFrame) {
                for (int i = 0; i < 8; ++i)
                    m_out[at + 1 + i] = static_cast<char>((quint64(body) >> (8 * i)) & 0xff);
            } else {
                m_out.remove(at, sizeof kFrameHeader);
            }
        }
        return std::move(m_out);
    }

private:
    static constexpr char kFrameHeader[9] = {char(Op::Frame), 0, 0, 0, 0, 0, 0, 0, 0};
    static constexpr qsizetype kMaxFrame = 64 * 1024;

    void op(quint8 o) { m_out.append(static_cast<char>(o)); }
    void byte(quint8 b) { m_out.append(static_cast<char>(b)); }
    void le(quint64 v, int n)
    {
        char buf[8];
        for (int i = 0; i < n; ++i) {
            buf[i] = static_cast<char>(v & 0xff);
            v >>= 8;
        }
        m_out.append(buf, n);
    }
    void text(QByteArrayView s) { m_out.append(s.data(), s.size()); }

    void saveInt(qint64 i)
    {
        if (i >= 0 && i < 0x100) {
            op(Op::BinInt1);
            le(quint64(i), 1);
        } else if (i >= 0 && i < 0x10000) {
            op(Op::BinInt2);
            le(quint64(i), 2);
        } else if (i >= std::numeric_limits<qint32>::min()
                   && i <= std::numeric_limits<qint32>::max()) {
            op(Op::BinInt);
            le(quint64(quint32(qint32(i))), 4);
        } else if (m_protocol == 2) {
            // What Python 2's own pickler writes, so that a 64-bit int stays an int there.
            op(Op::Int);
            text(QByteArray::number(i));
            byte('\n');
        } else {
            saveLong(Value(i).bigIntBytes());
        }
    }
    void saveLong(const QByteArray &bytes)
    {
        if (bytes.size() < 0x100) {
            op(Op::Long1);
            le(quint64(bytes.size()), 1);
        } else {
            op(Op::Long4);
            le(quint64(bytes.size()), 4);
        }
        m_out.append(bytes);
    }
    void saveBytes(const QByteArray &b)
    {
        const auto n = quint64(b.size());
        if (m_protocol < 3) {
            // Python 2 reads these as str.
            if (n < 0x100) {
                op(Op::ShortBinString);
                le(n, 1);
            } else {
                op(Op::BinString);
                le(n, 4);
            }
        } else if (n < 0x100) {
            op(Op::ShortBinBytes);
            le(n, 1);
        } else if (n <= 0xffffffffu || m_protocol < 4) {
            op(Op::BinBytes);
            le(n, 4);
        } else {
            op(Op::BinBytes8);
            le(n, 8);
        }
        m_out.append(b);
    }
    void saveStr(const QString &s)
    {
        const QByteArray utf8 = s.toUtf8();
        const auto n = quint64(utf8.size());
        if (m_protocol >= 4 && n < 0x100) {
            op(Op::ShortBinUnicode);
            le(n, 1);
        } else if (n <= 0xffffffffu || m_protocol < 4) {
            op(Op::BinUnicode);
            le(n, 4);
        } else {
            op(Op::BinUnicode8);
            le(n, 8);
        }
        m_out.append(utf8);
    }
    void saveGlobal(QByteArrayView module, QByteArrayView name)
    {
        if (m_protocol >= 4) {
            op(Op::ShortBinUnicode);
            le(quint64(module.size()), 1);
            text(module);
            op(Op::ShortBinUnicode);
            le(quint64(name.size()), 1);
            text(name);
            op(Op::StackGlobal);
        } else {
            op(Op::Global);
            text(module);
            byte('\n');
            text(name);
            byte('\n');
        }
    }
    // Items in batches of 1000 between MARK and the batch opcode, as CPython does.
    void saveBatched(const ValueList &items, quint8 single, quint8 batch)
    {
        constexpr qsizetype BatchSize = 1000;
        for (qsizetype start = 0; start < items.size(); start += BatchSize) {
            const qsizetype end = qMin(items.size(), start + BatchSize);
            if (end - start == 1 && single) {
                save(items[start]);
                op(single);
                continue;
            }
            op(Op::Mark);
            for (qsizetype i = start; i < end; ++i)
                save(items[i]);
            op(batch);
        }
    }
    void saveDict(const ValuePairs &pairs)
    {
        op(Op::EmptyDict);
        constexpr qsizetype BatchSize = 1000;
        for (qsizetype start = 0; start < pairs.size(); start += BatchSize) {
            const qsizetype end = qMin(pairs.size(), start + BatchSize);
            if (end - start == 1) {
                save(pairs[start].first);
                save(pairs[start].second);
                op(Op::SetItem);
                continue;
            }
            op(Op::Mark);
            for (qsizetype i = start; i < end; ++i) {
                save(pairs[i].first);
                save(pairs[i].second);
            }
            op(Op::SetItems);
        }
    }
    void saveSet(const Value &v)
    {
        const bool frozen = v.kind() == Value::Kind::FrozenSet;
        if (m_protocol >= 4) {
            if (frozen) {
                op(Op::Mark);
                for (const Value &item : v.items())
                    save(item);
                op(Op::FrozenSet);
            } else {
                op(Op::EmptySet);
                saveBatched(v.items(), 0, Op::AddItems);
            }
            return;
        }
        saveGlobal(m_protocol == 2 ? QByteArrayView("__builtin__") : QByteArrayView("builtins"),
                   frozen ? QByteArrayView("frozenset") : QByteArrayView("set"));
        op(Op::EmptyList);
        saveBatched(v.items(), Op::Append, Op::Appends);
        op(Op::Tuple1);
        op(Op::Reduce);
    }

    void save(const Value &v)
    {
        switch (v.kind()) {
        case Value::Kind::None:
            op(Op::None);
            break;
        case Value::Kind::Bool:
            op(v.toBool() ? Op::NewTrue : Op::NewFalse);
            break;
        case Value::Kind::Int:
            saveInt(v.toInt());
            break;
        case Value::Kind::BigInt:
            saveLong(v.bigIntBytes());
            break;
        case Value::Kind::Float: {
            op(Op::BinFloat);
            const double d = v.toDouble();
            quint64 bits;
            std::memcpy(&bits, &d, sizeof bits);
            char buf[8];
            for (int i = 7; i >= 0; --i) {
                buf[i] = static_cast<char>(bits & 0xff);
                bits >>= 8;
            }
            m_out.append(buf, 8);
            break;
        }
        case Value::Kind::Bytes:
            saveBytes(v.toBytes());
            break;
        case Value::Kind::Str:
            saveStr(v.toString());
            break;
        case Value::Kind::Tuple: {
            const ValueList &items = v.items();
            if (items.isEmpty()) {
                op(Op::EmptyTuple);
            } else if (items.size() <= 3) {
                for (const Value &item : items)
                    save(item);
                op(quint8(Op::Tuple1 + items.size() - 1));
            } else {
                op(Op::Mark);
                for (const Value &item : items)
                    save(item);
                op(Op::Tuple);
            }
            break;
        }
        case Value::Kind::List:
            op(Op::EmptyList);
            saveBatched(v.items(), Op::Append, Op::Appends);
            break;
        case Value::Kind::Dict:
            saveDict(v.dictItems());
            break;
        case Value::Kind::Set:
        case Value::Kind::FrozenSet:
            saveSet(v);
            break;
        case Value::Kind::CallError: {
            const CallError &e = v.callErrorValue();
            saveGlobal("econtext.core", "CallError");
            saveStr(e.type);
            saveStr(e.message);
            saveStr(e.traceback);
            op(Op::Tuple3);
            op(Op::Reduce);
            break;
        }
        }
    }

    int m_protocol;
    QByteArray m_out;
};

} // namespace

QByteArray encodePickle(const Value &value, int protocol)
{
    Encoder encoder(protocol);
    return encoder.encode(value);
}

} // namespace Econtext::Wire
