#include "server/domain/photos.h"

#include "protocol/api/photos.h"
#include "protocol/limits.h"
#include "server/domain/units.h"
#include "server/domain/update_log.h"

#include <QSet>

namespace msgr::server::domain {

using protocol::ErrorCode;

namespace {

//! Who is told of `ownerId`'s new profile photo (§24.4): their contacts, then the peers of
//! their private chats, at most kMaxPhotoAudience, without a user the owner blocked (who may
//! not see the profile's photo). As the presence audience (presence.cpp), but logged.
QList<qint64> profilePhotoAudienceOf(RecordReader &records, qint64 ownerId) {
    constexpr int kMax = protocol::api::kMaxPhotoAudience;
    QList<qint64> audience;
    QSet<qint64> seen{ownerId};
    const auto add = [&](qint64 userId) {
        if (audience.size() < kMax && !seen.contains(userId)) {
            seen.insert(userId);
            if (!records.isBlocked(ownerId, userId))
                audience.append(userId);
        }
    };
    for (const ContactRow &c : records.contactsAfter(ownerId, 0, kMax))
        add(c.userId);
    for (const MemberRecord &m : records.membershipsOf(ownerId)) {
        if (audience.size() >= kMax)
            break;
        const std::optional<ChatRecord> chat = records.chat(m.chatId);
        if (chat && chat->kind == protocol::ChatKind::Private)
            for (const MemberRecord &peer : records.members(m.chatId))
                add(peer.userId);
    }
    return audience;
}

} // namespace

std::optional<Refusal> photoFileRefusal(RecordReader &records, qint64 callerId,
                                        const protocol::Photo &photo) {
    const std::optional<UploadRecord> upload = records.upload(photo.fileId);
    if (!upload || upload->ownerId != callerId)
        return Refusal{ErrorCode::NotFound, QStringLiteral("photo: no such file")};
    if (!upload->finished())
        return Refusal{ErrorCode::BadRequest, QStringLiteral("photo: the upload is not finished")};
    if (upload->length > protocol::kMaxPhotoBytes)
        return Refusal{ErrorCode::TooLarge,
                       QStringLiteral("photo: at most %1 bytes").arg(protocol::kMaxPhotoBytes)};
    if (!protocol::api::isPhotoMime(upload->fileType.toLower()))
        return Refusal{ErrorCode::BadRequest,
                       QStringLiteral("photo: the upload's filetype must be image/jpeg, "
                                      "image/png or image/webp")};
    return std::nullopt;
}

bool photoReadable(RecordReader &records, const QString &fileId, qint64 userId) {
    for (const PhotoUse &use : records.photoUses(fileId)) {
        if (use.subject == PhotoSubject::User) {
            // As profiles.get: everyone sees a profile but a viewer the owner blocked.
            if (use.subjectId == userId || !records.isBlocked(use.subjectId, userId))
                return true;
            continue;
        }
        const std::optional<ChatRecord> chat = records.chat(use.subjectId);
        if (!chat)
            continue;
        if (chat->kind == protocol::ChatKind::Channel) {
            const std::optional<ChannelRecord> channel = records.channel(use.subjectId);
            if (channel && (!channel->name.isEmpty() ||
                            records.channelMember(use.subjectId, userId).has_value()))
                return true;
        } else if (records.member(use.subjectId, userId)) {
            return true;
        }
    }
    return false;
}

protocol::Photo wirePhoto(const std::optional<PhotoRecord> &record) {
    if (!record)
        return {};
    return protocol::Photo{record->fileId, record->thumbnail};
}

std::optional<PhotoRecord> storedPhoto(const protocol::Photo &photo) {
    if (photo.isNone())
        return std::nullopt;
    return PhotoRecord{photo.fileId, photo.thumbnail};
}

void Photos::setProfilePhoto(qint64 userId, const protocol::Photo &photo, qint64 now, Done done) {
    writeUnit<ProfilePhotoChange>(
        m_store,
        [=](RecordWriter &records) -> StoreResult<ProfilePhotoChange> {
            ProfilePhotoChange result;
            if (!photo.isNone()) {
                if (auto refusal = photoFileRefusal(records, userId, photo)) {
                    result.refused = std::move(refusal);
                    return result;
                }
            }
            const bool changed = wirePhoto(records.photo(PhotoSubject::User, userId)) != photo;
            if (changed)
                records.setPhoto(PhotoSubject::User, userId, storedPhoto(photo), now);
            std::optional<protocol::api::Profile> own =
                Profiles::profileFor(records, userId, userId, now);
            if (!own)
                return StoreError::NotFound;
            result.change.profile = std::move(*own);
            if (changed) {
                result.change.updates.append(UpdateLog::append(
                    records, userId, protocol::ProfileChangedUpdate{result.change.profile}));
                // The people who know the owner see the new photo at once (§24.4).
                const protocol::UserPhotoChangedUpdate told{userId, photo};
                for (const qint64 receiverId : profilePhotoAudienceOf(records, userId))
                    result.change.updates.append(UpdateLog::append(records, receiverId, told));
            }
            result.change.callerPts = UpdateLog::currentPts(records, userId);
            return result;
        },
        std::move(done));
}

} // namespace msgr::server::domain
