#include "core/comments/post_comment_counts.h"

#include "core/comments/comment_counts.h"
#include "core/engine/sync_engine.h"
#include "storage/profile_store.h"

#include <algorithm>

namespace msgr::core {

PostCommentCounts::PostCommentCounts(QObject *parent) : QObject(parent) {}

void PostCommentCounts::setContext(CoreContext *context) {
    if (m_context == context)
        return;
    disconnect(m_storeConnection);
    disconnect(m_onlineConnection);
    m_context = context;
    if (context) {
        m_storeConnection = connect(context->store(), &storage::ProfileStore::changed, this,
                                    &PostCommentCounts::onStoreChanged);
        m_onlineConnection =
            connect(context, &CoreContext::online, this, &PostCommentCounts::refreshFromServer);
    }
    emit contextChanged();
    reload();
    refreshFromServer();
}

void PostCommentCounts::refreshFromServer() {
    SyncEngine *engine = m_context ? m_context->engine() : nullptr;
    if (!engine || m_chatId <= 0)
        return;
    // The newest posts again: their counts as of now are stored (ChannelService::history),
    // repairing what pushes missed while closed or offline (docs/protocol.md §22.1).
    refreshPage(0, 0);
}

void PostCommentCounts::refreshPage(qint64 beforeId, int pagesDone) {
    SyncEngine *engine = m_context ? m_context->engine() : nullptr;
    if (!engine || m_chatId <= 0)
        return;
    engine->channelHistory(m_chatId, beforeId, kRefreshedPosts, this,
                           [this, chatId = m_chatId, pagesDone](const ChannelOutcome &outcome) {
                               if (chatId != m_chatId || !outcome.ok() || outcome.complete ||
                                   outcome.posts.isEmpty())
                                   return;
                               const qint64 oldest = outcome.posts.first().id; // ascending
                               const bool olderCounted =
                                   std::any_of(m_counts.keyBegin(), m_counts.keyEnd(),
                                               [oldest](qint64 postId) { return postId < oldest; });
                               if (olderCounted && pagesDone + 1 < kMaxRefreshedPages)
                                   refreshPage(oldest, pagesDone + 1);
                           });
}

void PostCommentCounts::setChatId(double id) {
    if (qint64(id) == m_chatId)
        return;
    m_chatId = qint64(id);
    emit chatIdChanged();
    reload();
    refreshFromServer();
}

int PostCommentCounts::count(double postId) const {
    return int(qMin<qint64>(m_counts.value(qint64(postId)), INT_MAX));
}

void PostCommentCounts::onStoreChanged(const storage::ChangeSet &changes) {
    if (m_chatId != 0 && (changes.reset || changes.changedChatIds.contains(m_chatId)))
        reload();
}

void PostCommentCounts::reload() {
    const quint64 generation = ++m_generation;
    if (!m_context || m_chatId <= 0) { // secret chats have negative ids: no posts there
        if (!m_counts.isEmpty()) {
            m_counts.clear();
            ++m_revision;
            emit revisionChanged();
        }
        return;
    }
    m_context->store()->read(
        [id = m_chatId](storage::ReadTransaction &tx) { return CommentCounts::load(tx, id); }, this,
        [this, generation](const QHash<qint64, qint64> &counts) {
            if (generation != m_generation || counts == m_counts)
                return;
            m_counts = counts;
            ++m_revision;
            emit revisionChanged();
        });
}

} // namespace msgr::core
