#include "core/broker/channelhandler.h"

namespace Econtext {

ChannelHandler::ChannelHandler(LinkPort &link, QObject *parent)
    : QObject(parent)
    , m_link(link)
{
    link.addHandler(this);
}

void ChannelHandler::open(quint32 handle, const std::weak_ptr<Channel> &channel)
{
    if (m_link.isClosed()) {
        if (auto c = channel.lock()) {
            Q_EMIT c->closed(tr("Context %1 is not connected.").arg(m_link.context().name));
        }
        return;
    }
    m_channels.insert(handle, channel);
    m_link.route(handle, this);
}

void ChannelHandler::handleMessage(const LinkMessage &message)
{
    auto it = m_channels.find(message.handle());
    if (it == m_channels.end())
        return;
    const std::shared_ptr<Channel> channel = it.value().lock();
    if (!channel) {
        // Nobody listens any more; late data is dropped quietly.
        m_channels.erase(it);
        m_link.unroute(message.handle());
        return;
    }
    if (message.isRaw()) {
        Q_EMIT channel->messageReceived(Wire::Value::fromBytes(message.payload()));
        m_link.noteEmitted(64 + message.size());
        return;
    }
    const auto value = message.value();
    if (!value) {
        m_link.violation(value.errorString());
        return;
    }
    Q_EMIT channel->messageReceived(*value);
    m_link.noteEmitted(64 + 2 * message.size());
}

void ChannelHandler::linkClosing(const QString &message)
{
    for (const auto &weak : std::as_const(m_channels)) {
        if (auto channel = weak.lock())
            Q_EMIT channel->closed(message);
    }
    m_channels.clear();
}

} // namespace Econtext
