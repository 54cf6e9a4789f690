#include "core/wire/picklecallables_p.h"

#include <QCoreApplication>

namespace Econtext::Wire::Unpickling {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Econtext)
};

Error refuse(const QString &message)
{
    return makeError(Error::Pickle, message);
}

// An immutable result, one object.
Item plain(Value value)
{
    return Item{std::move(value), nullptr, 1, 0, Callable::NotCallable};
}

} // namespace

Callable resolveGlobal(QStringView module, QStringView name)
{
    Callable c = Callable::NotCallable;
    if (module == u"__builtin__" || module == u"builtins") {
        if (name == u"set")
            c = Callable::Set;
        else if (name == u"frozenset")
            c = Callable::FrozenSet;
        else if (name == u"bytes")
            c = Callable::EmptyBytes;
    } else if (module == u"_codecs" && name == u"encode") {
        c = Callable::CodecsEncode;
    } else if (module == u"econtext.core" && name == u"CallError") {
        c = Callable::CallError;
    }
    return c;
}

Result<Item> call(Callable callable, const Item &args, bool newObj, Graph &graph, int maxDepth)
{
    // The arguments' values; the place of one that is a container being built holds None.
    ValueList a;
    std::vector<std::pair<qsizetype, Node *>> argNodes;
    if (args.node && args.node->kind == Value::Kind::Tuple) {
        a = args.node->values;
        argNodes = args.node->children;
    } else if (!args.node && args.value.kind() == Value::Kind::Tuple) {
        a = args.value.items();
    } else {
        return refuse(Tr::tr("The pickle calls a class with arguments that are not a tuple."));
    }
    if (newObj && callable != Callable::CallError)
        return refuse(Tr::tr("The pickle uses NEWOBJ on a class that is not allowed."));

    switch (callable) {
    case Callable::Set:
    case Callable::FrozenSet: {
        ValueList elements;
        qint64 size = 1;
        int depth = 0;
        Node *list = a.size() == 1 && !argNodes.empty() ? argNodes.front().second : nullptr;
        if (list && list->kind == Value::Kind::List) {
            if (!list->children.empty())
                return refuse(Tr::tr("The pickle uses a list, dict or set as a dict key or set "
                                     "element, which Python does not allow."));
            elements = list->values;
            size += list->plainSize;
            depth = list->plainDepth;
        } else if (a.size() == 1 && argNodes.empty()
                   && (a[0].kind() == Value::Kind::Tuple
                       || a[0].kind() == Value::Kind::FrozenSet)) {
            elements = a[0].items();
            size += elements.size();
        } else if (!a.empty()) {
            return refuse(Tr::tr("The pickle builds a set from something other than a list."));
        }
        if (callable == Callable::Set) {
            Item item;
            item.node = graph.newNode(Value::Kind::Set);
            item.node->values = std::move(elements);
            item.node->plainSize = size - 1;
            item.node->plainDepth = depth;
            item.depth = depth + 1;
            return item;
        }
        if (depth + 1 > maxDepth)
            return refuse(
                    Tr::tr("The pickle nests containers deeper than %1 levels.").arg(maxDepth));
        return Item{Value::frozenSet(std::move(elements)),
                    nullptr,
                    size,
                    depth + 1,
                    Callable::NotCallable};
    }
    case Callable::EmptyBytes:
        if (!a.empty())
            return refuse(Tr::tr("The pickle calls bytes() with arguments, which is not allowed."));
        return plain(Value::fromBytes(QByteArray()));
    case Callable::CodecsEncode: {
        if (a.size() != 2 || !argNodes.empty() || a[0].kind() != Value::Kind::Str
            || a[1].kind() != Value::Kind::Str)
            return refuse(Tr::tr("The pickle calls _codecs.encode with unexpected arguments."));
        const QString encoding = a[1].toString();
        if (encoding != u"latin1" && encoding != u"latin-1" && encoding != u"iso-8859-1")
            return refuse(Tr::tr("The pickle calls _codecs.encode with the encoding '%1'; only "
                                 "latin1 is accepted.")
                                  .arg(encoding));
        const QString text = a[0].toString();
        QByteArray bytes(text.size(), Qt::Uninitialized);
        for (qsizetype i = 0; i < text.size(); ++i) {
            const char16_t c = text.at(i).unicode();
            if (c > 0xff)
                return refuse(Tr::tr("The pickle encodes a character above U+00FF as latin1."));
            bytes[i] = static_cast<char>(c);
        }
        return plain(Value::fromBytes(bytes));
    }
    case Callable::CallError: {
        QString fields[3];
        if (a.size() != 3)
            return refuse(
                    Tr::tr("The pickle builds a CallError from a tuple of %1 items instead of 3.")
                            .arg(a.size()));
        for (int i = 0; i < 3; ++i) {
            const Value &v = a[i];
            if (!argNodes.empty()
                || (v.kind() != Value::Kind::Str && v.kind() != Value::Kind::Bytes))
                return refuse(Tr::tr("The pickle builds a CallError from arguments that are not "
                                     "strings."));
            fields[i] = v.toString();
        }
        return plain(Value::callError(CallError{fields[0], fields[1], fields[2]}));
    }
    case Callable::NotCallable:
        break;
    }
    return refuse(Tr::tr("The pickle applies a call to something that is not a class."));
}

} // namespace Econtext::Wire::Unpickling
