// Writes seed inputs for fuzz_frame with the real encoder: make_frame_seeds OUT_DIR FILES...
// Each file (a pickle from real traffic) becomes the payload of a frame; the seeds are single
// frames, streams of many frames, large frames in expand mode, and a few damaged streams.
#include "core/wire/frame.h"
#include "core/wire/pickle.h"
#include "framefuzz.h"

#include <QDir>
#include <QFile>

#include <cstdio>

using namespace Econtext;
using namespace Econtext::Wire;
using namespace Econtext::Fuzz;

namespace {

int s_written = 0;

void write(const QString &dir,
           const QString &name,
           uchar options,
           quint32 seed,
           const QByteArray &body)
{
    QByteArray data;
    data.append(char(options));
    for (int shift = 24; shift >= 0; shift -= 8)
        data.append(char(seed >> shift));
    data.append(body);
    QFile file(dir + QLatin1Char('/') + name);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size()) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(file.fileName()));
        std::exit(1);
    }
    ++s_written;
}

void putU32(QByteArray &out, quint32 v)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.append(char(v >> shift));
}

// One expand-mode record (framefuzz.h).
QByteArray record(const Frame &f, quint32 length, const QByteArray &fill)
{
    QByteArray r;
    r.append(char(f.flags));
    putU32(r, f.dst);
    putU32(r, f.src);
    putU32(r, f.authId);
    putU32(r, f.handle);
    putU32(r, f.replyTo);
    r.append(char(length >> 16));
    r.append(char(length >> 8));
    r.append(char(length));
    const QByteArray cut = fill.left(255);
    r.append(char(cut.size()));
    r.append(cut);
    return r;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: make_frame_seeds OUT_DIR PICKLE_FILES...\n");
        return 2;
    }
    const QString out = QFile::decodeName(argv[1]);
    QDir().mkpath(out);
    const QByteArray key = frameKey();
    // Handles of docs/protocol.md §3, as real traffic uses them.
    const quint32 handles[] = {101, 102, 104, 105, 106, 107, 109, 1000, 1001, 4242};

    QByteArray stream;
    quint32 seed = 1;
    for (int i = 2; i < argc; ++i) {
        QFile file(QFile::decodeName(argv[i]));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        Frame f;
        f.dst = (i % 3 == 0) ? 0 : quint32(i);
        f.src = (i % 3 == 0) ? quint32(i) : 0;
        f.authId = f.src;
        f.handle = handles[i % std::size(handles)];
        f.replyTo = (i % 2) ? 1000 + quint32(i) : 0;
        f.payload = file.readAll();
        const QByteArray frame = encodeFrame(f, key);
        if (stream.size() + frame.size() < 60000)
            stream.append(frame);
        if (i % 4 == 0)
            write(out,
                  QStringLiteral("single-%1").arg(i, 3, 10, QLatin1Char('0')),
                  0,
                  seed++,
                  frame);
    }
    write(out, QStringLiteral("stream"), 0, 7, stream);
    write(out, QStringLiteral("stream-small-limit"), 2, 11, stream);

    Frame dead;
    dead.flags = FlagDead;
    dead.dst = 0;
    dead.src = 3;
    dead.handle = 1000;
    dead.payload = encodePickle(Value(QStringLiteral("context disconnected")), 2);
    Frame raw;
    raw.flags = FlagRaw;
    raw.dst = 3;
    raw.handle = 103;
    raw.payload = QByteArray(5000, 'm'); // a LOAD_MODULE-sized raw payload
    Frame empty;
    empty.dst = 1;
    empty.handle = 100;
    QByteArray mixed = encodeFrame(dead, key) + encodeFrame(raw, key) + encodeFrame(empty, key);
    write(out, QStringLiteral("dead-raw-empty"), 0, 3, mixed);

    // Damaged streams: each stops the reader at a different check.
    QByteArray badTag = encodeFrame(dead, key);
    badTag[badTag.size() - 1] = char(badTag.at(badTag.size() - 1) ^ 1);
    write(out, QStringLiteral("bad-tag"), 0, 5, encodeFrame(empty, key) + badTag);
    write(out, QStringLiteral("bad-tag-resigned"), OptionResign, 5, badTag);
    QByteArray badMagic = encodeFrame(empty, key);
    badMagic[1] = 'x';
    write(out, QStringLiteral("bad-magic"), 0, 9, badMagic);
    QByteArray badVersion = encodeFrame(empty, key);
    badVersion[2] = 2;
    write(out, QStringLiteral("bad-version"), 0, 9, badVersion);
    QByteArray oversize = encodeFrame(empty, key);
    oversize[24] = char(0x7f);
    write(out, QStringLiteral("oversize"), 0, 9, oversize);
    write(out, QStringLiteral("over-small-limit"), 2, 13, encodeFrame(raw, key));
    write(out, QStringLiteral("truncated"), 0, 15, encodeFrame(raw, key).chopped(17));

    // Expand mode: frames around and far over the reader's 64 KiB large-frame size.
    Frame big;
    big.dst = 0;
    big.src = 5;
    big.authId = 5;
    big.handle = 1002;
    const QByteArray fill = encodePickle(Value(QStringLiteral("out")), 4);
    QByteArray records = record(big, 65536 - 60, fill) + record(big, 81920, fill)
                         + record(empty, 0, {}) + record(big, 70000, "x");
    write(out, QStringLiteral("expand-large"), OptionExpand, 17, records);
    write(out, QStringLiteral("expand-large-limit"), OptionExpand | 1, 19, records);
    write(out,
          QStringLiteral("expand-small"),
          OptionExpand,
          23,
          record(dead, 20, fill) + record(raw, 4096, "abc") + record(raw, 4095, "abc"));
    std::printf("%d frame seeds written to %s\n", s_written, qPrintable(out));
    return 0;
}
