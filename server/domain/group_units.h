#pragma once
//! The frame every group operation shares (groups.*, and the invite links of group_invites.*):
//! opening a group the caller is in, the answers for "refused" and "nothing changed", service
//! messages, and announcing a change to its audience (chatChanged/newChat and the service
//! message's newMessage to each). Used inside write units only.
#include "server/domain/groups.h"

#include <QSet>
#include <variant>

namespace msgr::server::domain::group_units {

StoreResult<GroupChange> refuseGroup(protocol::ErrorCode code, const QString &message);
//! The answer when nothing needed to change: the chat as it is and the caller's pts.
StoreResult<GroupChange> groupUnchanged(RecordReader &records, qint64 chatId, qint64 callerId);
//! A service message's random id: only (sender, randomId) has to be unique, and a client
//! never sent this one, so any fresh positive value serves.
qint64 serviceRandomId();
protocol::Message insertService(RecordWriter &records, qint64 chatId, qint64 actorId,
                                qint64 randomId, qint64 now, protocol::MessageAction action);

//! A chat the caller is a member of, and that member row: the frame of every operation on an
//! existing group.
struct Group {
    ChatRecord record;
    QList<MemberRecord> members;
    MemberRecord caller;

    std::optional<MemberRecord> member(qint64 userId) const {
        for (const MemberRecord &m : members)
            if (m.userId == userId)
                return m;
        return std::nullopt;
    }
    bool callerManages() const {
        return caller.role == MemberRole::Admin || caller.role == MemberRole::Owner;
    }
};

//! The group, or the answer to give instead: NotFound alike for no chat and for a chat the
//! caller is not in (ids cannot be probed), BAD_REQUEST for a chat that is not a group.
std::variant<Group, StoreResult<GroupChange>> openGroup(RecordReader &records, qint64 chatId,
                                                        qint64 callerId);

//! Runs `body(records, group)` on an existing group the caller is in.
template <typename Body>
StoreResult<GroupChange> onGroup(RecordWriter &records, qint64 chatId, qint64 callerId, Body body) {
    auto opened = openGroup(records, chatId, callerId);
    if (auto *answer = std::get_if<StoreResult<GroupChange>>(&opened))
        return std::move(*answer);
    return body(records, std::get<Group>(opened));
}

//! Who hears of a change, and how.
struct Announcement {
    QList<qint64> audience;                   // every user who gets the updates, in this order
    QSet<qint64> joined;                      // get newChat (the chat is new to them)
    std::optional<protocol::Message> service; // newMessage to the whole audience
};

//! Logs the change to its audience and fills the answer; the caller must be in the audience.
GroupChange announce(RecordWriter &records, qint64 chatId, qint64 callerId,
                     const Announcement &what);

QList<qint64> idsOf(const QList<MemberRecord> &members);
//! Ids in first-seen order without repeats and without `except`.
QList<qint64> distinctIds(const QList<qint64> &ids, const QSet<qint64> &except);
bool allUsersExist(RecordReader &records, const QList<qint64> &ids);
//! USER_BLOCKED when one of `ids` blocked the caller, or the caller them: nobody is added.
std::optional<StoreResult<GroupChange>> blockedAmong(RecordReader &records, qint64 callerId,
                                                     const QList<qint64> &ids);
StoreResult<GroupChange> tooManyMembers();

} // namespace msgr::server::domain::group_units
