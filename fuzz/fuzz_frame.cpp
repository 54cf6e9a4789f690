// Fuzzes Wire::FrameReader: the stream is fed in pseudo-random chunk sizes, and the reader's
// frames and final state must match a plain reference parser written from docs/protocol.md.
// Every frame that parses must re-encode to exactly the bytes it came from, and joining the
// frames into messages (MessageAssembler) never holds more than its limit. See framefuzz.h
// for the input format.
#include "core/wire/assembler.h"
#include "core/wire/frame.h"
#include "framefuzz.h"
#include "fuzzcheck.h"

#include <QList>

#include <cstdint>
#include <cstring>
#include <vector>

using namespace Econtext;
using namespace Econtext::Wire;
using namespace Econtext::Fuzz;

namespace {

// Caps keep one input fast, while still reaching frames over the reader's 64 KiB large-frame
// size. Under 128 KiB, ASan's allocator reuses memory instead of mapping fresh pages each time.
constexpr qsizetype MaxFrameLength = 80 * 1024;
constexpr qsizetype MaxStream = 120 * 1024;

quint32 readU32(const uchar *p)
{
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}

qsizetype maxPayloadFor(uchar options)
{
    switch (options & OptionMaxPayloadMask) {
    case 1:
        return 65536;
    case 2:
        return 1024;
    case 3:
        return 0;
    default:
        return DefaultMaxPayload;
    }
}

QByteArray expand(const uchar *p, const uchar *end, const HmacSha256 &mac)
{
    struct Record
    {
        Frame frame;
        qsizetype length = 0;
        QByteArrayView fill;
    };
    constexpr qsizetype RecordHead = 1 + 5 * 4 + 3 + 1;
    std::vector<Record> records;
    qsizetype total = 0;
    while (end - p >= RecordHead && total < MaxStream) {
        Record r;
        r.frame.flags = p[0];
        r.frame.dst = readU32(p + 1);
        r.frame.src = readU32(p + 5);
        r.frame.authId = readU32(p + 9);
        r.frame.handle = readU32(p + 13);
        r.frame.replyTo = readU32(p + 17);
        r.length = qMin<qsizetype>((qsizetype(p[21]) << 16) | (qsizetype(p[22]) << 8) | p[23],
                                   qMin(MaxFrameLength, MaxStream - total));
        const qsizetype fillLength = qMin<qsizetype>(p[24], end - p - RecordHead);
        r.fill = QByteArrayView(reinterpret_cast<const char *>(p + RecordHead), fillLength);
        p += RecordHead + fillLength;
        total += HeaderSize + r.length + TagSize;
        records.push_back(std::move(r));
    }
    QByteArray stream;
    stream.reserve(total);
    for (Record &r : records) {
        // The fill repeated up to the length, by doubling what is already there.
        r.frame.payload.resize(r.length, '\0');
        char *out = r.frame.payload.data();
        qsizetype filled = qMin(r.fill.size(), r.length);
        if (filled > 0)
            std::memcpy(out, r.fill.data(), size_t(filled));
        while (filled > 0 && filled < r.length) {
            const qsizetype n = qMin(filled, r.length - filled);
            std::memcpy(out + filled, out, size_t(n));
            filled += n;
        }
        encodeFrame(r.frame, mac, stream);
    }
    return stream;
}

// Rewrites the tag of every complete frame the stream delimits, so that mutated headers and
// payloads still get past authentication and reach what follows it.
void resign(QByteArray &stream, const HmacSha256 &mac)
{
    qsizetype pos = 0;
    while (stream.size() - pos >= HeaderSize) {
        const auto *h = reinterpret_cast<const uchar *>(stream.constData() + pos);
        const qsizetype length = readU32(h + 24);
        if (stream.size() - pos - HeaderSize - TagSize < length)
            break;
        mac.tagInto(reinterpret_cast<uchar *>(stream.data() + pos + HeaderSize + length),
                    QByteArrayView(stream.constData() + pos, HeaderSize + length));
        pos += HeaderSize + length + TagSize;
    }
}

struct Expected
{
    QList<qsizetype> frameEnds; // end offset of each good frame
    bool failed = false;
};

// docs/protocol.md §2, read as plainly as possible.
Expected reference(const QByteArray &s, qsizetype maxPayload, const HmacSha256 &mac)
{
    Expected e;
    const auto *u = reinterpret_cast<const uchar *>(s.constData());
    qsizetype pos = 0;
    for (;;) {
        const qsizetype avail = s.size() - pos;
        if ((avail >= 1 && u[pos] != MagicHi) || (avail >= 2 && u[pos + 1] != MagicLo)
            || (avail >= 3 && u[pos + 2] != ProtocolVersion)) {
            e.failed = true;
            return e;
        }
        if (avail < HeaderSize)
            return e;
        const qsizetype length = readU32(u + pos + 24);
        if (length > maxPayload) {
            e.failed = true;
            return e;
        }
        if (avail < HeaderSize + length + TagSize)
            return e;
        if (!mac.verify(QByteArrayView(s.constData() + pos + HeaderSize + length, TagSize),
                        QByteArrayView(s.constData() + pos, HeaderSize + length))) {
            e.failed = true;
            return e;
        }
        pos += HeaderSize + length + TagSize;
        e.frameEnds.append(pos);
    }
}

class Rng
{
public:
    explicit Rng(quint32 seed)
        : m_state(seed | 1)
    {}
    quint32 next()
    {
        m_state ^= m_state << 13;
        m_state ^= m_state >> 17;
        m_state ^= m_state << 5;
        return m_state;
    }

private:
    quint32 m_state;
};

qsizetype chunkSize(Rng &rng)
{
    const quint32 r = rng.next();
    switch (r & 3) {
    case 0:
        return 1 + (r >> 2) % 8;
    case 1:
        return 1 + (r >> 2) % 64;
    case 2:
        return 1 + (r >> 2) % 4096;
    default:
        return 1 + (r >> 2) % 200000;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < size_t(FramePrefixSize))
        return 0;
    static const QByteArray key = frameKey();
    static const HmacSha256 mac(key);
    const uchar options = data[0];
    const qsizetype maxPayload = maxPayloadFor(options);
    Rng rng(readU32(data + 1));

    QByteArray stream = (options & OptionExpand)
                                ? expand(data + FramePrefixSize, data + size, mac)
                                : QByteArray(reinterpret_cast<const char *>(data + FramePrefixSize),
                                             qsizetype(size) - FramePrefixSize);
    if (options & OptionResign)
        resign(stream, mac);
    const Expected expected = reference(stream, maxPayload, mac);

    FrameReader reader(key, maxPayload);
    // Frames read are joined as the broker joins them: never more held than the limit.
    constexpr qsizetype MaxMessage = 3000;
    MessageAssembler assembler(MaxMessage);
    qsizetype fed = 0;
    qsizetype consumed = 0;
    qsizetype frames = 0;
    bool failed = false;
    QString failure;
    while (!failed) {
        const qsizetype n = qMin(chunkSize(rng), stream.size() - fed);
        reader.feed(QByteArrayView(stream.constData() + fed, n));
        fed += n;
        // Now and then the consumer lags and more bytes arrive before it reads a frame.
        if (fed < stream.size() && (rng.next() & 3) == 0)
            continue;
        for (;;) {
            Frame frame;
            QString error;
            // Now and then the frame is skipped (nullptr), as a caller that drops it would.
            const bool skip = (rng.next() & 15) == 0;
            const FrameReader::Status status = reader.next(skip ? nullptr : &frame, &error);
            if (status == FrameReader::Status::Failed) {
                FUZZ_CHECK(!error.isEmpty());
                failure = error;
                failed = true;
                break;
            }
            if (status == FrameReader::Status::NeedMore) {
                FUZZ_CHECK(reader.buffered() == fed - consumed);
                break;
            }
            FUZZ_CHECK(frames < expected.frameEnds.size());
            const qsizetype end = expected.frameEnds.at(frames);
            if (!skip) {
                FUZZ_CHECK(frame.payload.size() <= maxPayload);
                const QByteArray again = encodeFrame(frame, key);
                FUZZ_CHECK(again.size() == end - consumed);
                FUZZ_CHECK(std::memcmp(again.constData(),
                                       stream.constData() + consumed,
                                       size_t(again.size()))
                           == 0);
                QString why;
                const MessageAssembler::Status joined = assembler.add(&frame, &why);
                FUZZ_CHECK(joined != MessageAssembler::Status::Refused || !why.isEmpty());
                FUZZ_CHECK(joined != MessageAssembler::Status::Complete
                           || !(frame.flags & FlagMore));
                FUZZ_CHECK(assembler.buffered() <= MaxMessage);
            }
            consumed = end;
            ++frames;
        }
        if (fed == stream.size())
            break;
    }
    FUZZ_CHECK(frames == expected.frameEnds.size());
    FUZZ_CHECK(failed == expected.failed);
    if (failed) {
        // A failed reader stays failed, whatever comes after.
        reader.feed(QByteArrayView(key));
        Frame frame;
        QString again;
        FUZZ_CHECK(reader.next(&frame, &again) == FrameReader::Status::Failed);
        FUZZ_CHECK(again == failure);
    }
    return 0;
}
