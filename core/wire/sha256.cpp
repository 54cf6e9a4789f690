#include "core/wire/sha256.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>

namespace Econtext::Wire {

namespace {

// Fetched once: EVP_sha256() would fetch the implementation again on every initialisation.
// Never freed: OpenSSL tears its providers down at exit, and freeing after that crashes.
const EVP_MD *sha256Digest()
{
    static EVP_MD *const md = [] {
        EVP_MD *fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
        if (!fetched)
            qFatal("econtext: OpenSSL's libcrypto offers no SHA-256");
        return fetched;
    }();
    return md;
}

void check(int ok)
{
    // These fail only when memory runs out: nothing sensible can go on without the MAC.
    if (ok != 1)
        qFatal("econtext: SHA-256 in OpenSSL's libcrypto failed");
}

void update(EVP_MD_CTX *context, QByteArrayView data)
{
    if (!data.isEmpty())
        check(EVP_DigestUpdate(context, data.data(), size_t(data.size())));
}

// The context a tag is computed in: one per thread, so that const HmacSha256 objects can be
// used from several threads, and no allocation per tag beyond what a copy costs.
EVP_MD_CTX *scratchContext()
{
    struct Deleter
    {
        void operator()(EVP_MD_CTX *context) const { EVP_MD_CTX_free(context); }
    };
    thread_local const std::unique_ptr<EVP_MD_CTX, Deleter> scratch(EVP_MD_CTX_new());
    if (!scratch)
        qFatal("econtext: out of memory for a SHA-256 context");
    return scratch.get();
}

} // namespace

QByteArray Sha256::hash(QByteArrayView data)
{
    QByteArray out(DigestSize, Qt::Uninitialized);
    check(EVP_Digest(data.data(),
                     size_t(data.size()),
                     reinterpret_cast<unsigned char *>(out.data()),
                     nullptr,
                     sha256Digest(),
                     nullptr));
    return out;
}

void HmacSha256::ContextDeleter::operator()(evp_md_ctx_st *context) const
{
    EVP_MD_CTX_free(context);
}

HmacSha256::HmacSha256(QByteArrayView key)
    : m_inner(EVP_MD_CTX_new())
    , m_outer(EVP_MD_CTX_new())
{
    if (!m_inner || !m_outer)
        qFatal("econtext: out of memory for a SHA-256 context");
    // RFC 2104: a key longer than a block is hashed first; then zero-padded to a block.
    std::array<unsigned char, Sha256::BlockSize> block{};
    const QByteArray longKey = key.size() > Sha256::BlockSize ? Sha256::hash(key) : QByteArray();
    const QByteArrayView k = longKey.isEmpty() ? key : QByteArrayView(longKey);
    std::array<unsigned char, Sha256::BlockSize> pad{};
    for (qsizetype i = 0; i < k.size(); ++i)
        block[size_t(i)] = static_cast<unsigned char>(k[i]);
    const auto keyed = [&](EVP_MD_CTX *context, unsigned char mask) {
        for (size_t i = 0; i < pad.size(); ++i)
            pad[i] = block[i] ^ mask;
        check(EVP_DigestInit_ex(context, sha256Digest(), nullptr));
        check(EVP_DigestUpdate(context, pad.data(), pad.size()));
    };
    keyed(m_inner.get(), 0x36);
    keyed(m_outer.get(), 0x5c);
    OPENSSL_cleanse(block.data(), block.size());
    OPENSSL_cleanse(pad.data(), pad.size());
}

HmacSha256::~HmacSha256() = default;
HmacSha256::HmacSha256(HmacSha256 &&) noexcept = default;
HmacSha256 &HmacSha256::operator=(HmacSha256 &&) noexcept = default;

void HmacSha256::tagInto(unsigned char *out, QByteArrayView a, QByteArrayView b) const
{
    EVP_MD_CTX *context = scratchContext();
    unsigned char inner[Sha256::DigestSize];
    check(EVP_MD_CTX_copy_ex(context, m_inner.get()));
    update(context, a);
    update(context, b);
    check(EVP_DigestFinal_ex(context, inner, nullptr));
    check(EVP_MD_CTX_copy_ex(context, m_outer.get()));
    check(EVP_DigestUpdate(context, inner, sizeof inner));
    check(EVP_DigestFinal_ex(context, out, nullptr));
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
    return CRYPTO_memcmp(expected, tag.data(), TagSize) == 0;
}

} // namespace Econtext::Wire
