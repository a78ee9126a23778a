// libFuzzer target: what a secret-chat client reads from the relay before and after the
// ratchet (core/secret/secret_payload.h): an envelope's kind, told by its first byte, and a
// decrypted plaintext (an authenticated peer is still not trusted to send well-formed bytes).
// Invariants: a plaintext that decodes is a known kind with a body only where one belongs, a
// text within the message limit, and encodes back to exactly the input bytes.
#include "core/secret/secret_payload.h"
#include "fuzz_support.h"
#include "protocol/limits.h"

using namespace msgr::core::secret;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const EnvelopeKind kind = classifyEnvelope(bytes);
    FUZZ_CHECK(bytes.isEmpty() ? kind == EnvelopeKind::Unknown : true);

    const std::optional<SecretPayload> payload = decodePayload(bytes);
    if (payload) {
        FUZZ_CHECK(payload->kind == SecretPayload::Kind::Open ||
                   payload->kind == SecretPayload::Kind::Text);
        if (payload->kind == SecretPayload::Kind::Open)
            FUZZ_CHECK(payload->text.isEmpty());
        else
            FUZZ_CHECK(!payload->text.isEmpty() &&
                       payload->text.size() <= msgr::protocol::kMaxTextChars);
        FUZZ_CHECK(encodePayload(*payload) == bytes);
    }
    return 0;
}
