#include "core/wire/frame.h"

#include <QCoreApplication>

#include <cstring>
#include <optional>
#include <utility>

namespace Econtext::Wire {

namespace {

// Buffered bytes already consumed are dropped only when they are worth a memmove.
constexpr qsizetype CompactThreshold = 64 * 1024;
// Payloads from this size on are handed over without a copy when the buffer allows it.
constexpr qsizetype LargePayload = 4096;

void putU32(char *p, quint32 v)
{
    p[0] = static_cast<char>(v >> 24);
    p[1] = static_cast<char>(v >> 16);
    p[2] = static_cast<char>(v >> 8);
    p[3] = static_cast<char>(v);
}

quint32 getU32(const char *p)
{
    const auto *u = reinterpret_cast<const uchar *>(p);
    return (quint32(u[0]) << 24) | (quint32(u[1]) << 16) | (quint32(u[2]) << 8) | quint32(u[3]);
}

// encodeFrame(frame, key, out) is called with the same key again and again (one key per
// stream): keep the keyed state of the last key per thread instead of redoing it per frame.
const HmacSha256 &cachedMac(QByteArrayView key)
{
    struct Cache
    {
        QByteArray key;
        std::optional<HmacSha256> mac;
    };
    thread_local Cache cache;
    if (!cache.mac || cache.key != key) {
        cache.key = key.toByteArray();
        cache.mac.emplace(key);
    }
    return *cache.mac;
}

} // namespace

void encodeFrame(const Frame &frame, const HmacSha256 &mac, QByteArray &out)
{
    const qsizetype start = out.size();
    const qsizetype n = frame.payload.size();
    out.resize(start + HeaderSize + n + TagSize);
    char *h = out.data() + start;
    h[0] = static_cast<char>(MagicHi);
    h[1] = static_cast<char>(MagicLo);
    h[2] = static_cast<char>(ProtocolVersion);
    h[3] = static_cast<char>(frame.flags);
    putU32(h + 4, frame.dst);
    putU32(h + 8, frame.src);
    putU32(h + 12, frame.authId);
    putU32(h + 16, frame.handle);
    putU32(h + 20, frame.replyTo);
    putU32(h + 24, quint32(n));
    if (n > 0)
        std::memcpy(h + HeaderSize, frame.payload.constData(), size_t(n));
    mac.tagInto(reinterpret_cast<unsigned char *>(h + HeaderSize + n),
                QByteArrayView(h, HeaderSize + n));
}

void encodeMessage(const Frame &frame, const HmacSha256 &mac, QByteArray &out, qsizetype pieceSize)
{
    const qsizetype n = frame.payload.size();
    if (n <= pieceSize) {
        encodeFrame(frame, mac, out);
        return;
    }
    out.reserve(out.size() + n + (n / pieceSize + 1) * (HeaderSize + TagSize));
    Frame piece = frame;
    for (qsizetype at = 0; at < n; at += pieceSize) {
        const qsizetype size = qMin(pieceSize, n - at);
        piece.flags = at + size < n ? (frame.flags | FlagMore) : frame.flags;
        piece.payload = QByteArray::fromRawData(frame.payload.constData() + at, size);
        encodeFrame(piece, mac, out);
    }
}

void encodeFrame(const Frame &frame, QByteArrayView key, QByteArray &out)
{
    encodeFrame(frame, cachedMac(key), out);
}

QByteArray encodeFrame(const Frame &frame, QByteArrayView key)
{
    QByteArray out;
    encodeFrame(frame, key, out);
    return out;
}

FrameReader::FrameReader(QByteArray key, qsizetype maxPayload)
    : m_mac(key)
    , m_maxPayload(maxPayload)
{}

void FrameReader::feed(QByteArrayView data)
{
    if (m_failed || data.isEmpty())
        return;
    if (!m_pending.isEmpty()) {
        // m_buffer already holds the whole large frame; the rest waits behind it.
        m_pending.append(data.data(), data.size());
        return;
    }
    if (m_awaiting > 0) {
        // Fill the large frame's buffer up to the frame's end, never past its capacity.
        const qsizetype fit = m_awaiting - m_buffer.size();
        if (data.size() > fit) {
            m_buffer.append(data.data(), fit);
            m_pending = data.sliced(fit).toByteArray();
        } else {
            m_buffer.append(data.data(), data.size());
        }
        return;
    }
    if (m_pos == m_buffer.size()) {
        m_buffer.resize(0);
        m_pos = 0;
    } else if (m_pos >= CompactThreshold && m_pos * 2 >= m_buffer.size()) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    m_buffer.append(data.data(), data.size());
}

void FrameReader::consumed(qsizetype total)
{
    m_pos += total;
    if (m_awaiting > 0) {
        // The large frame was all of m_buffer; what came after it is next.
        m_awaiting = 0;
        m_buffer = std::exchange(m_pending, QByteArray());
        m_pos = 0;
    }
}

FrameReader::Status FrameReader::next(Frame *frame, QString *error)
{
    const auto failWith = [&](QString message) {
        m_failed = true;
        m_error = std::move(message);
        m_buffer.clear();
        m_pending.clear();
        m_pos = 0;
        m_awaiting = 0;
        if (error)
            *error = m_error;
        return Status::Failed;
    };
    if (m_failed) {
        if (error)
            *error = m_error;
        return Status::Failed;
    }
    const qsizetype available = m_buffer.size() - m_pos;
    const char *h = m_buffer.constData() + m_pos;
    // Check what can be checked as soon as the bytes are there, so garbage is
    // refused without waiting for a whole header.
    if (available >= 1 && static_cast<quint8>(h[0]) != MagicHi)
        return failWith(QCoreApplication::translate(
                "Econtext",
                "The stream sent data that is not an Econtext frame (bad magic "
                "bytes); closing it."));
    if (available >= 2 && static_cast<quint8>(h[1]) != MagicLo)
        return failWith(QCoreApplication::translate(
                "Econtext",
                "The stream sent data that is not an Econtext frame (bad magic "
                "bytes); closing it."));
    if (available >= 3 && static_cast<quint8>(h[2]) != ProtocolVersion)
        return failWith(QCoreApplication::translate(
                                "Econtext",
                                "The stream speaks frame version %1, but this program speaks "
                                "version %2; update one side.")
                                .arg(static_cast<quint8>(h[2]))
                                .arg(ProtocolVersion));
    if (available < HeaderSize)
        return Status::NeedMore;
    const quint32 length = getU32(h + 24);
    if (qsizetype(length) > m_maxPayload)
        return failWith(QCoreApplication::translate(
                                "Econtext",
                                "The stream announced a frame of %1 bytes, over the limit of %2 "
                                "bytes; closing it.")
                                .arg(length)
                                .arg(m_maxPayload));
    const qsizetype total = HeaderSize + qsizetype(length) + TagSize;
    if (available < total) {
        // A large frame is still arriving: start it at the front of a buffer of exactly its
        // size, so that its bytes are never moved again and the buffer can be handed over
        // as the payload once complete.
        if (total >= CompactThreshold && m_awaiting == 0) {
            if (m_pos > 0) {
                m_buffer.remove(0, m_pos);
                m_pos = 0;
            }
            m_buffer.reserve(total);
            m_awaiting = total;
        }
        return Status::NeedMore;
    }
    const char *payload = h + HeaderSize;
    if (!m_mac.verify(QByteArrayView(payload + length, TagSize),
                      QByteArrayView(h, HeaderSize + qsizetype(length))))
        return failWith(QCoreApplication::translate(
                "Econtext",
                "A frame failed its authentication check (corrupted or forged "
                "data); closing the stream."));

    if (frame) {
        frame->flags = static_cast<quint8>(h[3]);
        frame->dst = getU32(h + 4);
        frame->src = getU32(h + 8);
        frame->authId = getU32(h + 12);
        frame->handle = getU32(h + 16);
        frame->replyTo = getU32(h + 20);
        const qsizetype before = m_pos;
        const qsizetype after = available - total;
        if (length >= LargePayload && before + after <= qsizetype(length)) {
            // Hand the buffer over as the payload instead of copying the payload out of it;
            // only the bytes after this frame (fewer than the payload's) go to a new buffer.
            QByteArray rest = m_awaiting > 0 ? std::exchange(m_pending, QByteArray())
                                             : QByteArray(h + total, after);
            frame->payload = std::exchange(m_buffer, std::move(rest));
            frame->payload.remove(0, before + HeaderSize); // moves the begin pointer in Qt 6
            frame->payload.truncate(length);
            m_pos = 0;
            m_awaiting = 0;
            return Status::Ready;
        }
        frame->payload = QByteArray(payload, length);
    }
    consumed(total);
    return Status::Ready;
}

} // namespace Econtext::Wire
