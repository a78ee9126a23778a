#include "server/domain/group_units.h"

#include "protocol/limits.h"
#include "server/domain/blocking.h"
#include "server/domain/chats.h"
#include "server/domain/update_log.h"
#include "server/domain/visibility.h"

#include <QRandomGenerator>
#include <algorithm>

namespace msgr::server::domain::group_units {

using protocol::ErrorCode;

StoreResult<GroupChange> refuseGroup(ErrorCode code, const QString &message) {
    GroupChange change;
    change.refused = GroupRefusal{code, message};
    return change;
}

//! The answer when nothing needed to change: the chat as it is and the caller's pts.
StoreResult<GroupChange> groupUnchanged(RecordReader &records, qint64 chatId, qint64 callerId) {
    std::optional<protocol::Chat> chat = Chats::chat(records, chatId);
    if (!chat)
        return StoreError::Internal;
    GroupChange change;
    change.chat = std::move(*chat);
    change.callerPts = UpdateLog::currentPts(records, callerId);
    return change;
}

//! A service message's random id: only (sender, randomId) has to be unique, and a client
//! never sent this one, so any fresh positive value serves.
qint64 serviceRandomId() {
    return static_cast<qint64>(QRandomGenerator::global()->generate64() >> 1) | 1;
}

protocol::Message insertService(RecordWriter &records, qint64 chatId, qint64 actorId,
                                qint64 randomId, qint64 now, protocol::MessageAction action) {
    protocol::Message message{0, chatId, actorId, now, QString(), randomId};
    message.action = std::move(action);
    message.id = records.insertMessage(message);
    return message;
}

//! The group, or the answer to give instead: NotFound alike for no chat and for a chat the
//! caller is not in (ids cannot be probed), BAD_REQUEST for a chat that is not a group.
std::variant<Group, StoreResult<GroupChange>> openGroup(RecordReader &records, qint64 chatId,
                                                        qint64 callerId) {
    const std::optional<MemberRecord> caller = visibility::membership(records, chatId, callerId);
    if (!caller)
        return StoreResult<GroupChange>(StoreError::NotFound);
    std::optional<ChatRecord> record = records.chat(chatId);
    if (!record)
        return StoreResult<GroupChange>(StoreError::Internal);
    if (record->kind != protocol::ChatKind::Group)
        return refuseGroup(ErrorCode::BadRequest, QStringLiteral("the chat is not a group"));
    if (const std::optional<qint64> to = records.groupMigratedTo(chatId)) // §23
        return refuseGroup(ErrorCode::Forbidden,
                           QStringLiteral("the group was upgraded to the supergroup %1").arg(*to));
    return Group{std::move(*record), records.members(chatId), *caller};
}

//! Logs the change to its audience and fills the answer; the caller must be in the audience.
GroupChange announce(RecordWriter &records, qint64 chatId, qint64 callerId,
                     const Announcement &what) {
    GroupChange change;
    std::optional<protocol::Chat> chat = Chats::chat(records, chatId);
    if (!chat)
        throw StoreFailure("a group vanished inside its own write unit");
    change.chat = std::move(*chat);
    for (const qint64 userId : what.audience) {
        if (what.joined.contains(userId))
            change.updates.append(
                UpdateLog::append(records, userId, protocol::NewChatUpdate{change.chat}));
        else
            change.updates.append(
                UpdateLog::append(records, userId, protocol::ChatChangedUpdate{change.chat}));
        if (what.service)
            change.updates.append(UpdateLog::append(
                records, userId,
                protocol::NewMessageUpdate{visibility::forViewer(*what.service, userId)}));
    }
    change.callerPts = UpdateLog::currentPts(records, callerId);
    return change;
}

QList<qint64> idsOf(const QList<MemberRecord> &members) {
    QList<qint64> ids;
    ids.reserve(members.size());
    for (const MemberRecord &m : members)
        ids.append(m.userId);
    return ids;
}

//! Ids in first-seen order without repeats and without `except`.
QList<qint64> distinctIds(const QList<qint64> &ids, const QSet<qint64> &except) {
    QList<qint64> out;
    QSet<qint64> seen = except;
    for (const qint64 id : ids) {
        if (!seen.contains(id)) {
            seen.insert(id);
            out.append(id);
        }
    }
    return out;
}

bool allUsersExist(RecordReader &records, const QList<qint64> &ids) {
    return std::all_of(ids.begin(), ids.end(),
                       [&records](qint64 id) { return records.user(id).has_value(); });
}

//! USER_BLOCKED when one of `ids` blocked the caller, or the caller them: nobody is added.
std::optional<StoreResult<GroupChange>> blockedAmong(RecordReader &records, qint64 callerId,
                                                     const QList<qint64> &ids) {
    for (const qint64 id : ids) {
        if (std::optional<Refusal> refused = blocking::refusal(records, callerId, id))
            return refuseGroup(refused->code, refused->message);
    }
    return std::nullopt;
}

StoreResult<GroupChange> tooManyMembers() {
    return refuseGroup(
        ErrorCode::LimitExceeded,
        QStringLiteral("a group has at most %1 members").arg(protocol::kMaxGroupMembers));
}

} // namespace msgr::server::domain::group_units
