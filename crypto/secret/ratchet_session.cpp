#include "crypto/secret/ratchet_session.h"

#include "crypto/secret/ratchet_kdf.h"
#include "crypto/secret/scrubbed_bytes.h"
#include "crypto/secret/sodium_bytes.h"
#include "crypto/sodium.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace msgr::crypto::secret {
namespace {

constexpr quint32 kLastCounter = std::numeric_limits<quint32>::max();
constexpr qsizetype kSessionKeyBytes = 32;

//! Where a key of the state's block is written: only ever a block no other state shares yet.
unsigned char *slot(RatchetState &state, StateKey which) {
    return reinterpret_cast<unsigned char *>(state.secrets.data()) + static_cast<qsizetype>(which);
}

//! Gives `state` its own copy of the key block, to write a step into.
void detachSecrets(RatchetState &state) {
    state.secrets = SecureBytes::copyOf(state.secrets.view());
}

QByteArray aeadSeal(QByteArrayView messageKey, QByteArrayView ad, QByteArrayView plaintext) {
    ScrubbedBytes<kAeadKeyBytes> key;
    ScrubbedBytes<kAeadNonceBytes> nonce;
    messageAeadKey(messageKey, key.data(), nonce.data());
    QByteArray out(plaintext.size() + kAeadTagBytes, Qt::Uninitialized);
    unsigned long long length = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        reinterpret_cast<unsigned char *>(out.data()), &length, bytesOf(plaintext),
        static_cast<unsigned long long>(plaintext.size()), bytesOf(ad),
        static_cast<unsigned long long>(ad.size()), nullptr, nonce.data(), key.data());
    out.resize(static_cast<qsizetype>(length));
    return out;
}

std::optional<QByteArray> aeadOpen(QByteArrayView messageKey, QByteArrayView ad,
                                   QByteArrayView ciphertext) {
    ScrubbedBytes<kAeadKeyBytes> key;
    ScrubbedBytes<kAeadNonceBytes> nonce;
    messageAeadKey(messageKey, key.data(), nonce.data());
    QByteArray out(ciphertext.size() - kAeadTagBytes, Qt::Uninitialized);
    unsigned long long length = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char *>(out.data()), &length, nullptr, bytesOf(ciphertext),
            static_cast<unsigned long long>(ciphertext.size()), bytesOf(ad),
            static_cast<unsigned long long>(ad.size()), nonce.data(), key.data()) != 0)
        return std::nullopt;
    out.resize(static_cast<qsizetype>(length));
    return out;
}

//! Derives and keeps the receiving chain's keys up to (not including) `until`, so messages that
//! arrive later or never can be read or forgotten; past the cap the oldest kept keys are
//! deleted. `state.secrets` must already be this state's own.
SecretError skipMessageKeys(RatchetState &state, quint32 until) {
    if (!state.hasReceivingChain || until <= state.receiveCount)
        return SecretError::None;
    if (until - state.receiveCount > kMaxSkipPerChain)
        return SecretError::TooManySkipped;
    const auto added = static_cast<qsizetype>(until - state.receiveCount);
    const auto kept = static_cast<qsizetype>(state.skippedKeys.size());
    const qsizetype dropped = std::max<qsizetype>(0, kept + added - kMaxSkippedMessageKeys);
    SecureBytes keys((kept - dropped + added) * kSessionKeyBytes);
    auto *out = reinterpret_cast<unsigned char *>(keys.data());
    if (kept > dropped)
        memcpy(out, state.skippedKeyBytes.constData() + dropped * kSessionKeyBytes,
               static_cast<size_t>((kept - dropped) * kSessionKeyBytes));
    state.skippedKeys.erase(state.skippedKeys.begin(), state.skippedKeys.begin() + dropped);
    out += (kept - dropped) * kSessionKeyBytes;
    unsigned char *chain = slot(state, StateKey::ReceivingChain);
    for (; state.receiveCount < until; ++state.receiveCount, out += kSessionKeyBytes) {
        chainStep(state.key(StateKey::ReceivingChain), chain, out);
        state.skippedKeys.push_back({state.receivingRatchetKey, state.receiveCount});
    }
    state.skippedKeyBytes = std::move(keys);
    return SecretError::None;
}

//! The DH ratchet step on a new peer ratchet key (the specification's DHRatchet).
SecretError ratchetStep(RatchetState &state, const QByteArray &peerRatchetKey) {
    if (!state.receivingRatchetKey.isEmpty()) {
        state.retiredRatchetKeys.push_back(state.receivingRatchetKey);
        if (static_cast<qsizetype>(state.retiredRatchetKeys.size()) > kMaxRetiredRatchetKeys)
            state.retiredRatchetKeys.erase(state.retiredRatchetKeys.begin());
    }
    state.previousSendCount = state.sendCount;
    state.sendCount = 0;
    state.receiveCount = 0;
    state.receivingRatchetKey = peerRatchetKey;
    ScrubbedBytes<kSessionKeyBytes> shared;
    if (const SecretError e =
            agreeInto(shared.data(), state.key(StateKey::SendingRatchetSecret), peerRatchetKey);
        e != SecretError::None)
        return e;
    rootStep(state.key(StateKey::Root), shared.view(), slot(state, StateKey::Root),
             slot(state, StateKey::ReceivingChain));
    state.hasReceivingChain = true;
    unsigned char *ratchetSecret = slot(state, StateKey::SendingRatchetSecret);
    randombytes_buf(ratchetSecret, kSessionKeyBytes);
    state.sendingRatchetPublic = QByteArray(kSessionKeyBytes, Qt::Uninitialized);
    crypto_scalarmult_base(reinterpret_cast<unsigned char *>(state.sendingRatchetPublic.data()),
                           ratchetSecret);
    if (const SecretError e =
            agreeInto(shared.data(), state.key(StateKey::SendingRatchetSecret), peerRatchetKey);
        e != SecretError::None)
        return e;
    rootStep(state.key(StateKey::Root), shared.view(), slot(state, StateKey::Root),
             slot(state, StateKey::SendingChain));
    state.hasSendingChain = true;
    return SecretError::None;
}

bool contains(const std::vector<QByteArray> &keys, QByteArrayView key) {
    return std::any_of(keys.begin(), keys.end(), [key](const QByteArray &k) { return k == key; });
}

RatchetState freshState(QByteArray associatedData, const X25519KeyPair &ownRatchetKey) {
    RatchetState state;
    state.associatedData = std::move(associatedData);
    state.sendingRatchetPublic = ownRatchetKey.publicKey;
    state.secrets = SecureBytes(kStateSecretBytes);
    memcpy(slot(state, StateKey::SendingRatchetSecret), ownRatchetKey.secretKey.constData(),
           kSessionKeyBytes);
    return state;
}

} // namespace

Result<RatchetSession> RatchetSession::initiate(const SecureBytes &sharedSecret,
                                                QByteArray associatedData,
                                                QByteArrayView peerSignedPreKey,
                                                X25519KeyPair ownRatchetKey) {
    if (!ownRatchetKey.isValid() || sharedSecret.size() != kSessionKeyBytes)
        return SecretError::Malformed;
    ScrubbedBytes<kSessionKeyBytes> shared;
    if (const SecretError e =
            agreeInto(shared.data(), ownRatchetKey.secretKey.view(), peerSignedPreKey);
        e != SecretError::None)
        return e;
    RatchetState state = freshState(std::move(associatedData), ownRatchetKey);
    state.receivingRatchetKey = peerSignedPreKey.toByteArray();
    rootStep(sharedSecret.view(), shared.view(), slot(state, StateKey::Root),
             slot(state, StateKey::SendingChain));
    state.hasSendingChain = true;
    return RatchetSession(std::move(state));
}

RatchetSession RatchetSession::respond(const SecureBytes &sharedSecret, QByteArray associatedData,
                                       const X25519KeyPair &signedPreKey) {
    RatchetState state = freshState(std::move(associatedData), signedPreKey);
    memcpy(slot(state, StateKey::Root), sharedSecret.constData(),
           static_cast<size_t>(std::min<qsizetype>(kSessionKeyBytes, sharedSecret.size())));
    return RatchetSession(std::move(state));
}

Result<QByteArray> RatchetSession::encrypt(QByteArrayView plaintext) {
    if (!m_state.hasSendingChain)
        return SecretError::NoSendingChain;
    if (m_state.sendCount == kLastCounter)
        return SecretError::CounterExhausted;
    if (plaintext.size() > kMaxPlaintextBytes)
        return SecretError::Malformed;
    RatchetState next = m_state;
    detachSecrets(next);
    ScrubbedBytes<kSessionKeyBytes> messageKey;
    chainStep(next.key(StateKey::SendingChain), slot(next, StateKey::SendingChain),
              messageKey.data());
    const QByteArray header =
        encodeRatchetHeader({next.sendingRatchetPublic, next.previousSendCount, next.sendCount});
    QByteArray message =
        header + aeadSeal(messageKey.view(), next.associatedData + header, plaintext);
    ++next.sendCount;
    m_state = std::move(next);
    return message;
}

Result<QByteArray> RatchetSession::decrypt(QByteArrayView bytes) {
    const Result<RatchetMessage> message = splitRatchetMessage(bytes);
    if (!message.ok())
        return message.error();
    const RatchetHeader &header = message->header;
    if (header.messageNumber == kLastCounter)
        return SecretError::CounterExhausted;
    const QByteArray ad = m_state.associatedData + message->encodedHeader.toByteArray();

    // A key kept for a message that had not arrived: used once, then deleted.
    const SkippedKeyId id{header.ratchetKey, header.messageNumber};
    const auto skipped = std::find(m_state.skippedKeys.begin(), m_state.skippedKeys.end(), id);
    if (skipped != m_state.skippedKeys.end()) {
        const qsizetype index = skipped - m_state.skippedKeys.begin();
        std::optional<QByteArray> plaintext = aeadOpen(
            m_state.skippedKeyBytes.view().sliced(index * kSessionKeyBytes, kSessionKeyBytes), ad,
            message->ciphertext);
        if (!plaintext)
            return SecretError::AuthenticationFailed;
        const qsizetype count = static_cast<qsizetype>(m_state.skippedKeys.size());
        SecureBytes rest((count - 1) * kSessionKeyBytes);
        if (count > 1) {
            memcpy(rest.data(), m_state.skippedKeyBytes.constData(),
                   static_cast<size_t>(index * kSessionKeyBytes));
            memcpy(rest.data() + index * kSessionKeyBytes,
                   m_state.skippedKeyBytes.constData() + (index + 1) * kSessionKeyBytes,
                   static_cast<size_t>((count - index - 1) * kSessionKeyBytes));
        }
        m_state.skippedKeys.erase(skipped);
        m_state.skippedKeyBytes = std::move(rest);
        return std::move(*plaintext);
    }
    if (contains(m_state.retiredRatchetKeys, header.ratchetKey))
        return SecretError::DuplicateOrExpired;
    if (header.ratchetKey == m_state.receivingRatchetKey &&
        header.messageNumber < m_state.receiveCount)
        return SecretError::DuplicateOrExpired; // used already, or skipped and since deleted

    RatchetState next = m_state;
    detachSecrets(next);
    if (header.ratchetKey != next.receivingRatchetKey) {
        if (const SecretError e = skipMessageKeys(next, header.previousChainLength);
            e != SecretError::None)
            return e;
        if (const SecretError e = ratchetStep(next, header.ratchetKey); e != SecretError::None)
            return e;
    }
    if (const SecretError e = skipMessageKeys(next, header.messageNumber); e != SecretError::None)
        return e;
    ScrubbedBytes<kSessionKeyBytes> messageKey;
    chainStep(next.key(StateKey::ReceivingChain), slot(next, StateKey::ReceivingChain),
              messageKey.data());
    std::optional<QByteArray> plaintext = aeadOpen(messageKey.view(), ad, message->ciphertext);
    if (!plaintext)
        return SecretError::AuthenticationFailed;
    ++next.receiveCount;
    m_state = std::move(next);
    return std::move(*plaintext);
}

} // namespace msgr::crypto::secret
