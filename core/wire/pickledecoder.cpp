// The decoder: a stack machine over the opcodes, with the limits of PickleLimits. The
// objects it builds are in picklegraph_p.h, the globals a pickle may call in
// picklecallables_p.h.
#include "core/wire/pickle.h"

#include "core/wire/bigint.h"
#include "core/wire/picklecallables_p.h"
#include "core/wire/picklegraph_p.h"
#include "core/wire/pickleops_p.h"

#include <QCoreApplication>
#include <QHash>

#include <cstring>
#include <limits>
#include <optional>
#include <vector>

namespace Econtext::Wire::Unpickling {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Econtext)
};

QString opcodeName(quint8 op)
{
    switch (op) {
    case Op::PersId:
        return QStringLiteral("PERSID");
    case Op::BinPersId:
        return QStringLiteral("BINPERSID");
    case Op::Inst:
        return QStringLiteral("INST");
    case Op::Obj:
        return QStringLiteral("OBJ");
    case Op::Ext1:
        return QStringLiteral("EXT1");
    case Op::Ext2:
        return QStringLiteral("EXT2");
    case Op::Ext4:
        return QStringLiteral("EXT4");
    case Op::NewObjEx:
        return QStringLiteral("NEWOBJ_EX");
    case Op::NextBuffer:
        return QStringLiteral("NEXT_BUFFER");
    case Op::ReadOnlyBuffer:
        return QStringLiteral("READONLY_BUFFER");
    case Op::String:
        return QStringLiteral("STRING");
    case Op::Unicode:
        return QStringLiteral("UNICODE");
    default:
        return QStringLiteral("0x%1").arg(op, 2, 16, QLatin1Char('0'));
    }
}

class Decoder
{
public:
    Decoder(QByteArrayView data, const PickleLimits &limits)
        : m_size(data.size())
        , m_p(data.data())
        , m_end(data.data() + data.size())
        , m_limits(limits)
        , m_maxExpanded(qMin(limits.maxItems,
                             qMax(qsizetype(100'000), limits.maxExpansionPerByte * data.size())))
        , m_maxMemory(qMax(limits.minMemory, limits.memoryPerByte * data.size()))
        , m_graph(limits.maxDepth, m_maxExpanded)
    {}
    // The decoder owns the pickle: a bytes object that is nearly all of it becomes its
    // Value without a copy (the common large result: one big bytes).
    Decoder(QByteArray &&data, const PickleLimits &limits)
        : Decoder(QByteArrayView(data), limits)
    {
        m_owned = std::move(data);
    }

    Result<Value> run();

private:
    bool fail(const QString &message)
    {
        if (m_error.isEmpty())
            m_error = message;
        return false;
    }
    bool truncated()
    {
        return fail(Tr::tr("The pickle ends unexpectedly at byte %1; the data is truncated.")
                            .arg(m_size));
    }
    qsizetype remaining() const { return m_end - m_p; }
    bool need(qsizetype n) { return n <= remaining() || truncated(); }
    quint64 readLE(int n)
    {
        quint64 v = 0;
        for (int i = 0; i < n; ++i)
            v |= quint64(static_cast<quint8>(m_p[i])) << (8 * i);
        m_p += n;
        return v;
    }
    bool readLength(int width, qsizetype *length);
    bool readLine(QByteArrayView *line);

    bool push(Item item);
    bool pushValue(Value v, qsizetype dataBytes = 0)
    {
        return charge(dataBytes) && push(Item{std::move(v), nullptr, 1, 0, Callable::NotCallable});
    }
    bool pushNode(Value::Kind kind);
    Node *newNode(Value::Kind kind) { return m_graph.newNode(kind); } // charged by the graph
    // Counts memory the decoded objects take (an estimate), with the stack and marks as
    // they will be once grown, against PickleLimits.
    bool charge(qsizetype bytes)
    {
        m_memory += bytes;
        const auto grown = [](const auto &v) {
            return qsizetype(v.size() < v.capacity() ? v.capacity() : 2 * v.capacity() + 16)
                   * qsizetype(sizeof(v[0]));
        };
        if (m_memory + m_graph.bytes() + grown(m_stack) + grown(m_marks) <= m_maxMemory)
            return true;
        return fail(Tr::tr("The pickle would take more than %1 MB of memory once decoded, over "
                           "the limit for a pickle of its size.")
                            .arg(m_maxMemory / (1024 * 1024)));
    }
    void shrinkStack()
    {
        if (m_stack.capacity() > 65536 && m_stack.size() < m_stack.capacity() / 4)
            m_stack.shrink_to_fit();
    }
    QByteArray takeData(qsizetype length);
    qsizetype markTop() const { return m_marks.empty() ? 0 : m_marks.back(); }
    bool popMark(qsizetype *start);
    bool needStack(qsizetype n);
    bool checkPlain(const Item &item);
    bool checkHashable(const Item &item);
    bool makeTuple(qsizetype start);
    bool addToNode(Node &node, qsizetype start, Value::Kind expected, int stride);
    bool memoPut(quint64 index);
    bool memoGet(quint64 index);
    bool resolveGlobal(QStringView module, QStringView name);
    bool call(const Item &callable, const Item &args, bool newObj);
    bool textInt(bool isLong);
    bool step(quint8 op);

    qsizetype m_size;
    const char *m_p;
    const char *m_end;
    PickleLimits m_limits;
    qsizetype m_maxExpanded; // see PickleLimits::maxExpansionPerByte
    qsizetype m_maxMemory;   // see PickleLimits::memoryPerByte
    qsizetype m_memory = 0;
    QByteArray m_owned; // the pickle, when the decoder owns it (until a bytes object takes it)
    QByteArray m_tail;  // what followed that bytes object
    std::vector<Item> m_stack;
    std::vector<qsizetype> m_marks;
    QHash<quint64, Item> m_memo;
    Graph m_graph; // every container
    qsizetype m_created = 0;
    bool m_stopped = false;
    QString m_error;
};

bool Decoder::readLength(int width, qsizetype *length)
{
    if (!need(width))
        return false;
    const quint64 raw = readLE(width);
    if (raw > quint64(m_limits.maxLength))
        return fail(Tr::tr("The pickle declares an object of %1 bytes, over the %2-byte limit.")
                            .arg(raw)
                            .arg(m_limits.maxLength));
    if (qsizetype(raw) > remaining())
        return fail(Tr::tr("The pickle declares an object of %1 bytes but only %2 bytes follow; "
                           "the data is truncated.")
                            .arg(raw)
                            .arg(remaining()));
    *length = qsizetype(raw);
    return true;
}

bool Decoder::readLine(QByteArrayView *line)
{
    const qsizetype limit = qMin(remaining(), m_limits.maxLength);
    const void *nl = std::memchr(m_p, '\n', size_t(limit));
    if (!nl)
        return truncated();
    const char *e = static_cast<const char *>(nl);
    *line = QByteArrayView(m_p, e - m_p);
    m_p = e + 1;
    return true;
}

bool Decoder::push(Item item)
{
    if (!charge(qsizetype(sizeof(Value) + 8)))
        return false;
    if (++m_created > m_limits.maxItems)
        return fail(Tr::tr("The pickle creates more than %1 objects, over the limit.")
                            .arg(m_limits.maxItems));
    m_stack.push_back(std::move(item));
    return true;
}

bool Decoder::pushNode(Value::Kind kind)
{
    Item item;
    item.node = newNode(kind);
    item.depth = 1;
    return push(std::move(item));
}

bool Decoder::popMark(qsizetype *start)
{
    if (m_marks.empty())
        return fail(Tr::tr("The pickle is malformed: an opcode needs a MARK that is not there."));
    *start = m_marks.back();
    m_marks.pop_back();
    return true;
}

bool Decoder::needStack(qsizetype n)
{
    if (qsizetype(m_stack.size()) - markTop() < n)
        return fail(Tr::tr("The pickle is malformed: an opcode needs more values than the "
                           "stack holds (stack underflow)."));
    return true;
}

bool Decoder::checkPlain(const Item &item)
{
    if (item.callable != Callable::NotCallable)
        return fail(Tr::tr("The pickle stores a class or function as data, which is not allowed."));
    return true;
}

bool Decoder::checkHashable(const Item &item)
{
    if (!checkPlain(item))
        return false;
    // Values built while decoding are only ever lists, dicts and sets as nodes, so
    // an item without a node is hashable, like it would be in Python.
    if (item.node)
        return fail(Tr::tr("The pickle uses a list, dict or set as a dict key or set element, "
                           "which Python does not allow."));
    return true;
}

bool Decoder::makeTuple(qsizetype start)
{
    const auto first = m_stack.begin() + start;
    qint64 size = 1;
    int depth = 0;
    bool allValues = true;
    for (auto it = first; it != m_stack.end(); ++it) {
        if (!checkPlain(*it))
            return false;
        size = qMin(size + it->size, std::numeric_limits<qint64>::max() / 4);
        depth = qMax(depth, it->depth);
        allValues = allValues && !it->node;
    }
    if (depth + 1 > m_limits.maxDepth)
        return fail(Tr::tr("The pickle nests containers deeper than %1 levels.")
                            .arg(m_limits.maxDepth));
    if (size > m_maxExpanded)
        return fail(Tr::tr("The pickle expands to more than %1 objects through shared references.")
                            .arg(m_maxExpanded));
    Item tuple;
    tuple.size = size;
    tuple.depth = depth + 1;
    if (allValues) {
        ValueList values;
        values.reserve(m_stack.end() - first);
        for (auto it = first; it != m_stack.end(); ++it)
            values.append(std::move(it->value));
        tuple.value = Value::tuple(std::move(values));
    } else {
        tuple.node = newNode(Value::Kind::Tuple);
        tuple.node->values.reserve(m_stack.end() - first);
        for (auto it = first; it != m_stack.end(); ++it)
            tuple.node->add(std::move(*it));
    }
    m_stack.erase(first, m_stack.end());
    shrinkStack();
    return push(std::move(tuple));
}

// APPENDS / SETITEMS / ADDITEMS: moves stack[start..] into the container below start.
bool Decoder::addToNode(Node &node, qsizetype start, Value::Kind expected, int stride)
{
    if (node.kind != expected)
        return fail(Tr::tr("The pickle adds items to an object of the wrong type."));
    const qsizetype count = qsizetype(m_stack.size()) - start;
    if (count % stride)
        return fail(Tr::tr("The pickle is malformed: a dict update has a key without a value."));
    for (qsizetype i = start; i < qsizetype(m_stack.size()); ++i) {
        const bool isKey = (expected == Value::Kind::Dict && (i - start) % 2 == 0)
                           || expected == Value::Kind::Set;
        if (isKey ? !checkHashable(m_stack[size_t(i)]) : !checkPlain(m_stack[size_t(i)]))
            return false;
    }
    for (auto it = m_stack.begin() + start; it != m_stack.end(); ++it)
        node.add(std::move(*it));
    m_stack.erase(m_stack.begin() + start, m_stack.end());
    shrinkStack();
    return true;
}

bool Decoder::memoPut(quint64 index)
{
    if (!needStack(1) || !charge(qsizetype(sizeof(Item)) + 32))
        return false;
    if (++m_created > m_limits.maxItems)
        return fail(Tr::tr("The pickle creates more than %1 objects, over the limit.")
                            .arg(m_limits.maxItems));
    m_memo.insert(index, m_stack.back());
    return true;
}

bool Decoder::memoGet(quint64 index)
{
    const auto it = m_memo.constFind(index);
    if (it == m_memo.constEnd())
        return fail(
                Tr::tr("The pickle refers to memo entry %1, which was never stored.").arg(index));
    return push(*it);
}

bool Decoder::resolveGlobal(QStringView module, QStringView name)
{
    Item item;
    item.callable = Unpickling::resolveGlobal(module, name);
    if (item.callable == Callable::NotCallable)
        return fail(Tr::tr("The pickle refers to the global '%1.%2', which is not allowed.")
                            .arg(module, name));
    return push(std::move(item));
}

// REDUCE / NEWOBJ on a whitelisted callable (picklecallables.cpp).
bool Decoder::call(const Item &callable, const Item &args, bool newObj)
{
    if (callable.callable == Callable::NotCallable)
        return fail(Tr::tr("The pickle applies a call to something that is not a class."));
    if (!checkPlain(args))
        return false;
    Result<Item> result
            = Unpickling::call(callable.callable, args, newObj, m_graph, m_limits.maxDepth);
    if (!result)
        return fail(result.errorString());
    return push(std::move(*result));
}

// The length bytes at m_p, for a bytes object or a big integer. Data that is nearly all of
// a pickle the decoder owns takes the pickle's buffer (Qt 6 moves a QByteArray's begin
// pointer when its front is removed): a large result is not copied once more. The little
// that follows it is.
QByteArray Decoder::takeData(qsizetype length)
{
    constexpr qsizetype TakeFrom = 1024 * 1024;
    const bool owned = !m_owned.isNull() && m_owned.isDetached() && m_tail.isNull();
    const qsizetype offset = owned ? m_p - m_owned.constData() : 0;
    const qsizetype after = m_end - m_p - length;
    if (!owned || length < TakeFrom || offset > length / 8 || after > length / 8) {
        QByteArray data(m_p, length);
        m_p += length;
        return data;
    }
    m_tail = QByteArray(m_p + length, after);
    QByteArray data = std::exchange(m_owned, QByteArray());
    data.remove(0, offset);
    data.truncate(length);
    m_p = m_tail.constData();
    m_end = m_p + after;
    return data;
}

// INT and LONG, the text opcodes of protocol 0/1 (and Python 2's True/False as I01/I00).
bool Decoder::textInt(bool isLong)
{
    QByteArrayView line;
    if (!readLine(&line))
        return false;
    if (!isLong && line == "00")
        return pushValue(Value(false));
    if (!isLong && line == "01")
        return pushValue(Value(true));
    if (line.endsWith('L'))
        line.chop(1);
    bool negative = false;
    if (!line.isEmpty() && (line.front() == '-' || line.front() == '+')) {
        negative = line.front() == '-';
        line = line.sliced(1);
    }
    // CPython itself refuses int text above 4300 digits; the conversion is quadratic.
    if (line.isEmpty() || line.size() > BigInt::MaxDecimalDigits)
        return fail(Tr::tr("The pickle holds an integer text that is empty or too long."));
    const std::optional<QByteArray> twos = BigInt::fromDecimal(line, negative);
    if (!twos)
        return fail(Tr::tr("The pickle holds an integer text that is not a number."));
    return pushValue(Value::fromBigInt(*twos));
}

bool Decoder::step(quint8 op)
{
    switch (op) {
    case Op::Proto: {
        if (!need(1))
            return false;
        const quint8 proto = static_cast<quint8>(*m_p++);
        if (proto > 5)
            return fail(Tr::tr("The pickle uses protocol %1; protocols up to 5 are supported.")
                                .arg(proto));
        return true;
    }
    case Op::Frame: {
        if (!need(8))
            return false;
        const quint64 raw = readLE(8);
        if (raw > quint64(remaining()))
            return fail(Tr::tr("The pickle declares a frame of %1 bytes but only %2 bytes "
                               "follow; the data is truncated.")
                                .arg(raw)
                                .arg(remaining()));
        return true;
    }
    case Op::Stop:
        if (!m_marks.empty())
            return fail(Tr::tr("The pickle is malformed: it stops with a MARK still open."));
        if (m_stack.size() != 1)
            return fail(Tr::tr("The pickle is malformed: it stops with %1 values on the stack "
                               "instead of one.")
                                .arg(m_stack.size()));
        m_stopped = true;
        return true;
    case Op::None:
        return pushValue(Value());
    case Op::NewTrue:
        return pushValue(Value(true));
    case Op::NewFalse:
        return pushValue(Value(false));
    case Op::BinInt:
        if (!need(4))
            return false;
        return pushValue(Value(qint64(qint32(quint32(readLE(4))))));
    case Op::BinInt1:
        if (!need(1))
            return false;
        return pushValue(Value(qint64(readLE(1))));
    case Op::BinInt2:
        if (!need(2))
            return false;
        return pushValue(Value(qint64(readLE(2))));
    case Op::Int:
        return textInt(false);
    case Op::Long:
        return textInt(true);
    case Op::Long1:
    case Op::Long4: {
        qsizetype length = 0;
        if (op == Op::Long4) {
            if (!need(4))
                return false;
            const qint32 declared = qint32(quint32(readLE(4)));
            if (declared < 0)
                return fail(Tr::tr("The pickle declares a negative integer length."));
            m_p -= 4;
        }
        if (!readLength(op == Op::Long1 ? 1 : 4, &length))
            return false;
        return pushValue(Value::fromBigInt(takeData(length)), length);
    }
    case Op::BinFloat: {
        if (!need(8))
            return false;
        quint64 bits = 0;
        for (int i = 0; i < 8; ++i)
            bits = (bits << 8) | static_cast<quint8>(m_p[i]);
        m_p += 8;
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return pushValue(Value(d));
    }
    case Op::Float: {
        QByteArrayView line;
        if (!readLine(&line))
            return false;
        bool ok = false;
        const double d = line.toByteArray().toDouble(&ok);
        if (!ok)
            return fail(Tr::tr("The pickle holds a float text that is not a number."));
        return pushValue(Value(d));
    }
    case Op::ShortBinString:
    case Op::BinString:
    case Op::ShortBinBytes:
    case Op::BinBytes:
    case Op::BinBytes8:
    case Op::ByteArray8: {
        int width = 4;
        if (op == Op::ShortBinString || op == Op::ShortBinBytes)
            width = 1;
        else if (op == Op::BinBytes8 || op == Op::ByteArray8)
            width = 8;
        if (op == Op::BinString) {
            if (!need(4))
                return false;
            if (qint32(quint32(readLE(4))) < 0)
                return fail(Tr::tr("The pickle declares a negative string length."));
            m_p -= 4;
        }
        qsizetype length = 0;
        if (!readLength(width, &length))
            return false;
        const QByteArray data = takeData(length);
        // Python 2's str: kept as its bytes, remembered as text for its user.
        const bool nativeStr = op == Op::ShortBinString || op == Op::BinString;
        return pushValue(nativeStr ? Value::fromNativeStr(data) : Value::fromBytes(data), length);
    }
    case Op::ShortBinUnicode:
    case Op::BinUnicode:
    case Op::BinUnicode8: {
        const int width = op == Op::ShortBinUnicode ? 1 : op == Op::BinUnicode ? 4 : 8;
        qsizetype length = 0;
        if (!readLength(width, &length))
            return false;
        QString text = QString::fromUtf8(m_p, length);
        m_p += length;
        return pushValue(Value(text), 2 * length);
    }
    case Op::EmptyTuple:
        return pushValue(Value::tuple({}));
    case Op::Tuple1:
    case Op::Tuple2:
    case Op::Tuple3: {
        const int n = op - Op::Tuple1 + 1;
        if (!needStack(n))
            return false;
        return makeTuple(qsizetype(m_stack.size()) - n);
    }
    case Op::Tuple: {
        qsizetype start = 0;
        return popMark(&start) && makeTuple(start);
    }
    case Op::EmptyList:
        return pushNode(Value::Kind::List);
    case Op::EmptyDict:
        return pushNode(Value::Kind::Dict);
    case Op::EmptySet:
        return pushNode(Value::Kind::Set);
    case Op::List:
    case Op::Dict: {
        qsizetype start = 0;
        if (!popMark(&start))
            return false;
        const Value::Kind kind = op == Op::List ? Value::Kind::List : Value::Kind::Dict;
        auto node = newNode(kind);
        if (!addToNode(*node, start, kind, kind == Value::Kind::Dict ? 2 : 1))
            return false;
        Item item;
        item.node = std::move(node);
        item.depth = 1;
        return push(std::move(item));
    }
    case Op::Append:
    case Op::SetItem: {
        const int n = op == Op::Append ? 1 : 2;
        if (!needStack(n + 1))
            return false;
        Item &target = m_stack[m_stack.size() - size_t(n) - 1];
        if (!target.node)
            return fail(Tr::tr("The pickle adds items to an object of the wrong type."));
        Node *const node = target.node;
        return addToNode(*node,
                         qsizetype(m_stack.size()) - n,
                         op == Op::Append ? Value::Kind::List : Value::Kind::Dict,
                         n);
    }
    case Op::Appends:
    case Op::SetItems:
    case Op::AddItems: {
        qsizetype start = 0;
        if (!popMark(&start))
            return false;
        if (start < 1 || start <= markTop() || !m_stack[size_t(start - 1)].node)
            return fail(Tr::tr("The pickle adds items to an object of the wrong type."));
        Node *const node = m_stack[size_t(start - 1)].node;
        const Value::Kind kind = op == Op::Appends    ? Value::Kind::List
                                 : op == Op::SetItems ? Value::Kind::Dict
                                                      : Value::Kind::Set;
        return addToNode(*node, start, kind, kind == Value::Kind::Dict ? 2 : 1);
    }
    case Op::FrozenSet: {
        qsizetype start = 0;
        if (!popMark(&start))
            return false;
        qint64 size = 1;
        int depth = 0;
        ValueList values;
        values.reserve(qsizetype(m_stack.size()) - start);
        for (auto it = m_stack.begin() + start; it != m_stack.end(); ++it) {
            if (!checkHashable(*it))
                return false;
            size = qMin(size + it->size, std::numeric_limits<qint64>::max() / 4);
            depth = qMax(depth, it->depth);
            values.append(std::move(it->value));
        }
        if (depth + 1 > m_limits.maxDepth)
            return fail(Tr::tr("The pickle nests containers deeper than %1 levels.")
                                .arg(m_limits.maxDepth));
        m_stack.erase(m_stack.begin() + start, m_stack.end());
        return push(Item{Value::frozenSet(std::move(values)),
                         nullptr,
                         size,
                         depth + 1,
                         Callable::NotCallable});
    }
    case Op::Mark:
        if (!charge(0))
            return false;
        if (m_marks.size() >= size_t(m_limits.maxItems))
            return fail(Tr::tr("The pickle opens too many MARKs."));
        m_marks.push_back(qsizetype(m_stack.size()));
        return true;
    case Op::Pop:
        if (qsizetype(m_stack.size()) > markTop()) {
            m_stack.pop_back();
            return true;
        }
        if (!m_marks.empty()) {
            m_marks.pop_back();
            return true;
        }
        return needStack(1);
    case Op::PopMark: {
        qsizetype start = 0;
        if (!popMark(&start))
            return false;
        m_stack.erase(m_stack.begin() + start, m_stack.end());
        return true;
    }
    case Op::Dup:
        if (!needStack(1))
            return false;
        return push(m_stack.back());
    case Op::Put:
    case Op::Get: {
        QByteArrayView line;
        if (!readLine(&line))
            return false;
        bool ok = false;
        const quint64 index = line.toByteArray().toULongLong(&ok);
        if (!ok)
            return fail(Tr::tr("The pickle holds a memo index that is not a number."));
        return op == Op::Put ? memoPut(index) : memoGet(index);
    }
    case Op::BinPut:
    case Op::BinGet:
        if (!need(1))
            return false;
        return op == Op::BinPut ? memoPut(readLE(1)) : memoGet(readLE(1));
    case Op::LongBinPut:
    case Op::LongBinGet:
        if (!need(4))
            return false;
        return op == Op::LongBinPut ? memoPut(readLE(4)) : memoGet(readLE(4));
    case Op::Memoize:
        return memoPut(quint64(m_memo.size()));
    case Op::Global: {
        QByteArrayView module;
        QByteArrayView name;
        if (!readLine(&module) || !readLine(&name))
            return false;
        return resolveGlobal(QString::fromUtf8(module), QString::fromUtf8(name));
    }
    case Op::StackGlobal: {
        if (!needStack(2))
            return false;
        const Item name = std::move(m_stack.back());
        m_stack.pop_back();
        const Item module = std::move(m_stack.back());
        m_stack.pop_back();
        if (module.node || name.node || module.value.kind() != Value::Kind::Str
            || name.value.kind() != Value::Kind::Str)
            return fail(Tr::tr("The pickle names a global with something other than strings."));
        return resolveGlobal(module.value.toString(), name.value.toString());
    }
    case Op::Reduce:
    case Op::NewObj: {
        if (!needStack(2))
            return false;
        Item args = std::move(m_stack.back());
        m_stack.pop_back();
        Item callable = std::move(m_stack.back());
        m_stack.pop_back();
        return call(callable, args, op == Op::NewObj);
    }
    case Op::Build: {
        if (!needStack(2))
            return false;
        const Item state = std::move(m_stack.back());
        m_stack.pop_back();
        const Item &target = m_stack.back();
        // CPython pickles an exception's __dict__ as BUILD state; a CallError keeps
        // only its three fields, so a dict (or None) state is accepted and dropped.
        const bool stateOk = (state.node && state.node->kind == Value::Kind::Dict)
                             || (!state.node && state.value.isNone()
                                 && state.callable == Callable::NotCallable);
        if (!target.node && target.value.isCallError() && stateOk)
            return true;
        return fail(Tr::tr("The pickle sets the state of an object (BUILD), which is only "
                           "allowed as a dict on a CallError."));
    }
    default:
        return fail(
                Tr::tr("The pickle uses the opcode %1, which is not allowed.").arg(opcodeName(op)));
    }
}

Result<Value> Decoder::run()
{
    while (!m_stopped) {
        if (m_p >= m_end) {
            truncated();
            break;
        }
        const quint8 op = static_cast<quint8>(*m_p++);
        if (!step(op))
            break;
    }
    if (m_stopped && m_p != m_end)
        fail(Tr::tr("The pickle has unexpected data after its end (%1 bytes).").arg(m_end - m_p));
    if (m_error.isEmpty() && checkPlain(m_stack.back()))
        return m_graph.freeze(m_stack.back());
    return makeError(Error::Pickle, m_error);
}

} // namespace

} // namespace Econtext::Wire::Unpickling

namespace Econtext::Wire {

Result<Value> decodePickle(QByteArrayView data, const PickleLimits &limits)
{
    Unpickling::Decoder decoder(data, limits);
    return decoder.run();
}

Result<Value> decodePickle(QByteArray &&data, const PickleLimits &limits)
{
    Unpickling::Decoder decoder(std::move(data), limits);
    return decoder.run();
}

} // namespace Econtext::Wire
