#pragma once
//! One account profile's encrypted database (SQLCipher), served on its own thread.
//!
//! Thread safety: every public method is thread-safe and returns at once. The work runs on the
//! storage thread; writes are batched into transactions. A callback runs on the thread of
//! `context` (queued), and is dropped if `context` was destroyed. `changed` is emitted after
//! every committed batch that changed something the UI shows.
#include "crypto/secure_bytes.h"
#include "protocol/objects.h"
#include "protocol/updates.h"
#include "storage/open_result.h"
#include "storage/records.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>

namespace msgr::storage {

class ProfileStore : public QObject {
    Q_OBJECT
public:
    //! Starts the storage thread; call open() next. A callback with a null `context` runs on the
    //! storage thread.
    explicit ProfileStore(QObject *parent = nullptr);
    ~ProfileStore() override;

    //! Opens or creates `<directory>/history.db` with a raw 32-byte key.
    //! A wrong key or a damaged file gives WrongKeyOrCorrupt and leaves the file untouched.
    //! The key's one guarded buffer is shared with the storage thread, never copied.
    void open(const QString &directory, const crypto::SecureBytes &rawKey, QObject *context,
              std::function<void(OpenResult)> done);
    //! Tests and benchmarks with a fixed key: copied into guarded memory at once; the caller's
    //! QByteArray is left as it is.
    void open(const QString &directory, const QByteArray &rawKey, QObject *context,
              std::function<void(OpenResult)> done);
    //! Benchmarks only: the same store without encryption, to measure what encryption costs.
    void openPlaintextForBenchmark(const QString &directory, QObject *context,
                                   std::function<void(OpenResult)> done);

    // ---- account and sync state
    //! nullopt when no account is logged in (never saved, or cleared at log-out).
    void loadAccount(QObject *context, std::function<void(std::optional<AccountState>)> done);
    void saveAccount(const AccountState &account);
    void clearAccount(); // log-out: forgets the token, keeps the history

    // ---- applying what the server says (each call is one atomic step with its pts)
    //! Applies updates in order and stores the new pts in the same transaction.
    void applyUpdates(const QList<protocol::LoggedUpdate> &updates, qint64 newPts,
                      QObject *context = nullptr, std::function<void()> done = {});
    //! After tooLong or on first log-in: replaces chat states, keeps cached messages.
    void replaceChats(const QList<protocol::ChatSummary> &chats, qint64 pts,
                      QObject *context = nullptr, std::function<void()> done = {});
    void storeHistory(qint64 chatId, const QList<protocol::Message> &messages);
    void storeUsers(const QList<protocol::User> &users);

    // ---- outbox
    //! Stores a message typed by the user as pending (before anything is sent).
    void enqueueOutgoing(qint64 chatId, qint64 senderId, const QString &text, qint64 randomId,
                         qint64 date, QObject *context, std::function<void(MessageRecord)> done);
    //! The server stored it: the pending row becomes the server's message (same localId).
    void markSent(const protocol::Message &serverMessage);
    //! Pending messages, oldest first (to resend after a restart).
    void loadOutbox(QObject *context, std::function<void(QList<MessageRecord>)> done);
    //! The user read up to maxId locally; returns nothing, emits changed.
    void markReadLocally(qint64 chatId, qint64 maxId);

    // ---- reads for the models
    void loadChats(QObject *context, std::function<void(QList<ChatRecord>)> done);
    void loadChat(qint64 chatId, QObject *context,
                  std::function<void(std::optional<ChatRecord>)> done);
    //! The newest `limit` messages older than `beforeLocalId` (0 = newest), ascending.
    void loadMessages(qint64 chatId, qint64 beforeLocalId, int limit, QObject *context,
                      std::function<void(QList<MessageRecord>)> done);
    //! A window of messages centred on one message (for a search jump), ascending.
    void loadMessagesAround(qint64 chatId, qint64 localId, int limit, QObject *context,
                            std::function<void(QList<MessageRecord>)> done);
    void loadUsers(const QList<qint64> &ids, QObject *context,
                   std::function<void(QList<UserRecord>)> done);
    //! Full-text search over the whole local history (FTS4 inside the encrypted file): every
    //! word of `query` must occur (as a word prefix, case-insensitive); newest first.
    void search(const QString &query, int limit, QObject *context,
                std::function<void(QList<SearchHit>)> done);

    // ---- sync bookkeeping (survives restarts)
    //! Stores one page of messages.history in one transaction; `complete` (the server returned
    //! fewer than asked) records that nothing older exists, so the page is never asked again.
    //! `done` runs after the commit.
    void storeHistoryPage(qint64 chatId, const QList<protocol::Message> &messages, bool complete,
                          QObject *context = nullptr, std::function<void()> done = {});
    void loadHistoryComplete(qint64 chatId, QObject *context, std::function<void(bool)> done);
    //! markReadLocally() plus a durable "not yet told the server" mark for the chat.
    void markReadPending(qint64 chatId, qint64 maxId);
    //! The server acknowledged the read up to maxId.
    void clearPendingRead(qint64 chatId, qint64 maxId);
    //! Read marks the server has not acknowledged: chat id -> max id.
    void loadPendingReads(QObject *context, std::function<void(QHash<qint64, qint64>)> done);
    //! The server refused this pending message for good: shown as failed, never resent.
    void markFailed(qint64 localId);
    //! Local ids of refused messages in one chat (0 = every chat), ascending.
    void loadFailedMessages(qint64 chatId, QObject *context,
                            std::function<void(QList<qint64>)> done);

    // ---- profile settings (kept across log-outs, inside the encrypted file)
    void loadSettings(QObject *context, std::function<void(ProfileSettings)> done);
    //! `done` runs after the commit.
    void saveSettings(const ProfileSettings &settings, QObject *context = nullptr,
                      std::function<void()> done = {});

signals:
    void changed(const msgr::storage::ChangeSet &changes);

private:
    class Worker;
    std::unique_ptr<Worker> m_worker;
};

} // namespace msgr::storage

Q_DECLARE_METATYPE(msgr::storage::ChangeSet)
