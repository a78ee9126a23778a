#include "core/typing/typing_indicators.h"

#include "protocol/api/typing.h"

#include <QElapsedTimer>
#include <algorithm>

namespace msgr::core {

namespace api = protocol::api;

TypingIndicators::TypingIndicators(QObject *parent) : QObject(parent) {
    m_clock = [] {
        static QElapsedTimer started = [] {
            QElapsedTimer t;
            t.start();
            return t;
        }();
        return started.elapsed();
    };
    m_expiry.setSingleShot(true);
    connect(&m_expiry, &QTimer::timeout, this, &TypingIndicators::expireNow);
}

void TypingIndicators::notePeerTyping(qint64 chatId, qint64 userId, bool typing) {
    if (typing) {
        m_typing[chatId].insert(userId, m_clock() + api::kTypingExpiryMs);
    } else {
        auto chat = m_typing.find(chatId);
        if (chat == m_typing.end() || !chat->remove(userId))
            return;
        if (chat->isEmpty())
            m_typing.erase(chat);
    }
    rearm();
    bump();
}

void TypingIndicators::clearAll() {
    if (m_typing.isEmpty())
        return;
    m_typing.clear();
    m_expiry.stop();
    bump();
}

void TypingIndicators::expireNow() {
    const qint64 now = m_clock();
    bool removed = false;
    for (auto chat = m_typing.begin(); chat != m_typing.end();) {
        removed |= chat->removeIf([now](const auto &entry) { return entry.value() <= now; }) > 0;
        chat = chat->isEmpty() ? m_typing.erase(chat) : std::next(chat);
    }
    rearm();
    if (removed)
        bump();
}

void TypingIndicators::rearm() {
    qint64 earliest = -1;
    for (const auto &chat : std::as_const(m_typing))
        for (const qint64 deadline : chat)
            earliest = earliest < 0 ? deadline : std::min(earliest, deadline);
    if (earliest < 0) {
        m_expiry.stop();
        return;
    }
    m_expiry.start(int(std::clamp<qint64>(earliest - m_clock(), 0, api::kTypingExpiryMs)));
}

void TypingIndicators::bump() {
    ++m_revision;
    emit changed();
}

QString TypingIndicators::line(double chatId, bool group) const {
    const auto chat = m_typing.constFind(qint64(chatId));
    if (chat == m_typing.cend() || chat->isEmpty())
        return {};
    if (!group)
        return tr("typing…");
    QList<qint64> users = chat->keys();
    std::sort(users.begin(), users.end()); // the same order on every repaint
    const auto nameOf = [this](qint64 userId) {
        const QString name = m_nameOf ? m_nameOf(userId) : QString();
        return name.isEmpty() ? tr("Someone") : name;
    };
    if (users.size() == 1)
        return tr("%1 is typing…").arg(nameOf(users[0]));
    if (users.size() == 2)
        return tr("%1 and %2 are typing…").arg(nameOf(users[0]), nameOf(users[1]));
    return tr("%1 and %n others are typing…", "", int(users.size() - 1)).arg(nameOf(users[0]));
}

void TypingIndicators::composerEdited(double chatId, const QString &text) {
    const auto id = qint64(chatId);
    if (id < 1 || !m_sender)
        return;
    if (text.trimmed().isEmpty()) {
        composerStopped(chatId);
        return;
    }
    const qint64 now = m_clock();
    const auto sent = m_sentAt.constFind(id);
    if (sent != m_sentAt.cend() && now - *sent < api::kTypingRefreshMs)
        return;
    m_sentAt.insert(id, now);
    m_sender(id, true);
}

void TypingIndicators::composerStopped(double chatId) {
    const auto id = qint64(chatId);
    const auto sent = m_sentAt.find(id);
    if (sent == m_sentAt.end())
        return;
    // A start older than the expiry is already gone on the peer's side: no stop needed.
    const bool live = m_clock() - *sent < api::kTypingExpiryMs;
    m_sentAt.erase(sent);
    if (live && m_sender)
        m_sender(id, false);
}

} // namespace msgr::core
