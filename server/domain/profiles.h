#pragma once
//! Profiles (profiles.* of docs/protocol.md §14): what a viewer may see of a user, and the
//! owner's changes. The rules live here, not in the store: who sees the exact last-seen time
//! (the owner's privacy setting: everybody, contacts or nobody; never a user the owner
//! blocked) and the buckets everyone else gets instead; a username change is case-insensitive
//! and frees the old name at once. Each change logs one profileChanged to the owner, so their
//! other devices follow; other users read profiles when they show them (profiles.get).
//! Thread-safe: reads run on the calling thread; a write's `done` runs on the store's writer
//! thread (see units.h).
#include "protocol/api/profiles.h"
#include "server/domain/results.h"
#include "server/store/store.h"

#include <functional>

namespace msgr::server::domain {

//! The outcome of a change to the caller's own profile.
struct ProfileChange {
    protocol::api::Profile profile; // as its owner sees it, after the change
    QList<UserUpdate> updates;      // profileChanged to the owner (empty when nothing changed)
    qint64 callerPts = 0;
};

class Profiles {
public:
    explicit Profiles(Store &store) : m_store(store) {}

    using Done = std::function<void(StoreResult<ProfileChange>)>;

    //! The known users among `ids` as `viewerId` sees them at `now`, in the order asked.
    StoreResult<QList<protocol::api::Profile>> profiles(qint64 viewerId, const QList<qint64> &ids,
                                                        qint64 now);
    //! Unset (nullopt) fields stay as they are; both are trimmed.
    void update(qint64 userId, const std::optional<QString> &displayName,
                const std::optional<QString> &about, qint64 now, Done done);
    //! `username` is already folded and valid (the protocol's decode). UsernameTaken when
    //! another user has it.
    void setUsername(qint64 userId, const QString &username, qint64 now, Done done);
    void setLastSeenPrivacy(qint64 userId, protocol::api::LastSeenPrivacy privacy, qint64 now,
                            Done done);

    //! What `viewerId` may see of `subjectId`'s last seen (and online state, §17.3): the time,
    //! a bucket (the owner's setting, or the viewer's own hiding it from the subject: Telegram's
    //! reciprocity), or always "longAgo" (the owner blocked the viewer).
    enum class LastSeenView { Exact, Bucket, LongAgo };
    static LastSeenView lastSeenView(RecordReader &records, qint64 subjectId, int subjectPrivacy,
                                     qint64 viewerId);
    //! `subjectId` as `viewerId` sees them at `now`; nullopt when there is no such user.
    static std::optional<protocol::api::Profile> profileFor(RecordReader &records, qint64 subjectId,
                                                            qint64 viewerId, qint64 now);
    //! Telegram's buckets: up to 3 days "recently", up to 7 "lastWeek", up to 30 "lastMonth",
    //! then "longAgo". A negative age (clocks apart) is "recently".
    static protocol::api::LastSeenBucket bucketFor(qint64 ageMs);

private:
    Store &m_store;
};

} // namespace msgr::server::domain
