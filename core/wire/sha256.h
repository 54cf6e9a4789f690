// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104) for frame authentication.
// The compression function runs on the x86 SHA extensions when the CPU has them and on
// portable C++ otherwise; the choice is made once, at first use. Used by core/wire/frame.cpp.
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <array>
#include <cstddef>

namespace Econtext::Wire {

// Incremental SHA-256: init(), update() any number of times, final().
class Sha256
{
public:
    static constexpr int DigestSize = 32;
    static constexpr int BlockSize = 64;

    enum class Backend {
        Auto,     // SHA extensions when the CPU has them, else portable
        Portable, // plain C++
        ShaNi,    // x86 SHA extensions (only when the CPU has them)
    };

    Sha256() { init(); }

    void init();
    void update(QByteArrayView data);
    // Finishes the hash and returns the 32-byte digest; call init() before reusing.
    QByteArray final();
    void finalInto(unsigned char *digest);

    static QByteArray hash(QByteArrayView data);

    // The backend in use (never Auto).
    static Backend backend();
    static bool cpuHasShaNi();
    // Forces a backend for tests and benchmarks; Auto restores the automatic choice.
    // Returns false (and changes nothing) when ShaNi is asked for on a CPU without it.
    static bool setBackendForTesting(Backend backend);

private:
    friend class HmacSha256;
    using State = std::array<quint32, 8>;

    Sha256(const State &state, quint64 length)
        : m_state(state)
        , m_length(length)
    {}

    State m_state{};
    quint64 m_length = 0; // bytes hashed so far
    std::array<unsigned char, BlockSize> m_block{};
    int m_fill = 0; // bytes waiting in m_block
};

// HMAC-SHA256 with one key: the padded key blocks are hashed once, in the constructor,
// so each message costs its own blocks plus two finalisations.
class HmacSha256
{
public:
    static constexpr int TagSize = Sha256::DigestSize;

    explicit HmacSha256(QByteArrayView key);

    // HMAC over a ‖ b, without concatenating them (e.g. header ‖ payload).
    QByteArray tag(QByteArrayView a, QByteArrayView b = {}) const;
    void tagInto(unsigned char *out, QByteArrayView a, QByteArrayView b = {}) const;
    // True when tag is the HMAC of a ‖ b; compared in constant time.
    bool verify(QByteArrayView tag, QByteArrayView a, QByteArrayView b = {}) const;

private:
    Sha256::State m_inner{};
    Sha256::State m_outer{};
};

} // namespace Econtext::Wire
