#include "core/broker/linkhandler.h"

#include "core/wire/pickle.h"

#include <QCoreApplication>

namespace Econtext {

Result<Wire::Value> LinkMessage::value() const
{
    if (m_decoded)
        return *m_decoded;
    return Wire::decodePickle(m_frame.payload);
}

Result<Wire::Value> LinkMessage::serviceValue() const
{
    if (isRaw()) {
        return makeError(
                Error::Protocol,
                QCoreApplication::translate("Econtext::Link", "raw data on service handle %1")
                        .arg(handle()));
    }
    return value();
}

void LinkHandler::refuseMessage(quint32, const QString &) {}

void LinkHandler::linkUp(const LinkHello &) {}

void LinkHandler::linkClosing(const QString &) {}

void LinkHandler::linkClosed(const QString &) {}

} // namespace Econtext
