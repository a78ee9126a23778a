#include "crypto/secret/ratchet_state_codec.h"

#include "crypto/sodium.h"

#include <QtEndian>
#include <sodium.h>

#include <cstring>

namespace msgr::crypto::secret {
namespace {

constexpr quint8 kHasReceivingKey = 0x01;
constexpr quint8 kHasSendingChain = 0x02;
constexpr quint8 kHasReceivingChain = 0x04;
constexpr qsizetype kStateKeyBytes = 32;

class RatchetStateWriter {
public:
    explicit RatchetStateWriter(qsizetype size) : m_out(size) {}
    void bytes(QByteArrayView b) {
        if (b.isEmpty())
            return;
        memcpy(m_out.data() + m_at, b.data(), static_cast<size_t>(b.size()));
        m_at += b.size();
    }
    void u8(quint8 v) { m_out.data()[m_at++] = static_cast<char>(v); }
    void u16(quint16 v) {
        qToBigEndian(v, m_out.data() + m_at);
        m_at += 2;
    }
    void u32(quint32 v) {
        qToBigEndian(v, m_out.data() + m_at);
        m_at += 4;
    }
    SecureBytes take() { return std::move(m_out); }

private:
    SecureBytes m_out;
    qsizetype m_at = 0;
};

//! Reads the layout front to back; any read past the end marks it failed and yields empties.
class RatchetStateReader {
public:
    explicit RatchetStateReader(QByteArrayView in) : m_in(in) {}
    bool atEnd() const { return !m_failed && m_at == m_in.size(); }
    bool failed() const { return m_failed; }
    QByteArrayView view(qsizetype n) {
        if (m_failed || m_in.size() - m_at < n) {
            m_failed = true;
            return {};
        }
        const QByteArrayView out = m_in.sliced(m_at, n);
        m_at += n;
        return out;
    }
    quint8 u8() {
        const QByteArrayView v = view(1);
        return m_failed ? 0 : static_cast<quint8>(v[0]);
    }
    quint16 u16() {
        const QByteArrayView v = view(2);
        return m_failed ? 0 : qFromBigEndian<quint16>(v.data());
    }
    quint32 u32() {
        const QByteArrayView v = view(4);
        return m_failed ? 0 : qFromBigEndian<quint32>(v.data());
    }

private:
    QByteArrayView m_in;
    qsizetype m_at = 0;
    bool m_failed = false;
};

bool isZero(QByteArrayView bytes) {
    return sodium_is_zero(reinterpret_cast<const unsigned char *>(bytes.data()),
                          static_cast<size_t>(bytes.size())) == 1;
}

} // namespace

SecureBytes encodeRatchetState(const RatchetState &s) {
    const bool hasReceivingKey = !s.receivingRatchetKey.isEmpty();
    const auto retired = static_cast<qsizetype>(s.retiredRatchetKeys.size());
    const auto skipped = static_cast<qsizetype>(s.skippedKeys.size());
    const qsizetype size = 2 + kAssociatedDataBytes + kStateKeyBytes + kStateSecretBytes +
                           (hasReceivingKey ? kStateKeyBytes : 0) + 12 + 2 +
                           retired * kStateKeyBytes + 2 +
                           skipped * (kStateKeyBytes + 4 + kStateKeyBytes);
    RatchetStateWriter w(size);
    w.u8(kRatchetStateVersion);
    w.u8((hasReceivingKey ? kHasReceivingKey : 0) | (s.hasSendingChain ? kHasSendingChain : 0) |
         (s.hasReceivingChain ? kHasReceivingChain : 0));
    w.bytes(s.associatedData);
    w.bytes(s.sendingRatchetPublic);
    w.bytes(s.secrets.view());
    if (hasReceivingKey)
        w.bytes(s.receivingRatchetKey);
    w.u32(s.sendCount);
    w.u32(s.receiveCount);
    w.u32(s.previousSendCount);
    w.u16(static_cast<quint16>(retired));
    for (const QByteArray &key : s.retiredRatchetKeys)
        w.bytes(key);
    w.u16(static_cast<quint16>(skipped));
    for (const SkippedKeyId &id : s.skippedKeys) {
        w.bytes(id.ratchetKey);
        w.u32(id.messageNumber);
    }
    w.bytes(s.skippedKeyBytes.view());
    return w.take();
}

Result<RatchetState> decodeRatchetState(QByteArrayView bytes) {
    if (bytes.isEmpty() || bytes.size() > kMaxRatchetStateBytes)
        return SecretError::Malformed;
    RatchetStateReader r(bytes);
    if (r.u8() != kRatchetStateVersion)
        return SecretError::UnsupportedVersion;
    const quint8 flags = r.u8();
    if ((flags & ~(kHasReceivingKey | kHasSendingChain | kHasReceivingChain)) != 0 ||
        // a receiving chain belongs to a known peer key
        ((flags & kHasReceivingChain) && !(flags & kHasReceivingKey)))
        return SecretError::Malformed;
    RatchetState s;
    s.associatedData = r.view(kAssociatedDataBytes).toByteArray();
    s.sendingRatchetPublic = r.view(kStateKeyBytes).toByteArray();
    const QByteArrayView secrets = r.view(kStateSecretBytes);
    if (flags & kHasReceivingKey)
        s.receivingRatchetKey = r.view(kStateKeyBytes).toByteArray();
    s.hasSendingChain = flags & kHasSendingChain;
    s.hasReceivingChain = flags & kHasReceivingChain;
    s.sendCount = r.u32();
    s.receiveCount = r.u32();
    s.previousSendCount = r.u32();
    const quint16 retired = r.u16();
    if (r.failed() || retired > kMaxRetiredRatchetKeys)
        return SecretError::Malformed;
    for (quint16 i = 0; i < retired; ++i)
        s.retiredRatchetKeys.push_back(r.view(kStateKeyBytes).toByteArray());
    const quint16 skipped = r.u16();
    if (r.failed() || skipped > kMaxSkippedMessageKeys)
        return SecretError::Malformed;
    for (quint16 i = 0; i < skipped && !r.failed(); ++i) {
        QByteArray ratchetKey = r.view(kStateKeyBytes).toByteArray();
        s.skippedKeys.push_back({std::move(ratchetKey), r.u32()});
    }
    const QByteArrayView skippedBytes = r.view(skipped * kStateKeyBytes);
    if (!r.atEnd())
        return SecretError::Malformed;
    // Keys the flags call absent must be zero, so one state has one encoding.
    if ((!s.hasSendingChain &&
         !isZero(secrets.sliced(qsizetype(StateKey::SendingChain), kStateKeyBytes))) ||
        (!s.hasReceivingChain &&
         !isZero(secrets.sliced(qsizetype(StateKey::ReceivingChain), kStateKeyBytes))))
        return SecretError::Malformed;
    ensureInitialized();
    unsigned char publicKey[kStateKeyBytes];
    crypto_scalarmult_base(publicKey, reinterpret_cast<const unsigned char *>(secrets.data()));
    if (QByteArrayView(reinterpret_cast<const char *>(publicKey), kStateKeyBytes) !=
        s.sendingRatchetPublic)
        return SecretError::Malformed;
    s.secrets = SecureBytes::copyOf(secrets);
    if (skipped > 0)
        s.skippedKeyBytes = SecureBytes::copyOf(skippedBytes);
    return s;
}

} // namespace msgr::crypto::secret
