#include "server/domain/group_invites.h"

#include "crypto/session_token.h"
#include "protocol/limits.h"
#include "server/domain/group_units.h"
#include "server/domain/units.h"
#include "server/domain/visibility.h"

namespace msgr::server::domain {

namespace {

using protocol::ErrorCode;
using namespace group_units;

//! The stored form of a token: as session tokens (256 random bits, so a fast hash is right).
QByteArray tokenHash(const QString &token) {
    return crypto::sessionTokenHash(token);
}

StoreResult<InviteChange> refuseChange(ErrorCode code, const QString &message) {
    InviteChange change;
    change.refused = Refusal{code, message};
    return change;
}

//! The group a manager of it may change the link of, or the answer to give instead.
std::optional<StoreResult<InviteChange>> refusedManager(RecordReader &records, qint64 chatId,
                                                        qint64 callerId) {
    auto opened = openGroup(records, chatId, callerId);
    if (auto *answer = std::get_if<StoreResult<GroupChange>>(&opened)) {
        if (const StoreError *error = storeError(*answer))
            return StoreResult<InviteChange>(*error);
        const GroupChange &refused = std::get<GroupChange>(*answer);
        return refuseChange(refused.refused->code, refused.refused->message);
    }
    if (!std::get<Group>(opened).callerManages())
        return refuseChange(ErrorCode::Forbidden,
                            QStringLiteral("only the owner and admins manage invite links"));
    return std::nullopt;
}

bool manages(const std::optional<MemberRecord> &member) {
    return member && (member->role == MemberRole::Owner || member->role == MemberRole::Admin);
}

//! The live link a token leads to and its group: nullopt alike for a token never issued, one
//! revoked or replaced, and one whose exporter no longer manages the group.
struct Target {
    GroupInviteRecord invite;
    ChatRecord chat;
};
std::optional<Target> target(RecordReader &records, const QString &token) {
    std::optional<GroupInviteRecord> invite = records.groupInviteByTokenHash(tokenHash(token));
    if (!invite || !manages(records.member(invite->chatId, invite->createdBy)))
        return std::nullopt;
    std::optional<ChatRecord> chat = records.chat(invite->chatId);
    if (!chat || chat->kind != protocol::ChatKind::Group)
        return std::nullopt;
    return Target{std::move(*invite), std::move(*chat)};
}

StoreResult<GroupChange> join(RecordWriter &records, qint64 callerId, const QString &token,
                              qint64 now) {
    const std::optional<Target> found = target(records, token);
    if (!found)
        return StoreError::NotFound;
    const qint64 chatId = found->chat.id;
    const QList<MemberRecord> members = records.members(chatId);
    const QList<qint64> current = idsOf(members);
    if (current.contains(callerId))
        return groupUnchanged(records, chatId, callerId); // a retry, or a member following a link
    if (current.size() + 1 > protocol::kMaxGroupMembers)
        return tooManyMembers();
    if (!records.user(callerId))
        return StoreError::NotFound;
    // As if the link's exporter added the caller (§14.3): a block either way refuses.
    if (auto blocked = blockedAmong(records, found->invite.createdBy, {callerId}))
        return std::move(*blocked);
    records.insertMember(chatId, callerId, now, MemberRole::Member);
    Announcement what;
    what.audience = current + QList<qint64>{callerId};
    what.joined = {callerId};
    // membersAdded sent by the one added: "joined by link" (§20), readable by every client.
    what.service = insertService(records, chatId, callerId, serviceRandomId(), now,
                                 {protocol::ActionKind::MembersAdded, {callerId}, {}});
    return announce(records, chatId, callerId, what);
}

} // namespace

void GroupInvites::exportInvite(qint64 callerId, qint64 chatId, qint64 now, ChangeDone done) {
    // Made before the unit: the random source is not the writer thread's business.
    const QString token = crypto::newSessionToken();
    writeUnit<InviteChange>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<InviteChange> {
            if (auto refused = refusedManager(records, chatId, callerId))
                return std::move(*refused);
            records.putGroupInvite(GroupInviteRecord{chatId, tokenHash(token), callerId, now});
            InviteChange change;
            change.chatId = chatId;
            change.token = token;
            return change;
        },
        std::move(done));
}

void GroupInvites::revokeInvite(qint64 callerId, qint64 chatId, ChangeDone done) {
    writeUnit<InviteChange>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<InviteChange> {
            if (auto refused = refusedManager(records, chatId, callerId))
                return std::move(*refused);
            InviteChange change;
            change.chatId = chatId;
            change.revoked = records.deleteGroupInvite(chatId);
            return change;
        },
        std::move(done));
}

StoreResult<protocol::api::InvitePreview> GroupInvites::checkInvite(qint64 callerId,
                                                                    const QString &token) {
    return readUnit<protocol::api::InvitePreview>(
        m_store, [&](RecordReader &records) -> StoreResult<protocol::api::InvitePreview> {
            const std::optional<Target> found = target(records, token);
            if (!found)
                return StoreError::NotFound;
            const QList<MemberRecord> members = records.members(found->chat.id);
            protocol::api::InvitePreview preview;
            preview.title = found->chat.title;
            preview.memberCount = members.size();
            preview.member =
                std::any_of(members.begin(), members.end(),
                            [callerId](const MemberRecord &m) { return m.userId == callerId; });
            preview.chatId = preview.member ? found->chat.id : 0;
            return preview;
        });
}

void GroupInvites::joinByInvite(qint64 callerId, const QString &token, qint64 now,
                                Groups::Done done) {
    writeUnit<GroupChange>(
        m_store, [=](RecordWriter &records) { return join(records, callerId, token, now); },
        std::move(done));
}

} // namespace msgr::server::domain
