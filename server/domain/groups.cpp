#include "server/domain/groups.h"

#include "protocol/api/pins.h"
#include "protocol/limits.h"
#include "server/domain/blocking.h"
#include "server/domain/chats.h"
#include "server/domain/group_units.h"
#include "server/domain/units.h"
#include "server/domain/update_log.h"
#include "server/domain/visibility.h"

#include <QSet>
#include <algorithm>

namespace msgr::server::domain {

namespace {

using protocol::ErrorCode;
using protocol::api::GroupRole;
using namespace group_units;

//! A user who is no longer a member keeps no pin of the chat.
void dropPin(RecordWriter &records, GroupChange &change, qint64 userId, qint64 chatId) {
    QList<qint64> pinned = records.pinnedChats(userId);
    if (!pinned.removeAll(chatId))
        return;
    records.setPinnedChats(userId, pinned);
    change.updates.append(UpdateLog::append(records, userId, protocol::PinnedChatsUpdate{pinned}));
}

//! Who inherits a group its owner leaves: the admin who joined first, else the member who did.
std::optional<MemberRecord> heir(const QList<MemberRecord> &remaining) {
    std::optional<MemberRecord> best;
    for (const MemberRecord &m : remaining) {
        const bool better = !best ||
                            (m.role == MemberRole::Admin && best->role != MemberRole::Admin) ||
                            (m.role == best->role && m.joinedAt < best->joinedAt);
        if (better)
            best = m;
    }
    return best;
}

StoreResult<GroupChange> createGroup(RecordWriter &records, qint64 callerId, qint64 randomId,
                                     const QString &title, const QList<qint64> &userIds,
                                     qint64 now) {
    // A retry (lost answer, reconnect) finds the group its first attempt created.
    if (const auto earlier = records.messageBySender(callerId, randomId)) {
        if (!earlier->action || earlier->action->kind != protocol::ActionKind::GroupCreated)
            return refuseGroup(ErrorCode::BadRequest,
                               QStringLiteral("randomId was already used for a message"));
        return groupUnchanged(records, earlier->chatId, callerId);
    }
    const QList<qint64> others = distinctIds(userIds, {callerId});
    if (others.size() + 1 > protocol::kMaxGroupMembers)
        return tooManyMembers();
    if (!allUsersExist(records, others) || !records.user(callerId))
        return StoreError::NotFound;
    if (auto blocked = blockedAmong(records, callerId, others))
        return std::move(*blocked);
    const QString trimmed = title.trimmed();
    const qint64 chatId = records.insertChat(protocol::ChatKind::Group, trimmed, now, QString());
    records.insertMember(chatId, callerId, now, MemberRole::Owner);
    for (const qint64 userId : others)
        records.insertMember(chatId, userId, now, MemberRole::Member);
    Announcement what;
    what.audience = QList<qint64>{callerId} + others;
    what.joined = QSet<qint64>(what.audience.begin(), what.audience.end());
    what.service = insertService(records, chatId, callerId, randomId, now,
                                 {protocol::ActionKind::GroupCreated, others, trimmed});
    return announce(records, chatId, callerId, what);
}

} // namespace

void Groups::create(qint64 callerId, qint64 randomId, const QString &title,
                    const QList<qint64> &userIds, qint64 now, Done done) {
    writeUnit<GroupChange>(
        m_store,
        [=](RecordWriter &records) {
            return createGroup(records, callerId, randomId, title, userIds, now);
        },
        std::move(done));
}

void Groups::addMembers(qint64 callerId, qint64 chatId, const QList<qint64> &userIds, qint64 now,
                        Done done) {
    auto body = [=](RecordWriter &records, const Group &group) -> StoreResult<GroupChange> {
        if (!group.callerManages())
            return refuseGroup(ErrorCode::Forbidden,
                               QStringLiteral("only the owner and admins add members"));
        const QList<qint64> current = idsOf(group.members);
        const QList<qint64> added =
            distinctIds(userIds, QSet<qint64>(current.begin(), current.end()));
        if (added.isEmpty())
            return groupUnchanged(records, chatId, callerId);
        if (current.size() + added.size() > protocol::kMaxGroupMembers)
            return tooManyMembers();
        if (!allUsersExist(records, added))
            return StoreError::NotFound;
        if (auto blocked = blockedAmong(records, callerId, added))
            return std::move(*blocked);
        for (const qint64 userId : added)
            records.insertMember(chatId, userId, now, MemberRole::Member);
        Announcement what;
        what.audience = current + added;
        what.joined = QSet<qint64>(added.begin(), added.end());
        what.service = insertService(records, chatId, callerId, serviceRandomId(), now,
                                     {protocol::ActionKind::MembersAdded, added, {}});
        return announce(records, chatId, callerId, what);
    };
    writeUnit<GroupChange>(
        m_store, [=](RecordWriter &records) { return onGroup(records, chatId, callerId, body); },
        std::move(done));
}

void Groups::removeMember(qint64 callerId, qint64 chatId, qint64 userId, qint64 now, Done done) {
    auto body = [=](RecordWriter &records, const Group &group) -> StoreResult<GroupChange> {
        if (userId == callerId)
            return refuseGroup(ErrorCode::BadRequest, QStringLiteral("to leave, use groups.leave"));
        if (!group.callerManages())
            return refuseGroup(ErrorCode::Forbidden,
                               QStringLiteral("only the owner and admins remove members"));
        const std::optional<MemberRecord> target = group.member(userId);
        if (!target)
            return groupUnchanged(records, chatId, callerId); // already out: a retry
        if (group.caller.role != MemberRole::Owner && target->role != MemberRole::Member)
            return refuseGroup(ErrorCode::Forbidden,
                               QStringLiteral("an admin cannot remove the owner or another admin"));
        records.deleteMember(chatId, userId);
        Announcement what;
        // The removed member hears it once (the chat without them and "removed you"), then
        // nothing more of this group.
        what.audience = idsOf(group.members);
        what.service = insertService(records, chatId, callerId, serviceRandomId(), now,
                                     {protocol::ActionKind::MemberRemoved, {userId}, {}});
        GroupChange change = announce(records, chatId, callerId, what);
        dropPin(records, change, userId, chatId);
        return change;
    };
    writeUnit<GroupChange>(
        m_store, [=](RecordWriter &records) { return onGroup(records, chatId, callerId, body); },
        std::move(done));
}

void Groups::leave(qint64 callerId, qint64 chatId, qint64 now, Done done) {
    auto body = [=](RecordWriter &records, const Group &group) -> StoreResult<GroupChange> {
        records.deleteMember(chatId, callerId);
        QList<MemberRecord> remaining = group.members;
        remaining.removeIf([callerId](const MemberRecord &m) { return m.userId == callerId; });
        if (group.caller.role == MemberRole::Owner) {
            if (const std::optional<MemberRecord> next = heir(remaining))
                records.setMemberRole(chatId, next->userId, MemberRole::Owner);
        }
        Announcement what;
        what.audience = idsOf(group.members);
        what.service = insertService(records, chatId, callerId, serviceRandomId(), now,
                                     {protocol::ActionKind::MemberLeft, {}, {}});
        GroupChange change = announce(records, chatId, callerId, what);
        dropPin(records, change, callerId, chatId);
        change.callerPts = UpdateLog::currentPts(records, callerId);
        return change;
    };
    writeUnit<GroupChange>(
        m_store, [=](RecordWriter &records) { return onGroup(records, chatId, callerId, body); },
        std::move(done));
}

void Groups::setTitle(qint64 callerId, qint64 chatId, const QString &title, qint64 now, Done done) {
    auto body = [=](RecordWriter &records, const Group &group) -> StoreResult<GroupChange> {
        if (!group.callerManages())
            return refuseGroup(ErrorCode::Forbidden,
                               QStringLiteral("only the owner and admins change the title"));
        const QString trimmed = title.trimmed();
        if (trimmed == group.record.title)
            return groupUnchanged(records, chatId, callerId);
        records.setChatTitle(chatId, trimmed);
        Announcement what;
        what.audience = idsOf(group.members);
        what.service = insertService(records, chatId, callerId, serviceRandomId(), now,
                                     {protocol::ActionKind::TitleChanged, {}, trimmed});
        return announce(records, chatId, callerId, what);
    };
    writeUnit<GroupChange>(
        m_store, [=](RecordWriter &records) { return onGroup(records, chatId, callerId, body); },
        std::move(done));
}

void Groups::setRole(qint64 callerId, qint64 chatId, qint64 userId, GroupRole role, Done done) {
    auto body = [=](RecordWriter &records, const Group &group) -> StoreResult<GroupChange> {
        if (group.caller.role != MemberRole::Owner)
            return refuseGroup(ErrorCode::Forbidden, QStringLiteral("only the owner sets roles"));
        const std::optional<MemberRecord> target = group.member(userId);
        if (!target)
            return refuseGroup(ErrorCode::BadRequest, QStringLiteral("the user is not a member"));
        if (target->role == MemberRole::Owner)
            return refuseGroup(ErrorCode::BadRequest, QStringLiteral("the owner's role is fixed"));
        const MemberRole wanted = role == GroupRole::Admin ? MemberRole::Admin : MemberRole::Member;
        if (target->role == wanted)
            return groupUnchanged(records, chatId, callerId);
        records.setMemberRole(chatId, userId, wanted);
        Announcement what;
        what.audience = idsOf(group.members);
        return announce(records, chatId, callerId, what);
    };
    writeUnit<GroupChange>(
        m_store, [=](RecordWriter &records) { return onGroup(records, chatId, callerId, body); },
        std::move(done));
}

} // namespace msgr::server::domain
