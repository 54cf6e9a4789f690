// The SHA-256 and HMAC-SHA256 wrapper over OpenSSL's libcrypto: FIPS 180-4 / NIST and
// RFC 4231 vectors, cross-checks against QCryptographicHash and QMessageAuthenticationCode,
// the tag from several threads at once, the frame reader fed in random chunks; plus
// throughput figures (printed, never asserted).
#include "core/wire/frame.h"
#include "core/wire/sha256.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QTest>

#include <atomic>
#include <ctime>
#include <functional>
#include <thread>
#include <vector>

using namespace Econtext::Wire;

namespace {

QByteArray randomBytes(QRandomGenerator &rng, qsizetype n)
{
    QByteArray out(n, Qt::Uninitialized);
    for (qsizetype i = 0; i < n; ++i)
        out[i] = static_cast<char>(rng.bounded(256));
    return out;
}

QByteArray qtHmac(const QByteArray &key, const QByteArray &message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

qint64 threadCpuNanoseconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Throughput of f on `bytes` bytes, run for about 0.3 s of CPU time: MB/s (10^6 bytes per
// second) of this thread's CPU time, which a busy machine disturbs less than wall time.
// Short runs go in batches so that reading the clock does not dominate.
double throughput(qsizetype bytes, const std::function<void()> &f, int batch = 1)
{
    f(); // warm up
    const qint64 start = threadCpuNanoseconds();
    qint64 runs = 0;
    qint64 elapsed = 0;
    do {
        for (int i = 0; i < batch; ++i)
            f();
        runs += batch;
        elapsed = threadCpuNanoseconds() - start;
    } while (elapsed < 300'000'000);
    return double(bytes) * double(runs) / (double(elapsed) / 1e9) / 1e6;
}

} // namespace

class TstSha256 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nistVectors_data();
    void nistVectors();
    void millionA();
    void rfc4231_data();
    void rfc4231();
    void hmacOverTwoParts();
    void verify();
    void crossCheckQt();
    void tagsFromManyThreads();
    void movedMacKeepsItsKey();
    void framesInRandomChunks_data();
    void framesInRandomChunks();
    void benchmark();
};

void TstSha256::nistVectors_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("digest");
    // FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf").
    {
        QTest::newRow("empty") << QByteArray()
                               << QByteArray(
                                          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
                                          "7852b855");
        QTest::newRow("abc") << QByteArray("abc")
                             << QByteArray(
                                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61"
                                        "f20015ad");
        QTest::newRow("448 bits")
                << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                << QByteArray("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd4"
                              "19db06c1");
        QTest::newRow("896 bits")
                << QByteArray("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                              "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
                << QByteArray("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac4503"
                              "7afee9d1");
    }
}

void TstSha256::nistVectors()
{
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, digest);
    QCOMPARE(Sha256::hash(message).toHex(), digest);
}

void TstSha256::millionA()
{
    QCOMPARE(Sha256::hash(QByteArray(1000000, 'a')).toHex(),
             QByteArray("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
}

void TstSha256::rfc4231_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("tag"); // hex; a prefix for truncated outputs (case 5)

    {
        QTest::newRow("case 1")
                << QByteArray(20, '\x0b') << QByteArray("Hi There")
                << QByteArray("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c"
                              "2e32cff7");
        QTest::newRow("case 2")
                << QByteArray("Jefe") << QByteArray("what do ya want for nothing?")
                << QByteArray("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b9"
                              "64ec3843");
        QTest::newRow("case 3")
                << QByteArray(20, '\xaa') << QByteArray(50, '\xdd')
                << QByteArray("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514"
                              "ced565fe");
        QTest::newRow("case 4")
                << QByteArray::fromHex("0102030405060708090a0b0c0d0e0f10111213141516171819")
                << QByteArray(50, '\xcd')
                << QByteArray("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff4"
                              "6729665b");
        QTest::newRow("case 5 (truncated to 128 bits)")
                << QByteArray(20, '\x0c') << QByteArray("Test With Truncation")
                << QByteArray("a3b6167473100ee06e0c796c2955552b");
        QTest::newRow("case 6")
                << QByteArray(131, '\xaa')
                << QByteArray("Test Using Larger Than Block-Size Key - Hash Key First")
                << QByteArray("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f"
                              "0ee37f54");
        QTest::newRow("case 7")
                << QByteArray(131, '\xaa')
                << QByteArray("This is a test using a larger than block-size key and a "
                              "larger than block-size data. The key needs to be hashed "
                              "before being used by the HMAC algorithm.")
                << QByteArray("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f5153"
                              "5c3a35e2");
    }
}

void TstSha256::rfc4231()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, tag);
    const HmacSha256 mac(key);
    QCOMPARE(mac.tag(data).toHex().left(tag.size()), tag);
    // The keyed state is reusable: a second message gives the same answer again.
    QCOMPARE(mac.tag(data).toHex().left(tag.size()), tag);
}

void TstSha256::hmacOverTwoParts()
{
    QRandomGenerator rng(7);
    const QByteArray key = randomBytes(rng, 32);
    const HmacSha256 mac(key);
    const QByteArray data = randomBytes(rng, 200);
    const QByteArray expected = qtHmac(key, data);
    for (qsizetype i = 0; i <= data.size(); ++i)
        QCOMPARE(mac.tag(QByteArrayView(data).first(i), QByteArrayView(data).sliced(i)), expected);
}

void TstSha256::verify()
{
    const QByteArray key = QByteArray::fromHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    const HmacSha256 mac(key);
    const QByteArray header("header-28-bytes-of-the-frame");
    const QByteArray payload("payload");
    const QByteArray tag = mac.tag(header, payload);
    QVERIFY(mac.verify(tag, header, payload));
    QVERIFY(mac.verify(tag, QByteArray(header + payload)));
    for (int i = 0; i < tag.size() * 8; ++i) {
        QByteArray bad = tag;
        bad[i / 8] = static_cast<char>(bad[i / 8] ^ (1 << (i % 8)));
        QVERIFY(!mac.verify(bad, header, payload));
    }
    QVERIFY(!mac.verify(tag.left(31), header, payload));
    QVERIFY(!mac.verify(QByteArray(tag + 'x'), header, payload));
    QVERIFY(!mac.verify(QByteArray(), header, payload));
    QVERIFY(!mac.verify(tag, header, QByteArray(payload + 'x')));
    QVERIFY(!HmacSha256(QByteArray(key + 'x')).verify(tag, header, payload));
}

void TstSha256::crossCheckQt()
{
    QRandomGenerator rng(2024);
    QList<qsizetype> lengths;
    for (qsizetype n = 0; n <= 1000; ++n)
        lengths << n;
    lengths << 4095 << 4096 << 65536 << 65536 + 27 << 1000003 << 4 * 1024 * 1024 + 5;
    const QByteArray big = randomBytes(rng, lengths.last());
    for (const qsizetype n : std::as_const(lengths)) {
        const QByteArrayView data = QByteArrayView(big).first(n);
        QCOMPARE(Sha256::hash(data), QCryptographicHash::hash(data, QCryptographicHash::Sha256));
        // Keys of every size class: empty, short, a block, longer than a block.
        static const int keySizes[] = {0, 1, 32, 63, 64, 65, 200};
        const QByteArray key = randomBytes(rng, keySizes[n % 7]);
        const QByteArray expected = qtHmac(key, data.toByteArray());
        const HmacSha256 mac(key);
        QCOMPARE(mac.tag(data), expected);
        const qsizetype split = n > 0 ? qsizetype(rng.bounded(quint32(n + 1))) : 0;
        QCOMPARE(mac.tag(data.first(split), data.sliced(split)), expected);
    }
}

// One key, tags from several threads at once (the const methods share no state): each
// thread must see the tags Qt computes.
void TstSha256::tagsFromManyThreads()
{
    QRandomGenerator rng(99);
    const QByteArray key = randomBytes(rng, 32);
    const HmacSha256 mac(key);
    QList<QByteArray> messages;
    QList<QByteArray> expected;
    for (int i = 0; i < 64; ++i) {
        messages << randomBytes(rng, 1 + rng.bounded(3000));
        expected << qtHmac(key, messages.constLast());
    }
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 200; ++round) {
                const qsizetype i = (round * 7 + t * 13) % messages.size();
                if (mac.tag(messages[i]) != expected[i] || !mac.verify(expected[i], messages[i]))
                    ++wrong;
            }
        });
    }
    for (std::thread &t : threads)
        t.join();
    QCOMPARE(wrong.load(), 0);
}

void TstSha256::movedMacKeepsItsKey()
{
    const QByteArray key("Jefe");
    HmacSha256 first(key);
    const HmacSha256 moved(std::move(first));
    QCOMPARE(moved.tag("what do ya want for nothing?").toHex(),
             QByteArray("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
}

void TstSha256::framesInRandomChunks_data()
{
    QTest::addColumn<int>("maxChunk");
    {
        QTest::newRow("chunks up to 100 bytes") << 100;
        QTest::newRow("chunks up to 64 KiB") << 64 * 1024;
        QTest::newRow("chunks up to 256 KiB") << 256 * 1024;
        QTest::newRow("chunks up to 4 MiB") << 4 * 1024 * 1024;
    }
}

// The reader's large-frame paths (buffer handed over as the payload, bytes after a large
// frame kept aside) with frames of mixed sizes cut at random places; the frames are made
// with both encodeFrame overloads, which must agree.
void TstSha256::framesInRandomChunks()
{
    QFETCH(int, maxChunk);
    QRandomGenerator rng{quint32(maxChunk)};
    const QByteArray key = randomBytes(rng, 32);
    const HmacSha256 mac(key);
    static const int sizes[] = {0, 1, 27, 1000, 4095, 4096, 5000, 70000, 300000, 2 << 20};
    QList<Frame> sent;
    QByteArray stream;
    for (int i = 0; i < 60; ++i) {
        Frame f;
        f.dst = rng.generate();
        f.src = rng.generate();
        f.authId = rng.generate();
        f.handle = rng.generate();
        f.replyTo = rng.generate();
        f.flags = quint8(rng.bounded(4));
        f.payload = randomBytes(rng, sizes[rng.bounded(int(std::size(sizes)))]);
        const qsizetype before = stream.size();
        encodeFrame(f, mac, stream);
        QCOMPARE(QByteArrayView(stream).sliced(before), encodeFrame(f, key));
        sent << f;
    }

    FrameReader reader(key);
    QList<Frame> got;
    qsizetype consumed = 0;
    QString error;
    for (qsizetype pos = 0; pos < stream.size();) {
        const qsizetype n = qMin<qsizetype>(1 + rng.bounded(maxChunk), stream.size() - pos);
        reader.feed(QByteArrayView(stream).sliced(pos, n));
        pos += n;
        for (;;) {
            Frame f;
            const FrameReader::Status status = reader.next(&f, &error);
            QVERIFY2(status != FrameReader::Status::Failed, qPrintable(error));
            if (status == FrameReader::Status::NeedMore)
                break;
            consumed += HeaderSize + f.payload.size() + TagSize;
            got << f;
        }
        // What was fed and not yet returned as frames is still buffered, nothing else.
        QCOMPARE(reader.buffered(), pos - consumed);
    }
    QCOMPARE(got.size(), sent.size());
    for (qsizetype i = 0; i < sent.size(); ++i) {
        QCOMPARE(got[i].dst, sent[i].dst);
        QCOMPARE(got[i].src, sent[i].src);
        QCOMPARE(got[i].authId, sent[i].authId);
        QCOMPARE(got[i].handle, sent[i].handle);
        QCOMPARE(got[i].replyTo, sent[i].replyTo);
        QCOMPARE(got[i].flags, sent[i].flags);
        QCOMPARE(got[i].payload, sent[i].payload);
    }
    QCOMPARE(reader.buffered(), 0);

    // A flipped bit in the middle of a large frame that arrives in pieces is still caught.
    Frame big;
    big.payload = randomBytes(rng, 1 << 20);
    QByteArray bad = encodeFrame(big, key);
    bad[bad.size() / 2] = static_cast<char>(bad[bad.size() / 2] ^ 0x10);
    FrameReader strict(key);
    Frame f;
    for (qsizetype pos = 0; pos < bad.size(); pos += 100000) {
        strict.feed(QByteArrayView(bad).sliced(pos, qMin<qsizetype>(100000, bad.size() - pos)));
        if (pos + 100000 < bad.size())
            QCOMPARE(strict.next(&f, &error), FrameReader::Status::NeedMore);
    }
    QCOMPARE(strict.next(&f, &error), FrameReader::Status::Failed);
}

void TstSha256::benchmark()
{
    QRandomGenerator rng(1);
    const qsizetype size = 256 * 1024;
    const QByteArray data = randomBytes(rng, size);
    const QByteArray key = randomBytes(rng, 32);
    const HmacSha256 mac(key);
    const QByteArray header = randomBytes(rng, 28);
    QByteArray sink;

    const auto report = [&](const char *name) {
        const double hash = throughput(size, [&] { sink = Sha256::hash(data); });
        const double hmac = throughput(size, [&] { sink = mac.tag(header, data); });
        qInfo("%-9s SHA-256 %7.0f MB/s, HMAC-SHA256 %7.0f MB/s (256 KiB messages, CPU time)",
              name,
              hash,
              hmac);
    };
    report("OpenSSL");

    const double qtHash = throughput(
            size, [&] { sink = QCryptographicHash::hash(data, QCryptographicHash::Sha256); });
    const double qtMac = throughput(size, [&] {
        QMessageAuthenticationCode m(QCryptographicHash::Sha256, key);
        m.addData(header);
        m.addData(data);
        sink = m.result();
    });
    qInfo("%-9s SHA-256 %7.0f MB/s, HMAC-SHA256 %7.0f MB/s (256 KiB messages, CPU time)",
          "Qt",
          qtHash,
          qtMac);

    // Small frames: the per-message cost (two finalisations) dominates.
    const QByteArray small = randomBytes(rng, 100);
    const double smallRate = throughput(
            1, [&] { sink = mac.tag(header, small); }, 1000);
    qInfo("HMAC of a 128-byte frame: %.2f million/s of CPU time", smallRate);
    QCOMPARE(sink.size(), 32);

    // The whole reader on bulk data: 1 MiB frames arriving in 256 KiB reads, as from a
    // local context.
    Frame bulk;
    bulk.payload = randomBytes(rng, 1 << 20);
    QByteArray stream;
    for (int i = 0; i < 8; ++i)
        encodeFrame(bulk, mac, stream);
    const double readerRate = throughput(stream.size(), [&] {
        FrameReader reader(key);
        Frame f;
        for (qsizetype pos = 0; pos < stream.size(); pos += 256 * 1024) {
            reader.feed(QByteArrayView(stream).sliced(
                    pos, qMin<qsizetype>(256 * 1024, stream.size() - pos)));
            while (reader.next(&f, nullptr) == FrameReader::Status::Ready)
                sink = f.payload;
        }
    });
    const double encodeRate = throughput(stream.size(), [&] {
        QByteArray out;
        for (int i = 0; i < 8; ++i) {
            out.clear();
            encodeFrame(bulk, mac, out);
        }
    });
    qInfo("FrameReader on 1 MiB frames in 256 KiB reads: %.0f MB/s; encodeFrame: %.0f MB/s "
          "(CPU time)",
          readerRate,
          encodeRate);
    QCOMPARE(sink.size(), bulk.payload.size());
}

QTEST_GUILESS_MAIN(TstSha256)
#include "tst_sha256.moc"
