#include "core/secret/secret_payload.h"

#include "crypto/secret/ratchet_message.h"
#include "protocol/limits.h"

#include <QStringDecoder>

namespace msgr::core::secret {

EnvelopeKind classifyEnvelope(QByteArrayView envelope) {
    if (envelope.isEmpty())
        return EnvelopeKind::Unknown;
    const auto first = static_cast<quint8>(envelope.front());
    if ((first & 0xe0) == 0xa0) // CBOR major type 5 (map)
        return EnvelopeKind::PreKeyMessage;
    if (first == crypto::secret::kRatchetMessageVersion)
        return EnvelopeKind::RatchetMessage;
    return EnvelopeKind::Unknown;
}

QByteArray encodePayload(const SecretPayload &payload) {
    QByteArray out(1, static_cast<char>(payload.kind));
    if (payload.kind == SecretPayload::Kind::Text)
        out += payload.text.toUtf8();
    return out;
}

std::optional<SecretPayload> decodePayload(QByteArrayView plaintext) {
    if (plaintext.isEmpty())
        return std::nullopt;
    const QByteArrayView body = plaintext.sliced(1);
    switch (static_cast<quint8>(plaintext.front())) {
    case quint8(SecretPayload::Kind::Open):
        if (!body.isEmpty())
            return std::nullopt;
        return SecretPayload{SecretPayload::Kind::Open, {}};
    case quint8(SecretPayload::Kind::Text): {
        // 4 bytes per character at most: longer cannot be within the limit.
        if (body.isEmpty() || body.size() > qsizetype{protocol::kMaxTextChars} * 4)
            return std::nullopt;
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        QString text = utf8.decode(body);
        if (utf8.hasError() || text.isEmpty() || text.size() > protocol::kMaxTextChars)
            return std::nullopt;
        return SecretPayload{SecretPayload::Kind::Text, std::move(text)};
    }
    default:
        return std::nullopt;
    }
}

} // namespace msgr::core::secret
