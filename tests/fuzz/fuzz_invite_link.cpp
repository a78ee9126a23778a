// libFuzzer target: a pasted group invite link (core/groups/invite_link.h, docs/protocol.md
// §20). The text comes from anywhere (a message, a web page, the clipboard). The checks: a
// token read from it is 1..kMaxInviteTokenChars base64url characters (nothing else reaches the
// server), and the link made from that token reads back as the same token.
#include "core/groups/invite_link.h"
#include "fuzz_support.h"
#include "protocol/api/invites.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 4096) // a pasted line; the parser's work is linear anyway
        return 0;
    const QString text = QString::fromUtf8(msgr::fuzz::inputBytes(data, size));
    const std::optional<QString> token = msgr::core::groups::inviteTokenFrom(text);
    if (!token)
        return 0;
    FUZZ_CHECK(!token->isEmpty());
    FUZZ_CHECK(token->size() <= msgr::protocol::api::kMaxInviteTokenChars);
    for (const QChar c : *token)
        FUZZ_CHECK((c.isLetterOrNumber() && c.unicode() < 128) || c == u'-' || c == u'_');
    FUZZ_CHECK(msgr::core::groups::inviteTokenFrom(msgr::core::groups::inviteLink(*token)) ==
               token);
    return 0;
}
