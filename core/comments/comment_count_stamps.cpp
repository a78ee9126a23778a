#include "core/comments/comment_count_stamps.h"

namespace msgr::core {

void CommentCountStamps::pushed(qint64 channelId, qint64 postId) {
    if (m_pushed.size() >= kMaxTracked) {
        m_pushed.clear();
        m_floor = m_clock; // what was asked until now may be older than a forgotten push
    }
    m_pushed.insert({channelId, postId}, ++m_clock);
}

bool CommentCountStamps::overtaken(qint64 channelId, qint64 postId, Stamp asked) const {
    return asked <= m_floor || m_pushed.value({channelId, postId}, 0) > asked;
}

qint64 CommentCountStamps::countFromAnswer(qint64 channelId, qint64 postId, qint64 count,
                                           Stamp asked) const {
    return overtaken(channelId, postId, asked) ? -1 : count;
}

void CommentCountStamps::dropOvertaken(QList<protocol::Message> &posts, Stamp asked) const {
    for (protocol::Message &post : posts)
        if (overtaken(post.chatId, post.id, asked))
            post.commentCount = -1;
}

void CommentCountStamps::dropOvertaken(qint64 channelId, QList<protocol::LoggedUpdate> &entries,
                                       Stamp asked) const {
    for (protocol::LoggedUpdate &entry : entries)
        if (auto *m = std::get_if<protocol::NewMessageUpdate>(&entry.update))
            if (overtaken(channelId, m->message.id, asked))
                m->message.commentCount = -1;
}

} // namespace msgr::core
