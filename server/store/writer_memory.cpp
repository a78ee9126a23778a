#include "server/store/writer_memory.h"

namespace msgr::server {

// ---- LogStateCache

LogState *LogStateCache::find(qint64 userId) {
    const auto it = m_users.find(userId);
    return it == m_users.end() ? nullptr : &it->second;
}

LogState &LogStateCache::put(qint64 userId, LogState state) {
    auto [it, inserted] = m_users.try_emplace(userId, state);
    m_undo.emplace_back(userId, inserted ? std::nullopt : std::optional<LogState>(it->second));
    it->second = state;
    return it->second;
}

void LogStateCache::willChange(qint64 userId, const LogState &state) {
    m_undo.emplace_back(userId, state);
}

void LogStateCache::setLastMessageId(qint64 id) {
    m_messageIdUndo.push_back(m_lastMessageId);
    m_lastMessageId = id;
}

void LogStateCache::beginUnit() {
    m_undo.clear();
    m_messageIdUndo.clear();
}

void LogStateCache::rollbackTo(Mark mark) {
    // Newest first, so each user ends at the state it had at the mark.
    while (m_undo.size() > mark.users) {
        auto &[userId, before] = m_undo.back();
        if (before)
            m_users.insert_or_assign(userId, *before);
        else
            m_users.erase(userId);
        m_undo.pop_back();
    }
    if (m_messageIdUndo.size() > mark.messageIds) {
        m_lastMessageId = m_messageIdUndo[mark.messageIds];
        m_messageIdUndo.resize(mark.messageIds);
    }
}

void LogStateCache::clear() {
    m_users.clear();
    m_lastMessageId.reset();
    m_undo.clear();
    m_messageIdUndo.clear();
}

void LogStateCache::trim() {
    if (m_users.size() > kMaxUsers)
        m_users.clear();
}

// ---- ChatFactsCache

const ChatRoster *ChatFactsCache::roster(qint64 chatId) const {
    const auto it = m_rosters.find(chatId);
    return it == m_rosters.end() ? nullptr : &it->second;
}

void ChatFactsCache::putRoster(qint64 chatId, ChatRoster roster) {
    if (m_rosters.size() >= kMaxChats)
        m_rosters.clear();
    m_rosters.insert_or_assign(chatId, std::move(roster));
}

void ChatFactsCache::forgetRoster(qint64 chatId) {
    m_rosters.erase(chatId);
    m_forgottenRosters.push_back(chatId);
}

std::optional<bool> ChatFactsCache::blocked(qint64 userId, qint64 blockedId) const {
    const auto it = m_blocks.find({userId, blockedId});
    if (it == m_blocks.end())
        return std::nullopt;
    return it->second;
}

void ChatFactsCache::putBlocked(qint64 userId, qint64 blockedId, bool blocked) {
    if (m_blocks.size() >= kMaxBlockPairs)
        m_blocks.clear();
    m_blocks.insert_or_assign({userId, blockedId}, blocked);
}

void ChatFactsCache::forgetBlocked(qint64 userId, qint64 blockedId) {
    m_blocks.erase({userId, blockedId});
    m_forgottenBlocks.emplace_back(userId, blockedId);
}

bool ChatFactsCache::withoutDraft(qint64 userId, qint64 chatId) const {
    return m_withoutDraft.count({userId, chatId}) != 0;
}

void ChatFactsCache::putWithoutDraft(qint64 userId, qint64 chatId) {
    if (m_withoutDraft.size() >= kMaxDraftlessPairs)
        m_withoutDraft.clear();
    m_withoutDraft.insert({userId, chatId});
}

void ChatFactsCache::forgetDraft(qint64 userId, qint64 chatId) {
    m_withoutDraft.erase({userId, chatId});
    m_forgottenDrafts.emplace_back(userId, chatId);
}

void ChatFactsCache::beginUnit() {
    m_forgottenRosters.clear();
    m_forgottenBlocks.clear();
    m_forgottenDrafts.clear();
}

void ChatFactsCache::rollbackTo(Mark mark) {
    for (size_t i = mark.rosters; i < m_forgottenRosters.size(); ++i)
        m_rosters.erase(m_forgottenRosters[i]);
    for (size_t i = mark.blocks; i < m_forgottenBlocks.size(); ++i)
        m_blocks.erase(m_forgottenBlocks[i]);
    for (size_t i = mark.drafts; i < m_forgottenDrafts.size(); ++i)
        m_withoutDraft.erase(m_forgottenDrafts[i]);
    m_forgottenRosters.resize(mark.rosters);
    m_forgottenBlocks.resize(mark.blocks);
    m_forgottenDrafts.resize(mark.drafts);
}

void ChatFactsCache::clear() {
    m_rosters.clear();
    m_blocks.clear();
    m_withoutDraft.clear();
    beginUnit();
}

} // namespace msgr::server
