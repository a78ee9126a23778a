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
inline constexpr int kMaxDifferenceSlice = 500;
inline constexpr int kMaxUserSearchLimit = 50;
inline constexpr int kMaxUsersGet = 100;
//! A group's members, the owner included (Telegram's basic group). Larger groups will live on
//! a log of their own, like channels, so that a message does not cost a row per member.
inline constexpr int kMaxGroupMembers = 200;
inline constexpr int kMaxGroupTitleChars = 128;
inline constexpr int kRequestBurst = 100;
inline constexpr int kRequestsPerSecond = 50;
inline constexpr int kFloodCloseAfterRejected = 200;
inline constexpr int kHelloTimeoutMs = 10'000;
inline constexpr int kTokenChars = 43; // 32 random bytes, base64url without padding

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
