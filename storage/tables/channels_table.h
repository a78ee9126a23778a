#pragma once
//! The channels the account is subscribed to (channels, schema 22): what a channel's chat row
//! does not hold (about, @name, owner, admins, subscriber count, the user's role and mute), and the
//! last pts of the CHANNEL's own log whose effect is stored. A channel's chat row (kind 2) and
//! its posts (messages of that chat) are ChatsTable's and MessagesTable's. Storage thread only
//! (inside a job).
#include "storage/records.h"
#include "storage/transaction.h"

#include <QList>
#include <optional>

namespace msgr::storage {

struct ChannelRecord {
    qint64 chatId = 0;
    qint64 pts = 0; // the channel log's last applied entry (0: none yet)
    QString about;
    QString name; // the public @name without "@"; empty: private
    qint64 ownerId = 0;
    qint64 subscriberCount = 0;
    ChatRole role = ChatRole::Member; // the signed-in user's
    bool muted = false;
    bool megagroup = false; // a supergroup (§23): every member writes (schema 26)
    QList<qint64> adminIds; // besides the owner, as the server last said (schema 29)
    bool operator==(const ChannelRecord &) const = default;
};

struct ChannelsTable {
    //! Everything but `pts` as the server said (the row is created with pts 0 when new).
    static void storeInfo(WriteTransaction &tx, const ChannelRecord &channel);
    //! Only what every reader shares (a channelChanged entry): about, name, owner, admins,
    //! count.
    static void storeShared(WriteTransaction &tx, const ChannelRecord &channel);
    //! The subscriber count a live push told (no row: nothing).
    static void storeSubscriberCount(WriteTransaction &tx, qint64 chatId, qint64 count);
    //! Raises the channel log's position to `pts` (never lowers it; no row: nothing).
    static void raisePts(WriteTransaction &tx, qint64 chatId, qint64 pts);
    //! Unsubscribed: the channel's row and its chat row go (its cached posts stay, unlisted).
    static void remove(WriteTransaction &tx, qint64 chatId);

    static std::optional<ChannelRecord> load(ReadTransaction &tx, qint64 chatId);
    //! Ascending by id.
    static QList<ChannelRecord> loadAll(ReadTransaction &tx);
};

} // namespace msgr::storage
