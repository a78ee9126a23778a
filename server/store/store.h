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
    NotFound,  // user, chat or device does not exist
    Forbidden, // caller is not a member of the chat
    Internal,  // the database failed; nothing was written
};

template <typename T> using StoreResult = std::variant<T, StoreError>;

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
    virtual std::optional<Account> findAccount(const QString &username) = 0;
    virtual void createDevice(qint64 userId, const QString &name, const QByteArray &tokenHash,
                              qint64 now, std::function<void(StoreResult<NewDevice>)> done) = 0;
    //! The live (not revoked) device owning a token hash.
    virtual std::optional<SessionRef> sessionByTokenHash(const QByteArray &tokenHash) = 0;
    virtual QList<protocol::Device> devices(qint64 userId) = 0;
    //! Revokes a device of this user; NotFound if it is not theirs or already revoked.
    virtual void revokeDevice(qint64 userId, qint64 deviceId,
                              std::function<void(StoreResult<bool>)> done) = 0;
    //! Records activity; may be coalesced and is not durable-critical.
    virtual void touchDevice(qint64 deviceId, qint64 now) = 0;

    // ---- users and chats
    virtual QList<protocol::User> searchUsers(const QString &usernamePrefix, int limit) = 0;
    virtual QList<protocol::User> users(const QList<qint64> &ids) = 0;
    virtual void openPrivateChat(qint64 callerId, qint64 peerId, qint64 now,
                                 std::function<void(StoreResult<OpenedChat>)> done) = 0;
    virtual QList<protocol::ChatSummary> chats(qint64 userId) = 0;

    // ---- messages
    //! Stores a message, deduplicated on (sender, randomId). Forbidden if not a member.
    virtual void appendMessage(qint64 senderId, qint64 chatId, qint64 randomId, const QString &text,
                               qint64 now,
                               std::function<void(StoreResult<AppendedMessage>)> done) = 0;
    //! Newest `limit` messages with id < beforeId (0 = newest), ascending. Forbidden/NotFound.
    virtual StoreResult<QList<protocol::Message>> history(qint64 userId, qint64 chatId,
                                                          qint64 beforeId, int limit) = 0;
    //! The caller's device stored the chat up to maxId: pushes `delivered` to the other members.
    virtual void markDelivered(qint64 userId, qint64 chatId, qint64 maxId,
                               std::function<void(StoreResult<PositionChange>)> done) = 0;
    //! The caller read up to maxId: `readInbox` to the caller, `readOutbox` to the others.
    virtual void markRead(qint64 userId, qint64 chatId, qint64 maxId,
                          std::function<void(StoreResult<PositionChange>)> done) = 0;

    // ---- update log
    virtual qint64 currentPts(qint64 userId) = 0;
    virtual Difference difference(qint64 userId, qint64 sincePts, int limit) = 0;

    //! True when the database answers a trivial query (for /healthz).
    virtual bool healthy() = 0;
};

} // namespace msgr::server
