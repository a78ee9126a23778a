#pragma once
//! The text form of a group invite link (docs/protocol.md §20): `msgr://join/<token>`, where the
//! token is the server's 43 base64url characters. The server only ever sees the token; the
//! link is what a user copies, pastes and sends. Both the app and msgr-cli read a pasted link
//! here, so they accept the same things: the link, or the bare token, with surrounding
//! whitespace. Anything else (another scheme, a character outside base64url, a token longer
//! than api::kMaxInviteTokenChars) is refused before it reaches the server. Plain functions,
//! thread-safe.
#include <QString>
#include <optional>

namespace msgr::core::groups {

//! "msgr://join/": what a link starts with.
QString inviteLinkPrefix();
//! The link that carries `token`.
QString inviteLink(const QString &token);
//! The token of a pasted link or bare token; nullopt when `text` is neither.
std::optional<QString> inviteTokenFrom(const QString &text);

} // namespace msgr::core::groups
