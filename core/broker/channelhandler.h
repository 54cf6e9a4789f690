// ChannelHandler: the context's channels, handles from 1000 on that a remote function
// streams to (docs/protocol.md §5). Hands each message to its Channel (raw data as bytes,
// a pickle decoded), counts it for back-pressure, and closes every channel with the link.
// A channel nobody holds any more is forgotten; what still comes for it is dropped.
#pragma once

#include "core/broker/linkhandler.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace Econtext {

class ChannelHandler : public QObject, public LinkHandler
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChannelHandler)
public:
    explicit ChannelHandler(LinkPort &link, QObject *parent = nullptr);

    // Messages for handle go to channel from now on (closed at once if the link is gone).
    void open(quint32 handle, const std::weak_ptr<Channel> &channel);
    qsizetype openChannels() const { return m_channels.size(); }

    void handleMessage(const LinkMessage &message) override;
    void linkClosing(const QString &message) override;

private:
    LinkPort &m_link;
    QHash<quint32, std::weak_ptr<Channel>> m_channels;
};

} // namespace Econtext
