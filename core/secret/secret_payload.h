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
//!   never shown half-read. Kinds 2..8 are those of docs/protocol.md §12.7 and §12.8: 7 a
//!   file, 8 a voice message (a file with its duration and waveform); 5 and 6 are the same
//!   with the plaintext's BLAKE2b-256 besides, which older senders send: still read (and the
//!   hash still checked on download), never sent.
//! Untrusted bytes: fuzzed by tests/fuzz/fuzz_secret_payload. Pure, thread-safe.
#include "crypto/secure_bytes.h"

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

//! Fixed bytes of a file payload's body before its name (docs/protocol.md §12.8): kinds 7
//! and 8, and kinds 5 and 6 with their 32 more of the plaintext's hash.
inline constexpr qsizetype kFilePayloadFixedBytes = 129;
inline constexpr qsizetype kHashedFilePayloadFixedBytes = 161;
inline constexpr int kMaxSecretFileNameBytes = 255;
inline constexpr int kMaxSecretFileMimeBytes = 127;
inline constexpr int kMaxSecretFileThumbnailBytes = 16 * 1024;
//! A voice message's bounds (kinds 8 and 6, §12.8): its length and its levels, as §11's attachment.
inline constexpr qint64 kMaxSecretVoiceDurationMs = 86'400'000;
inline constexpr int kMaxSecretVoiceWaveformBytes = 256;
//! The bubble kind a voice payload must name (storage::AttachmentKind::Voice).
inline constexpr quint8 kSecretVoiceFileKind = 2;

//! An attachment of a secret chat (kind 7, §12.8): where the ciphertext is on the server, the
//! key to open it and what to check once it is open, and what its bubble shows before.
struct SecretFile {
    quint8 kind = 4; //!< storage::AttachmentKind's number: 0 photo, ... 4 file
    QString fileId;  //!< the server's file id (32 lowercase hex digits; 16 bytes on the wire)
    crypto::SecureBytes key; //!< the secretstream key (32 bytes)
    QByteArray header;       //!< the secretstream header (24 bytes)
    qint64 plainSize = 0;
    //! Kinds 5 and 6 only (older senders): BLAKE2b-256 of the plaintext; empty for 7 and 8.
    QByteArray plainHash;
    QByteArray cipherSha256; //!< SHA-256 of the ciphertext: the server's ETag, the download proof
    int width = 0;           //!< pixels, 0: unknown
    int height = 0;
    QString name;         //!< UTF-8, at most kMaxSecretFileNameBytes bytes
    QString mime;         //!< printable ASCII, at most kMaxSecretFileMimeBytes
    QByteArray thumbnail; //!< a small JPEG, at most kMaxSecretFileThumbnailBytes
    //! Voice (kinds 8 and 6) only: the recording's length (0..kMaxSecretVoiceDurationMs) and its
    //! levels (one byte each, at most kMaxSecretVoiceWaveformBytes); -1 and empty otherwise.
    qint64 durationMs = -1;
    QByteArray waveform;
    friend bool operator==(const SecretFile &, const SecretFile &) = default;
};

struct SecretPayload {
    enum class Kind : quint8 {
        Open = 0,
        Text = 1,
        TimedText = 2,
        ReadNotice = 3,
        TimerSetting = 4,
        //! File and Voice with the plaintext's BLAKE2b-256 (SecretFile::plainHash), as senders
        //! before kinds 7 and 8 sent them: decoded (stored history, older peers), not sent.
        HashedFile = 5,
        HashedVoice = 6,
        File = 7,
        Voice = 8 //!< a File whose bubble is a voice message: with its duration and waveform
    };
    Kind kind = Kind::Text;
    QString text;     // Text, TimedText; File, Voice: the caption (may be empty)
    qint64 ttlMs = 0; // TimedText (not 0), TimerSetting (0: off), File, Voice (0: no timer)
    qint64 seq = 0;   // TimedText, File/Voice with a timer: the sender's number of the message
    std::optional<SecretFile> file; // File, Voice, HashedFile, HashedVoice
    QList<qint64> seqs;             // ReadNotice: the numbers of the reader's peer's messages read
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

//! Kinds that carry a file (SecretPayload::file): 5 to 8.
bool carriesFile(SecretPayload::Kind kind);
//! Kinds whose file is a voice message (a duration and a waveform): 6 and 8.
bool carriesVoice(SecretPayload::Kind kind);

//! HashedFile and HashedVoice need a 32-byte SecretFile::plainHash (tests write them; the
//! client sends only File and Voice).
QByteArray encodePayload(const SecretPayload &payload);
std::optional<SecretPayload> decodePayload(QByteArrayView plaintext);

} // namespace msgr::core::secret
