// SHA-256 and HMAC-SHA256 (RFC 2104) on OpenSSL's libcrypto, which runs the x86 SHA
// extensions where the CPU has them. HmacSha256 authenticates frames (core/wire/frame.cpp,
// docs/protocol.md); Sha256::hash names module sources and cached code (core/modules).
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <memory>

struct evp_md_ctx_st;

namespace Econtext::Wire {

class Sha256
{
public:
    static constexpr int DigestSize = 32;
    static constexpr int BlockSize = 64;

    static QByteArray hash(QByteArrayView data);
};

// HMAC-SHA256 with one key: the padded key blocks are hashed once, in the constructor, so
// each message costs its own blocks plus two finalisations. The const methods may be called
// from several threads at once.
class HmacSha256
{
public:
    static constexpr int TagSize = Sha256::DigestSize;

    explicit HmacSha256(QByteArrayView key);
    ~HmacSha256();
    HmacSha256(HmacSha256 &&) noexcept;
    HmacSha256 &operator=(HmacSha256 &&) noexcept;
    HmacSha256(const HmacSha256 &) = delete;
    HmacSha256 &operator=(const HmacSha256 &) = delete;

    // HMAC over a ‖ b, without concatenating them (e.g. header ‖ payload).
    QByteArray tag(QByteArrayView a, QByteArrayView b = {}) const;
    void tagInto(unsigned char *out, QByteArrayView a, QByteArrayView b = {}) const;
    // True when tag is the HMAC of a ‖ b; compared in constant time.
    bool verify(QByteArrayView tag, QByteArrayView a, QByteArrayView b = {}) const;

private:
    struct ContextDeleter
    {
        void operator()(evp_md_ctx_st *context) const;
    };
    using DigestContext = std::unique_ptr<evp_md_ctx_st, ContextDeleter>;

    // SHA-256 states after the key XOR ipad and the key XOR opad blocks.
    DigestContext m_inner;
    DigestContext m_outer;
};

} // namespace Econtext::Wire
