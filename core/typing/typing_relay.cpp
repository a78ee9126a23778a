#include "core/typing/typing_relay.h"

#include "protocol/api/typing.h"

#include <QLoggingCategory>
#include <utility>

namespace msgr::core {

Q_LOGGING_CATEGORY(lcTyping, "msgr.typing")

TypingRelay::TypingRelay(RequestChannel *channel, QObject *parent)
    : QObject(parent), m_channel(channel) {
    connect(channel, &RequestChannel::updateReceived, this, &TypingRelay::onUpdate);
    connect(channel, &RequestChannel::authorized, this, [this] { m_linked = true; });
    // Once per lost link (not on every failed reconnect: nothing new can be stale then).
    connect(channel, &RequestChannel::unauthorized, this, [this] {
        if (std::exchange(m_linked, false))
            emit linkLost();
    });
}

void TypingRelay::send(qint64 chatId, bool typing) {
    if (!m_channel || !m_channel->isAuthorized() || chatId < 1)
        return;
    // The answer carries nothing; a refusal (FLOOD_WAIT, NOT_FOUND) only means one notice
    // fewer, which the peer's expiry absorbs.
    m_channel->call(api::SetTyping{chatId, typing}, this, [chatId](api::Reply<api::Empty> r) {
        if (!r.ok() && !r.connectionLost)
            qCDebug(lcTyping) << "typing notice refused in chat" << chatId << r.error.message;
    });
}

void TypingRelay::onUpdate(const protocol::UpdateFrame &frame) {
    if (frame.pts != 0 ||
        frame.update.value(QStringLiteral("type")).toString() != protocol::TypingUpdate::type)
        return;
    QString why;
    const std::optional<protocol::TypingUpdate> update =
        protocol::TypingUpdate::fromFields(frame.update, &why);
    if (!update) {
        qCWarning(lcTyping) << "malformed typing push:" << why;
        return;
    }
    emit peerTyping(update->chatId, update->userId, update->typing);
}

} // namespace msgr::core
