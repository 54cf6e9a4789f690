// The objects a pickle builds while it is decoded, shared by the decoder
// (pickledecoder.cpp) and the callables (picklecallables.cpp). Lists, dicts and sets stay
// open to APPEND, SETITEMS and ADDITEMS until STOP, and the memo may share them; only then
// does Graph::freeze() turn them into immutable Values, refusing cycles, nesting deeper
// than the limit and shared references that would expand past it.
#pragma once

#include "core/util/result.h"
#include "core/wire/value.h"

#include <limits>
#include <memory>
#include <utility>
#include <vector>

namespace Econtext::Wire::Unpickling {

// The only callables a pickle may name (picklecallables.cpp).
enum class Callable : quint8 { NotCallable, Set, FrozenSet, EmptyBytes, CodecsEncode, CallError };

struct Node;

// One entry of the unpickler's stack or memo. Immutable results live in value;
// containers that may still change (lists, dicts, sets, and tuples holding them)
// live in node until STOP, when the graph is checked for cycles and frozen.
struct Item
{
    Value value;
    Node *node = nullptr; // owned by the Graph
    qint64 size = 1;      // objects once shared references are expanded
    int depth = 0;        // container nesting
    Callable callable = Callable::NotCallable;
};

// A container being built. Its items are Values as they arrive (40 bytes each, moved
// into the frozen Value at the end); the place of an item that is itself a container
// being built holds None, and the container is in children until the freeze.
struct Node
{
    explicit Node(Value::Kind k)
        : kind(k)
    {}
    // List, Dict (values are key, value, key, value...), Set, Tuple.
    Value::Kind kind;
    ValueList values;
    std::vector<std::pair<qsizetype, Node *>> children; // (index in values, container)
    qint64 plainSize = 0; // objects of the items that are not in children
    int plainDepth = 0;   // and their deepest nesting
    enum class State : quint8 { Open, Visiting, Done } state = State::Open;
    Value frozen;
    qint64 size = 0;
    int height = 0;

    void add(Item &&item)
    {
        if (item.node) {
            children.emplace_back(values.size(), item.node);
            values.append(Value());
        } else {
            values.append(std::move(item.value));
            plainSize = qMin(plainSize + item.size, std::numeric_limits<qint64>::max() / 4);
            plainDepth = qMax(plainDepth, item.depth);
        }
    }
};

// Every container of one pickle, and the freeze at its end.
class Graph
{
public:
    // maxDepth: PickleLimits::maxDepth; maxExpanded: the objects the result may expand to.
    Graph(int maxDepth, qsizetype maxExpanded)
        : m_maxDepth(maxDepth)
        , m_maxExpanded(maxExpanded)
    {}

    Node *newNode(Value::Kind kind)
    {
        m_nodes.push_back(std::make_unique<Node>(kind));
        return m_nodes.back().get();
    }
    // The memory the containers themselves take (their items are counted as they come).
    qsizetype bytes() const { return qsizetype(m_nodes.size() * sizeof(Node)); }

    // Turns root, which holds no callable, and every container it reaches into immutable
    // Values. Recursion is bounded by maxDepth.
    Result<Value> freeze(const Item &root);

private:
    bool freeze(const Item &item, int level, Value *out, qint64 *size, int *height);
    bool fail(const QString &message);

    int m_maxDepth;
    qsizetype m_maxExpanded;
    std::vector<std::unique_ptr<Node>> m_nodes;
    QString m_error;
};

} // namespace Econtext::Wire::Unpickling
