#include "core/photos/photo_service.h"

#include "core/channels/channels_sync.h"
#include "core/net/request_channel.h"
#include "core/sync/record_mapping.h"
#include "protocol/api/photos.h"
#include "protocol/error_code.h"
#include "protocol/updates.h"
#include "storage/profile_store.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/photos_table.h"

namespace msgr::core {
namespace {

namespace api = protocol::api;

constexpr auto kPhotoOffline = "OFFLINE";

template <typename T> std::pair<QString, QString> photoRefusal(const api::Reply<T> &reply) {
    if (reply.connectionLost)
        return {QString::fromLatin1(kPhotoOffline), QStringLiteral("not connected to the server")};
    return {protocol::errorCodeName(reply.error.code), reply.error.message};
}

} // namespace

PhotoService::PhotoService(RequestChannel *channel, storage::ProfileStore *store, QObject *parent)
    : QObject(parent), m_channel(channel), m_store(store) {}

void PhotoService::setPhoto(PhotoTarget target, qint64 id, const protocol::Photo &photo,
                            Done done) {
    if (!m_channel || !m_channel->isAuthorized()) {
        done(QString::fromLatin1(kPhotoOffline), QStringLiteral("not connected to the server"));
        return;
    }
    // Each answer is stored before `done`, so a page reading the store sees the new photo.
    auto stored = [this, done](storage::ProfileStore::WriteJob job) {
        m_store->write(std::move(job), this, [done] { done({}, {}); });
    };
    switch (target) {
    case PhotoTarget::Profile:
        m_channel->call(api::SetProfilePhoto{photo}, this,
                        [done, stored](const api::Reply<api::ProfileResult> &reply) {
                            if (!reply.ok()) {
                                const auto [code, message] = photoRefusal(reply);
                                return done(code, message);
                            }
                            stored([profile = reply.value->profile](storage::WriteTransaction &tx) {
                                storage::PhotosTable::set(tx, storage::PhotoSubject::User,
                                                          profile.user.id,
                                                          toPhotoRecord(profile.photo));
                            });
                        });
        return;
    case PhotoTarget::Group:
        m_channel->call(
            api::SetGroupPhoto{id, photo}, this,
            [done, stored](const api::Reply<api::ChatResult> &reply) {
                if (!reply.ok()) {
                    const auto [code, message] = photoRefusal(reply);
                    return done(code, message);
                }
                stored([info = toChatInfo(reply.value->chat)](storage::WriteTransaction &tx) {
                    storage::ChatsTable::store(tx, info);
                });
            });
        return;
    case PhotoTarget::Channel:
        m_channel->call(api::SetChannelPhoto{id, photo}, this,
                        [done, stored](const api::Reply<api::ChannelResult> &reply) {
                            if (!reply.ok()) {
                                const auto [code, message] = photoRefusal(reply);
                                return done(code, message);
                            }
                            stored([channel = reply.value->channel](storage::WriteTransaction &tx) {
                                // What every reader shares: the user's role and mute stay.
                                protocol::ChannelChangedUpdate changed;
                                changed.channel = channel;
                                ChannelsSync::applyChanged(tx, changed);
                            });
                        });
        return;
    }
}

} // namespace msgr::core
