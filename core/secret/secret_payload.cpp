#include "core/secret/secret_payload.h"

#include "core/secret/secret_timer_values.h"
#include "crypto/secret/file_stream_seal.h"
#include "crypto/secret/ratchet_message.h"
#include "protocol/limits.h"

#include <QStringDecoder>
#include <QtEndian>
#include <algorithm>

namespace msgr::core::secret {
namespace {

constexpr qint64 kMsPerSecond = 1000;

//! Kinds 5 and 6: the file's fields with the plaintext's BLAKE2b-256 after its size.
bool carriesPlainHash(SecretPayload::Kind kind) {
    return kind == SecretPayload::Kind::HashedFile || kind == SecretPayload::Kind::HashedVoice;
}

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

void appendU16(QByteArray &out, quint16 value) {
    char bytes[2];
    qToBigEndian(value, bytes);
    out.append(bytes, 2);
}

void appendFile(QByteArray &out, const SecretPayload &payload) {
    const SecretFile &f = *payload.file;
    appendU32(out, quint32(payload.ttlMs / kMsPerSecond));
    appendU64(out, quint64(payload.ttlMs > 0 ? payload.seq : 0));
    out.append(char(f.kind));
    out += QByteArray::fromHex(f.fileId.toLatin1());
    out.append(f.key.view());
    out += f.header;
    appendU64(out, quint64(f.plainSize));
    if (carriesPlainHash(payload.kind)) {
        Q_ASSERT(f.plainHash.size() == crypto::secret::kSecretFileHashBytes);
        out += f.plainHash;
    }
    out += f.cipherSha256;
    appendU16(out, quint16(f.width));
    appendU16(out, quint16(f.height));
    const QByteArray name = f.name.toUtf8();
    out.append(char(name.size())).append(name);
    const QByteArray mime = f.mime.toLatin1();
    out.append(char(mime.size())).append(mime);
    appendU16(out, quint16(f.thumbnail.size()));
    out += f.thumbnail;
    if (carriesVoice(payload.kind)) {
        // Within the bounds the receiver checks: never a voice message it would drop.
        appendU32(out, quint32(std::clamp<qint64>(f.durationMs, 0, kMaxSecretVoiceDurationMs)));
        const QByteArray levels = f.waveform.left(kMaxSecretVoiceWaveformBytes);
        appendU16(out, quint16(levels.size()));
        out += levels;
    }
    out += payload.text.toUtf8();
}

//! A cursor over untrusted bytes: every take checks what is left.
struct Reader {
    QByteArrayView rest;
    bool ok = true;
    QByteArrayView take(qsizetype n) {
        if (!ok || n < 0 || rest.size() < n) {
            ok = false;
            return {};
        }
        const QByteArrayView out = rest.first(n);
        rest = rest.sliced(n);
        return out;
    }
    quint64 number(qsizetype n) {
        const QByteArrayView bytes = take(n);
        quint64 value = 0;
        for (char c : bytes)
            value = (value << 8) | quint8(c);
        return value;
    }
};

bool printableAscii(QByteArrayView bytes) {
    for (char c : bytes)
        if (quint8(c) < 0x20 || quint8(c) > 0x7e)
            return false;
    return true;
}

//! Kind 7 (a file) or 8 (a voice message: the file's fields, then its duration and levels), or
//! 5 and 6, their older forms with the plaintext's hash after its size.
std::optional<SecretPayload> decodeFile(QByteArrayView body, SecretPayload::Kind payloadKind) {
    const bool voice = carriesVoice(payloadKind);
    Reader r{body};
    const QByteArrayView ttlBytes = r.take(4);
    const quint64 seq = r.number(8);
    const auto kind = quint8(r.number(1));
    const QByteArrayView fileId = r.take(16);
    const QByteArrayView key = r.take(32);
    const QByteArrayView header = r.take(24);
    const quint64 plainSize = r.number(8);
    const QByteArrayView plainHash = carriesPlainHash(payloadKind)
                                         ? r.take(crypto::secret::kSecretFileHashBytes)
                                         : QByteArrayView();
    const QByteArrayView cipherSha256 = r.take(32);
    const int width = int(r.number(2));
    const int height = int(r.number(2));
    const QByteArrayView name = r.take(qsizetype(r.number(1)));
    const QByteArrayView mime = r.take(qsizetype(r.number(1)));
    const QByteArrayView thumbnail = r.take(qsizetype(r.number(2)));
    const quint64 durationMs = voice ? r.number(4) : 0;
    const QByteArrayView waveform = voice ? r.take(qsizetype(r.number(2))) : QByteArrayView();
    if (!r.ok)
        return std::nullopt;
    if (voice && (kind != kSecretVoiceFileKind || durationMs > quint64(kMaxSecretVoiceDurationMs) ||
                  waveform.size() > kMaxSecretVoiceWaveformBytes))
        return std::nullopt;
    const std::optional<qint64> ttl = timerFrom(ttlBytes, true);
    if (!ttl || (*ttl == 0) != (seq == 0) || seq > quint64(kMaxMessageSeq) || kind > 4 ||
        plainSize > quint64(crypto::secret::kMaxSecretFilePlainBytes) ||
        mime.size() > kMaxSecretFileMimeBytes || !printableAscii(mime) ||
        thumbnail.size() > kMaxSecretFileThumbnailBytes)
        return std::nullopt;
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString fileName = utf8.decode(name);
    if (utf8.hasError())
        return std::nullopt;
    SecretPayload out;
    out.kind = payloadKind;
    if (!r.rest.isEmpty()) {
        std::optional<QString> caption = decodeText(r.rest);
        if (!caption)
            return std::nullopt;
        out.text = std::move(*caption);
    }
    out.ttlMs = *ttl;
    out.seq = qint64(seq);
    SecretFile f;
    f.kind = kind;
    f.fileId = QString::fromLatin1(fileId.toByteArray().toHex());
    f.key = crypto::SecureBytes::copyOf(key);
    f.header = header.toByteArray();
    f.plainSize = qint64(plainSize);
    f.plainHash = plainHash.toByteArray();
    f.cipherSha256 = cipherSha256.toByteArray();
    f.width = width;
    f.height = height;
    f.name = std::move(fileName);
    f.mime = QString::fromLatin1(mime);
    f.thumbnail = thumbnail.toByteArray();
    if (voice) {
        f.durationMs = qint64(durationMs);
        f.waveform = waveform.toByteArray();
    }
    out.file = std::move(f);
    return out;
}

} // namespace

bool carriesFile(SecretPayload::Kind kind) {
    return kind == SecretPayload::Kind::File || kind == SecretPayload::Kind::Voice ||
           carriesPlainHash(kind);
}

bool carriesVoice(SecretPayload::Kind kind) {
    return kind == SecretPayload::Kind::Voice || kind == SecretPayload::Kind::HashedVoice;
}

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
    case SecretPayload::Kind::File:
    case SecretPayload::Kind::Voice:
    case SecretPayload::Kind::HashedFile:
    case SecretPayload::Kind::HashedVoice:
        appendFile(out, payload);
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
    case quint8(SecretPayload::Kind::File):
    case quint8(SecretPayload::Kind::Voice):
    case quint8(SecretPayload::Kind::HashedFile):
    case quint8(SecretPayload::Kind::HashedVoice):
        return decodeFile(body, SecretPayload::Kind(plaintext.front()));
    default:
        return std::nullopt;
    }
}

} // namespace msgr::core::secret
