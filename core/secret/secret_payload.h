#pragma once
//! What travels inside a secret chat, the client's side of the relay's opaque bytes:
//! - an envelope (secret.send's bytes, docs/protocol.md §12) is either a pre-key message
//!   (§10.2: a CBOR map, so its first byte is a major-type-5 head, 0xa0..0xbf) or a ratchet
//!   message (§10.4: its first byte is the header's version, 1); classifyEnvelope() tells them
//!   apart before either decoder runs;
//! - a decrypted plaintext is one kind byte and its body: 0 opens the chat (empty body: the
//!   initiator's first message, so the peer learns of the chat before any text), 1 is a text
//!   (UTF-8, 1..kMaxTextChars characters). Any other byte, a body where none belongs, invalid
//!   UTF-8 or a text out of bounds is refused (nullopt), so a newer peer's kinds are dropped,
//!   never shown half-read.
//! Untrusted bytes: fuzzed by tests/fuzz/fuzz_secret_payload. Pure, thread-safe.
#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <optional>

namespace msgr::core::secret {

enum class EnvelopeKind { PreKeyMessage, RatchetMessage, Unknown };

EnvelopeKind classifyEnvelope(QByteArrayView envelope);

//! At most this many messages named by one read notice (a longer read sends several).
inline constexpr int kMaxReadNoticeSeqs = 100;
//! Message numbers are positive and below 2^53 (they travel through JSON in msgr-cli).
inline constexpr qint64 kMaxMessageSeq = (qint64{1} << 53) - 1;

struct SecretPayload {
    enum class Kind : quint8 {
        Open = 0,
        Text = 1,
        TimedText = 2,
        ReadNotice = 3,
        TimerSetting = 4
    };
    Kind kind = Kind::Text;
    QString text;       // Text, TimedText
    qint64 ttlMs = 0;   // TimedText (not 0), TimerSetting (0: off)
    qint64 seq = 0;     // TimedText: the sender's number of the message
    QList<qint64> seqs; // ReadNotice: the numbers of the reader's peer's messages read
    static SecretPayload opening() {
        SecretPayload p;
        p.kind = Kind::Open;
        return p;
    }
    static SecretPayload plainText(const QString &text) {
        SecretPayload p;
        p.text = text;
        return p;
    }
    friend bool operator==(const SecretPayload &, const SecretPayload &) = default;
};

QByteArray encodePayload(const SecretPayload &payload);
std::optional<SecretPayload> decodePayload(QByteArrayView plaintext);

} // namespace msgr::core::secret
