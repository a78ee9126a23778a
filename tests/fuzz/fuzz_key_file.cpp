// libFuzzer target: the reader of `<profile>/key.wrapped`, the one file the client parses before
// it has a key (crypto/key_wrap_format.h). parseWrappedKey() runs on arbitrary bytes; what it
// accepts must honour every documented bound and survive serialize/parse unchanged. The
// passphrase step (Argon2id, 64 MiB and more per try) is left out on purpose: it only runs on a
// blob that parsed, with sizes parseWrappedKey() already checked.
#include "crypto/key_wrap.h"
#include "crypto/key_wrap_format.h"
#include "fuzz_support.h"

#include <sodium.h>

using namespace msgr::crypto;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes = msgr::fuzz::inputBytes(data, size);
    const std::optional<WrappedKeyBlob> blob = parseWrappedKey(bytes);
    if (!blob) {
        // The same refusal reaches the caller as a typed error, before any derivation (an empty
        // passphrase is refused earlier, so a real one is given).
        if (bytes.size() <= kMaxWrappedBlobBytes)
            FUZZ_CHECK(unwrapKey(bytes, "passphrase").error == KeyWrapError::Malformed);
        return 0;
    }
    FUZZ_CHECK(bytes.size() <= kMaxWrappedBlobBytes);
    FUZZ_CHECK(blob->version == kWrappedKeyFormatVersion);
    FUZZ_CHECK(blob->salt.size() == crypto_pwhash_SALTBYTES);
    FUZZ_CHECK(blob->nonce.size() == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    FUZZ_CHECK(blob->ciphertext.size() > crypto_aead_xchacha20poly1305_ietf_ABYTES);
    FUZZ_CHECK(blob->ciphertext.size() <=
               kMaxWrappedKeyBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    FUZZ_CHECK(wrapCostAcceptable(blob->opsLimit, blob->memLimitBytes));
    const std::optional<WrappedKeyBlob> again = parseWrappedKey(serializeWrappedKey(*blob));
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(*again == *blob);
    return 0;
}
