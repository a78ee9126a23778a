#pragma once
//! The server's storage interface. SqliteStore (embedded, no setup) implements it now;
//! PostgresStore fits behind it later. All methods are thread-safe.
//!
//! Reads are synchronous: call them from any worker thread (each thread gets its own read
//! connection). Writes are asynchronous: they are queued to one writer thread that commits
//! many of them in one transaction (group commit), and `done` runs ON THE WRITER THREAD after
//! the commit is durable (or after the write failed and was rolled back). A caller that lives
//! on another thread hops back itself (QMetaObject::invokeMethod on its own context object).
//! Every write is all-or-nothing: a failed write leaves nothing behind.
//!
//! Every call, read or write, tells "not found" apart from "failed": a failed read is
//! StoreError::Internal, never an empty answer, so a damaged database cannot make a valid
//! token look revoked or a chat look empty (docs/protocol.md §3: INTERNAL is transient).
#include "protocol/objects.h"
#include "protocol/updates.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <functional>
#include <optional>
#include <variant>

namespace msgr::server {

enum class StoreError {
    UsernameTaken,
    //! The user, chat or device does not exist, or the chat is one the caller is not a member
    //! of: both answer alike so chat ids cannot be probed (docs/protocol.md §3).
    NotFound,
    //! Reserved for acts a member may not do (none yet: every chat kind lets members write).
    Forbidden,
    Internal, // the database failed; nothing was written
    //! The write queue is full (a flood of writes): the write was refused at once and nothing
    //! was written; answered FLOOD_WAIT with retryAfterMs = kStoreBusyRetryMs.
    Busy,
};

inline constexpr StoreError kStoreBusy = StoreError::Busy;

//! How long a write refused with kStoreBusy should wait before it is tried again.
inline constexpr qint64 kStoreBusyRetryMs = 500;

template <typename T> using StoreResult = std::variant<T, StoreError>;

//! The error of a result, or null when it holds a value.
template <typename T> const StoreError *storeError(const StoreResult<T> &result) {
    return std::get_if<StoreError>(&result);
}

//! An update to append to (and push to the devices of) one user.
struct UserUpdate {
    qint64 userId = 0;
    protocol::LoggedUpdate logged;
};

struct Account {
    protocol::User user;
    QByteArray passwordHash; // Argon2id encoded string
};

struct SessionRef {
    qint64 userId = 0;
    qint64 deviceId = 0;
    qint64 lastSeenAt = 0; // ms since the epoch; for the idle expiry of tokens
};

struct NewDevice {
    qint64 deviceId = 0;
    qint64 pts = 0; // the user's current pts
};

struct OpenedChat {
    protocol::Chat chat;
    bool created = false;
    QList<UserUpdate> updates; // newChat for each member when created
    qint64 callerPts = 0;
};

struct AppendedMessage {
    protocol::Message message; // as the sender sees it (with randomId)
    bool duplicate = false;    // the (sender, randomId) existed: nothing new was written
    QList<UserUpdate> updates; // newMessage for every member (empty when duplicate)
    qint64 senderPts = 0;
};

struct PositionChange {
    QList<UserUpdate> updates; // empty when the position did not move forward
    qint64 callerPts = 0;
};

struct HistoryPage {
    QList<protocol::Message> messages; // ascending by id
    bool more = false;                 // older messages exist before the first one
};

struct Difference {
    bool tooLong = false; // the requested pts is older than the retained log
    QList<protocol::LoggedUpdate> updates;
    qint64 pts = 0;    // of the last update returned, or the current one
    bool final = true; // false: more remain after `pts`
};

class Store {
public:
    virtual ~Store() = default;

    // ---- accounts and devices
    virtual void createAccount(const QString &username, const QString &displayName,
                               const QByteArray &passwordHash,
                               std::function<void(StoreResult<protocol::User>)> done) = 0;
    //! nullopt: no such account.
    virtual StoreResult<std::optional<Account>> findAccount(const QString &username) = 0;
    virtual void createDevice(qint64 userId, const QString &name, const QByteArray &tokenHash,
                              qint64 now, std::function<void(StoreResult<NewDevice>)> done) = 0;
    //! The live (not revoked) device owning a token hash; nullopt: unknown or revoked.
    virtual StoreResult<std::optional<SessionRef>>
    sessionByTokenHash(const QByteArray &tokenHash) = 0;
    virtual StoreResult<QList<protocol::Device>> devices(qint64 userId) = 0;
    //! Revokes a device of this user; NotFound if it is not theirs or already revoked.
    virtual void revokeDevice(qint64 userId, qint64 deviceId,
                              std::function<void(StoreResult<bool>)> done) = 0;
    //! Records activity; may be coalesced and is not durable-critical.
    virtual void touchDevice(qint64 deviceId, qint64 now) = 0;

    // ---- users and chats
    virtual StoreResult<QList<protocol::User>> searchUsers(const QString &usernamePrefix,
                                                           int limit) = 0;
    //! The known users among `ids`, in the order asked (unknown ids are left out).
    virtual StoreResult<QList<protocol::User>> users(const QList<qint64> &ids) = 0;
    virtual void openPrivateChat(qint64 callerId, qint64 peerId, qint64 now,
                                 std::function<void(StoreResult<OpenedChat>)> done) = 0;
    virtual StoreResult<QList<protocol::ChatSummary>> chats(qint64 userId) = 0;

    // ---- messages
    //! Stores a message, deduplicated on (sender, randomId). NotFound if not a member.
    virtual void appendMessage(qint64 senderId, qint64 chatId, qint64 randomId, const QString &text,
                               qint64 now,
                               std::function<void(StoreResult<AppendedMessage>)> done) = 0;
    //! Newest `limit` messages with id < beforeId (0 = newest), ascending. NotFound when the
    //! chat does not exist or the user is not a member.
    virtual StoreResult<HistoryPage> history(qint64 userId, qint64 chatId, qint64 beforeId,
                                             int limit) = 0;
    //! The caller's device stored the chat up to maxId: pushes `delivered` to the other members.
    virtual void markDelivered(qint64 userId, qint64 chatId, qint64 maxId,
                               std::function<void(StoreResult<PositionChange>)> done) = 0;
    //! The caller read up to maxId: `readInbox` to the caller, `readOutbox` to the others.
    virtual void markRead(qint64 userId, qint64 chatId, qint64 maxId,
                          std::function<void(StoreResult<PositionChange>)> done) = 0;

    // ---- update log
    //! 0 for a user without a log.
    virtual StoreResult<qint64> currentPts(qint64 userId) = 0;
    virtual StoreResult<Difference> difference(qint64 userId, qint64 sincePts, int limit) = 0;

    //! True when the database reads its real tables and the last write batch committed
    //! (for /healthz).
    virtual bool healthy() = 0;
};

} // namespace msgr::server
