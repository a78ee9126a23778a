#include "core/message_actions/message_action_service.h"

#include "protocol/api/forwards.h"
#include "protocol/api/message_actions.h"
#include "protocol/api/pinned_messages.h"

namespace msgr::core {

namespace {
const QString kOffline = QStringLiteral("not connected; try again when online");

//! The words the UI shows for a refusal: the server's own message (it names the limit).
template <typename Result> QString errorOf(const api::Reply<Result> &reply) {
    if (reply.ok())
        return {};
    // A lost link may or may not have applied it; the update (or its absence) tells.
    return reply.connectionLost ? kOffline : reply.error.message;
}
} // namespace

MessageActionService::MessageActionService(RequestChannel *channel, QObject *parent)
    : QObject(parent), m_channel(channel) {}

void MessageActionService::edit(qint64 chatId, qint64 messageId, const QString &text, Done done) {
    if (!m_channel || !m_channel->isAuthorized())
        return done(kOffline);
    m_channel->call(api::EditMessage{chatId, messageId, text}, this,
                    [done](const api::Reply<api::EditResult> &reply) { done(errorOf(reply)); });
}

void MessageActionService::remove(qint64 chatId, const QList<qint64> &messageIds, bool forEveryone,
                                  Done done) {
    if (!m_channel || !m_channel->isAuthorized())
        return done(kOffline);
    const api::DeleteScope scope = forEveryone ? api::DeleteScope::Everyone : api::DeleteScope::Me;
    m_channel->call(api::DeleteMessages{chatId, messageIds, scope}, this,
                    [done](const api::Reply<api::DeleteResult> &reply) { done(errorOf(reply)); });
}

void MessageActionService::forward(qint64 fromChatId, const QList<qint64> &messageIds,
                                   qint64 toChatId, const QList<qint64> &randomIds, Done done) {
    if (!m_channel || !m_channel->isAuthorized())
        return done(kOffline);
    m_channel->call(api::ForwardMessages{fromChatId, messageIds, toChatId, randomIds}, this,
                    [done](const api::Reply<api::ForwardResult> &reply) { done(errorOf(reply)); });
}

void MessageActionService::pin(qint64 chatId, qint64 messageId, bool pinned, Done done) {
    if (!m_channel || !m_channel->isAuthorized())
        return done(kOffline);
    m_channel->call(
        api::PinMessage{chatId, messageId, pinned}, this,
        [done](const api::Reply<api::PinMessageResult> &reply) { done(errorOf(reply)); });
}

} // namespace msgr::core
