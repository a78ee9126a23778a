#pragma once
//! The read side of a profile database: what the models and the sync engine load.
//! Storage thread only.
#include "storage/records.h"
#include "storage/sql_database.h"

#include <QHash>
#include <optional>

namespace msgr::storage {

inline constexpr int kMaxPageSize = 500;
inline constexpr int kMaxSearchResults = 200;
inline constexpr int kMaxSearchQueryChars = 256;

class StoreReader {
public:
    explicit StoreReader(sql::Database &db) : m_db(db) {}

    //! nullopt when no account is logged in (never saved, or cleared at log-out).
    std::optional<AccountState> loadAccount();
    //! The stored user id even after log-out (0 if none): decides which messages are "mine".
    qint64 storedSelfUserId();
    QList<ChatRecord> loadChats(qint64 selfUserId);
    std::optional<ChatRecord> loadChat(qint64 chatId, qint64 selfUserId);
    QList<MessageRecord> loadMessages(qint64 chatId, qint64 beforeLocalId, int limit);
    QList<MessageRecord> loadMessagesAround(qint64 chatId, qint64 localId, int limit);
    QList<MessageRecord> loadOutbox();
    QList<UserRecord> loadUsers(const QList<qint64> &ids);
    QList<SearchHit> search(const QString &query, int limit);

    // ---- sync bookkeeping (store_sync_marks.cpp)
    //! True once the server said nothing older than the stored messages exists.
    bool historyComplete(qint64 chatId);
    //! Read marks not yet acknowledged by the server: chat id -> max id.
    QHash<qint64, qint64> loadPendingReads();
    //! Local ids of messages the server refused for good; chatId 0 = every chat.
    QList<qint64> loadFailedMessages(qint64 chatId);

    // ---- profile settings (store_settings.cpp)
    //! The stored settings; defaults when none were saved.
    ProfileSettings loadSettings();

    //! The user's words as an FTS4 query: every word must match, each as a prefix; operators
    //! and quotes typed by the user are not interpreted. Empty when there is no word.
    static QString ftsQueryFor(const QString &userText);

private:
    std::optional<qint64> sortKeyOf(qint64 localId);

    sql::Database &m_db;
};

} // namespace msgr::storage
