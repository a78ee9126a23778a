#include "server/domain/profiles.h"

#include "server/domain/units.h"
#include "server/domain/update_log.h"

namespace msgr::server::domain {

namespace {

using protocol::api::LastSeenBucket;
using protocol::api::LastSeenPrivacy;

constexpr qint64 kDayMs = qint64(24) * 3600 * 1000;

LastSeenPrivacy privacyOf(int stored) {
    switch (stored) {
    case 1:
        return LastSeenPrivacy::Contacts;
    case 2:
        return LastSeenPrivacy::Nobody;
    default:
        return LastSeenPrivacy::Everybody;
    }
}

int storedPrivacy(LastSeenPrivacy privacy) {
    switch (privacy) {
    case LastSeenPrivacy::Everybody:
        return 0;
    case LastSeenPrivacy::Contacts:
        return 1;
    case LastSeenPrivacy::Nobody:
        return 2;
    }
    return 0;
}

//! Logs the owner's profile after a change to their own log; `changed` false logs nothing.
StoreResult<ProfileChange> finish(RecordWriter &records, qint64 userId, qint64 now, bool changed) {
    std::optional<protocol::api::Profile> own = Profiles::profileFor(records, userId, userId, now);
    if (!own)
        return StoreError::NotFound;
    ProfileChange change;
    change.profile = std::move(*own);
    if (changed)
        change.updates.append(
            UpdateLog::append(records, userId, protocol::ProfileChangedUpdate{change.profile}));
    change.callerPts = UpdateLog::currentPts(records, userId);
    return change;
}

} // namespace

LastSeenBucket Profiles::bucketFor(qint64 ageMs) {
    if (ageMs <= 3 * kDayMs)
        return LastSeenBucket::Recently;
    if (ageMs <= 7 * kDayMs)
        return LastSeenBucket::LastWeek;
    if (ageMs <= 30 * kDayMs)
        return LastSeenBucket::LastMonth;
    return LastSeenBucket::LongAgo;
}

Profiles::LastSeenView Profiles::lastSeenView(RecordReader &records, qint64 subjectId,
                                              int subjectPrivacy, qint64 viewerId) {
    if (viewerId == subjectId)
        return LastSeenView::Exact;
    // A blocked viewer learns nothing of the owner's activity (as in Telegram).
    if (records.isBlocked(subjectId, viewerId))
        return LastSeenView::LongAgo;
    const auto allows = [&records](LastSeenPrivacy privacy, qint64 owner, qint64 other) {
        return privacy == LastSeenPrivacy::Everybody ||
               (privacy == LastSeenPrivacy::Contacts &&
                records.contactSince(owner, other).has_value());
    };
    if (!allows(privacyOf(subjectPrivacy), subjectId, viewerId))
        return LastSeenView::Bucket;
    // Telegram's reciprocity: a viewer who hides their own last seen from the subject does not
    // see the subject's either (docs/protocol.md §14.1).
    const std::optional<ProfileRecord> viewer = records.profile(viewerId);
    if (viewer && !allows(privacyOf(viewer->lastSeenPrivacy), viewerId, subjectId))
        return LastSeenView::Bucket;
    return LastSeenView::Exact;
}

std::optional<protocol::api::Profile> Profiles::profileFor(RecordReader &records, qint64 subjectId,
                                                           qint64 viewerId, qint64 now) {
    std::optional<ProfileRecord> record = records.profile(subjectId);
    if (!record)
        return std::nullopt;
    protocol::api::Profile p;
    p.user = std::move(record->user);
    p.about = std::move(record->about);
    if (viewerId == subjectId)
        p.privacy = privacyOf(record->lastSeenPrivacy);
    // §24: the photo as photoReadable lets the viewer download it (not to one the owner blocked).
    if (viewerId == subjectId || !records.isBlocked(subjectId, viewerId)) {
        if (std::optional<PhotoRecord> photo = records.photo(PhotoSubject::User, subjectId))
            p.photo = protocol::Photo{photo->fileId, photo->thumbnail};
    }
    switch (lastSeenView(records, subjectId, record->lastSeenPrivacy, viewerId)) {
    case LastSeenView::Exact:
        p.lastSeenAt = record->lastSeenAt;
        break;
    case LastSeenView::Bucket:
        p.lastSeen = bucketFor(now - record->lastSeenAt);
        break;
    case LastSeenView::LongAgo:
        p.lastSeen = LastSeenBucket::LongAgo;
        break;
    }
    return p;
}

StoreResult<QList<protocol::api::Profile>>
Profiles::profiles(qint64 viewerId, const QList<qint64> &ids, qint64 now) {
    return readUnit<QList<protocol::api::Profile>>(m_store, [&](RecordReader &records) {
        QList<protocol::api::Profile> list;
        for (const qint64 id : ids) {
            if (auto p = profileFor(records, id, viewerId, now))
                list.append(std::move(*p));
        }
        return StoreResult<QList<protocol::api::Profile>>(std::move(list));
    });
}

void Profiles::update(qint64 userId, const std::optional<QString> &displayName,
                      const std::optional<QString> &about, qint64 now, Done done) {
    writeUnit<ProfileChange>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<ProfileChange> {
            const std::optional<ProfileRecord> current = records.profile(userId);
            if (!current)
                return StoreError::NotFound;
            const QString name = displayName ? displayName->trimmed() : current->user.displayName;
            const QString text = about ? about->trimmed() : current->about;
            const bool changed = name != current->user.displayName || text != current->about;
            if (changed)
                records.setProfileFields(userId, name, text, current->lastSeenPrivacy);
            return finish(records, userId, now, changed);
        },
        std::move(done));
}

void Profiles::setUsername(qint64 userId, const QString &username, qint64 now, Done done) {
    writeUnit<ProfileChange>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<ProfileChange> {
            const std::optional<protocol::User> user = records.user(userId);
            if (!user)
                return StoreError::NotFound;
            if (user->username == username)
                return finish(records, userId, now, false);
            // Usernames are stored folded, so this one lookup is the case-insensitive check.
            if (records.accountByUsername(username))
                return StoreError::UsernameTaken;
            records.setUsername(userId, username);
            return finish(records, userId, now, true);
        },
        std::move(done));
}

void Profiles::setLastSeenPrivacy(qint64 userId, LastSeenPrivacy privacy, qint64 now, Done done) {
    writeUnit<ProfileChange>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<ProfileChange> {
            const std::optional<ProfileRecord> current = records.profile(userId);
            if (!current)
                return StoreError::NotFound;
            const bool changed = current->lastSeenPrivacy != storedPrivacy(privacy);
            if (changed)
                records.setProfileFields(userId, current->user.displayName, current->about,
                                         storedPrivacy(privacy));
            return finish(records, userId, now, changed);
        },
        std::move(done));
}

} // namespace msgr::server::domain
