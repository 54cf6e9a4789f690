#include "core/wire/frame.h"

#include <QCoreApplication>
#include <QMessageAuthenticationCode>

namespace Econtext::Wire {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Econtext)
};

// Buffered bytes already consumed are dropped only when they are worth a memmove.
constexpr qsizetype CompactThreshold = 64 * 1024;

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

QByteArray computeTag(QByteArrayView key, const char *header, const char *payload, qsizetype n)
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, key.toByteArray());
    mac.addData(header, HeaderSize);
    mac.addData(payload, n);
    return mac.result();
}

bool constantTimeEqual(const char *a, const char *b, qsizetype n)
{
    unsigned char diff = 0;
    for (qsizetype i = 0; i < n; ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

} // namespace

void encodeFrame(const Frame &frame, QByteArrayView key, QByteArray &out)
{
    const qsizetype start = out.size();
    out.resize(start + HeaderSize);
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
    putU32(h + 24, quint32(frame.payload.size()));
    out.reserve(start + HeaderSize + frame.payload.size() + TagSize);
    out.append(frame.payload);
    const QByteArray tag = computeTag(
            key, out.constData() + start, frame.payload.constData(), frame.payload.size());
    out.append(tag);
}

QByteArray encodeFrame(const Frame &frame, QByteArrayView key)
{
    QByteArray out;
    encodeFrame(frame, key, out);
    return out;
}

FrameReader::FrameReader(QByteArray key, qsizetype maxPayload)
    : m_key(std::move(key))
    , m_maxPayload(maxPayload)
{}

void FrameReader::feed(QByteArrayView data)
{
    if (m_failed || data.isEmpty())
        return;
    if (m_pos == m_buffer.size()) {
        m_buffer.resize(0);
        m_pos = 0;
    } else if (m_pos >= CompactThreshold && m_pos * 2 >= m_buffer.size()) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    m_buffer.append(data.data(), data.size());
}

FrameReader::Status FrameReader::next(Frame *frame, QString *error)
{
    const auto failWith = [&](QString message) {
        m_failed = true;
        m_error = std::move(message);
        m_buffer.clear();
        m_pos = 0;
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
        return failWith(Tr::tr("The stream sent data that is not an Econtext frame (bad magic "
                               "bytes); closing it."));
    if (available >= 2 && static_cast<quint8>(h[1]) != MagicLo)
        return failWith(Tr::tr("The stream sent data that is not an Econtext frame (bad magic "
                               "bytes); closing it."));
    if (available >= 3 && static_cast<quint8>(h[2]) != ProtocolVersion)
        return failWith(Tr::tr("The stream speaks frame version %1, but this program speaks "
                               "version %2; update one side.")
                                .arg(static_cast<quint8>(h[2]))
                                .arg(ProtocolVersion));
    if (available < HeaderSize)
        return Status::NeedMore;
    const quint32 length = getU32(h + 24);
    if (qsizetype(length) > m_maxPayload)
        return failWith(Tr::tr("The stream announced a frame of %1 bytes, over the limit of %2 "
                               "bytes; closing it.")
                                .arg(length)
                                .arg(m_maxPayload));
    const qsizetype total = HeaderSize + qsizetype(length) + TagSize;
    if (available < total) {
        // A large frame is still arriving: start it at the buffer's front so that it
        // can be handed over without a copy once complete.
        if (m_pos > 0 && total >= CompactThreshold) {
            m_buffer.remove(0, m_pos);
            m_pos = 0;
        }
        return Status::NeedMore;
    }
    const char *payload = h + HeaderSize;
    const QByteArray tag = computeTag(m_key, h, payload, length);
    if (!constantTimeEqual(tag.constData(), payload + length, TagSize))
        return failWith(Tr::tr("A frame failed its authentication check (corrupted or forged "
                               "data); closing the stream."));

    if (frame) {
        frame->flags = static_cast<quint8>(h[3]);
        frame->dst = getU32(h + 4);
        frame->src = getU32(h + 8);
        frame->authId = getU32(h + 12);
        frame->handle = getU32(h + 16);
        frame->replyTo = getU32(h + 20);
        const qsizetype after = available - total;
        if (length >= 4096 && after == 0 && m_pos == 0) {
            // The buffer holds exactly this frame: hand it over without copying the payload.
            frame->payload = std::move(m_buffer);
            frame->payload.remove(0, HeaderSize); // moves the begin pointer in Qt 6
            frame->payload.truncate(length);
            m_buffer = QByteArray();
            m_pos = 0;
            return Status::Ready;
        }
        frame->payload = QByteArray(payload, length);
    }
    m_pos += total;
    return Status::Ready;
}

} // namespace Econtext::Wire
