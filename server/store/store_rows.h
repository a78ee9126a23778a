#pragma once
//! Small queries shared by the store's reads and writes: chats, members, messages by id.
//! Each throws sqlite::Error; the connection is the calling thread's own.
#include "protocol/objects.h"
#include "server/store/sqlite_connection.h"

#include <optional>

namespace msgr::server::rows {

bool userExists(sqlite::Connection &db, qint64 userId);
//! One query, whether or not the chat exists: a caller outside a chat learns nothing about it,
//! not even from the time the answer takes.
bool isMember(sqlite::Connection &db, qint64 chatId, qint64 userId);
//! Member user ids of a chat, ascending.
QList<qint64> memberIds(sqlite::Connection &db, qint64 chatId);
std::optional<protocol::Chat> chat(sqlite::Connection &db, qint64 chatId);
//! The stored message, randomId included (see forViewer).
std::optional<protocol::Message> message(sqlite::Connection &db, qint64 messageId);
//! The newest message id of a chat, 0 when it has none.
qint64 lastMessageId(sqlite::Connection &db, qint64 chatId);
//! A message as `viewerId` sees it: the randomId only in the sender's own copy.
protocol::Message forViewer(protocol::Message message, qint64 viewerId);
//! Reads a message from columns id, chat_id, sender_id, date, text, random_id at `first`.
protocol::Message messageFromRow(const sqlite::Statement &row, int first = 0);

} // namespace msgr::server::rows
