#pragma once
//! Secret chats exist only on this device: their chat rows get NEGATIVE ids, which the server
//! never hands out (its chat ids are positive), so one chats/messages table holds both and the
//! chat list and history code stay as they are, while everything that talks to the server about
//! a chat (read marks, receipts, history paging, the outbox, a tooLong reload) can tell a secret
//! chat by its id alone and leave it alone. Thread-safe (pure).
#include <QtGlobal>

namespace msgr::storage {

constexpr bool isSecretChatId(qint64 chatId) {
    return chatId < 0;
}

} // namespace msgr::storage
