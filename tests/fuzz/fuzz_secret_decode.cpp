// libFuzzer target: the secret chats' decoders on untrusted bytes (crypto/secret/): a pre-key
// bundle (from the server), a pre-key message and a ratchet message (from a peer, through the
// server), a stored ratchet state and a device's stored keys (from a possibly damaged
// database), a scanned verification code (from a camera). The first byte picks the
// decoder (make_seed_corpus.cpp writes seeds for each). What decodes must honour the documented
// sizes and re-encode to the same value; a decoded state must re-encode to the very same bytes,
// and a message it cannot open must leave it unchanged.
#include "crypto/secret/device_keys_codec.h"
#include "crypto/secret/pre_key_bundle.h"
#include "crypto/secret/pre_key_message.h"
#include "crypto/secret/ratchet_session.h"
#include "crypto/secret/ratchet_state_codec.h"
#include "crypto/secret/verification_code.h"
#include "fuzz_support.h"

#include <QtEndian>

using namespace msgr::crypto::secret;

namespace {

constexpr qint64 kNowMs = 1'764'547'200'000;

void bundle(QByteArrayView bytes) {
    const Result<PreKeyBundle> decoded = decodePreKeyBundle(bytes);
    if (!decoded.ok()) {
        FUZZ_CHECK(decoded.error() == SecretError::Malformed ||
                   decoded.error() == SecretError::UnsupportedVersion);
        return;
    }
    FUZZ_CHECK(bytes.size() <= kMaxBundleBytes);
    FUZZ_CHECK(decoded->identity.signingKey.size() == kEd25519PublicBytes);
    FUZZ_CHECK(decoded->identity.agreementKey.size() == kX25519Bytes);
    FUZZ_CHECK(decoded->signedPreKey.signature.size() == kSignatureBytes);
    const Result<PreKeyBundle> again = decodePreKeyBundle(encodePreKeyBundle(decoded.value()));
    FUZZ_CHECK(again.ok() && again.value() == decoded.value());
    // A random bundle carries no valid signature (forging Ed25519 is out of the fuzzer's reach).
    const SecretError verified = decoded->verify(kNowMs);
    FUZZ_CHECK(verified == SecretError::BadSignature ||
               verified == SecretError::StaleSignedPreKey || verified == SecretError::None);
}

void preKeyMessage(QByteArrayView bytes) {
    const Result<PreKeyMessage> decoded = decodePreKeyMessage(bytes);
    if (!decoded.ok())
        return;
    FUZZ_CHECK(decoded->ephemeralKey.size() == kX25519Bytes);
    FUZZ_CHECK(splitRatchetMessage(decoded->message).ok());
    const Result<PreKeyMessage> again = decodePreKeyMessage(encodePreKeyMessage(decoded.value()));
    FUZZ_CHECK(again.ok() && again.value() == decoded.value());
}

void ratchetMessage(QByteArrayView bytes) {
    const Result<RatchetMessage> split = splitRatchetMessage(bytes);
    if (!split.ok())
        return;
    FUZZ_CHECK(split->ciphertext.size() >= kAeadTagBytes);
    FUZZ_CHECK(bytes.size() <= kMaxRatchetMessageBytes);
    FUZZ_CHECK(encodeRatchetHeader(split->header) == split->encodedHeader);
}

void ratchetState(QByteArrayView bytes) {
    Result<RatchetState> decoded = decodeRatchetState(bytes);
    if (!decoded.ok())
        return;
    const msgr::crypto::SecureBytes encoded = encodeRatchetState(decoded.value());
    FUZZ_CHECK(encoded.view() == bytes); // one state, one encoding
    RatchetSession session = RatchetSession::fromState(std::move(decoded).value());
    // A message on its receiving chain, and one with a new ratchet key: neither authenticates.
    const QByteArray peerKey = session.state().receivingRatchetKey.isEmpty()
                                   ? QByteArray(32, '\x09')
                                   : session.state().receivingRatchetKey;
    for (const QByteArray &key : {peerKey, QByteArray(32, '\x09')}) {
        const QByteArray message =
            encodeRatchetHeader({key, 1, session.state().receiveCount + 1}) + QByteArray(20, 'c');
        const Result<QByteArray> opened = session.decrypt(message);
        FUZZ_CHECK(!opened.ok());
        FUZZ_CHECK(encodeRatchetState(session.state()).view() == bytes);
    }
}

void deviceKeys(QByteArrayView bytes) {
    const Result<DeviceKeys> decoded = decodeDeviceKeys(bytes);
    if (!decoded.ok())
        return;
    FUZZ_CHECK(decoded->signedPreKeys.size() <= size_t(kMaxHeldSignedPreKeys));
    FUZZ_CHECK(decoded->oneTimePreKeys.size() <= kMaxHeldOneTimePreKeys);
    FUZZ_CHECK(encodeDeviceKeys(decoded.value()).view() == bytes); // one encoding
}

void scannedCode(QByteArrayView bytes) {
    // Two fixed identities (64 bytes each): a match must be exactly the code the peer shows.
    static const QByteArray own(64, '\x01');
    static const QByteArray peer(64, '\x02');
    const QString text = QString::fromUtf8(bytes);
    const ScanResult result = checkScannedCode(text, own, peer);
    FUZZ_CHECK(result != ScanResult::Match || text == verificationCode(peer, own));
    FUZZ_CHECK(text.size() <= kMaxVerificationCodeChars || result == ScanResult::Malformed);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    const QByteArray input = msgr::fuzz::inputBytes(data, size);
    const QByteArrayView payload = QByteArrayView(input).sliced(1);
    switch (data[0] % 6) {
    case 0:
        bundle(payload);
        break;
    case 1:
        preKeyMessage(payload);
        break;
    case 2:
        ratchetMessage(payload);
        break;
    case 3:
        ratchetState(payload);
        break;
    case 4:
        deviceKeys(payload);
        break;
    default:
        scannedCode(payload);
        break;
    }
    return 0;
}
