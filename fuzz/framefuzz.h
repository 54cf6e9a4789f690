// The input format of fuzz_frame, shared with make_frame_seeds, which writes seeds in it.
//
//   byte 0      options (OptionMaxPayloadMask, OptionResign, OptionExpand)
//   bytes 1..4  seed of the chunk sizes the stream is fed in
//   bytes 5..   the stream itself (raw mode) or frame records (expand mode, see below)
//
// Expand mode builds the stream from records so that frames larger than libFuzzer's
// max_len (and the reader's large-frame path) are reached:
//   flags(1) dst(4) src(4) authId(4) handle(4) replyTo(4) length(3, big-endian)
//   fillLength(1) fill(fillLength)     -> payload = fill repeated up to length
#pragma once

#include <QByteArray>

namespace Econtext::Fuzz {

// 32 bytes, as the master's per-stream keys are.
inline const QByteArray frameKey()
{
    return QByteArrayLiteral("econtext-fuzz-key-0123456789abcd");
}

enum FrameOption : unsigned char {
    OptionMaxPayloadMask = 0x03, // 0: default (4 MiB), 1: 65536, 2: 1024, 3: 0
    OptionResign = 0x04,         // the harness fixes the tag of every frame it can delimit
    OptionExpand = 0x08,         // records instead of a raw stream
};

inline constexpr int FramePrefixSize = 5;

} // namespace Econtext::Fuzz
