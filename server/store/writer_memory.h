#pragma once
//! What the store's writer keeps in memory between batches, so that storing a message reads no
//! counter and no chat fact from SQLite (docs/server.md, "The writer's memory"):
//!  - LogStateCache: each user's update-log counters (user_state) and the message id sequence,
//!    handed out in memory and written back once per user (and once for the sequence) at the
//!    end of the batch, inside its transaction;
//!  - ChatFactsCache: who is in a chat and of what kind it is (ChatRoster), who blocked whom,
//!    and which (user, chat) has no draft, dropped by every record write that changes them.
//! Both follow the write units: each keeps a journal since beginUnit(), and what was changed after
//! a mark() is undone by rollbackTo(mark) when the SQL written after it is rolled back (a unit's
//! SAVEPOINT, or a run of units without one: write_queue.h); everything is forgotten when a batch
//! as a whole is not committed, so the memory never says more than the database. The maps are
//! open-addressing (one probe into one array): every message looks up about six of them.
//! Writer thread only.
#include "server/store/store.h"

#include <boost/unordered/unordered_flat_map.hpp>
#include <boost/unordered/unordered_flat_set.hpp>
#include <optional>
#include <utility>
#include <vector>

namespace msgr::server {

//! Counters handed out by the writer without a statement. Writer thread only.
class LogStateCache {
public:
    //! Past this many users' states, the cache starts the next batch empty (a bound on memory:
    //! about 50 bytes a user).
    static constexpr size_t kMaxUsers = 200'000;

    //! Journal positions (see rollbackTo).
    struct Mark {
        size_t users = 0;
        size_t messageIds = 0;
    };

    //! The user's cached state, or null when it is not loaded. Valid until the next put().
    LogState *find(qint64 userId);
    //! Caches a state read from the database (or created) and returns it, journaled. Valid
    //! until the next put().
    LogState &put(qint64 userId, LogState state);
    //! Journals the user's state before the caller changes it (`state` from find/put).
    void willChange(qint64 userId, const LogState &state);

    //! The last message id handed out, or null when not loaded.
    std::optional<qint64> lastMessageId() const { return m_lastMessageId; }
    void setLastMessageId(qint64 id);

    //! Starts an empty journal.
    void beginUnit();
    Mark mark() const { return {m_undo.size(), m_messageIdUndo.size()}; }
    //! What was written after `mark` was rolled back: its changes are undone here too.
    void rollbackTo(Mark mark);
    //! The batch did not commit: nothing cached can be trusted.
    void clear();
    //! Before a batch: empties the cache past kMaxUsers (nothing is unwritten between batches).
    void trim();

private:
    boost::unordered_flat_map<qint64, LogState> m_users;
    std::optional<qint64> m_lastMessageId;
    // The journal: each user's state before a change (nullopt: not cached), and the last
    // message id before each change of it.
    std::vector<std::pair<qint64, std::optional<LogState>>> m_undo;
    std::vector<std::optional<qint64>> m_messageIdUndo;
};

//! What sending into a chat reads about it, cached by the writer. Writer thread only.
class ChatFactsCache {
public:
    //! Past these sizes a cache is emptied (a bound on memory; dropping is always safe).
    static constexpr size_t kMaxChats = 100'000;
    static constexpr size_t kMaxBlockPairs = 200'000;
    static constexpr size_t kMaxDraftlessPairs = 200'000;

    const ChatRoster *roster(qint64 chatId) const;
    void putRoster(qint64 chatId, ChatRoster roster);
    //! The chat's members, kind or migration changed (or a new chat took the id).
    void forgetRoster(qint64 chatId);

    //! Whether `userId` blocked `blockedId`, when known.
    std::optional<bool> blocked(qint64 userId, qint64 blockedId) const;
    void putBlocked(qint64 userId, qint64 blockedId, bool blocked);
    void forgetBlocked(qint64 userId, qint64 blockedId);

    //! True when the user is known to have no draft in the chat (every message clears one).
    bool withoutDraft(qint64 userId, qint64 chatId) const;
    void putWithoutDraft(qint64 userId, qint64 chatId);
    //! A draft was written or deleted there.
    void forgetDraft(qint64 userId, qint64 chatId);

    //! Journal positions (see rollbackTo).
    struct Mark {
        size_t rosters = 0;
        size_t blocks = 0;
        size_t drafts = 0;
    };
    //! Starts an empty journal.
    void beginUnit();
    Mark mark() const {
        return {m_forgottenRosters.size(), m_forgottenBlocks.size(), m_forgottenDrafts.size()};
    }
    //! What was written after `mark` was rolled back: what it invalidated is invalidated again,
    //! since facts loaded after those writes describe rows that are gone now.
    void rollbackTo(Mark mark);
    void clear();

private:
    struct PairHash {
        size_t operator()(const std::pair<qint64, qint64> &p) const noexcept {
            return std::hash<qint64>()(p.first * 1'000'003 ^ p.second);
        }
    };
    boost::unordered_flat_map<qint64, ChatRoster> m_rosters;
    boost::unordered_flat_map<std::pair<qint64, qint64>, bool, PairHash> m_blocks;
    boost::unordered_flat_set<std::pair<qint64, qint64>, PairHash> m_withoutDraft;
    std::vector<qint64> m_forgottenRosters; // since beginUnit
    std::vector<std::pair<qint64, qint64>> m_forgottenBlocks;
    std::vector<std::pair<qint64, qint64>> m_forgottenDrafts;
};

//! The writer's memory: one per store, on the writer thread.
struct WriterMemory {
    LogStateCache logs;
    ChatFactsCache facts;

    struct Mark {
        LogStateCache::Mark logs;
        ChatFactsCache::Mark facts;
    };

    void beginUnit() {
        logs.beginUnit();
        facts.beginUnit();
    }
    Mark mark() const { return {logs.mark(), facts.mark()}; }
    void rollbackTo(Mark mark) {
        logs.rollbackTo(mark.logs);
        facts.rollbackTo(mark.facts);
    }
    void clear() {
        logs.clear();
        facts.clear();
    }
};

} // namespace msgr::server
