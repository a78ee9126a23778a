#include "core/groups/invite_link.h"

#include "protocol/api/invites.h"

namespace msgr::core::groups {

namespace {
bool isBase64Url(QChar c) {
    return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') ||
           c == u'-' || c == u'_';
}
} // namespace

QString inviteLinkPrefix() {
    return QStringLiteral("msgr://join/");
}

QString inviteLink(const QString &token) {
    return inviteLinkPrefix() + token;
}

std::optional<QString> inviteTokenFrom(const QString &text) {
    QString token = text.trimmed();
    if (token.startsWith(inviteLinkPrefix(), Qt::CaseInsensitive))
        token = token.mid(inviteLinkPrefix().size());
    if (token.isEmpty() || token.size() > protocol::api::kMaxInviteTokenChars)
        return std::nullopt;
    if (!std::all_of(token.cbegin(), token.cend(), isBase64Url))
        return std::nullopt;
    return token;
}

} // namespace msgr::core::groups
