#include "core/wire/sha256.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace Econtext::Wire {

namespace {

using CompressFn = void (*)(quint32 *state, const unsigned char *blocks, size_t count);

// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the
// first 64 primes. Aligned so the SHA-NI path can load four at a time.
alignas(16) constexpr quint32 RoundConstants[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
};

// FIPS 180-4 §5.3.3: the first 32 bits of the fractional parts of the square roots of
// the first 8 primes.
constexpr std::array<quint32, 8> InitialState = {
        0x6a09e667,
        0xbb67ae85,
        0x3c6ef372,
        0xa54ff53a,
        0x510e527f,
        0x9b05688c,
        0x1f83d9ab,
        0x5be0cd19,
};

inline quint32 loadBigEndian(const unsigned char *p)
{
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}

inline void storeBigEndian(unsigned char *p, quint32 v)
{
    p[0] = static_cast<unsigned char>(v >> 24);
    p[1] = static_cast<unsigned char>(v >> 16);
    p[2] = static_cast<unsigned char>(v >> 8);
    p[3] = static_cast<unsigned char>(v);
}

// ---- Portable backend (FIPS 180-4 §6.2.2) ----

inline quint32 bigSigma0(quint32 x)
{
    return std::rotr(x, 2) ^ std::rotr(x, 13) ^ std::rotr(x, 22);
}
inline quint32 bigSigma1(quint32 x)
{
    return std::rotr(x, 6) ^ std::rotr(x, 11) ^ std::rotr(x, 25);
}
inline quint32 smallSigma0(quint32 x)
{
    return std::rotr(x, 7) ^ std::rotr(x, 18) ^ (x >> 3);
}
inline quint32 smallSigma1(quint32 x)
{
    return std::rotr(x, 17) ^ std::rotr(x, 19) ^ (x >> 10);
}
inline quint32 choose(quint32 x, quint32 y, quint32 z)
{
    return (x & y) ^ (~x & z);
}
inline quint32 majority(quint32 x, quint32 y, quint32 z)
{
    return (x & y) ^ (x & z) ^ (y & z);
}

void compressPortable(quint32 *state, const unsigned char *blocks, size_t count)
{
    for (; count > 0; --count, blocks += Sha256::BlockSize) {
        // The message schedule only ever looks 16 words back, so a ring of 16 is enough.
        quint32 w[16];
        for (int t = 0; t < 16; ++t)
            w[t] = loadBigEndian(blocks + 4 * t);

        quint32 a = state[0], b = state[1], c = state[2], d = state[3];
        quint32 e = state[4], f = state[5], g = state[6], h = state[7];
        for (int t = 0; t < 64; ++t) {
            quint32 wt;
            if (t < 16) {
                wt = w[t];
            } else {
                wt = smallSigma1(w[(t - 2) & 15]) + w[(t - 7) & 15] + smallSigma0(w[(t - 15) & 15])
                     + w[t & 15];
                w[t & 15] = wt;
            }
            const quint32 t1 = h + bigSigma1(e) + choose(e, f, g) + RoundConstants[t] + wt;
            const quint32 t2 = bigSigma0(a) + majority(a, b, c);
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}

// ---- SHA-NI backend ----
#if defined(__x86_64__)

#define ECONTEXT_SHANI __attribute__((target("sha,sse4.1")))
#define ECONTEXT_SHANI_INLINE __attribute__((target("sha,sse4.1"), always_inline)) inline

// Four rounds: the message words plus their constants go through SHA256RNDS2 twice, two
// rounds each (the low pair of words, then the high pair).
ECONTEXT_SHANI_INLINE void fourRounds(__m128i &abef, __m128i &cdgh, __m128i msg, int group)
{
    __m128i wk = _mm_add_epi32(
            msg, _mm_load_si128(reinterpret_cast<const __m128i *>(RoundConstants + 4 * group)));
    cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
    wk = _mm_shuffle_epi32(wk, 0x0e);
    abef = _mm_sha256rnds2_epu32(abef, cdgh, wk);
}

// The next four schedule words W[t..t+3] from W[t-16..t-1], held in m0 (oldest) .. m3.
ECONTEXT_SHANI_INLINE __m128i nextWords(__m128i m0, __m128i m1, __m128i m2, __m128i m3)
{
    __m128i x = _mm_sha256msg1_epu32(m0, m1);         // W[t-16] + sigma0(W[t-15])
    x = _mm_add_epi32(x, _mm_alignr_epi8(m3, m2, 4)); // + W[t-7]
    return _mm_sha256msg2_epu32(x, m3);               // + sigma1(W[t-2])
}

ECONTEXT_SHANI void compressShaNi(quint32 *state, const unsigned char *blocks, size_t count)
{
    // Byte swap inside each 32-bit word: the message is big-endian.
    const __m128i byteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);

    // SHA256RNDS2 wants the state as {A,B,E,F} and {C,D,G,H} (A in the high lane).
    const __m128i abcd = _mm_loadu_si128(reinterpret_cast<const __m128i *>(state));
    const __m128i efgh = _mm_loadu_si128(reinterpret_cast<const __m128i *>(state + 4));
    const __m128i badc = _mm_shuffle_epi32(abcd, 0xb1);
    const __m128i hgfe = _mm_shuffle_epi32(efgh, 0x1b);
    __m128i abef = _mm_alignr_epi8(badc, hgfe, 8);
    __m128i cdgh = _mm_blend_epi16(hgfe, badc, 0xf0);

    for (; count > 0; --count, blocks += Sha256::BlockSize) {
        const __m128i savedAbef = abef;
        const __m128i savedCdgh = cdgh;
        const auto *in = reinterpret_cast<const __m128i *>(blocks);
        __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128(in), byteSwap);
        __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128(in + 1), byteSwap);
        __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128(in + 2), byteSwap);
        __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128(in + 3), byteSwap);

        fourRounds(abef, cdgh, m0, 0);
        fourRounds(abef, cdgh, m1, 1);
        fourRounds(abef, cdgh, m2, 2);
        fourRounds(abef, cdgh, m3, 3);
        for (int group = 4; group < 16; group += 4) {
            m0 = nextWords(m0, m1, m2, m3);
            fourRounds(abef, cdgh, m0, group);
            m1 = nextWords(m1, m2, m3, m0);
            fourRounds(abef, cdgh, m1, group + 1);
            m2 = nextWords(m2, m3, m0, m1);
            fourRounds(abef, cdgh, m2, group + 2);
            m3 = nextWords(m3, m0, m1, m2);
            fourRounds(abef, cdgh, m3, group + 3);
        }

        abef = _mm_add_epi32(abef, savedAbef);
        cdgh = _mm_add_epi32(cdgh, savedCdgh);
    }

    // Back to {A,B,C,D} and {E,F,G,H}.
    const __m128i feba = _mm_shuffle_epi32(abef, 0x1b);
    const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xb1);
    _mm_storeu_si128(reinterpret_cast<__m128i *>(state), _mm_blend_epi16(feba, dchg, 0xf0));
    _mm_storeu_si128(reinterpret_cast<__m128i *>(state + 4), _mm_alignr_epi8(dchg, feba, 8));
}

#undef ECONTEXT_SHANI
#undef ECONTEXT_SHANI_INLINE

bool detectShaNi()
{
    // __builtin_cpu_supports("sha") would do on GCC, but clang 14 does not know the name;
    // CPUID works with both. SHA: leaf 7 EBX bit 29; SSSE3 and SSE4.1: leaf 1 ECX bits 9, 19.
    unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
        return false;
    const bool sse = (ecx & (1u << 9)) && (ecx & (1u << 19));
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx))
        return false;
    return sse && (ebx & (1u << 29));
}

#else

bool detectShaNi()
{
    return false;
}

#endif

bool cpuHasShaNiCached()
{
    static const bool has = detectShaNi();
    return has;
}

CompressFn automaticBackend()
{
#if defined(__x86_64__)
    if (cpuHasShaNiCached())
        return compressShaNi;
#endif
    return compressPortable;
}

std::atomic<CompressFn> s_compress{nullptr};

inline CompressFn compressFunction()
{
    CompressFn fn = s_compress.load(std::memory_order_relaxed);
    if (Q_UNLIKELY(!fn)) {
        fn = automaticBackend();
        s_compress.store(fn, std::memory_order_relaxed);
    }
    return fn;
}

inline void compress(quint32 *state, const unsigned char *blocks, size_t count)
{
    compressFunction()(state, blocks, count);
}

} // namespace

// ---- Sha256 ----

void Sha256::init()
{
    m_state = InitialState;
    m_length = 0;
    m_fill = 0;
}

void Sha256::update(QByteArrayView data)
{
    const auto *p = reinterpret_cast<const unsigned char *>(data.data());
    size_t n = size_t(data.size());
    if (n == 0)
        return;
    m_length += n;
    const CompressFn fn = compressFunction();
    if (m_fill > 0) {
        const size_t take = std::min(n, size_t(BlockSize - m_fill));
        std::memcpy(m_block.data() + m_fill, p, take);
        m_fill += int(take);
        p += take;
        n -= take;
        if (m_fill < BlockSize)
            return;
        fn(m_state.data(), m_block.data(), 1);
        m_fill = 0;
    }
    const size_t blocks = n / BlockSize;
    if (blocks > 0) {
        fn(m_state.data(), p, blocks);
        p += blocks * BlockSize;
        n -= blocks * BlockSize;
    }
    if (n > 0) {
        std::memcpy(m_block.data(), p, n);
        m_fill = int(n);
    }
}

void Sha256::finalInto(unsigned char *digest)
{
    // Padding (FIPS 180-4 §5.1.1): 0x80, zeros, then the length in bits as 64-bit big-endian.
    const quint64 bits = m_length * 8;
    m_block[size_t(m_fill++)] = 0x80;
    if (m_fill > BlockSize - 8) {
        std::memset(m_block.data() + m_fill, 0, size_t(BlockSize - m_fill));
        compress(m_state.data(), m_block.data(), 1);
        m_fill = 0;
    }
    std::memset(m_block.data() + m_fill, 0, size_t(BlockSize - 8 - m_fill));
    storeBigEndian(m_block.data() + BlockSize - 8, quint32(bits >> 32));
    storeBigEndian(m_block.data() + BlockSize - 4, quint32(bits));
    compress(m_state.data(), m_block.data(), 1);
    m_fill = 0;
    for (int i = 0; i < 8; ++i)
        storeBigEndian(digest + 4 * i, m_state[size_t(i)]);
}

QByteArray Sha256::final()
{
    QByteArray out(DigestSize, Qt::Uninitialized);
    finalInto(reinterpret_cast<unsigned char *>(out.data()));
    return out;
}

QByteArray Sha256::hash(QByteArrayView data)
{
    Sha256 h;
    h.update(data);
    return h.final();
}

Sha256::Backend Sha256::backend()
{
#if defined(__x86_64__)
    if (compressFunction() == compressShaNi)
        return Backend::ShaNi;
#endif
    return Backend::Portable;
}

bool Sha256::cpuHasShaNi()
{
    return cpuHasShaNiCached();
}

bool Sha256::setBackendForTesting(Backend backend)
{
    switch (backend) {
    case Backend::Auto:
        s_compress.store(automaticBackend());
        return true;
    case Backend::Portable:
        s_compress.store(compressPortable);
        return true;
    case Backend::ShaNi:
#if defined(__x86_64__)
        if (cpuHasShaNiCached()) {
            s_compress.store(compressShaNi);
            return true;
        }
#endif
        return false;
    }
    return false;
}

// ---- HmacSha256 ----

HmacSha256::HmacSha256(QByteArrayView key)
{
    // RFC 2104: keys longer than a block are hashed first; then zero-padded to a block.
    std::array<unsigned char, Sha256::BlockSize> block{};
    if (key.size() > Sha256::BlockSize) {
        Sha256 h;
        h.update(key);
        h.finalInto(block.data());
    } else if (!key.isEmpty()) {
        std::memcpy(block.data(), key.data(), size_t(key.size()));
    }

    std::array<unsigned char, Sha256::BlockSize> pad;
    for (size_t i = 0; i < pad.size(); ++i)
        pad[i] = block[i] ^ 0x36;
    m_inner = InitialState;
    compress(m_inner.data(), pad.data(), 1);
    for (size_t i = 0; i < pad.size(); ++i)
        pad[i] = block[i] ^ 0x5c;
    m_outer = InitialState;
    compress(m_outer.data(), pad.data(), 1);
}

void HmacSha256::tagInto(unsigned char *out, QByteArrayView a, QByteArrayView b) const
{
    Sha256 inner(m_inner, Sha256::BlockSize);
    inner.update(a);
    inner.update(b);
    unsigned char innerDigest[Sha256::DigestSize];
    inner.finalInto(innerDigest);

    // The outer message is one block: the inner digest after the padded key, already hashed.
    Sha256 outer(m_outer, Sha256::BlockSize);
    outer.update(QByteArrayView(innerDigest, Sha256::DigestSize));
    outer.finalInto(out);
}

QByteArray HmacSha256::tag(QByteArrayView a, QByteArrayView b) const
{
    QByteArray out(TagSize, Qt::Uninitialized);
    tagInto(reinterpret_cast<unsigned char *>(out.data()), a, b);
    return out;
}

bool HmacSha256::verify(QByteArrayView tag, QByteArrayView a, QByteArrayView b) const
{
    if (tag.size() != TagSize)
        return false;
    unsigned char expected[TagSize];
    tagInto(expected, a, b);
    const auto *given = reinterpret_cast<const unsigned char *>(tag.data());
    unsigned int diff = 0;
    for (int i = 0; i < TagSize; ++i)
        diff |= static_cast<unsigned int>(expected[i] ^ given[i]);
    return diff == 0;
}

} // namespace Econtext::Wire
