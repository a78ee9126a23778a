#include "server/domain/presence.h"

#include "server/domain/profiles.h"
#include "server/domain/units.h"

#include <QSet>
#include <algorithm>

namespace msgr::server::domain {

namespace {

using protocol::api::UserStatus;

//! `subject` as `viewerId` may see them; `record` is the subject's profile row.
UserStatus statusFor(RecordReader &records, const ProfileRecord &record, qint64 viewerId,
                     qint64 now, const LiveState &live) {
    UserStatus s;
    s.userId = record.user.id;
    const qint64 lastSeenAt = live.online ? now : std::max(record.lastSeenAt, live.offlineAt);
    switch (Profiles::lastSeenView(records, record.user.id, record.lastSeenPrivacy, viewerId)) {
    case Profiles::LastSeenView::Exact:
        if (live.online)
            s.online = true;
        else
            s.lastSeenAt = lastSeenAt;
        break;
    case Profiles::LastSeenView::Bucket:
        // Online users are "recently", as in Telegram: the bucket does not tell it.
        s.lastSeen = Profiles::bucketFor(now - lastSeenAt);
        break;
    case Profiles::LastSeenView::LongAgo:
        s.lastSeen = protocol::api::LastSeenBucket::LongAgo;
        break;
    }
    return s;
}

} // namespace

StoreResult<QList<UserStatus>> Presence::statuses(qint64 viewerId, const QList<qint64> &ids,
                                                  qint64 now, const LiveStateOf &live) {
    return readUnit<QList<UserStatus>>(m_store, [&](RecordReader &records) {
        QList<UserStatus> list;
        for (const qint64 id : ids) {
            if (const std::optional<ProfileRecord> record = records.profile(id))
                list.append(statusFor(records, *record, viewerId, now, live(id)));
        }
        return StoreResult<QList<UserStatus>>(std::move(list));
    });
}

StoreResult<QList<StatusPush>> Presence::pushes(qint64 subjectId, qint64 now,
                                                const LiveStateOf &live) {
    return readUnit<QList<StatusPush>>(
        m_store, [&](RecordReader &records) -> StoreResult<QList<StatusPush>> {
            const std::optional<ProfileRecord> record = records.profile(subjectId);
            if (!record)
                return StoreError::NotFound;
            // Candidates: contacts first (the relation the user chose), then private-chat peers.
            QList<qint64> candidates;
            QSet<qint64> seen{subjectId};
            const auto add = [&](qint64 userId) {
                if (candidates.size() < protocol::api::kMaxPresenceAudience &&
                    !seen.contains(userId)) {
                    seen.insert(userId);
                    candidates.append(userId);
                }
            };
            for (const ContactRow &c :
                 records.contactsAfter(subjectId, 0, protocol::api::kMaxPresenceAudience))
                add(c.userId);
            for (const MemberRecord &m : records.membershipsOf(subjectId)) {
                if (candidates.size() >= protocol::api::kMaxPresenceAudience)
                    break;
                const std::optional<ChatRecord> chat = records.chat(m.chatId);
                if (!chat || chat->kind != protocol::ChatKind::Private)
                    continue;
                for (const MemberRecord &peer : records.members(m.chatId))
                    add(peer.userId);
            }
            const LiveState subject = live(subjectId);
            QList<StatusPush> pushes;
            for (const qint64 receiverId : std::as_const(candidates)) {
                if (!live(receiverId).online || records.isBlocked(receiverId, subjectId))
                    continue; // nobody to tell; a blocker is not told of the one they blocked
                UserStatus status = statusFor(records, *record, receiverId, now, subject);
                // Only a receiver who may see the time is told: a "recently" pushed at each
                // change would tell the moments the status changed, which the bucket hides.
                if (!status.lastSeen)
                    pushes.append({receiverId, status});
            }
            return pushes;
        });
}

} // namespace msgr::server::domain
