#pragma once
//! Keeps the local profile in step with the server: connects, signs in, fetches the difference,
//! applies live updates by Telegram's pts rule, sends the outbox, receipts and read marks, and
//! reconnects with backoff. Owns the one ServerConnection.
//!
//! Thread affinity: lives on its own network thread (Session moves it there). The public
//! methods below are thread-safe: each queues its work onto the engine's thread and returns at
//! once. Signals are emitted on the network thread; connect them queued (the default across
//! threads). The GUI thread never waits on it.
#include "core/net/reconnect_backoff.h"
#include "core/net/transport_policy.h"
#include "core/sync/pts_sequencer.h"
#include "protocol/api/api.h"
#include "storage/records.h"

#include <QHash>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QUrl>
#include <optional>

class QTimer;

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {
namespace api = protocol::api;

class ServerConnection;
class WakeDetector;

class SyncEngine : public QObject {
    Q_OBJECT
public:
    //! Refused: the server address is one the transport policy refuses (unencrypted ws:// to
    //! another machine without the user's opt-in, or not a ws/wss address). No socket is
    //! opened and nothing is retried until setAllowInsecureTransport(true).
    enum class Connection { Offline, Connecting, Updating, Online, Refused };
    Q_ENUM(Connection)

    //! Telegram's wait for a missing pts before asking for the difference.
    static constexpr int kGapWaitMs = 500;
    //! Without any update for this long, the difference is fetched anyway.
    static constexpr int kIdleDifferenceMs = 15 * 60 * 1000;
    //! Updates per storage transaction: large differences reach the UI in slices.
    static constexpr int kApplySliceSize = 100;
    //! After a tooLong reload, history is fetched for at most this many recent chats.
    static constexpr int kReloadHistoryChats = 30;
    static constexpr int kReloadHistoryLimit = 50;
    //! Messages per messages.history page when scrolling beyond the stored history.
    static constexpr int kHistoryPageLimit = 100;
    //! Delivery receipts are coalesced this long: a catch-up of 100k messages then costs a few
    //! dozen messages.received calls instead of one per applied slice, which the server's
    //! per-connection rate limit would otherwise throttle.
    static constexpr int kReceiptCoalesceMs = 200;

    struct Options {
        QUrl serverUrl;
        QString deviceName;
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
    //! A message already stored by ProfileStore::enqueueOutgoing: send it when online.
    void sendPending(const storage::MessageRecord &record);
    //! The user read the chat up to maxId: stored locally at once, sent when online.
    void markRead(qint64 chatId, qint64 maxId);
    void searchUsers(int tag, const QString &query);
    void refreshDevices();
    void revokeDevice(qint64 deviceId);
    void openPrivateChat(qint64 userId);
    //! Fetches the page of history older than beforeId (0 = the newest page), stores it (and,
    //! when the server had fewer, that the chat's history is complete), then calls
    //! done(true) on the thread of `context`. done(false): offline, or the server refused.
    void fetchHistory(qint64 chatId, qint64 beforeId, QObject *context,
                      std::function<void(bool stored)> done);
    //! Something suggests we may have missed updates (network came back, machine woke):
    //! reconnect at once if offline, otherwise reconnect to get a fresh socket.
    void resync(const QString &reason);
    //! The user's opt-in to unencrypted ws:// to another machine (transport_policy.h; off by
    //! default). Call before start() to apply it from the first connection. Allowing it later
    //! connects at once if the address was refused; withdrawing it drops such a connection
    //! (state Refused).
    void setAllowInsecureTransport(bool allow);

signals:
    void connectionChanged(msgr::core::SyncEngine::Connection connection);
    //! Started without a stored session: the UI asks the user to sign in.
    void needsSignIn();
    void signedIn(qint64 userId, const QString &username);
    //! The token was revoked (here or on another device) or the user logged out.
    void signedOut();
    void authFailed(msgr::protocol::ErrorCode code, const QString &message);
    void usersFound(int tag, const QList<msgr::protocol::User> &users);
    void devicesListed(const QList<msgr::protocol::Device> &devices);
    void privateChatOpened(qint64 chatId);
    void messageSent(qint64 localId, qint64 serverId);
    //! The server refused a message for good (too long, not a member...): it is stored as
    //! failed and never retried, also after a restart.
    void sendFailed(qint64 localId, const QString &reason);
    //! Names of users were written to the store (a read queued after this sees them).
    void usersStored();
    //! A difference finished: local state is up to date as of pts.
    void synced(qint64 pts);

private:
    struct PendingAuth {
        bool signUp = false;
        QString username, password, displayName;
    };

    void setupOnThread();
    void setConnection(Connection c);
    void connectNow();
    void scheduleReconnect();
    void onRefused(TransportSecurity security);
    void onReady();
    void onClosed(int closeCode);
    void authenticate();
    void onAuthorized(const api::AuthResult &auth, bool freshLogIn);
    void handleSignedOut();

    void onUpdate(const protocol::UpdateFrame &frame);
    void startDifference();
    void requestDifference(qint64 fromPts);
    void applyInSlices(QList<protocol::LoggedUpdate> updates, qint64 finalPts,
                       std::function<void()> then);
    void finishDifference();
    void reload(std::function<void(qint64 pts)> then);
    void applyLive(const QList<protocol::LoggedUpdate> &ready);
    void afterApplied(const QList<protocol::LoggedUpdate> &updates);
    void fetchUsers(QList<qint64> ids);

    void flushReceipts();
    void pumpOutbox(qint64 chatId);
    void pumpAllOutboxes();
    void flushReads();

    storage::ProfileStore *m_store;
    Options m_options;
    ServerConnection *m_connection = nullptr;
    WakeDetector *m_wake = nullptr;
    QTimer *m_reconnectTimer = nullptr;
    QTimer *m_gapTimer = nullptr;
    QTimer *m_idleTimer = nullptr;
    QTimer *m_receiptTimer = nullptr;
    ReconnectBackoff m_backoff;
    bool m_allowInsecure = false;
    //! The server asked us to wait (FLOOD_WAIT on auth.resume): the next reconnect waits at
    //! least this long. 0 = only the backoff.
    int m_minReconnectDelayMs = 0;
    PtsSequencer m_sequencer;
    Connection m_state = Connection::Offline;

    std::optional<storage::AccountState> m_account;
    std::optional<PendingAuth> m_pendingAuth;
    bool m_authorized = false;
    bool m_syncing = false;
    bool m_stopped = false;

    QMap<qint64, QList<storage::MessageRecord>> m_outbox; // per chat, in order
    QSet<qint64> m_outboxInFlight;                        // chat ids with a send in flight
    QSet<qint64> m_outboxKnown;                           // local ids ever queued
    QHash<qint64, qint64> m_pendingReads;    // chat id -> max id; also in the store until acked
    QHash<qint64, qint64> m_pendingReceipts; // chat id -> max stored incoming id, not yet sent
    QSet<qint64> m_requestedUsers;
    qint64 m_awaitedChat = 0; // openPrivateChat() created a chat not stored yet
};

} // namespace msgr::core
