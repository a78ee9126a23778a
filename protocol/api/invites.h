#pragma once
//! Group invite links (docs/protocol.md §20; Telegram's exportChatInvite, checkChatInvite,
//! importChatInvite): a group has at most one live link, a random token of 256 bits shown as
//! base64url. The owner and admins export it (again: a new token, the old one dies) and revoke
//! it; anyone holding it may preview the group and join. An unknown token and a revoked one
//! answer the same NOT_FOUND. Plain values, thread-safe.
#include "protocol/api/chats.h" // ChatResult
#include "protocol/api/reply.h"

#include <QCborValue>
#include <QLatin1StringView>

namespace msgr::protocol::api {

//! The longest token a request may carry: the server's are 43 characters; anything up to
//! this is looked up (and not found), longer is TOO_LARGE.
inline constexpr int kMaxInviteTokenChars = 64;
//! groups.checkInvite and groups.joinByInvite together, per user over all of the user's
//! devices: a bucket of kInviteAttemptBurst refilled at kInviteAttemptsPerHour (FLOOD_WAIT
//! past it). Tokens have 256 bits, so guessing is hopeless anyway; the bucket keeps a client
//! from even trying, and from probing many leaked tokens at machine speed.
inline constexpr int kInviteAttemptBurst = 10;
inline constexpr int kInviteAttemptsPerHour = 30;

//! The group's live link after groups.exportInvite.
struct InviteLinkResult {
    qint64 chatId = 0;
    QString token; // the secret: whoever has it may join

    QCborMap toCbor() const;
    static std::optional<InviteLinkResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const InviteLinkResult &, const InviteLinkResult &) = default;
};

//! Makes a new link for the group (the owner's and admins' right), revoking the one before.
struct ExportInvite {
    using Result = InviteLinkResult;
    static constexpr QLatin1StringView method{"groups.exportInvite"};
    qint64 chatId = 0; // ≥ 1

    QCborMap toCbor() const;
    static Decoded<ExportInvite> decode(const QCborValue &args);
    friend bool operator==(const ExportInvite &, const ExportInvite &) = default;
};

//! Revokes the group's live link (the owner's and admins' right); none live changes nothing.
struct RevokeInvite {
    using Result = Empty;
    static constexpr QLatin1StringView method{"groups.revokeInvite"};
    qint64 chatId = 0; // ≥ 1

    QCborMap toCbor() const;
    static Decoded<RevokeInvite> decode(const QCborValue &args);
    friend bool operator==(const RevokeInvite &, const RevokeInvite &) = default;
};

//! What a link leads to, before joining.
struct InvitePreview {
    QString title;
    qint64 memberCount = 0;
    bool member = false; // the caller is already a member
    qint64 chatId = 0;   // only for a member (who knows the chat anyway); else 0, absent

    QCborMap toCbor() const;
    static std::optional<InvitePreview> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const InvitePreview &, const InvitePreview &) = default;
};

struct CheckInvite {
    using Result = InvitePreview;
    static constexpr QLatin1StringView method{"groups.checkInvite"};
    QString token; // 1..kMaxInviteTokenChars

    QCborMap toCbor() const;
    static Decoded<CheckInvite> decode(const QCborValue &args);
    friend bool operator==(const CheckInvite &, const CheckInvite &) = default;
};

//! Joins the group the link leads to, as groups.addMembers would add the caller. Already a
//! member: the chat as it is, nothing written (a retry is harmless).
struct JoinByInvite {
    using Result = ChatResult;
    static constexpr QLatin1StringView method{"groups.joinByInvite"};
    QString token; // 1..kMaxInviteTokenChars

    QCborMap toCbor() const;
    static Decoded<JoinByInvite> decode(const QCborValue &args);
    friend bool operator==(const JoinByInvite &, const JoinByInvite &) = default;
};

} // namespace msgr::protocol::api
