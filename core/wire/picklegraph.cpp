#include "core/wire/picklegraph_p.h"

#include <QCoreApplication>

namespace Econtext::Wire::Unpickling {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Econtext)
};

} // namespace

bool Graph::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
    return false;
}

Result<Value> Graph::freeze(const Item &root)
{
    Value result;
    qint64 size = 0;
    int height = 0;
    if (!freeze(root, 1, &result, &size, &height))
        return makeError(Error::Pickle, m_error);
    return result;
}

bool Graph::freeze(const Item &item, int level, Value *out, qint64 *size, int *height)
{
    if (!item.node) {
        if (level - 1 + item.depth > m_maxDepth)
            return fail(
                    Tr::tr("The pickle nests containers deeper than %1 levels.").arg(m_maxDepth));
        *out = item.value;
        *size = item.size;
        *height = item.depth;
        return true;
    }
    Node &node = *item.node;
    if (node.state == Node::State::Visiting)
        return fail(Tr::tr("The pickle contains a container that includes itself (a cycle), "
                           "which the master cannot represent."));
    if (node.state == Node::State::Open) {
        if (level > m_maxDepth)
            return fail(
                    Tr::tr("The pickle nests containers deeper than %1 levels.").arg(m_maxDepth));
        node.state = Node::State::Visiting;
        if (level + node.plainDepth > m_maxDepth)
            return fail(
                    Tr::tr("The pickle nests containers deeper than %1 levels.").arg(m_maxDepth));
        qint64 total = 1 + node.plainSize;
        int maxChild = node.plainDepth;
        for (const auto &[at, child] : node.children) {
            Item childItem;
            childItem.node = child;
            Value v;
            qint64 childSize = 0;
            int childHeight = 0;
            if (!freeze(childItem, level + 1, &v, &childSize, &childHeight))
                return false;
            total += childSize;
            if (total > m_maxExpanded)
                return fail(Tr::tr("The pickle expands to more than %1 objects through shared "
                                   "references.")
                                    .arg(m_maxExpanded));
            maxChild = qMax(maxChild, childHeight);
            node.values[at] = std::move(v);
        }
        if (total > m_maxExpanded)
            return fail(Tr::tr("The pickle expands to more than %1 objects through shared "
                               "references.")
                                .arg(m_maxExpanded));
        ValueList values = std::exchange(node.values, {});
        switch (node.kind) {
        case Value::Kind::List:
            node.frozen = Value::list(std::move(values));
            break;
        case Value::Kind::Set:
            node.frozen = Value::set(std::move(values));
            break;
        case Value::Kind::Tuple:
            node.frozen = Value::tuple(std::move(values));
            break;
        default: {
            ValuePairs pairs;
            pairs.reserve(values.size() / 2);
            for (qsizetype i = 0; i + 1 < values.size(); i += 2)
                pairs.append({std::move(values[i]), std::move(values[i + 1])});
            node.frozen = Value::dict(std::move(pairs));
            break;
        }
        }
        node.children.clear();
        node.children.shrink_to_fit();
        node.size = total;
        node.height = maxChild + 1;
        node.state = Node::State::Done;
    } else if (level - 1 + node.height > m_maxDepth) {
        return fail(Tr::tr("The pickle nests containers deeper than %1 levels.").arg(m_maxDepth));
    }
    *out = node.frozen;
    *size = node.size;
    *height = node.height;
    return true;
}

} // namespace Econtext::Wire::Unpickling
