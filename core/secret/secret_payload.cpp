#include "core/secret/secret_payload.h"

#include "core/secret/secret_timer_values.h"
#include "crypto/secret/ratchet_message.h"
#include "protocol/limits.h"

#include <QStringDecoder>
#include <QtEndian>

namespace msgr::core::secret {
namespace {

constexpr qint64 kMsPerSecond = 1000;

std::optional<QString> decodeText(QByteArrayView body) {
    // 4 bytes per character at most: longer cannot be within the limit.
    if (body.isEmpty() || body.size() > qsizetype{protocol::kMaxTextChars} * 4)
        return std::nullopt;
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = utf8.decode(body);
    if (utf8.hasError() || text.isEmpty() || text.size() > protocol::kMaxTextChars)
        return std::nullopt;
    return text;
}

void appendU32(QByteArray &out, quint32 value) {
    char bytes[4];
    qToBigEndian(value, bytes);
    out.append(bytes, 4);
}

void appendU64(QByteArray &out, quint64 value) {
    char bytes[8];
    qToBigEndian(value, bytes);
    out.append(bytes, 8);
}

//! A timer on the wire (whole seconds) as ms, when it is one of the allowed values.
std::optional<qint64> timerFrom(QByteArrayView bytes, bool allowOff) {
    const qint64 ms = qint64{qFromBigEndian<quint32>(bytes.data())} * kMsPerSecond;
    if (!isAllowedTimer(ms) || (ms == 0 && !allowOff))
        return std::nullopt;
    return ms;
}

} // namespace

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
    switch (payload.kind) {
    case SecretPayload::Kind::Open:
        break;
    case SecretPayload::Kind::Text:
        out += payload.text.toUtf8();
        break;
    case SecretPayload::Kind::TimedText:
        appendU32(out, quint32(payload.ttlMs / kMsPerSecond));
        appendU64(out, quint64(payload.seq));
        out += payload.text.toUtf8();
        break;
    case SecretPayload::Kind::ReadNotice:
        out.append(char(payload.seqs.size() >> 8)).append(char(payload.seqs.size() & 0xff));
        for (qint64 seq : payload.seqs)
            appendU64(out, quint64(seq));
        break;
    case SecretPayload::Kind::TimerSetting:
        appendU32(out, quint32(payload.ttlMs / kMsPerSecond));
        break;
    }
    return out;
}

std::optional<SecretPayload> decodePayload(QByteArrayView plaintext) {
    if (plaintext.isEmpty())
        return std::nullopt;
    const QByteArrayView body = plaintext.sliced(1);
    SecretPayload out;
    switch (static_cast<quint8>(plaintext.front())) {
    case quint8(SecretPayload::Kind::Open):
        if (!body.isEmpty())
            return std::nullopt;
        out.kind = SecretPayload::Kind::Open;
        return out;
    case quint8(SecretPayload::Kind::Text): {
        std::optional<QString> text = decodeText(body);
        if (!text)
            return std::nullopt;
        out.text = std::move(*text);
        return out;
    }
    case quint8(SecretPayload::Kind::TimedText): {
        if (body.size() < 12)
            return std::nullopt;
        const std::optional<qint64> ttl = timerFrom(body.first(4), false);
        const auto seq = qFromBigEndian<quint64>(body.data() + 4);
        std::optional<QString> text = decodeText(body.sliced(12));
        if (!ttl || seq < 1 || seq > quint64(kMaxMessageSeq) || !text)
            return std::nullopt;
        out.kind = SecretPayload::Kind::TimedText;
        out.ttlMs = *ttl;
        out.seq = qint64(seq);
        out.text = std::move(*text);
        return out;
    }
    case quint8(SecretPayload::Kind::ReadNotice): {
        if (body.size() < 2)
            return std::nullopt;
        const int count = (quint8(body[0]) << 8) | quint8(body[1]);
        if (count < 1 || count > kMaxReadNoticeSeqs || body.size() != 2 + qsizetype(count) * 8)
            return std::nullopt;
        out.kind = SecretPayload::Kind::ReadNotice;
        for (int i = 0; i < count; ++i) {
            const auto seq = qFromBigEndian<quint64>(body.data() + 2 + i * 8);
            if (seq < 1 || seq > quint64(kMaxMessageSeq))
                return std::nullopt;
            out.seqs.append(qint64(seq));
        }
        return out;
    }
    case quint8(SecretPayload::Kind::TimerSetting): {
        if (body.size() != 4)
            return std::nullopt;
        const std::optional<qint64> ttl = timerFrom(body, true);
        if (!ttl)
            return std::nullopt;
        out.kind = SecretPayload::Kind::TimerSetting;
        out.ttlMs = *ttl;
        return out;
    }
    default:
        return std::nullopt;
    }
}

} // namespace msgr::core::secret
