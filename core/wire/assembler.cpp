#include "core/wire/assembler.h"

#include <QCoreApplication>

#include <utility>

namespace Econtext::Wire {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Econtext)
};

bool sameMessage(const Frame &a, const Frame &b)
{
    return a.dst == b.dst && a.src == b.src && a.authId == b.authId && a.handle == b.handle
           && a.replyTo == b.replyTo && (a.flags & ~FlagMore) == (b.flags & ~FlagMore);
}

} // namespace

MessageAssembler::MessageAssembler(qsizetype maxMessage)
    : m_maxMessage(maxMessage)
{}

MessageAssembler::Status MessageAssembler::refuse(Frame *frame, QString *error, QString reason)
{
    m_buffer = QByteArray();
    *frame = m_header;
    if (error)
        *error = std::move(reason);
    return Status::Refused;
}

MessageAssembler::Status MessageAssembler::add(Frame *frame, QString *error)
{
    const bool more = frame->flags & FlagMore;
    if (!m_open) {
        if (!more)
            return Status::Complete;
        m_open = true;
        m_discarding = false;
        m_header = *frame;
        m_header.flags &= ~FlagMore;
        m_header.payload = QByteArray();
        m_buffer = std::exchange(frame->payload, QByteArray()); // the first piece: no copy
    } else if (!sameMessage(*frame, m_header)) {
        // The pieces of one message come one after the other; this one broke in.
        m_open = m_discarding = false;
        const quint32 other = frame->handle;
        return refuse(frame,
                      error,
                      Tr::tr("a frame for handle %1 in the middle of a message in pieces for "
                             "handle %2")
                              .arg(other)
                              .arg(m_header.handle));
    } else if (m_discarding) {
        m_open = more;
        return Status::Partial;
    } else if (m_buffer.size() + frame->payload.size() <= m_maxMessage) {
        m_buffer.append(frame->payload);
        frame->payload = QByteArray();
    } else {
        m_buffer.append(frame->payload); // checked below, like the first piece
    }
    if (m_buffer.size() > m_maxMessage) {
        // The rest of it is dropped as it comes, without another word.
        m_open = more;
        m_discarding = more;
        return refuse(frame,
                      error,
                      Tr::tr("a message of more than %1 bytes, the limit for one value")
                              .arg(m_maxMessage));
    }
    if (more)
        return Status::Partial;
    m_open = false;
    Frame whole = m_header;
    whole.payload = std::exchange(m_buffer, QByteArray());
    *frame = std::move(whole);
    return Status::Complete;
}

} // namespace Econtext::Wire
