#pragma once
// Every limit of the wire protocol, in one place (docs/protocol.md §1).
#include <QtGlobal>

namespace msgr::protocol {

inline constexpr int kProtocolVersion = 1;
inline constexpr qint64 kMaxFrameBytes = 1024 * 1024;
inline constexpr int kMaxTextChars = 4096;
inline constexpr int kMinUsernameChars = 3;
inline constexpr int kMaxUsernameChars = 32;
inline constexpr int kMinPasswordBytes = 8;
inline constexpr int kMaxPasswordBytes = 256;
inline constexpr int kMaxDeviceNameChars = 64;
inline constexpr int kMaxDisplayNameChars = 64;
inline constexpr int kMaxHistoryLimit = 100;
inline constexpr int kMaxDifferenceSlice = 10'000; // still cut to the frame cap (§1)
inline constexpr int kMaxUserSearchLimit = 50;
inline constexpr int kMaxUsersGet = 100;
//! A group's members, the owner included (Telegram's basic group). Larger groups will live on
//! a log of their own, like channels, so that a message does not cost a row per member.
inline constexpr int kMaxGroupMembers = 200;
inline constexpr int kMaxGroupTitleChars = 128;
//! Replies (docs/protocol.md §19): the quoted text the server copies into a reply, in
//! characters (UTF-16 code units, never splitting a surrogate pair).
inline constexpr int kMaxReplyExcerptChars = 200;
inline constexpr int kRequestBurst = 100;
inline constexpr int kRequestsPerSecond = 50;
inline constexpr int kFloodCloseAfterRejected = 200;
inline constexpr int kHelloTimeoutMs = 10'000;
inline constexpr int kTokenChars = 43; // 32 random bytes, base64url without padding

// Attachments of a message (docs/protocol.md §4, §11). A message with every attachment at its
// caps stays well inside one frame: 10 × (16 KiB thumbnail + 256 B waveform + names) < 200 KiB.
inline constexpr int kMaxAttachments = 10;
inline constexpr int kFileIdChars = 32; // a tus upload id: 32 lowercase hex digits
inline constexpr qint64 kMaxFileBytes = qint64(4) * 1024 * 1024 * 1024; // = tus Max-Size
inline constexpr int kMaxAttachmentNameChars = 255;
inline constexpr int kMaxMimeChars = 127;
inline constexpr int kMaxThumbnailBytes = 16 * 1024;
inline constexpr int kMaxWaveformBytes = 256;
inline constexpr int kMaxMediaDimension = 65'535;                       // width, height in pixels
inline constexpr qint64 kMaxMediaDurationMs = qint64(24) * 3600 * 1000; // a day
// Photos of profiles, groups and channels (docs/protocol.md §24): a client sends a scaled-down
// JPEG (640 px), far below this; the cap keeps what every viewer downloads small.
inline constexpr qint64 kMaxPhotoBytes = qint64(5) * 1024 * 1024;

// WebSocket close codes of docs/protocol.md §2.3.
enum CloseCode : quint16 {
    CloseTextFrame = 1003,
    CloseTooBig = 1009,
    CloseHandshake = 4000,
    CloseRevoked = 4001,
    CloseVersion = 4002,
    CloseFlood = 4008,
};

} // namespace msgr::protocol
