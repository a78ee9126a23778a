#pragma once
//! The user's acts on channels through the server (docs/protocol.md §15.2): create, search,
//! subscribe, unsubscribe, mute, post, read one channel or a page of its posts, and the owner's
//! and admins' edit, add subscribers and (the owner's) set a role. What the server
//! accepted is stored at once (the channel as the user now sees it, a post as a message of its
//! chat) and the channel's log is followed or dropped (ChannelSynchronisers); the account log's
//! channelSubscription brings the same to the user's other devices. Offline, every act is
//! refused at once (code OFFLINE), not queued: the user repeats it when online.
//!
//! Thread affinity: the network thread, beside its RequestChannel.
#include "protocol/api/channels.h"
#include "protocol/api/supergroups.h"
#include "protocol/objects.h"

#include <QObject>
#include <QPointer>
#include <functional>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class ChannelSynchronisers;
class RequestChannel;

//! What one act on channels came to: `code` empty on success (else the server's error code
//! name, or OFFLINE), the channels it returned, or the post / page of posts.
struct ChannelOutcome {
    QString code;
    QString message;
    QList<protocol::api::Channel> channels;
    QList<protocol::Message> posts;
    bool complete = false; // a page of posts, or of members: nothing more remains
    //! A page of supergroups.members. Last, with its own default: the outcomes built in
    //! braces leave it out.
    QList<protocol::api::SupergroupMember> members{};
    bool ok() const { return code.isEmpty(); }
};
using ChannelDone = std::function<void(const ChannelOutcome &outcome)>;

class ChannelService : public QObject {
    Q_OBJECT
public:
    //! `link`, `store` and `followers` must outlive the service.
    ChannelService(RequestChannel *link, storage::ProfileStore *store,
                   ChannelSynchronisers *followers, QObject *parent = nullptr);

    //! `name` empty: a private channel.
    void create(const QString &title, const QString &about, const QString &name, ChannelDone done);
    void search(const QString &query, ChannelDone done);
    void get(qint64 channelId, ChannelDone done);
    void subscribe(qint64 channelId, ChannelDone done);
    void unsubscribe(qint64 channelId, ChannelDone done);
    void setMuted(qint64 channelId, bool muted, ChannelDone done);
    void post(qint64 channelId, const QString &text, ChannelDone done);
    //! Posts below beforeId (0: the newest), ascending; not stored unless subscribed.
    void history(qint64 channelId, qint64 beforeId, int limit, ChannelDone done);
    //! channels.edit: only what is set changes (at least one).
    void edit(qint64 channelId, const std::optional<QString> &title,
              const std::optional<QString> &about, ChannelDone done);
    //! channels.setRole: `admin` true makes the subscriber an admin, false an admin a subscriber.
    void setRole(qint64 channelId, qint64 userId, bool admin, ChannelDone done);
    //! channels.addSubscribers (at most api::kMaxChannelAddSubscribers users).
    void addSubscribers(qint64 channelId, const QList<qint64> &userIds, ChannelDone done);
    //! Supergroups (docs/protocol.md §23): they are channels with Channel::megagroup; the
    //! answer is stored and followed as a channel's.
    void createSupergroup(const QString &title, const QList<qint64> &userIds, ChannelDone done);
    void removeSupergroupMember(qint64 chatId, qint64 userId, ChannelDone done);
    //! groups.upgrade: the group's supergroup (made now or before) is stored and followed.
    void upgradeGroup(qint64 groupId, ChannelDone done);
    //! supergroups.members (§23.3): the page after `afterUserId` in `members`, `complete` when
    //! it is the last. Not stored: the list is read while the info page is shown.
    void supergroupMembers(qint64 chatId, qint64 afterUserId, ChannelDone done);

private:
    bool refuseOffline(const ChannelDone &done) const;
    //! Sends a request answered with a channel, which is stored (storeChannel) before done.
    template <typename Request> void changeChannel(const Request &request, ChannelDone done);
    //! The server's channel is stored and followed (subscribed) or dropped (not), then done.
    void storeChannel(const protocol::api::Channel &channel, ChannelDone done);

    QPointer<RequestChannel> m_link;
    storage::ProfileStore *m_store;
    ChannelSynchronisers *m_followers;
};

} // namespace msgr::core
