// Frames: header, payload and HMAC-SHA256 tag as docs/protocol.md describes.
// FrameReader parses a byte stream incrementally and refuses bad input with one sentence.
#pragma once

#include "core/util/result.h"
#include "core/wire/sha256.h"

#include <QByteArray>
#include <QByteArrayView>

namespace Econtext::Wire {

enum FrameFlag : quint8 {
    FlagRaw = 0x01,  // payload is raw bytes, not a pickle
    FlagDead = 0x02, // the request failed / handle is gone; payload is a pickled str reason
    FlagMore = 0x04, // a piece of a message; the next frame continues it (MessageAssembler)
};

struct Frame
{
    quint32 dst = 0;
    quint32 src = 0;
    quint32 authId = 0;
    quint32 handle = 0;
    quint32 replyTo = 0;
    quint8 flags = 0;
    QByteArray payload;
};

inline constexpr quint8 MagicHi = 0xEC;
inline constexpr quint8 MagicLo = 0x0C;
inline constexpr quint8 ProtocolVersion = 1;
inline constexpr int HeaderSize = 28;
inline constexpr int TagSize = 32;
// A message (a value) bigger than PieceSize travels as frames of PieceSize with FlagMore,
// and the last piece; one frame is at most DefaultMaxPayload, one message at most
// DefaultMaxMessage (ConnectOptions::maxValueBytes). See docs/protocol.md §2.
inline constexpr qsizetype PieceSize = 1024 * 1024;
inline constexpr qsizetype DefaultMaxPayload = 4 * 1024 * 1024;
inline constexpr qsizetype DefaultMaxMessage = 256 * 1024 * 1024;

// Appends the encoded frame (header, payload, tag) to out.
void encodeFrame(const Frame &frame, QByteArrayView key, QByteArray &out);
QByteArray encodeFrame(const Frame &frame, QByteArrayView key);
// The same with a keyed HMAC state kept by the caller, for senders that encode many frames.
void encodeFrame(const Frame &frame, const HmacSha256 &mac, QByteArray &out);
// A message of any size: one frame, or pieces of pieceSize with FlagMore and the last one.
void encodeMessage(const Frame &frame,
                   const HmacSha256 &mac,
                   QByteArray &out,
                   qsizetype pieceSize = PieceSize);

class FrameReader
{
public:
    explicit FrameReader(QByteArray key, qsizetype maxPayload = DefaultMaxPayload);

    void feed(QByteArrayView data);
    // Takes the next complete frame out of the buffer. Ready fills *frame;
    // NeedMore waits for more bytes; Failed fills *error, and the reader
    // stays failed from then on.
    enum class Status { NeedMore, Ready, Failed };
    Status next(Frame *frame, QString *error);
    qsizetype buffered() const { return m_buffer.size() - m_pos + m_pending.size(); }

private:
    void consumed(qsizetype total);

    HmacSha256 m_mac;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    // While a large frame arrives, m_buffer is reserved for exactly that frame (m_awaiting
    // bytes from its front) and bytes after it wait in m_pending, so nothing is copied twice.
    qsizetype m_awaiting = 0;
    QByteArray m_pending;
    qsizetype m_maxPayload;
    bool m_failed = false;
    QString m_error;
};

} // namespace Econtext::Wire
