#pragma once
//! How msgr-cli prints messages and chats: one line of text, or one JSON object (--json).
//! The JSON field names are part of the CLI's contract (README.md):
//!   message: chatId, id (the server's, 0 while pending), localId, date (ms since the epoch),
//!            senderId, sender (username, or null while unknown), senderName, outgoing, text,
//!            state ("pending", "sent", "failed"), secret (a secret chat's: end-to-end
//!            encrypted, on this device only)
//!   chat:    id (negative for a secret chat), kind ("private", "group", "channel"), title,
//!            peerUserId, peer, unread, pinned, lastDate, lastText, secret
#include "storage/records.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

namespace msgr::cli {

using UserIndex = QHash<qint64, storage::UserRecord>;

QJsonObject messageJson(const storage::MessageRecord &m, const UserIndex &users, qint64 selfId);
//! "2026-12-01T19:22:03Z #12 @alice: hello" (newlines in the text as \n, so one line each).
QString messageLine(const storage::MessageRecord &m, const UserIndex &users, qint64 selfId);

QJsonObject chatJson(const storage::ChatRecord &c, const UserIndex &users);
//! "12  @bob (Bob)  2 unread  last text".
QString chatLine(const storage::ChatRecord &c, const UserIndex &users);

//! Users by id, for the lookups above.
UserIndex indexUsers(const QList<storage::UserRecord> &users);

} // namespace msgr::cli
