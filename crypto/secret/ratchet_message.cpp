#include "crypto/secret/ratchet_message.h"

#include <QtEndian>

namespace msgr::crypto::secret {

QByteArray encodeRatchetHeader(const RatchetHeader &header) {
    QByteArray out(kRatchetHeaderBytes, '\0');
    out[0] = static_cast<char>(kRatchetMessageVersion);
    out.replace(1, 32, header.ratchetKey.left(32));
    qToBigEndian(header.previousChainLength, out.data() + 33);
    qToBigEndian(header.messageNumber, out.data() + 37);
    return out;
}

Result<RatchetHeader> decodeRatchetHeader(QByteArrayView bytes) {
    if (bytes.size() != kRatchetHeaderBytes)
        return SecretError::Malformed;
    if (static_cast<quint8>(bytes[0]) != kRatchetMessageVersion)
        return SecretError::UnsupportedVersion;
    return RatchetHeader{bytes.sliced(1, 32).toByteArray(),
                         qFromBigEndian<quint32>(bytes.data() + 33),
                         qFromBigEndian<quint32>(bytes.data() + 37)};
}

Result<RatchetMessage> splitRatchetMessage(QByteArrayView bytes) {
    if (bytes.size() < kRatchetHeaderBytes + kAeadTagBytes ||
        bytes.size() > kMaxRatchetMessageBytes)
        return SecretError::Malformed;
    const QByteArrayView encodedHeader = bytes.first(kRatchetHeaderBytes);
    Result<RatchetHeader> header = decodeRatchetHeader(encodedHeader);
    if (!header.ok())
        return header.error();
    return RatchetMessage{std::move(header).value(), encodedHeader,
                          bytes.sliced(kRatchetHeaderBytes)};
}

} // namespace msgr::crypto::secret
