#include "server/domain/supergroups.h"

#include "protocol/api/supergroups.h"
#include "server/domain/blocking.h"
#include "server/domain/channel_rows.h"
#include "server/domain/group_units.h"
#include "server/domain/units.h"
#include "server/domain/update_log.h"
#include "server/domain/visibility.h"

#include <algorithm>

namespace msgr::server::domain {

namespace {

using channel_rows::refuse;
using protocol::ErrorCode;
namespace api = protocol::api;

struct Seat {
    qint64 userId = 0;
    MemberRole role = MemberRole::Member;
    qint64 joinedAt = 0;
};

//! A new supergroup with these members (the owner among them), its opening service message
//! in its log and each member's subscription in their own log. Nothing is checked here.
ChannelChange found(RecordWriter &records, qint64 ownerId, qint64 randomId, const QString &title,
                    const QString &name, const QList<Seat> &seats, const QList<qint64> &named,
                    qint64 now, qint64 retention) {
    const qint64 channelId = records.insertChannel(
        title, QString(), name, Channels::searchText(name, title, QString()), now);
    records.setChannelMegagroup(channelId);
    ChannelChange change;
    for (const Seat &seat : seats) {
        records.insertChannelMember(channelId, seat.userId, seat.role, seat.joinedAt);
        change.joined.append(seat.userId);
    }
    protocol::Message opening{0, channelId, ownerId, now, QString(), randomId};
    opening.action = protocol::MessageAction{protocol::ActionKind::GroupCreated, named, title};
    opening.id = records.insertMessage(opening);
    const std::optional<ChannelRecord> record = records.channel(channelId);
    if (!record)
        throw StoreFailure("a supergroup vanished inside its own unit");
    change.channelUpdates.append(channel_rows::appendToChannel(
        records, *record, protocol::NewMessageUpdate{visibility::forViewer(opening, 0)},
        retention));
    for (const Seat &seat : seats)
        change.updates.append(channel_rows::subscriptionChanged(records, channelId, seat.userId));
    change.channel = channel_rows::currentView(records, channelId, ownerId);
    change.callerPts = UpdateLog::currentPts(records, ownerId);
    return change;
}

//! LIMIT_EXCEEDED when one of `userIds` is at the per-user channel bound (§15.6).
std::optional<StoreResult<ChannelChange>> subscriptionsFullAmong(RecordReader &records,
                                                                 const QList<qint64> &userIds) {
    for (const qint64 userId : userIds) {
        if (records.countChannelSubscriptions(userId) >= api::kMaxChannelSubscriptions)
            return channel_rows::subscriptionsFull();
    }
    return std::nullopt;
}

StoreResult<ChannelChange> createSupergroup(RecordWriter &records, qint64 callerId, qint64 randomId,
                                            const QString &title, const QList<qint64> &userIds,
                                            const QString &name, qint64 now, qint64 retention) {
    // A retry (lost answer) finds what its first attempt created, through the opening message.
    if (const auto earlier = records.messageBySender(callerId, randomId)) {
        const auto record = records.channel(earlier->chatId);
        if (!earlier->action || earlier->action->kind != protocol::ActionKind::GroupCreated ||
            !record || !record->megagroup)
            return refuse<ChannelChange>(ErrorCode::BadRequest,
                                         QStringLiteral("randomId was already used"));
        return channel_rows::unchanged(records, earlier->chatId, callerId);
    }
    QList<qint64> others = channel_rows::distinctIds(userIds);
    others.removeAll(callerId);
    if (!records.user(callerId))
        return StoreError::NotFound;
    for (const qint64 userId : std::as_const(others)) {
        if (!records.user(userId))
            return StoreError::NotFound;
        if (std::optional<Refusal> blocked = blocking::refusal(records, callerId, userId))
            return refuse<ChannelChange>(blocked->code, blocked->message);
    }
    if (auto full = subscriptionsFullAmong(records, QList<qint64>{callerId} + others))
        return std::move(*full);
    // One namespace with public channels: channels.search finds both (§23.7).
    if (!name.isEmpty() && records.channelByName(name))
        return refuse<ChannelChange>(ErrorCode::UsernameTaken,
                                     QStringLiteral("a channel or supergroup has that name"));
    QList<Seat> seats{{callerId, MemberRole::Owner, now}};
    for (const qint64 userId : std::as_const(others))
        seats.append({userId, MemberRole::Member, now});
    return found(records, callerId, randomId, title, name, seats, others, now, retention);
}

StoreResult<ChannelChange> removeFromSupergroup(RecordWriter &records, qint64 callerId,
                                                qint64 chatId, qint64 userId, qint64 now,
                                                qint64 retention) {
    const std::optional<channel_rows::Opened> opened =
        channel_rows::openChannel(records, chatId, callerId);
    if (!opened || !opened->caller)
        return StoreError::NotFound;
    if (!opened->record.megagroup)
        return refuse<ChannelChange>(ErrorCode::BadRequest,
                                     QStringLiteral("the chat is not a supergroup"));
    if (userId == callerId)
        return refuse<ChannelChange>(
            ErrorCode::BadRequest, QStringLiteral("to leave, unsubscribe (channels.unsubscribe)"));
    const std::optional<ChannelMemberRecord> target = records.channelMember(chatId, userId);
    const MemberRole callerRole = opened->caller->role;
    // The groups' table: the owner removes anyone, an admin plain members only.
    const bool allowed =
        callerRole == MemberRole::Owner ||
        (callerRole == MemberRole::Admin && (!target || target->role == MemberRole::Member));
    if (!allowed)
        return refuse<ChannelChange>(ErrorCode::Forbidden,
                                     QStringLiteral("only the owner removes admins, and the "
                                                    "owner and admins members"));
    if (!target)
        return channel_rows::unchanged(records, chatId, callerId); // a retry
    records.deleteChannelMember(chatId, userId);
    ChannelChange change;
    change.updates.append(channel_rows::subscriptionChanged(records, chatId, userId));
    change.left.append(userId);
    channel_rows::announceInSupergroup(records, change, chatId, callerId,
                                       {protocol::ActionKind::MemberRemoved, {userId}, {}}, now,
                                       retention);
    change.channel = channel_rows::currentView(records, chatId, callerId);
    change.callerPts = UpdateLog::currentPts(records, callerId);
    return change;
}

StoreResult<ChannelChange> upgradeGroup(RecordWriter &records, qint64 callerId, qint64 groupId,
                                        qint64 now, qint64 retention) {
    const std::optional<MemberRecord> caller = visibility::membership(records, groupId, callerId);
    if (!caller)
        return StoreError::NotFound; // or no such chat: alike
    const std::optional<ChatRecord> group = records.chat(groupId);
    if (!group)
        return StoreError::Internal;
    if (group->kind != protocol::ChatKind::Group)
        return refuse<ChannelChange>(ErrorCode::BadRequest,
                                     QStringLiteral("the chat is not a group"));
    if (const std::optional<qint64> to = records.groupMigratedTo(groupId))
        return channel_rows::unchanged(records, *to, callerId); // a retry
    if (caller->role != MemberRole::Owner)
        return refuse<ChannelChange>(ErrorCode::Forbidden,
                                     QStringLiteral("only the owner upgrades a group"));
    const QList<MemberRecord> members = records.members(groupId);
    QList<Seat> seats;
    QList<qint64> ids;
    qsizetype admins = 0;
    for (const MemberRecord &m : members) {
        seats.append({m.userId, m.role, m.joinedAt});
        ids.append(m.userId);
        admins += m.role == MemberRole::Admin ? 1 : 0;
    }
    if (admins > api::kMaxChannelAdmins)
        return refuse<ChannelChange>(
            ErrorCode::LimitExceeded,
            QStringLiteral("a supergroup has at most %1 admins").arg(api::kMaxChannelAdmins));
    if (auto full = subscriptionsFullAmong(records, ids))
        return std::move(*full);
    ChannelChange change = found(records, callerId, group_units::serviceRandomId(), group->title,
                                 QString(), seats, {}, now, retention);
    const qint64 supergroupId = change.channel.id;
    records.insertGroupMigration(groupId, supergroupId);
    // The group's own history says where it went; its members hear it as any group change.
    group_units::Announcement what;
    what.audience = ids;
    what.service = group_units::insertService(
        records, groupId, callerId, group_units::serviceRandomId(), now,
        protocol::MessageAction{protocol::ActionKind::UpgradedTo, {}, group->title, supergroupId});
    const GroupChange announced = group_units::announce(records, groupId, callerId, what);
    change.updates.append(announced.updates);
    change.callerPts = UpdateLog::currentPts(records, callerId);
    return change;
}

} // namespace

namespace channel_rows {

void announceInSupergroup(RecordWriter &records, ChannelChange &change, qint64 channelId,
                          qint64 actorId, const protocol::MessageAction &action, qint64 now,
                          qint64 retention) {
    protocol::Message service{0,   channelId, actorId,
                              now, QString(), group_units::serviceRandomId()};
    service.action = action;
    service.id = records.insertMessage(service);
    const std::optional<ChannelRecord> record = records.channel(channelId);
    if (!record)
        throw StoreFailure("a supergroup vanished inside its own unit");
    change.channelUpdates.append(
        appendToChannel(records, *record,
                        protocol::NewMessageUpdate{visibility::forViewer(service, 0)}, retention));
    change.channelUpdates.append(logChannelChanged(records, channelId, retention));
}

void handOver(RecordWriter &records, ChannelChange &change, qint64 channelId) {
    std::optional<qint64> heir = records.firstChannelMemberWithRole(channelId, MemberRole::Admin);
    if (!heir)
        heir = records.firstChannelMemberWithRole(channelId, MemberRole::Member);
    if (!heir)
        return; // the last member left
    records.setChannelMemberRole(channelId, *heir, MemberRole::Owner);
    change.updates.append(subscriptionChanged(records, channelId, *heir));
}

} // namespace channel_rows

void Supergroups::create(qint64 callerId, qint64 randomId, const QString &title,
                         const QList<qint64> &userIds, const QString &name, qint64 now, Done done) {
    const qint64 retention = m_channels.logRetention();
    m_channels.change(
        [=](RecordWriter &records) {
            return createSupergroup(records, callerId, randomId, title, userIds, name, now,
                                    retention);
        },
        std::move(done));
}

StoreResult<MembersPage> Supergroups::members(qint64 viewerId, qint64 chatId, qint64 afterUserId,
                                              int limit) {
    limit = std::clamp(limit, 1, api::kMaxSupergroupMembersPage);
    return readUnit<MembersPage>(m_store, [&](RecordReader &records) -> StoreResult<MembersPage> {
        const std::optional<channel_rows::Opened> opened =
            channel_rows::openChannel(records, chatId, viewerId);
        // Members only, even of a public supergroup: who is in it is for those in it.
        if (!opened || !opened->caller)
            return StoreError::NotFound;
        MembersPage page;
        if (!opened->record.megagroup) {
            page.refusal =
                Refusal{ErrorCode::BadRequest, QStringLiteral("the chat is not a supergroup")};
            return page;
        }
        // One row more than asked tells whether another page follows.
        const QList<ChannelMemberRecord> rows =
            records.channelMembersAfter(chatId, afterUserId, limit + 1);
        for (const ChannelMemberRecord &row : rows) {
            if (page.members.size() == limit) {
                page.final = false;
                break;
            }
            page.members.append({row.userId, channel_rows::roleOf(row.role), row.joinedAt});
        }
        return page;
    });
}

void Supergroups::removeMember(qint64 callerId, qint64 chatId, qint64 userId, qint64 now,
                               Done done) {
    const qint64 retention = m_channels.logRetention();
    m_channels.change(
        [=](RecordWriter &records) {
            return removeFromSupergroup(records, callerId, chatId, userId, now, retention);
        },
        std::move(done));
}

void Supergroups::upgrade(qint64 callerId, qint64 groupId, qint64 now, Done done) {
    const qint64 retention = m_channels.logRetention();
    m_channels.change(
        [=](RecordWriter &records) {
            return upgradeGroup(records, callerId, groupId, now, retention);
        },
        std::move(done));
}

} // namespace msgr::server::domain
