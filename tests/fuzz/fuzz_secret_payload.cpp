// libFuzzer target: what a secret-chat client reads from the relay before and after the
// ratchet (core/secret/secret_payload.h): an envelope's kind, told by its first byte, and a
// decrypted plaintext (an authenticated peer is still not trusted to send well-formed bytes).
// Invariants: a plaintext that decodes is a known kind with a body only where one belongs, a
// text within the message limit, an allowed timer, positive message numbers, a file's fields
// at their sizes and within their limits (§12.8; a voice message's duration and waveform too,
// kind 6), and encodes back to exactly the input bytes.
#include "core/secret/secret_payload.h"
#include "core/secret/secret_timer_values.h"
#include "fuzz_support.h"
#include "protocol/limits.h"

using namespace msgr::core::secret;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const EnvelopeKind kind = classifyEnvelope(bytes);
    FUZZ_CHECK(bytes.isEmpty() ? kind == EnvelopeKind::Unknown : true);

    const std::optional<SecretPayload> payload = decodePayload(bytes);
    if (payload) {
        const bool hasText = payload->kind == SecretPayload::Kind::Text ||
                             payload->kind == SecretPayload::Kind::TimedText;
        const bool isVoice = carriesVoice(payload->kind);
        const bool isFile = carriesFile(payload->kind);
        // Kinds 5 and 6 carry the plaintext's hash, 7 and 8 none.
        const bool hashed = payload->kind == SecretPayload::Kind::HashedFile ||
                            payload->kind == SecretPayload::Kind::HashedVoice;
        if (hasText)
            FUZZ_CHECK(!payload->text.isEmpty() &&
                       payload->text.size() <= msgr::protocol::kMaxTextChars);
        else if (isFile) // the caption may be empty
            FUZZ_CHECK(payload->text.size() <= msgr::protocol::kMaxTextChars);
        else
            FUZZ_CHECK(payload->text.isEmpty());
        FUZZ_CHECK(isFile == payload->file.has_value());
        if (isFile) {
            const SecretFile &f = *payload->file;
            FUZZ_CHECK(f.kind <= 4 && f.fileId.size() == 32 && f.key.size() == 32 &&
                       f.header.size() == 24 && f.plainHash.size() == (hashed ? 32 : 0) &&
                       f.cipherSha256.size() == 32 && f.plainSize >= 0);
            FUZZ_CHECK(f.name.toUtf8().size() <= kMaxSecretFileNameBytes &&
                       f.mime.size() <= kMaxSecretFileMimeBytes &&
                       f.thumbnail.size() <= kMaxSecretFileThumbnailBytes);
            FUZZ_CHECK((payload->ttlMs == 0) == (payload->seq == 0));
            if (isVoice)
                FUZZ_CHECK(f.kind == kSecretVoiceFileKind && f.durationMs >= 0 &&
                           f.durationMs <= kMaxSecretVoiceDurationMs &&
                           f.waveform.size() <= kMaxSecretVoiceWaveformBytes);
            else
                FUZZ_CHECK(f.durationMs == -1 && f.waveform.isEmpty());
        }
        FUZZ_CHECK(isAllowedTimer(payload->ttlMs));
        if (payload->kind == SecretPayload::Kind::TimedText)
            FUZZ_CHECK(payload->ttlMs > 0 && payload->seq >= 1);
        if (payload->kind == SecretPayload::Kind::ReadNotice) {
            FUZZ_CHECK(!payload->seqs.isEmpty() && payload->seqs.size() <= kMaxReadNoticeSeqs);
            for (qint64 seq : payload->seqs)
                FUZZ_CHECK(seq >= 1 && seq <= kMaxMessageSeq);
        }
        FUZZ_CHECK(encodePayload(*payload) == bytes);
    }
    return 0;
}
