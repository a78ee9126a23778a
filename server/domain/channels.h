#pragma once
//! Channels (channels.* of docs/protocol.md §15): create, post, subscribe, unsubscribe, mute,
//! roles, search; the rules of who may do what are here (protocol/api/channels.h has the
//! table), the store keeps rows only.
//!
//! A channel has its own log: a post is one message row and one entry of the channel's log
//! (a constant number of rows, however many subscribers there are), pushed to the channel's
//! topic (online subscribers' connections) by the caller of `post`, and read back through
//! `difference`, served from the ChannelPostCache when it covers the asked range. A user's
//! own log only hears of their own subscription changing (channelSubscription).
//!
//! Thread-safe; a write's `done` runs on the store's writer thread, in commit order, after the
//! cache has taken the committed channel-log entries (see units.h).
#include "protocol/api/channels.h"
#include "server/domain/channel_post_cache.h"
#include "server/domain/results.h"
#include "server/domain/units.h"
#include "server/store/store.h"

#include <functional>

namespace msgr::server::domain {

//! One entry of a channel's log, to be pushed to the channel's topic.
struct ChannelLogged {
    qint64 channelId = 0;
    protocol::LoggedUpdate logged;
};

//! The outcome of a channel change.
struct ChannelChange {
    protocol::api::Channel channel;      // as the caller sees it after the change
    QList<UserUpdate> updates;           // user-log entries (subscriptions), pushed per user
    QList<ChannelLogged> channelUpdates; // channel-log entries, pushed to the topic
    QList<qint64> joined;                // users who became subscribers (topic: subscribe)
    QList<qint64> left;                  // users who stopped being subscribers (unsubscribe)
    qint64 callerPts = 0;
    std::optional<Refusal> refused; // set: nothing was written
};

struct ChannelPost {
    protocol::Message message; // as the poster sees it (with randomId)
    qint64 channelPts = 0;     // of the post's entry in the channel's log
    bool duplicate = false;    // the (sender, randomId) was posted before: nothing new written
    std::optional<ChannelLogged> logged; // the entry to push (none for a duplicate)
    qint64 rowsWritten = 0;              // rows the post's unit inserted/updated/deleted
    std::optional<Refusal> refused;      // set: nothing was written
};

//! What one post or supergroup message holds (§15, §23.8): the text, the files (checked as
//! messages.send checks them, §11) and the message of the same log it answers (0: none).
struct PostContent {
    QString text;
    QList<protocol::Attachment> attachments;
    qint64 replyToId = 0;
};

struct ChannelPage {
    QList<protocol::api::Channel> channels;
    bool final = true;
};

struct ChannelLimits {
    //! Entries kept in each channel's log; an older pts gets tooLong (reload by history).
    qint64 logRetention = 10'000;
    ChannelCacheLimits cache;
};

class Channels {
public:
    explicit Channels(Store &store, ChannelLimits limits = {})
        : m_store(store), m_limits(limits), m_cache(limits.cache) {}

    using Done = std::function<void(StoreResult<ChannelChange>)>;

    //! `name` empty: private. USERNAME_TAKEN (refused) when another channel has the name. A
    //! retry with the same randomId answers the channel created the first time.
    void create(qint64 callerId, qint64 randomId, const QString &title, const QString &about,
                const QString &name, qint64 now, Done done);
    //! §24: sets (none: removes) the photo, the owner's and admins'; a channelChanged in its
    //! log. The same photo again changes nothing.
    void setPhoto(qint64 callerId, qint64 channelId, const protocol::Photo &photo, qint64 now,
                  Done done);
    void edit(qint64 callerId, qint64 channelId, const std::optional<QString> &title,
              const std::optional<QString> &about, Done done);
    void subscribe(qint64 callerId, qint64 channelId, qint64 now, Done done);
    void unsubscribe(qint64 callerId, qint64 channelId, Done done);
    //! `now` dates the service message a supergroup (§23) gets when a member leaves.
    void unsubscribe(qint64 callerId, qint64 channelId, qint64 now, Done done);
    void addSubscribers(qint64 callerId, qint64 channelId, const QList<qint64> &userIds, qint64 now,
                        Done done);
    void setMuted(qint64 callerId, qint64 channelId, bool muted, Done done);
    void setRole(qint64 callerId, qint64 channelId, qint64 userId, protocol::api::ChannelRole role,
                 Done done);
    void post(qint64 callerId, qint64 channelId, qint64 randomId, const QString &text, qint64 now,
              std::function<void(StoreResult<ChannelPost>)> done);
    //! A post with files and a quote: a refused attachment or quote writes nothing.
    void post(qint64 callerId, qint64 channelId, qint64 randomId, const PostContent &content,
              qint64 now, std::function<void(StoreResult<ChannelPost>)> done);

    //! NotFound for no channel and for a private one the viewer is not subscribed to.
    StoreResult<protocol::api::Channel> get(qint64 viewerId, qint64 channelId);
    //! The channel log's entries after sincePts (from the cache when it covers them).
    StoreResult<Difference> difference(qint64 viewerId, qint64 channelId, qint64 sincePts,
                                       int limit);
    StoreResult<HistoryPage> history(qint64 viewerId, qint64 channelId, qint64 beforeId, int limit);
    StoreResult<ChannelPage> list(qint64 userId, qint64 afterChannelId, int limit);
    //! Public channels matching `query`, with the viewer's own role where subscribed.
    StoreResult<QList<protocol::api::Channel>> search(qint64 viewerId, const QString &query,
                                                      int limit);

    //! The ids of the user's channels, read inside a WRITE unit so that `done` (writer thread)
    //! runs in commit order with the subscribe/unsubscribe answers: a connection that
    //! subscribes its topics from it can neither miss a subscription nor keep one that ended.
    void subscriptionsInOrder(qint64 userId, std::function<void(StoreResult<QList<qint64>>)> done);

    ChannelPostCache &cache() { return m_cache; }
    qint64 logRetention() const { return m_limits.logRetention; }

    //! Runs `body` as one write unit whose result lists channel-log entries in `logged` (any
    //! result type with that member); once committed, the cache takes them before `done` runs.
    //! Supergroup message actions (supergroup_messages.*) write through it.
    template <typename Result>
    void logged(std::function<StoreResult<Result>(RecordWriter &)> body,
                std::function<void(StoreResult<Result>)> done);

    //! Runs `body` as one write unit; once committed, the cache takes its channel-log entries
    //! before `done` runs. Supergroups (supergroups.*) write through it as channels do.
    void change(std::function<StoreResult<ChannelChange>(RecordWriter &)> body, Done done);

    //! What channels.search matches: the name, title and about, case-folded.
    static QString searchText(const QString &name, const QString &title, const QString &about);

private:
    void cacheEntries(const QList<ChannelLogged> &entries);

    Store &m_store;
    const ChannelLimits m_limits;
    ChannelPostCache m_cache;
};

template <typename Result>
void Channels::logged(std::function<StoreResult<Result>(RecordWriter &)> body,
                      std::function<void(StoreResult<Result>)> done) {
    writeUnit<Result>(m_store, std::move(body),
                      std::function<void(StoreResult<Result>)>(
                          [this, done = std::move(done)](StoreResult<Result> r) {
                              // Committed, in commit order: the cache first (see change()).
                              if (const auto *result = std::get_if<Result>(&r))
                                  cacheEntries(result->logged);
                              if (done)
                                  done(std::move(r));
                          }));
}

} // namespace msgr::server::domain
