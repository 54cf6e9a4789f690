// Frames: encoding, incremental reading, every rejection, and frames made by
// the real interpreters with hmac/struct (and checked by them).
#include "core/wire/assembler.h"
#include "core/wire/frame.h"
#include "core/wire/pickle.h"
#include "tests/support/pythons.h"

#include <QProcess>
#include <QTest>

using namespace Econtext;
using namespace Econtext::Wire;

namespace {

const QByteArray testKey
        = QByteArray::fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

Frame makeFrame(qsizetype payloadSize, quint32 seed = 1, quint8 flags = 0)
{
    Frame f;
    f.dst = seed;
    f.src = seed + 1;
    f.authId = seed + 2;
    f.handle = 1000 + seed;
    f.replyTo = 2000 + seed;
    f.flags = flags;
    f.payload.resize(payloadSize);
    for (qsizetype i = 0; i < payloadSize; ++i)
        f.payload[i] = static_cast<char>((i * 31 + seed) & 0xff);
    return f;
}

bool sameFrame(const Frame &a, const Frame &b)
{
    return a.dst == b.dst && a.src == b.src && a.authId == b.authId && a.handle == b.handle
           && a.replyTo == b.replyTo && a.flags == b.flags && a.payload == b.payload;
}

// Reads until the reader needs more or fails; returns the frames and the final status.
FrameReader::Status drain(FrameReader &reader, QList<Frame> *frames, QString *error)
{
    for (;;) {
        Frame f;
        const FrameReader::Status s = reader.next(&f, error);
        if (s != FrameReader::Status::Ready)
            return s;
        frames->append(f);
    }
}

const char framePython[] = R"PY(
import sys, hmac, hashlib, struct, binascii, pickle
key = binascii.unhexlify(sys.argv[1])
payload = pickle.dumps((u'hello', 42, b'\x00\xff'), 2)
header = struct.pack('>BBBBIIIIII', 0xEC, 0x0C, 1, 0, 7, 0, 3, 101, 1001, len(payload))
tag = hmac.new(key, header + payload, hashlib.sha256).digest()
sys.stdout.write(binascii.hexlify(header + payload + tag).decode('ascii') + '\n')
sys.stdout.flush()
data = binascii.unhexlify(sys.stdin.readline().strip())
h = data[:28]
fields = struct.unpack('>BBBBIIIIII', h)
n = fields[-1]
body = data[28:28 + n]
t = data[28 + n:]
ok = len(t) == 32 and hmac.compare_digest(hmac.new(key, h + body, hashlib.sha256).digest(), t)
sys.stdout.write(('OK ' if ok else 'FAIL ') + ' '.join(str(v) for v in fields[3:9]) + ' %d\n' % len(body))
)PY";

} // namespace

class TstFrame : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void byteByByte();
    void severalFramesInOneFeed();
    void badMagic();
    void badVersion();
    void oversize();
    void wrongKey();
    void everyFlipIsRejected_data();
    void everyFlipIsRejected();
    void failedReaderStaysFailed();
    void appendsToExistingBuffer();
    void pythonFrames_data();
    void pythonFrames();
    void messagesInPieces();
    void piecesRefused();
    void benchmarkReader();
};

// A message over a piece goes as frames flagged MORE and a last one; read back and
// joined, it is the message; a small one passes the assembler untouched.
void TstFrame::messagesInPieces()
{
    const Frame big = makeFrame(5 * 1000 + 1, 3, FlagRaw);
    const Frame small = makeFrame(10, 4);
    QByteArray wire;
    const HmacSha256 mac(testKey);
    encodeMessage(big, mac, wire, 1000);
    encodeMessage(small, mac, wire, 1000);
    FrameReader reader(testKey);
    reader.feed(wire);
    QList<Frame> frames;
    QString error;
    QCOMPARE(drain(reader, &frames, &error), FrameReader::Status::NeedMore);
    QCOMPARE(frames.size(), 7); // six pieces and the small one
    for (int i = 0; i < 6; ++i) {
        QCOMPARE(bool(frames[i].flags & FlagMore), i < 5);
        QCOMPARE(frames[i].payload.size(), i < 5 ? 1000 : 1);
    }
    MessageAssembler assembler(1'000'000);
    QList<Frame> messages;
    for (Frame f : frames) {
        const MessageAssembler::Status status = assembler.add(&f, &error);
        QVERIFY(status != MessageAssembler::Status::Refused);
        if (status == MessageAssembler::Status::Complete)
            messages << f;
        else
            QVERIFY(assembler.buffered() > 0);
    }
    QCOMPARE(messages.size(), 2);
    QVERIFY(sameFrame(messages[0], big));
    QVERIFY(sameFrame(messages[1], small));
    QCOMPARE(assembler.buffered(), 0);
}

// Pieces past the limit: refused once, the rest dropped without a word, the next message
// whole. A frame for another handle between pieces: the open message is refused.
void TstFrame::piecesRefused()
{
    const auto piece = [](quint32 handle, qsizetype size, bool more) {
        Frame f = makeFrame(size, 1);
        f.handle = handle;
        f.flags = more ? FlagMore : 0;
        return f;
    };
    MessageAssembler assembler(2500);
    QString error;
    Frame f = piece(1001, 1000, true);
    QCOMPARE(assembler.add(&f, &error), MessageAssembler::Status::Partial);
    f = piece(1001, 1000, true);
    QCOMPARE(assembler.add(&f, &error), MessageAssembler::Status::Partial);
    f = piece(1001, 1000, true);
    QCOMPARE(assembler.add(&f, &error), MessageAssembler::Status::Refused);
    QCOMPARE(f.handle, 1001u);
    QVERIFY2(error.contains(QStringLiteral("2500")), qPrintable(error));
    QCOMPARE(assembler.buffered(), 0); // freed at once
    for (const bool more : {true, true, false}) {
        f = piece(1001, 1000, more);
        QCOMPARE(assembler.add(&f, &error), MessageAssembler::Status::Partial);
    }
    f = piece(1002, 500, false);
    QCOMPARE(assembler.add(&f, &error), MessageAssembler::Status::Complete);
    QCOMPARE(f.payload.size(), 500);

    f = piece(1003, 1000, true);
    QCOMPARE(assembler.add(&f, &error), MessageAssembler::Status::Partial);
    f = piece(105, 10, false);
    QCOMPARE(assembler.add(&f, &error), MessageAssembler::Status::Refused);
    QCOMPARE(f.handle, 1003u);
    QVERIFY2(error.contains(QStringLiteral("in the middle")), qPrintable(error));
    QCOMPARE(assembler.buffered(), 0);
    f = piece(1004, 10, false);
    QCOMPARE(assembler.add(&f, &error), MessageAssembler::Status::Complete);
}

void TstFrame::roundTrip_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("flags");
    QTest::newRow("empty") << 0 << 0;
    QTest::newRow("one byte raw") << 1 << int(FlagRaw);
    QTest::newRow("1000 dead") << 1000 << int(FlagDead);
    QTest::newRow("100000") << 100000 << 0;
    QTest::newRow("4 MiB raw") << 4 * 1024 * 1024 << int(FlagRaw);
}

void TstFrame::roundTrip()
{
    QFETCH(int, size);
    QFETCH(int, flags);
    const Frame sent = makeFrame(size, 5, quint8(flags));
    const QByteArray bytes = encodeFrame(sent, testKey);
    QCOMPARE(bytes.size(), HeaderSize + size + TagSize);
    QCOMPARE(quint8(bytes[0]), MagicHi);
    QCOMPARE(quint8(bytes[1]), MagicLo);
    QCOMPARE(quint8(bytes[2]), ProtocolVersion);

    FrameReader reader(testKey);
    reader.feed(bytes);
    Frame got;
    QString error;
    QCOMPARE(reader.next(&got, &error), FrameReader::Status::Ready);
    QVERIFY(sameFrame(got, sent));
    QCOMPARE(reader.next(&got, &error), FrameReader::Status::NeedMore);
    QCOMPARE(reader.buffered(), 0);

    // In two halves: the large-frame path hands over the buffer without a copy.
    FrameReader halves(testKey);
    halves.feed(QByteArrayView(bytes).first(bytes.size() / 2));
    QCOMPARE(halves.next(&got, &error), FrameReader::Status::NeedMore);
    halves.feed(QByteArrayView(bytes).sliced(bytes.size() / 2));
    QCOMPARE(halves.next(&got, &error), FrameReader::Status::Ready);
    QVERIFY(sameFrame(got, sent));
}

void TstFrame::byteByByte()
{
    QByteArray stream;
    QList<Frame> sent;
    for (int i = 0; i < 3; ++i) {
        sent << makeFrame(i * 50, quint32(i + 1));
        encodeFrame(sent.last(), testKey, stream);
    }
    FrameReader reader(testKey);
    QList<Frame> got;
    QString error;
    for (const char c : std::as_const(stream)) {
        reader.feed(QByteArrayView(&c, 1));
        QCOMPARE(drain(reader, &got, &error), FrameReader::Status::NeedMore);
    }
    QCOMPARE(got.size(), sent.size());
    for (int i = 0; i < sent.size(); ++i)
        QVERIFY(sameFrame(got[i], sent[i]));
    QCOMPARE(reader.buffered(), 0);
}

void TstFrame::severalFramesInOneFeed()
{
    QByteArray stream;
    QList<Frame> sent;
    for (int i = 0; i < 200; ++i) {
        sent << makeFrame((i * 997) % 5000, quint32(i));
        encodeFrame(sent.last(), testKey, stream);
    }
    // Fed in uneven chunks that straddle frame boundaries.
    FrameReader reader(testKey);
    QList<Frame> got;
    QString error;
    for (qsizetype pos = 0; pos < stream.size(); pos += 7777) {
        reader.feed(QByteArrayView(stream).sliced(pos, qMin<qsizetype>(7777, stream.size() - pos)));
        QCOMPARE(drain(reader, &got, &error), FrameReader::Status::NeedMore);
    }
    QCOMPARE(got.size(), sent.size());
    for (int i = 0; i < sent.size(); ++i)
        QVERIFY(sameFrame(got[i], sent[i]));

    // And all at once.
    FrameReader once(testKey);
    once.feed(stream);
    QList<Frame> all;
    QCOMPARE(drain(once, &all, &error), FrameReader::Status::NeedMore);
    QCOMPARE(all.size(), sent.size());
    QVERIFY(sameFrame(all.last(), sent.last()));
}

void TstFrame::badMagic()
{
    FrameReader reader(testKey);
    // Refused as soon as the first byte shows it is not a frame.
    reader.feed("GET / HTTP/1.1\r\n");
    Frame f;
    QString error;
    QCOMPARE(reader.next(&f, &error), FrameReader::Status::Failed);
    QVERIFY(error.contains(QStringLiteral("magic")));

    QByteArray bytes = encodeFrame(makeFrame(10), testKey);
    bytes[1] = 0x0d;
    FrameReader second(testKey);
    second.feed(bytes);
    QCOMPARE(second.next(&f, &error), FrameReader::Status::Failed);
    QVERIFY(error.contains(QStringLiteral("magic")));
}

void TstFrame::badVersion()
{
    QByteArray bytes = encodeFrame(makeFrame(10), testKey);
    bytes[2] = 2;
    FrameReader reader(testKey);
    reader.feed(bytes.first(3));
    Frame f;
    QString error;
    QCOMPARE(reader.next(&f, &error), FrameReader::Status::Failed);
    QVERIFY2(error.contains(QStringLiteral("version 2")), qPrintable(error));
}

void TstFrame::oversize()
{
    const QByteArray bytes = encodeFrame(makeFrame(2000), testKey);
    FrameReader reader(testKey, 1999);
    // The header alone is enough to refuse it: nothing is buffered waiting for 2000 bytes.
    reader.feed(bytes.first(HeaderSize));
    Frame f;
    QString error;
    QCOMPARE(reader.next(&f, &error), FrameReader::Status::Failed);
    QVERIFY2(error.contains(QStringLiteral("2000")) && error.contains(QStringLiteral("1999")),
             qPrintable(error));

    FrameReader exact(testKey, 2000);
    exact.feed(bytes);
    QCOMPARE(exact.next(&f, &error), FrameReader::Status::Ready);

    // A declared 4 GiB frame against the default limit.
    QByteArray huge = bytes.first(HeaderSize);
    huge[24] = huge[25] = huge[26] = huge[27] = char(0xff);
    FrameReader byDefault(testKey);
    byDefault.feed(huge);
    QCOMPARE(byDefault.next(&f, &error), FrameReader::Status::Failed);
}

void TstFrame::wrongKey()
{
    const QByteArray bytes = encodeFrame(makeFrame(100), testKey);
    FrameReader reader(QByteArray(32, 'k'));
    reader.feed(bytes);
    Frame f;
    QString error;
    QCOMPARE(reader.next(&f, &error), FrameReader::Status::Failed);
    QVERIFY2(error.contains(QStringLiteral("authentication")), qPrintable(error));
}

void TstFrame::everyFlipIsRejected_data()
{
    QTest::addColumn<int>("mask");
    QTest::newRow("low bit") << 0x01;
    QTest::newRow("high bit") << 0x80;
    QTest::newRow("all bits") << 0xff;
}

void TstFrame::everyFlipIsRejected()
{
    QFETCH(int, mask);
    const QByteArray good = encodeFrame(makeFrame(40, 9), testKey);
    // Valid frames follow, so a length flip that asks for more bytes gets them
    // and still has to pass the tag.
    QByteArray tail;
    encodeFrame(makeFrame(1000, 10), testKey, tail);
    encodeFrame(makeFrame(1000, 11), testKey, tail);
    for (qsizetype i = 0; i < good.size(); ++i) {
        QByteArray bad = good;
        bad[i] = static_cast<char>(bad[i] ^ mask);
        FrameReader reader(testKey, 4096);
        reader.feed(QByteArray(bad + tail));
        Frame f;
        QString error;
        const FrameReader::Status s = reader.next(&f, &error);
        QVERIFY2(s == FrameReader::Status::Failed,
                 qPrintable(QStringLiteral("flipping byte %1 was not refused").arg(i)));
        QVERIFY(!error.isEmpty());
    }
}

void TstFrame::failedReaderStaysFailed()
{
    QByteArray bytes = encodeFrame(makeFrame(10), testKey);
    bytes[HeaderSize] = static_cast<char>(bytes[HeaderSize] ^ 1);
    FrameReader reader(testKey);
    reader.feed(bytes);
    Frame f;
    QString first;
    QCOMPARE(reader.next(&f, &first), FrameReader::Status::Failed);
    reader.feed(encodeFrame(makeFrame(10), testKey));
    QString again;
    QCOMPARE(reader.next(&f, &again), FrameReader::Status::Failed);
    QCOMPARE(again, first);
    QCOMPARE(reader.buffered(), 0);
}

void TstFrame::appendsToExistingBuffer()
{
    QByteArray out("prefix");
    encodeFrame(makeFrame(5), testKey, out);
    QVERIFY(out.startsWith("prefix"));
    QCOMPARE(out.mid(6), encodeFrame(makeFrame(5), testKey));
}

void TstFrame::pythonFrames_data()
{
    Test::addInterpreterRows();
}

void TstFrame::pythonFrames()
{
    QFETCH(QString, python);
    Frame mine = makeFrame(300, 77, FlagRaw);
    QProcess process;
    process.start(python,
                  {QStringLiteral("-c"),
                   QString::fromUtf8(framePython),
                   QString::fromLatin1(testKey.toHex())});
    QVERIFY(process.waitForStarted(30000));
    process.write(encodeFrame(mine, testKey).toHex() + '\n');
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished(60000));
    const QList<QByteArray> lines = process.readAllStandardOutput().split('\n');
    QVERIFY2(lines.size() >= 2, process.readAllStandardError().constData());

    // Python's frame, read by C++.
    FrameReader reader(testKey);
    reader.feed(QByteArray::fromHex(lines[0]));
    Frame got;
    QString error;
    QCOMPARE(reader.next(&got, &error), FrameReader::Status::Ready);
    QCOMPARE(got.dst, 7u);
    QCOMPARE(got.src, 0u);
    QCOMPARE(got.authId, 3u);
    QCOMPARE(got.handle, 101u);
    QCOMPARE(got.replyTo, 1001u);
    QCOMPARE(got.flags, quint8(0));
    const Result<Value> payload = decodePickle(got.payload);
    QVERIFY2(payload, qPrintable(payload.errorString()));
    QVERIFY(*payload
            == Value::tuple(
                    {Value("hello"), Value(42), Value::fromBytes(QByteArray("\0\xff", 2))}));

    // C++'s frame, checked by Python.
    QCOMPARE(lines[1], QByteArray("OK 1 77 78 79 1077 2077 300"));
}

// Figures only: 1000 frames of 1 KiB through one reader in 64 KiB reads.
void TstFrame::benchmarkReader()
{
    QByteArray stream;
    for (int i = 0; i < 1000; ++i)
        encodeFrame(makeFrame(1024, quint32(i)), testKey, stream);
    QBENCHMARK
    {
        FrameReader reader(testKey);
        QList<Frame> frames;
        QString error;
        for (qsizetype pos = 0; pos < stream.size(); pos += 65536) {
            reader.feed(QByteArrayView(stream).sliced(pos,
                                                      qMin<qsizetype>(65536, stream.size() - pos)));
            drain(reader, &frames, &error);
        }
        QCOMPARE(frames.size(), 1000);
    }
}

QTEST_GUILESS_MAIN(TstFrame)
#include "tst_frame.moc"
