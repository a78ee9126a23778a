#include "server/domain/channels.h"

#include "protocol/api/supergroups.h"
#include "server/domain/attachment_checks.h"
#include "server/domain/blocking.h"
#include "server/domain/channel_rows.h"
#include "server/domain/comments.h"
#include "server/domain/photos.h"
#include "server/domain/replies.h"
#include "server/domain/units.h"
#include "server/domain/update_log.h"
#include "server/domain/visibility.h"

#include <QDateTime>
#include <QSet>
#include <algorithm>
#include <limits>

namespace msgr::server::domain {

namespace channel_rows {

using protocol::ErrorCode;
using protocol::api::Channel;
using protocol::api::ChannelRole;
namespace api = protocol::api;

ChannelRole roleOf(MemberRole role) {
    switch (role) {
    case MemberRole::Owner:
        return ChannelRole::Owner;
    case MemberRole::Admin:
        return ChannelRole::Admin;
    case MemberRole::Member:
        break;
    }
    return ChannelRole::Subscriber;
}

//! The channel as `viewer` (their subscriber row, if any) sees it.
Channel viewOf(RecordReader &records, const ChannelRecord &record,
               const std::optional<ChannelMemberRecord> &viewer) {
    Channel channel;
    channel.id = record.id;
    channel.title = record.title;
    channel.about = record.about;
    channel.name = record.name;
    channel.createdAt = record.createdAt;
    channel.subscriberCount = record.subscriberCount;
    channel.pts = record.pts;
    channel.megagroup = record.megagroup;
    channel.photo = wirePhoto(records.photo(PhotoSubject::Chat, record.id)); // §24
    for (const ChannelMemberRecord &staff : records.channelStaff(record.id)) {
        if (staff.role == MemberRole::Owner)
            channel.ownerId = staff.userId;
        else
            channel.adminIds.append(staff.userId);
    }
    if (viewer) {
        channel.role = roleOf(viewer->role);
        channel.muted = viewer->muted;
    }
    return channel;
}

//! The channel as it is now inside the unit (after its writes), as `viewerId` sees it.
Channel currentView(RecordReader &records, qint64 channelId, qint64 viewerId) {
    const std::optional<ChannelRecord> record = records.channel(channelId);
    if (!record)
        throw StoreFailure("a channel vanished inside its own unit");
    return viewOf(records, *record, records.channelMember(channelId, viewerId));
}

//! The answer when nothing needed to change: the channel as it is and the caller's pts.
StoreResult<ChannelChange> unchanged(RecordReader &records, qint64 channelId, qint64 callerId) {
    ChannelChange change;
    change.channel = currentView(records, channelId, callerId);
    change.callerPts = UpdateLog::currentPts(records, callerId);
    return change;
}

//! The channel, or nullopt both when there is none and when it is private and the caller is
//! not subscribed: they answer alike (NotFound), so private channel ids cannot be probed.
std::optional<Opened> openChannel(RecordReader &records, qint64 channelId, qint64 callerId) {
    std::optional<ChannelRecord> record = records.channel(channelId);
    if (!record)
        return std::nullopt;
    Opened opened{std::move(*record), records.channelMember(channelId, callerId)};
    if (!opened.record.name.isEmpty() || opened.caller)
        return opened;
    return std::nullopt;
}

//! Appends `update` to the channel's log, trimming it to `retention` entries.
ChannelLogged appendToChannel(RecordWriter &records, const ChannelRecord &record,
                              const protocol::Update &update, qint64 retention) {
    const qint64 pts = records.appendChannelLogEntry(record.id, UpdateLog::encodeForStore(update));
    const qint64 oldestKept = pts - retention + 1;
    if (retention > 0 && oldestKept > record.oldestPts)
        records.trimChannelLog(record.id, oldestKept);
    return ChannelLogged{record.id, protocol::LoggedUpdate{pts, update}};
}

//! The caller's subscription as their own log records it (other devices follow it).
UserUpdate subscriptionChanged(RecordWriter &records, qint64 channelId, qint64 userId) {
    return UpdateLog::append(
        records, userId,
        protocol::ChannelSubscriptionUpdate{currentView(records, channelId, userId)});
}

StoreResult<ChannelChange> subscriptionsFull() {
    return refuse<ChannelChange>(
        ErrorCode::LimitExceeded,
        QStringLiteral("a user has at most %1 channels").arg(api::kMaxChannelSubscriptions));
}

//! The shared log entry of a channel's own change: the channel without viewer fields, its pts
//! the entry's own.
ChannelLogged logChannelChanged(RecordWriter &records, qint64 channelId, qint64 retention) {
    const std::optional<ChannelRecord> record = records.channel(channelId);
    if (!record)
        throw StoreFailure("a channel vanished inside its own unit");
    Channel shared = viewOf(records, *record, std::nullopt);
    shared.pts = record->pts + 1;
    return appendToChannel(records, *record, protocol::ChannelChangedUpdate{shared}, retention);
}

QList<qint64> distinctIds(const QList<qint64> &ids) {
    QList<qint64> out;
    QSet<qint64> seen;
    for (const qint64 id : ids) {
        if (!seen.contains(id)) {
            seen.insert(id);
            out.append(id);
        }
    }
    return out;
}

} // namespace channel_rows

using channel_rows::appendToChannel;
using channel_rows::currentView;
using channel_rows::distinctIds;
using channel_rows::logChannelChanged;
using channel_rows::openChannel;
using channel_rows::Opened;
using channel_rows::refuse;
using channel_rows::subscriptionChanged;
using channel_rows::subscriptionsFull;
using channel_rows::unchanged;
using channel_rows::viewOf;
using protocol::ErrorCode;
using protocol::api::Channel;
using protocol::api::ChannelRole;
namespace api = protocol::api;

namespace {
//! Why `userId` cannot be added by `callerId`, naming the user, or nullopt.
std::optional<Refusal> addRefusal(RecordReader &records, qint64 callerId, qint64 userId) {
    const auto named = [userId](ErrorCode code, const QString &why) {
        return Refusal{code, QStringLiteral("user %1: %2").arg(userId).arg(why)};
    };
    if (!records.user(userId))
        return named(ErrorCode::NotFound, QStringLiteral("no such user"));
    if (std::optional<Refusal> blocked = blocking::refusal(records, callerId, userId))
        return named(blocked->code, blocked->message);
    if (records.countChannelSubscriptions(userId) >= api::kMaxChannelSubscriptions)
        return named(
            ErrorCode::LimitExceeded,
            QStringLiteral("a user has at most %1 channels").arg(api::kMaxChannelSubscriptions));
    return std::nullopt;
}

} // namespace

QString Channels::searchText(const QString &name, const QString &title, const QString &about) {
    return (name + QLatin1Char('\n') + title + QLatin1Char('\n') + about).toCaseFolded();
}

void Channels::change(std::function<StoreResult<ChannelChange>(RecordWriter &)> body, Done done) {
    writeUnit<ChannelChange>(m_store, std::move(body),
                             Done([this, done = std::move(done)](StoreResult<ChannelChange> r) {
                                 // Committed: the cache takes the entries before anyone can
                                 // be told of them (done runs in commit order).
                                 if (const auto *change = std::get_if<ChannelChange>(&r))
                                     cacheEntries(change->channelUpdates);
                                 if (done)
                                     done(std::move(r));
                             }));
}

void Channels::create(qint64 callerId, qint64 randomId, const QString &title, const QString &about,
                      const QString &name, qint64 now, Done done) {
    const qint64 retention = m_limits.logRetention;
    change(
        [=](RecordWriter &records) -> StoreResult<ChannelChange> {
            // A retry (lost answer) finds the channel its first attempt created, through the
            // service message that opens the channel's history.
            if (const auto earlier = records.messageBySender(callerId, randomId)) {
                if (!earlier->action ||
                    earlier->action->kind != protocol::ActionKind::GroupCreated ||
                    !records.channel(earlier->chatId))
                    return refuse<ChannelChange>(ErrorCode::BadRequest,
                                                 QStringLiteral("randomId was already used"));
                return unchanged(records, earlier->chatId, callerId);
            }
            if (!records.user(callerId))
                return StoreError::NotFound;
            if (records.countChannelSubscriptions(callerId) >= api::kMaxChannelSubscriptions)
                return subscriptionsFull();
            if (!name.isEmpty() && records.channelByName(name))
                return refuse<ChannelChange>(ErrorCode::UsernameTaken,
                                             QStringLiteral("another channel has that name"));
            const qint64 channelId =
                records.insertChannel(title, about, name, searchText(name, title, about), now);
            records.insertChannelMember(channelId, callerId, MemberRole::Owner, now);
            protocol::Message opening{0, channelId, callerId, now, QString(), randomId};
            opening.action = protocol::MessageAction{protocol::ActionKind::GroupCreated, {}, title};
            opening.id = records.insertMessage(opening);
            const std::optional<ChannelRecord> record = records.channel(channelId);
            if (!record)
                throw StoreFailure("a channel vanished inside its own unit");
            ChannelChange change;
            change.channelUpdates.append(appendToChannel(
                records, *record, protocol::NewMessageUpdate{visibility::forViewer(opening, 0)},
                retention));
            change.updates.append(subscriptionChanged(records, channelId, callerId));
            change.joined.append(callerId);
            change.channel = currentView(records, channelId, callerId);
            change.callerPts = change.updates.last().logged.pts;
            return change;
        },
        std::move(done));
}

void Channels::edit(qint64 callerId, qint64 channelId, const std::optional<QString> &title,
                    const std::optional<QString> &about, Done done) {
    const qint64 retention = m_limits.logRetention;
    change(
        [=](RecordWriter &records) -> StoreResult<ChannelChange> {
            const std::optional<Opened> opened = openChannel(records, channelId, callerId);
            if (!opened)
                return StoreError::NotFound;
            if (!opened->callerManages())
                return refuse<ChannelChange>(ErrorCode::Forbidden,
                                             QStringLiteral("only the owner and admins edit"));
            const QString newTitle = title.value_or(opened->record.title);
            const QString newAbout = about.value_or(opened->record.about);
            if (newTitle == opened->record.title && newAbout == opened->record.about)
                return unchanged(records, channelId, callerId);
            records.setChannelInfo(channelId, newTitle, newAbout,
                                   searchText(opened->record.name, newTitle, newAbout));
            ChannelChange change;
            change.channelUpdates.append(logChannelChanged(records, channelId, retention));
            change.channel = currentView(records, channelId, callerId);
            change.callerPts = UpdateLog::currentPts(records, callerId);
            return change;
        },
        std::move(done));
}

void Channels::setPhoto(qint64 callerId, qint64 channelId, const protocol::Photo &photo, qint64 now,
                        Done done) {
    const qint64 retention = m_limits.logRetention;
    change(
        [=](RecordWriter &records) -> StoreResult<ChannelChange> {
            const std::optional<Opened> opened = openChannel(records, channelId, callerId);
            if (!opened)
                return StoreError::NotFound;
            if (!opened->callerManages())
                return refuse<ChannelChange>(
                    ErrorCode::Forbidden,
                    QStringLiteral("only the owner and admins set the photo"));
            if (!photo.isNone()) {
                if (std::optional<Refusal> refusal = photoFileRefusal(records, callerId, photo))
                    return refuse<ChannelChange>(refusal->code, refusal->message);
            }
            if (wirePhoto(records.photo(PhotoSubject::Chat, channelId)) == photo)
                return unchanged(records, channelId, callerId);
            records.setPhoto(PhotoSubject::Chat, channelId, storedPhoto(photo), now);
            ChannelChange change;
            change.channelUpdates.append(logChannelChanged(records, channelId, retention));
            change.channel = currentView(records, channelId, callerId);
            change.callerPts = UpdateLog::currentPts(records, callerId);
            return change;
        },
        std::move(done));
}

void Channels::subscribe(qint64 callerId, qint64 channelId, qint64 now, Done done) {
    const qint64 retention = m_limits.logRetention;
    change(
        [=](RecordWriter &records) -> StoreResult<ChannelChange> {
            const std::optional<Opened> opened = openChannel(records, channelId, callerId);
            if (!opened)
                return StoreError::NotFound; // a private channel is joined by being added
            if (opened->caller)
                return unchanged(records, channelId, callerId);
            if (records.countChannelSubscriptions(callerId) >= api::kMaxChannelSubscriptions)
                return subscriptionsFull();
            const bool megagroup = opened->record.megagroup;
            // Joining a public supergroup (§23.7) is being added by oneself: the same bound.
            if (megagroup && opened->record.subscriberCount + 1 > api::kMaxSupergroupMembers)
                return refuse<ChannelChange>(ErrorCode::LimitExceeded,
                                             QStringLiteral("a supergroup has at most %1 members")
                                                 .arg(api::kMaxSupergroupMembers));
            records.insertChannelMember(channelId, callerId, MemberRole::Member, now);
            ChannelChange change;
            change.updates.append(subscriptionChanged(records, channelId, callerId));
            change.joined.append(callerId);
            if (megagroup)
                channel_rows::announceInSupergroup(
                    records, change, channelId, callerId,
                    {protocol::ActionKind::MembersAdded, {callerId}, {}}, now, retention);
            change.channel = currentView(records, channelId, callerId);
            change.callerPts = change.updates.last().logged.pts;
            return change;
        },
        std::move(done));
}

void Channels::unsubscribe(qint64 callerId, qint64 channelId, Done done) {
    unsubscribe(callerId, channelId, QDateTime::currentMSecsSinceEpoch(), std::move(done));
}

void Channels::unsubscribe(qint64 callerId, qint64 channelId, qint64 now, Done done) {
    const qint64 retention = m_limits.logRetention;
    change(
        [=](RecordWriter &records) -> StoreResult<ChannelChange> {
            const std::optional<Opened> opened = openChannel(records, channelId, callerId);
            if (!opened)
                return StoreError::NotFound;
            if (!opened->caller)
                return unchanged(records, channelId, callerId); // a retry
            const bool megagroup = opened->record.megagroup;
            if (opened->caller->role == MemberRole::Owner && !megagroup)
                return refuse<ChannelChange>(ErrorCode::BadRequest,
                                             QStringLiteral("the owner cannot unsubscribe"));
            records.deleteChannelMember(channelId, callerId);
            ChannelChange change;
            change.updates.append(subscriptionChanged(records, channelId, callerId));
            change.left.append(callerId);
            if (megagroup) {
                // A supergroup's owner who leaves hands it on, as a group's does (§23).
                if (opened->caller->role == MemberRole::Owner)
                    channel_rows::handOver(records, change, channelId);
                channel_rows::announceInSupergroup(records, change, channelId, callerId,
                                                   {protocol::ActionKind::MemberLeft, {}, {}}, now,
                                                   retention);
            }
            change.channel = currentView(records, channelId, callerId);
            change.callerPts = change.updates.last().logged.pts;
            return change;
        },
        std::move(done));
}

void Channels::addSubscribers(qint64 callerId, qint64 channelId, const QList<qint64> &userIds,
                              qint64 now, Done done) {
    const qint64 retention = m_limits.logRetention;
    change(
        [=](RecordWriter &records) -> StoreResult<ChannelChange> {
            const std::optional<Opened> opened = openChannel(records, channelId, callerId);
            if (!opened)
                return StoreError::NotFound;
            if (!opened->callerManages())
                return refuse<ChannelChange>(ErrorCode::Forbidden,
                                             QStringLiteral("only the owner and admins add "
                                                            "subscribers"));
            const QList<qint64> wanted = distinctIds(userIds);
            if (opened->record.megagroup) {
                const auto fresh = std::count_if(wanted.begin(), wanted.end(), [&](qint64 id) {
                    return !records.channelMember(channelId, id);
                });
                if (opened->record.subscriberCount + fresh > api::kMaxSupergroupMembers)
                    return refuse<ChannelChange>(
                        ErrorCode::LimitExceeded,
                        QStringLiteral("a supergroup has at most %1 members")
                            .arg(api::kMaxSupergroupMembers));
            }
            // All or nothing: a refusal is an answer the unit commits, so every user is
            // checked before the first row is written.
            QList<qint64> fresh;
            for (const qint64 userId : wanted) {
                if (records.channelMember(channelId, userId))
                    continue; // already in: a retry is harmless
                if (std::optional<Refusal> refused = addRefusal(records, callerId, userId))
                    return refuse<ChannelChange>(refused->code, refused->message);
                fresh.append(userId);
            }
            ChannelChange change;
            for (const qint64 userId : std::as_const(fresh)) {
                records.insertChannelMember(channelId, userId, MemberRole::Member, now);
                change.joined.append(userId);
            }
            for (const qint64 userId : std::as_const(change.joined))
                change.updates.append(subscriptionChanged(records, channelId, userId));
            if (opened->record.megagroup && !change.joined.isEmpty())
                channel_rows::announceInSupergroup(
                    records, change, channelId, callerId,
                    {protocol::ActionKind::MembersAdded, change.joined, {}}, now, retention);
            change.channel = currentView(records, channelId, callerId);
            change.callerPts = UpdateLog::currentPts(records, callerId);
            return change;
        },
        std::move(done));
}

void Channels::setMuted(qint64 callerId, qint64 channelId, bool muted, Done done) {
    change(
        [=](RecordWriter &records) -> StoreResult<ChannelChange> {
            const std::optional<Opened> opened = openChannel(records, channelId, callerId);
            if (!opened)
                return StoreError::NotFound;
            if (!opened->caller)
                return refuse<ChannelChange>(ErrorCode::BadRequest,
                                             QStringLiteral("not subscribed to the channel"));
            if (opened->caller->muted == muted)
                return unchanged(records, channelId, callerId);
            records.setChannelMuted(channelId, callerId, muted);
            ChannelChange change;
            change.updates.append(subscriptionChanged(records, channelId, callerId));
            change.channel = currentView(records, channelId, callerId);
            change.callerPts = change.updates.last().logged.pts;
            return change;
        },
        std::move(done));
}

void Channels::setRole(qint64 callerId, qint64 channelId, qint64 userId, ChannelRole role,
                       Done done) {
    const qint64 retention = m_limits.logRetention;
    change(
        [=](RecordWriter &records) -> StoreResult<ChannelChange> {
            const std::optional<Opened> opened = openChannel(records, channelId, callerId);
            if (!opened)
                return StoreError::NotFound;
            if (!opened->caller || opened->caller->role != MemberRole::Owner)
                return refuse<ChannelChange>(ErrorCode::Forbidden,
                                             QStringLiteral("only the owner sets roles"));
            const std::optional<ChannelMemberRecord> target =
                records.channelMember(channelId, userId);
            if (!target)
                return refuse<ChannelChange>(ErrorCode::BadRequest,
                                             QStringLiteral("the user is not subscribed"));
            if (target->role == MemberRole::Owner)
                return refuse<ChannelChange>(ErrorCode::BadRequest,
                                             QStringLiteral("the owner's role is fixed"));
            const MemberRole wanted =
                role == ChannelRole::Admin ? MemberRole::Admin : MemberRole::Member;
            if (target->role == wanted)
                return unchanged(records, channelId, callerId);
            if (wanted == MemberRole::Admin &&
                records.channelStaff(channelId).size() - 1 >= api::kMaxChannelAdmins)
                return refuse<ChannelChange>(
                    ErrorCode::LimitExceeded,
                    QStringLiteral("a channel has at most %1 admins").arg(api::kMaxChannelAdmins));
            records.setChannelMemberRole(channelId, userId, wanted);
            ChannelChange change;
            change.channelUpdates.append(logChannelChanged(records, channelId, retention));
            change.updates.append(subscriptionChanged(records, channelId, userId));
            change.channel = currentView(records, channelId, callerId);
            change.callerPts = UpdateLog::currentPts(records, callerId);
            return change;
        },
        std::move(done));
}

void Channels::post(qint64 callerId, qint64 channelId, qint64 randomId, const QString &text,
                    qint64 now, std::function<void(StoreResult<ChannelPost>)> done) {
    post(callerId, channelId, randomId, PostContent{text, {}, 0}, now, std::move(done));
}

void Channels::post(qint64 callerId, qint64 channelId, qint64 randomId, const PostContent &content,
                    qint64 now, std::function<void(StoreResult<ChannelPost>)> done) {
    const qint64 retention = m_limits.logRetention;
    writeUnit<ChannelPost>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<ChannelPost> {
            const qint64 rowsBefore = records.rowsChanged();
            const std::optional<Opened> opened = openChannel(records, channelId, callerId);
            if (!opened)
                return StoreError::NotFound;
            ChannelPost post;
            // A retry (lost answer, reconnect) gets the stored post back; nothing new.
            if (auto existing = records.messageBySender(callerId, randomId)) {
                if (existing->chatId != channelId)
                    return refuse<ChannelPost>(ErrorCode::BadRequest,
                                               QStringLiteral("randomId was already used"));
                post.message = std::move(*existing);
                post.duplicate = true;
                post.channelPts = opened->record.pts;
                return post;
            }
            // In a supergroup (§23) every member writes; in a channel the owner and admins.
            if (opened->record.megagroup && !opened->caller) // a public one's reader (§23.7)
                return refuse<ChannelPost>(ErrorCode::Forbidden,
                                           QStringLiteral("join the supergroup to write in it"));
            if (!opened->record.megagroup && !opened->callerManages())
                return refuse<ChannelPost>(ErrorCode::Forbidden,
                                           QStringLiteral("only the owner and admins post"));
            // The files as messages.send checks them (§11); inserting the message links them
            // to the channel, so its members may download them (§23.8).
            if (const auto bad =
                    attachment_checks::firstRefused(records, callerId, content.attachments)) {
                const Refusal refusal = attachment_checks::describe(*bad);
                return refuse<ChannelPost>(refusal.code, refusal.message);
            }
            protocol::Message message{0,        channelId,          callerId, now, content.text,
                                      randomId, content.attachments};
            if (content.replyToId > 0) {
                auto quoted = replies::quote(records, channelId, callerId, content.replyToId);
                if (const auto *refusal = std::get_if<Refusal>(&quoted))
                    return refuse<ChannelPost>(refusal->code, refusal->message);
                message.replyTo = std::get<protocol::ReplyTo>(std::move(quoted));
            }
            message.id = records.insertMessage(message);
            // The log entry every reader shares carries no randomId (only the poster's answer).
            post.logged = appendToChannel(
                records, opened->record,
                protocol::NewMessageUpdate{visibility::forViewer(message, 0)}, retention);
            post.channelPts = post.logged->logged.pts;
            post.message = std::move(message);
            post.rowsWritten = records.rowsChanged() - rowsBefore;
            return post;
        },
        std::function<void(StoreResult<ChannelPost>)>(
            [this, done = std::move(done)](StoreResult<ChannelPost> r) {
                if (const auto *post = std::get_if<ChannelPost>(&r); post && post->logged)
                    cacheEntries({*post->logged});
                if (done)
                    done(std::move(r));
            }));
}

void Channels::cacheEntries(const QList<ChannelLogged> &entries) {
    for (const ChannelLogged &entry : entries)
        m_cache.add(entry.channelId, entry.logged,
                    UpdateLog::encodeForStore(entry.logged.update).size());
}

StoreResult<Channel> Channels::get(qint64 viewerId, qint64 channelId) {
    return readUnit<Channel>(m_store, [&](RecordReader &records) -> StoreResult<Channel> {
        const std::optional<Opened> opened = openChannel(records, channelId, viewerId);
        if (!opened)
            return StoreError::NotFound;
        return viewOf(records, opened->record, opened->caller);
    });
}

StoreResult<Difference> Channels::difference(qint64 viewerId, qint64 channelId, qint64 sincePts,
                                             int limit) {
    limit = std::max(1, limit);
    return readUnit<Difference>(m_store, [&](RecordReader &records) -> StoreResult<Difference> {
        const std::optional<Opened> opened = openChannel(records, channelId, viewerId);
        if (!opened)
            return StoreError::NotFound;
        const ChannelRecord &record = opened->record;
        Difference result;
        result.pts = record.pts;
        // Older than what is retained, or ahead of this database: either way, reload.
        if (sincePts < record.oldestPts - 1 || sincePts > record.pts) {
            result.tooLong = true;
            return result;
        }
        // Entries hold a post as it was posted; its comment count is read now (§22).
        if (std::optional<Difference> cached = m_cache.slice(channelId, sincePts, limit)) {
            Comments::countComments(records, channelId, cached->updates);
            return std::move(*cached);
        }
        // One entry past the slice says whether more remain.
        const QList<LogEntry> entries =
            records.channelLogEntriesAfter(channelId, sincePts, limit + 1);
        for (const LogEntry &entry : entries) {
            if (result.updates.size() == limit) {
                result.final = false;
                break;
            }
            result.updates.append(protocol::LoggedUpdate{
                entry.pts, UpdateLog::decodeStored(entry, "channel", channelId)});
        }
        if (!result.updates.isEmpty())
            result.pts = result.updates.last().pts;
        Comments::countComments(records, channelId, result.updates);
        return result;
    });
}

StoreResult<HistoryPage> Channels::history(qint64 viewerId, qint64 channelId, qint64 beforeId,
                                           int limit) {
    return readUnit<HistoryPage>(m_store, [&](RecordReader &records) -> StoreResult<HistoryPage> {
        if (!openChannel(records, channelId, viewerId))
            return StoreError::NotFound;
        HistoryPage page;
        const QList<protocol::Message> newestFirst = records.messagesBefore(
            channelId, beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max(),
            std::max(1, limit) + 1);
        for (const protocol::Message &message : newestFirst) {
            if (page.messages.size() == std::max(1, limit)) {
                page.more = true;
                break;
            }
            page.messages.append(visibility::forViewer(message, viewerId));
        }
        std::reverse(page.messages.begin(), page.messages.end());
        Comments::countComments(records, channelId, page.messages);
        return page;
    });
}

StoreResult<ChannelPage> Channels::list(qint64 userId, qint64 afterChannelId, int limit) {
    return readUnit<ChannelPage>(m_store, [&](RecordReader &records) -> StoreResult<ChannelPage> {
        ChannelPage page;
        const QList<ChannelMemberRecord> rows =
            records.channelSubscriptionsOf(userId, afterChannelId, std::max(1, limit) + 1);
        for (const ChannelMemberRecord &row : rows) {
            if (page.channels.size() == std::max(1, limit)) {
                page.final = false;
                break;
            }
            if (const std::optional<ChannelRecord> record = records.channel(row.channelId))
                page.channels.append(viewOf(records, *record, row));
        }
        return page;
    });
}

StoreResult<QList<Channel>> Channels::search(qint64 viewerId, const QString &query, int limit) {
    const QString folded = query.toCaseFolded();
    return readUnit<QList<Channel>>(m_store, [&](RecordReader &records) {
        QList<Channel> found;
        for (const ChannelRecord &record : records.searchPublicChannels(folded, limit))
            found.append(viewOf(records, record, records.channelMember(record.id, viewerId)));
        return found;
    });
}

void Channels::subscriptionsInOrder(qint64 userId,
                                    std::function<void(StoreResult<QList<qint64>>)> done) {
    writeUnit<QList<qint64>>(
        m_store,
        [userId](RecordWriter &records) -> StoreResult<QList<qint64>> {
            QList<qint64> ids;
            for (const ChannelMemberRecord &row :
                 records.channelSubscriptionsOf(userId, 0, api::kMaxChannelSubscriptions))
                ids.append(row.channelId);
            return ids;
        },
        std::move(done));
}

} // namespace msgr::server::domain
