#pragma once
//! channels.* of docs/protocol.md §15: broadcast channels, public (with a unique @name, found
//! by search) or private, where the owner and admins post and any number of subscribers read.
//! A channel keeps its OWN update log (its own pts): a post is one entry there, however many
//! subscribers there are, pushed live to the subscribers' open connections and fetched by
//! channels.getDifference; a subscriber's own log only hears of their subscription changing.
//! Plain values, thread-safe.
//!
//! Who may do what (the server refuses the rest with FORBIDDEN):
//!   read (get, getDifference, history) .... anyone for a public channel; subscribers of a
//!                                            private one (others get NOT_FOUND)
//!   subscribe ............................. anyone to a public channel
//!   unsubscribe, mute ..................... every subscriber but the owner (who cannot leave)
//!   post, edit, add subscribers ........... the owner and admins
//!   make a subscriber an admin or back .... the owner
#include "protocol/api/messages.h" // SendResult, MessagesResult
#include "protocol/api/reply.h"
#include "protocol/methods.h"
#include "protocol/objects.h"

#include <QCborValue>

namespace msgr::protocol::api {

// protocol/api/sync.h (it includes protocol/updates.h, which includes this file).
struct DifferenceResult;

// The bounds of docs/protocol.md §15.6.
inline constexpr int kMaxChannelTitleChars = 128;
inline constexpr int kMaxChannelAboutChars = 255;
inline constexpr int kMaxChannelSubscriptions = 500;   // channels one user may be subscribed to
inline constexpr int kMaxChannelAdmins = 50;           // admins of one channel (the owner aside)
inline constexpr int kMaxChannelAddSubscribers = 100;  // users of one channels.addSubscribers
inline constexpr int kMaxChannelDifferenceLimit = 100; // posts of one channels.getDifference page
inline constexpr int kMaxChannelListPage = 100;        // channels of one channels.list page
inline constexpr int kMaxChannelSearchLimit = 50;      // channels of one channels.search answer
inline constexpr int kMaxChannelSearchChars = 64;      // the search text

//! A subscriber's role in a channel.
enum class ChannelRole { Subscriber, Admin, Owner };
QString channelRoleName(ChannelRole role);
std::optional<ChannelRole> channelRoleFromName(const QString &name);

//! A channel as one viewer sees it. `role` and `muted` are the viewer's own (absent / false
//! where the viewer is not subscribed, and in the channel's own log, which all readers share).
struct Channel {
    qint64 id = 0; // a chat id (kind "channel")
    QString title; // 1..kMaxChannelTitleChars
    QString about; // 0..kMaxChannelAboutChars
    QString name;  // the public @name without "@" (the username rule); empty: private
    qint64 createdAt = 0;
    qint64 ownerId = 0;
    QList<qint64> adminIds{}; // without the owner
    qint64 subscriberCount = 0;
    qint64 pts = 0;                    // the channel log's last pts when this was read
    std::optional<ChannelRole> role{}; // the viewer's, when subscribed
    bool muted = false;                // the viewer's choice: no notifications for posts
    bool megagroup = false; // §23: a supergroup (every member writes), not a broadcast channel
    Photo photo{};          // §24: the channel's photo (none: absent on the wire)

    bool isPublic() const { return !name.isEmpty(); }
    QCborMap toCbor() const;
    static std::optional<Channel> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const Channel &, const Channel &) = default;
};

//! A channel after a change, and the caller's own (account log) pts.
struct ChannelResult {
    Channel channel;
    qint64 pts = 0;

    QCborMap toCbor() const;
    static std::optional<ChannelResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const ChannelResult &, const ChannelResult &) = default;
};

struct ChannelsResult {
    QList<Channel> channels;
    bool final = true; // channels.list: false when more follow after the last channel's id

    QCborMap toCbor() const;
    static std::optional<ChannelsResult> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const ChannelsResult &, const ChannelsResult &) = default;
};

//! Creates a channel with the caller as owner (and first subscriber). With a `name` it is
//! public (USERNAME_INVALID for a name outside the username rule, USERNAME_TAKEN when another
//! channel has it); without, private. randomId makes a retry return the same channel.
struct CreateChannel {
    using Result = ChannelResult;
    static constexpr QLatin1StringView method = protocol::method::ChannelsCreate;
    qint64 randomId = 0; // ≠ 0
    QString title;       // 1..kMaxChannelTitleChars, not only blanks (trimmed)
    QString about;       // 0..kMaxChannelAboutChars (trimmed); optional
    QString name;        // optional: the username rule of §1, capitals folded

    QCborMap toCbor() const;
    static Decoded<CreateChannel> decode(const QCborValue &args);
    friend bool operator==(const CreateChannel &, const CreateChannel &) = default;
};

//! The acts naming one channel only: get, subscribe, unsubscribe. `Tag` tells them apart.
template <typename Tag> struct ChannelAct {
    using Result = ChannelResult;
    static constexpr QLatin1StringView method = Tag::method;
    qint64 channelId = 0; // ≥ 1

    QCborMap toCbor() const;
    static Decoded<ChannelAct> decode(const QCborValue &args);
    friend bool operator==(const ChannelAct &, const ChannelAct &) = default;
};
struct GetChannelTag {
    static constexpr QLatin1StringView method = protocol::method::ChannelsGet;
};
struct SubscribeChannelTag {
    static constexpr QLatin1StringView method = protocol::method::ChannelsSubscribe;
};
struct UnsubscribeChannelTag {
    static constexpr QLatin1StringView method = protocol::method::ChannelsUnsubscribe;
};
using GetChannel = ChannelAct<GetChannelTag>;
using SubscribeChannel = ChannelAct<SubscribeChannelTag>;
using UnsubscribeChannel = ChannelAct<UnsubscribeChannelTag>;

//! Changes the title and/or "about" (at least one; BAD_REQUEST otherwise).
struct EditChannel {
    using Result = ChannelResult;
    static constexpr QLatin1StringView method = protocol::method::ChannelsEdit;
    qint64 channelId = 0;         // ≥ 1
    std::optional<QString> title; // 1..kMaxChannelTitleChars, not only blanks
    std::optional<QString> about; // 0..kMaxChannelAboutChars

    QCborMap toCbor() const;
    static Decoded<EditChannel> decode(const QCborValue &args);
    friend bool operator==(const EditChannel &, const EditChannel &) = default;
};

struct SetChannelMuted {
    using Result = ChannelResult;
    static constexpr QLatin1StringView method = protocol::method::ChannelsSetMuted;
    qint64 channelId = 0; // ≥ 1
    bool muted = true;

    QCborMap toCbor() const;
    static Decoded<SetChannelMuted> decode(const QCborValue &args);
    friend bool operator==(const SetChannelMuted &, const SetChannelMuted &) = default;
};

//! Makes a subscriber an admin or an admin a subscriber (the owner's right).
struct SetChannelRole {
    using Result = ChannelResult;
    static constexpr QLatin1StringView method = protocol::method::ChannelsSetRole;
    qint64 channelId = 0;                       // ≥ 1
    qint64 userId = 0;                          // ≥ 1
    ChannelRole role = ChannelRole::Subscriber; // "admin" or "subscriber"; "owner" is refused

    QCborMap toCbor() const;
    static Decoded<SetChannelRole> decode(const QCborValue &args);
    friend bool operator==(const SetChannelRole &, const SetChannelRole &) = default;
};

//! Subscribes users (how a private channel gets readers); those already in are skipped.
struct AddChannelSubscribers {
    using Result = ChannelResult;
    static constexpr QLatin1StringView method = protocol::method::ChannelsAddSubscribers;
    qint64 channelId = 0;  // ≥ 1
    QList<qint64> userIds; // 1..kMaxChannelAddSubscribers, each ≥ 1

    QCborMap toCbor() const;
    static Decoded<AddChannelSubscribers> decode(const QCborValue &args);
    friend bool operator==(const AddChannelSubscribers &, const AddChannelSubscribers &) = default;
};

//! Posts to the channel: one entry of the channel's log. The answer is a SendResult whose
//! `pts` is the CHANNEL's pts of the post (not the caller's account pts).
struct PostToChannel {
    using Result = SendResult;
    static constexpr QLatin1StringView method = protocol::method::ChannelsPost;
    qint64 channelId = 0; // ≥ 1
    qint64 randomId = 0;  // ≠ 0: a resend answers the stored post (duplicate: true)
    QString text;         // 0..kMaxTextChars; not only blanks unless there are attachments
    QList<Attachment> attachments = {}; // 0..kMaxAttachments (docs/protocol.md §11, §15.8)

    QCborMap toCbor() const;
    static Decoded<PostToChannel> decode(const QCborValue &args);
    friend bool operator==(const PostToChannel &, const PostToChannel &) = default;
};

//! The channel log's entries after `pts` (Telegram's getChannelDifference). The answer is a
//! DifferenceResult over the channel's pts: `final: false` when more remain (a page stops at
//! `limit` entries or before the 1 MiB frame cap), `tooLong` when `pts` is older than the
//! retained log (reload with channels.history).
struct GetChannelDifference {
    using Result = DifferenceResult;
    static constexpr QLatin1StringView method = protocol::method::ChannelsGetDifference;
    qint64 channelId = 0;                   // ≥ 1
    qint64 pts = 0;                         // ≥ 0
    int limit = kMaxChannelDifferenceLimit; // 1..kMaxChannelDifferenceLimit

    QCborMap toCbor() const;
    static Decoded<GetChannelDifference> decode(const QCborValue &args);
    friend bool operator==(const GetChannelDifference &, const GetChannelDifference &) = default;
};

//! Posts older than beforeId (0: the newest), as messages.history pages a chat.
struct GetChannelHistory {
    using Result = MessagesResult;
    static constexpr QLatin1StringView method = protocol::method::ChannelsHistory;
    qint64 channelId = 0; // ≥ 1
    qint64 beforeId = 0;  // ≥ 0
    int limit = 50;       // 1..kMaxHistoryLimit

    QCborMap toCbor() const;
    static Decoded<GetChannelHistory> decode(const QCborValue &args);
    friend bool operator==(const GetChannelHistory &, const GetChannelHistory &) = default;
};

//! The caller's subscriptions, ascending by channel id.
struct ListChannels {
    using Result = ChannelsResult;
    static constexpr QLatin1StringView method = protocol::method::ChannelsList;
    qint64 afterChannelId = 0;       // ≥ 0
    int limit = kMaxChannelListPage; // 1..kMaxChannelListPage

    QCborMap toCbor() const;
    static Decoded<ListChannels> decode(const QCborValue &args);
    friend bool operator==(const ListChannels &, const ListChannels &) = default;
};

//! Public channels whose @name, title or "about" contains the query (case-insensitive), most
//! subscribers first. Private channels are never found.
struct SearchChannels {
    using Result = ChannelsResult;
    static constexpr QLatin1StringView method = protocol::method::ChannelsSearch;
    QString query;                      // 1..kMaxChannelSearchChars, not only blanks; leading
                                        // "@"s are ignored
    int limit = kMaxChannelSearchLimit; // 1..kMaxChannelSearchLimit

    QCborMap toCbor() const;
    static Decoded<SearchChannels> decode(const QCborValue &args);
    friend bool operator==(const SearchChannels &, const SearchChannels &) = default;
};

} // namespace msgr::protocol::api

namespace msgr::protocol {

//! In a CHANNEL's log: its title, "about", admins or subscriber count changed (viewer fields
//! left out). Listed in the Update variant (protocol/updates.h).
struct ChannelChangedUpdate {
    static constexpr QLatin1StringView type{"channelChanged"};
    api::Channel channel;
    QCborMap fields() const;
    static std::optional<ChannelChangedUpdate> fromFields(const QCborMap &map, QString *error);
    friend bool operator==(const ChannelChangedUpdate &, const ChannelChangedUpdate &) = default;
};

//! In a USER's log: this user's relation to a channel changed (subscribed, unsubscribed,
//! muted, role); `channel.role` absent means no longer subscribed. Listed in the Update variant.
struct ChannelSubscriptionUpdate {
    static constexpr QLatin1StringView type{"channelSubscription"};
    api::Channel channel;
    QCborMap fields() const;
    static std::optional<ChannelSubscriptionUpdate> fromFields(const QCborMap &map, QString *error);
    friend bool operator==(const ChannelSubscriptionUpdate &,
                           const ChannelSubscriptionUpdate &) = default;
};

//! The live push of one entry of a channel's log: the `u` of an `upd` frame WITHOUT a `pts`
//! (the account log's pts does not move): {type: "channelUpdate", channelId, pts, u}. `pts` is
//! the channel's; a client sequences it against that channel's own log.
struct ChannelUpdatePush {
    static constexpr QLatin1StringView type{"channelUpdate"};
    qint64 channelId = 0;
    qint64 pts = 0;
    QCborMap update; // the entry, as updateToCbor() writes it

    QCborMap toCbor() const;
    static std::optional<ChannelUpdatePush> fromCbor(const QCborMap &map, QString *error = nullptr);
    friend bool operator==(const ChannelUpdatePush &, const ChannelUpdatePush &) = default;
};

} // namespace msgr::protocol
