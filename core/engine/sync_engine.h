#pragma once
//! The client's network side, composed: the connection owner (AccountConnection) and the
//! features that reach the server through it — the account's log synchroniser, the outbox,
//! delivery receipts and read marks, the user and device directories, history paging, pinned
//! chats, the secret chats' keys and relay, the channels (one log synchroniser each). This
//! class only wires them and offers their commands to the other threads; the logic is theirs.
//!
//! Thread affinity: lives on its own network thread (Session moves it there). The public
//! methods below are thread-safe: each queues its work onto the engine's thread and returns at
//! once. Signals are emitted on the network thread; connect them queued (the default across
//! threads). The GUI thread never waits on it.
#include "core/channels/channel_service.h"
#include "core/comments/comment_service.h"
#include "core/contacts/contacts_service.h"
#include "core/groups/group_service.h"
#include "core/net/proxy_settings.h"
#include "core/net/reconnect_backoff.h"
#include "core/photos/photo_service.h"
#include "protocol/error_code.h"
#include "protocol/objects.h"
#include "storage/records.h"
#include "storage/tables/secret_table.h"

#include <QObject>
#include <QUrl>
#include <atomic>
#include <functional>

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

class AccountConnection;
class AccountLog;
class ChannelSynchronisers;
class DeliveryReceipts;
class DeviceDirectory;
class HistoryFetcher;
class KeyPublisher;
class LogSynchroniser;
class MessageActionService;
class Outbox;
class PinService;
class MuteService;
class PrivateChatOpener;
class ReadMarks;
class SecretChatService;
class TypingRelay;
class PresenceRelay;
class DraftService;
class UserDirectory;
class GroupService;

class SyncEngine : public QObject {
    Q_OBJECT
public:
    //! Refused: the server address is one the transport policy refuses (unencrypted ws:// to
    //! another machine without the user's opt-in, or not a ws/wss address). No socket is
    //! opened and nothing is retried until setAllowInsecureTransport(true).
    enum class Connection { Offline, Connecting, Updating, Online, Refused };
    Q_ENUM(Connection)

    struct Options {
        QUrl serverUrl;
        QString deviceName;
        //! The first wait before reconnecting (AccountConnection::Options). Tests stretch it.
        int firstReconnectDelayMs = ReconnectBackoff::kInitialMs;
    };

    //! `store` must outlive the engine. Construct anywhere, then move to the network thread
    //! and call start().
    SyncEngine(storage::ProfileStore *store, Options options);
    ~SyncEngine() override;

    // ---- thread-safe entry points (queued onto the network thread)
    //! Loads the account and the outbox; connects and resumes if a token is stored.
    void start();
    //! Closes the connection and stops every timer; call before the thread quits.
    void shutdown();
    void signUp(const QString &username, const QString &password, const QString &displayName);
    void logIn(const QString &username, const QString &password);
    void logOut();
    //! A message already stored as pending (SyncWrites::enqueueOutgoing): send it when online.
    void sendPending(const storage::MessageRecord &record);
    //! The user retries a refused message, already pending again in the store
    //! (MessagesTable::clearFailed): sent again with its random id.
    void retryFailed(const storage::MessageRecord &record);
    //! The user cancelled the pending message `localId` (removed from the store): not sent.
    void forgetPending(qint64 localId);
    //! The user read the chat up to maxId: stored locally at once, sent when online.
    void markRead(qint64 chatId, qint64 maxId);
    void searchUsers(int tag, const QString &query);
    void refreshDevices();
    void revokeDevice(qint64 deviceId);
    void openPrivateChat(qint64 userId);
    //! Pins the chat at the top of the chat list or unpins it (refused at once when offline).
    void setChatPinned(qint64 chatId, bool pinned);
    //! Mutes the chat for `forSeconds` (0: forever) or unmutes it; refusals come as muteRefused.
    void setChatMuted(qint64 chatId, bool muted, qint64 forSeconds);
    //! messages.edit / messages.delete (docs/protocol.md §16): `done(error)` runs queued on
    //! `context`'s thread (not at all if it is gone), `error` empty on success. The change
    //! itself reaches the store as an update, on every device of the account.
    void editMessage(qint64 chatId, qint64 messageId, const QString &text, QObject *context,
                     std::function<void(const QString &error)> done);
    void deleteMessages(qint64 chatId, const QList<qint64> &messageIds, bool forEveryone,
                        QObject *context, std::function<void(const QString &error)> done);
    //! messages.pin (docs/protocol.md §17.4), reported as editMessage's; the pin reaches the
    //! store as a chatPinnedMessage update.
    void pinMessage(qint64 chatId, qint64 messageId, bool pinned, QObject *context,
                    std::function<void(const QString &error)> done);
    //! messages.forward (docs/protocol.md §19), reported as editMessage's; the copies reach the
    //! store as updates.
    void forwardMessages(qint64 fromChatId, const QList<qint64> &messageIds, qint64 toChatId,
                         const QList<qint64> &randomIds, QObject *context,
                         std::function<void(const QString &error)> done);
    //! groups.* (docs/protocol.md §5 Groups): `done(outcome)` runs queued on `context`'s
    //! thread (not at all if it is gone) once the answer's chat is stored, or at once with
    //! OFFLINE when not connected (GroupService).
    void groupCall(const msgr::core::GroupRequest &request, QObject *context,
                   std::function<void(const msgr::core::GroupOutcome &outcome)> done);
    //! Invite links and read lists (docs/protocol.md §20, §21; GroupService::query), reported
    //! as groupCall's.
    void groupQuery(const msgr::core::GroupQuery &query, QObject *context,
                    std::function<void(const msgr::core::GroupAnswer &answer)> done);
    //! Fetches the page of history older than beforeId (0 = the newest page), stores it (and,
    //! when the server had fewer, that the chat's history is complete), then calls
    //! done(true) on the thread of `context`. done(false): offline, or the server refused.
    void fetchHistory(qint64 chatId, qint64 beforeId, QObject *context,
                      std::function<void(bool stored)> done);
    //! Something suggests we may have missed updates (network came back, machine woke):
    //! reconnect at once if offline, otherwise reconnect to get a fresh socket.
    void resync(const QString &reason);
    //! The user's "Retry now": offline, connect at once rather than after the backoff.
    void reconnectNow();
    //! The user's opt-in to unencrypted ws:// to another machine (transport_policy.h; off by
    //! default). Call before start() to apply it from the first connection. Allowing it later
    //! connects at once if the address was refused; withdrawing it drops such a connection
    //! (state Refused).
    void setAllowInsecureTransport(bool allow);
    //! The proxy of the sync connection (AccountConnection::setProxy: reconnects through it).
    void setProxy(const msgr::core::ProxySettings &proxy);
    //! Starts a secret chat with `userId`'s device `deviceId` (0: the most recently active);
    //! secretChatStarted(tag, chatId) or secretChatFailed(tag, ...) follows.
    void startSecretChat(qint64 userId, qint64 deviceId, int tag);
    //! An envelope committed to the secret outbox (core/secret/secret_writes.h): relay it.
    //! messageSent(localId, seq) follows for a message.
    void relaySecret(const storage::SecretOutboxRow &row);
    //! The user is typing in `chatId`, or stopped (docs/protocol.md §17); dropped offline.
    void setTyping(qint64 chatId, bool typing);
    //! presence.get for these users (docs/protocol.md §17.3); dropped offline.
    void fetchPresence(const QList<qint64> &userIds);
    //! presence.set: this device in use or idle; dropped offline.
    void setPresent(bool online);
    //! The user's last-seen privacy: read (`privacyName` empty; from `selfId`'s profile) or
    //! set ("everybody", "contacts", "nobody"); lastSeenPrivacy() or privacyRefused() follows.
    void lastSeenPrivacy(qint64 selfId, const QString &privacyName);
    //! Sends every draft stored and not yet acknowledged (docs/protocol.md §17.2); offline they
    //! wait in the store and go on the next authorization.
    void flushDrafts();
    //! Channels (docs/protocol.md §15, ChannelService): `done` runs queued on `context`'s
    //! thread (not at all if it is gone). What the server accepted is stored before it runs.
    void createChannel(const QString &title, const QString &about, const QString &name,
                       QObject *context, msgr::core::ChannelDone done);
    void searchChannels(const QString &query, QObject *context, msgr::core::ChannelDone done);
    void getChannel(qint64 channelId, QObject *context, msgr::core::ChannelDone done);
    void subscribeChannel(qint64 channelId, QObject *context, msgr::core::ChannelDone done);
    void unsubscribeChannel(qint64 channelId, QObject *context, msgr::core::ChannelDone done);
    void setChannelMuted(qint64 channelId, bool muted, QObject *context,
                         msgr::core::ChannelDone done);
    void postToChannel(qint64 channelId, const QString &text, QObject *context,
                       msgr::core::ChannelDone done);
    void channelHistory(qint64 channelId, qint64 beforeId, int limit, QObject *context,
                        msgr::core::ChannelDone done);
    void editChannel(qint64 channelId, const std::optional<QString> &title,
                     const std::optional<QString> &about, QObject *context,
                     msgr::core::ChannelDone done);
    void setChannelRole(qint64 channelId, qint64 userId, bool admin, QObject *context,
                        msgr::core::ChannelDone done);
    void addChannelSubscribers(qint64 channelId, const QList<qint64> &userIds, QObject *context,
                               msgr::core::ChannelDone done);
    //! Comments on channel posts (docs/protocol.md §22, CommentService): `done` runs queued on
    //! `context`'s thread (not at all if it is gone), after the post's count is stored.
    void commentCall(const msgr::core::CommentRequest &request, QObject *context,
                     msgr::core::CommentDone done);
    //! Supergroups (docs/protocol.md §23, ChannelService): as the channel calls above.
    void createSupergroup(const QString &title, const QList<qint64> &userIds, QObject *context,
                          msgr::core::ChannelDone done);
    void removeSupergroupMember(qint64 chatId, qint64 userId, QObject *context,
                                msgr::core::ChannelDone done);
    //! A page of a supergroup's members (supergroups.members), on `context`'s thread.
    void supergroupMembers(qint64 chatId, qint64 afterUserId, QObject *context,
                           msgr::core::ChannelDone done);
    void upgradeGroup(qint64 groupId, QObject *context, msgr::core::ChannelDone done);
    //! Fetches and stores the names of these users (usersStored() follows).
    void fetchUsers(const QList<qint64> &userIds);
    //! Contacts, blocking and profiles (docs/protocol.md §14, core/contacts/): `done` runs
    //! queued on `context`'s thread (not at all if it is gone) with an empty code on success,
    //! else the server's error code or OFFLINE (refused at once when not connected) and the
    //! message. Changed pairs are stored before `done`; contactsChanged() follows.
    using ContactDone = ContactsService::Done;
    void inviteContact(const QString &username, QObject *context, ContactDone done);
    void contactAct(msgr::core::ContactsService::Act act, qint64 userId, QObject *context,
                    ContactDone done);
    void setUserBlocked(qint64 userId, bool blocked, QObject *context, ContactDone done);
    //! Fetches the whole lists again and stores them (the CLI's `contacts`).
    void refreshContacts(QObject *context, ContactDone done);
    //! users.search for exactly `username`: done(userId, "", "") or done(0, code, message).
    void findUser(const QString &username, QObject *context, ContactsService::UserDone done);
    //! profiles.get for one user; done(profile map, code, message) (ContactsService::profileMap).
    void getProfile(qint64 userId, QObject *context, ContactsService::ProfileDone done);
    //! The user's own profile edits, answered with the profile after them.
    void updateProfile(const msgr::core::ContactsService::ProfileEdit &edit, QObject *context,
                       ContactsService::ProfileDone done);
    //! Sets (or, with a none `photo`, removes) the profile's, a group's or a channel's photo
    //! (docs/protocol.md §24, PhotoService); `done(code, message)` runs queued on `context`'s
    //! thread after the answer is stored (empty code: done).
    void setPhoto(msgr::core::PhotoTarget target, qint64 id, const msgr::protocol::Photo &photo,
                  QObject *context, PhotoService::Done done);
    //! Since the last authorization, this device's keys are published and every envelope
    //! queued for it was processed. Thread-safe.
    bool isSecretReady() const { return m_secretReady.load(); }

signals:
    void connectionChanged(msgr::core::SyncEngine::Connection connection);
    //! Started without a stored session: the UI asks the user to sign in.
    void needsSignIn();
    void signedIn(qint64 userId, const QString &username);
    //! The token was revoked (here or on another device) or the user logged out.
    void signedOut();
    void authFailed(msgr::protocol::ErrorCode code, const QString &message);
    //! Offline: the next attempt is in `delayMs`.
    void reconnectScheduled(int delayMs);
    //! False while the system says no network is up (AccountConnection).
    void networkReachableChanged(bool reachable);
    void proxyFailureChanged(msgr::core::ProxyFailure failure);
    void usersFound(int tag, const QList<msgr::protocol::User> &users);
    void devicesListed(const QList<msgr::protocol::Device> &devices);
    void privateChatOpened(qint64 chatId);
    //! A pin or unpin was refused: `code` is the server's error code or OFFLINE.
    void pinRefused(qint64 chatId, bool pinned, const QString &code, const QString &message);
    void muteRefused(qint64 chatId, bool muted, const QString &code, const QString &message);
    void messageSent(qint64 localId, qint64 serverId);
    //! The server refused a message for good (too long, not a member...): it is stored as
    //! failed and never retried, also after a restart.
    void sendFailed(qint64 localId, const QString &reason);
    //! Names of users were written to the store (a read queued after this sees them).
    void usersStored();
    //! A difference finished: local state is up to date as of pts.
    void synced(qint64 pts);
    //! A channel's difference finished: its posts are stored up to the channel's `pts`.
    void channelSynced(qint64 channelId, qint64 pts);
    //! A channelChanged entry of a channel's log was stored (title, about, admins changed).
    void channelEdited(const msgr::protocol::api::Channel &channel);
    //! A postComments push was stored: the post's count, and its thread's newest comment.
    void postCommentsChanged(qint64 channelId, qint64 postId, qint64 commentCount,
                             qint64 lastCommentId);
    //! A comment of the comment outbox was answered: written, or refused for good.
    void commentWritten(qint64 channelId, qint64 postId, qint64 randomId,
                        const msgr::core::CommentOutcome &outcome);
    void secretChatStarted(int tag, qint64 chatId);
    //! `code`: the server's error code, or OFFLINE, NO_DEVICE, KEYS (secret_chat_service.h).
    void secretChatFailed(int tag, const QString &code, const QString &message);
    //! isSecretReady() became true.
    void secretReady();
    //! Self-destruct timers started (the peer read messages of ours): reschedule the purge.
    void secretTimersStarted();
    //! `userId` started or stopped typing in `chatId` (a push: the receiver expires it).
    void peerTyping(qint64 chatId, qint64 userId, bool typing);
    //! The link went down: every typing indicator shown is stale.
    void typingLost();
    //! A user's status as the server says it (PresenceRelay::statusReceived).
    void userStatus(qint64 userId, bool online, qint64 lastSeenAt, int bucket);
    //! Statuses are stale (link lost) / may be fetched again (authorized).
    void presenceLost();
    void presenceLinked();
    void lastSeenPrivacyLoaded(const QString &privacyName);
    void lastSeenPrivacyRefused(const QString &code);
    //! The server acknowledged the chat's draft (empty: cleared), and it is stored.
    void draftSent(qint64 chatId, const QString &text);
    //! The server refused the chat's draft for good (TOO_LARGE, NOT_FOUND...): kept here only.
    void draftRefused(qint64 chatId, const QString &code, const QString &message);
    //! The server's list of drafts was merged into the store (after every authorization).
    void draftsFetched();
    //! Stored contacts, invitations or blocked users changed (an answer, an update, a refresh).
    void contactsChanged();

private:
    //! Runs `work` on the engine's thread (queued; direct when called there).
    void onThread(std::function<void()> work);
    void wire();
    void updateConnection();
    void updateSecretReady();

    AccountConnection *m_connection;
    AccountLog *m_accountLog;
    LogSynchroniser *m_accountSync;
    Outbox *m_outbox = nullptr;
    DeliveryReceipts *m_receipts = nullptr;
    ReadMarks *m_readMarks = nullptr;
    UserDirectory *m_users = nullptr;
    DeviceDirectory *m_devices = nullptr;
    PrivateChatOpener *m_chatOpener = nullptr;
    HistoryFetcher *m_history = nullptr;
    PinService *m_pins = nullptr;
    MuteService *m_mutes = nullptr;
    MessageActionService *m_messageActions = nullptr;
    KeyPublisher *m_keys = nullptr;
    SecretChatService *m_secret = nullptr;
    TypingRelay *m_typing = nullptr;
    PresenceRelay *m_presence = nullptr;
    DraftService *m_drafts = nullptr;
    ChannelSynchronisers *m_channelLogs = nullptr;
    ChannelService *m_channels = nullptr;
    ContactsService *m_contacts = nullptr;
    GroupService *m_groups = nullptr;
    CommentService *m_comments = nullptr;
    PhotoService *m_photos = nullptr;
    std::atomic<bool> m_secretReady{false};
    Connection m_state = Connection::Offline;
};

} // namespace msgr::core
