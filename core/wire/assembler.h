// MessageAssembler: joins the pieces of a message sent in several frames (FlagMore,
// docs/protocol.md §2). A frame with FlagMore starts or continues a message, the next
// frame without it ends it; the pieces follow each other with no other frame between.
// It holds at most one message, of at most maxMessage bytes; refusing one frees what was
// held, and so does destroying it (a stream owns one; when its context goes, it goes).
// Used by each context's Inbox (core/broker) for everything a context sends.
#pragma once

#include "core/wire/frame.h"

#include <QString>

namespace Econtext::Wire {

class MessageAssembler
{
public:
    explicit MessageAssembler(qsizetype maxMessage = DefaultMaxMessage);

    enum class Status {
        Complete, // *frame is a whole message (a frame without pieces passes untouched)
        Partial,  // the frame was a piece; more follow
        Refused,  // *error says why; *frame has the header of the message refused, no payload
    };
    Status add(Frame *frame, QString *error);

    qsizetype buffered() const { return m_buffer.size(); }
    qsizetype maxMessage() const { return m_maxMessage; }

private:
    Status refuse(Frame *frame, QString *error, QString reason);

    qsizetype m_maxMessage;
    bool m_open = false;       // a message is being joined
    bool m_discarding = false; // the open message was refused; its pieces are dropped
    Frame m_header;            // the open message's first frame, without its payload
    QByteArray m_buffer;
};

} // namespace Econtext::Wire
