#include "storage/message_rows.h"

namespace msgr::storage {

MessageRecord messageRecordFromRow(const sql::Statement &row, int first) {
    MessageRecord r;
    r.localId = row.int64(first);
    r.serverId = row.int64(first + 1);
    r.chatId = row.int64(first + 2);
    r.senderId = row.int64(first + 3);
    r.date = row.int64(first + 4);
    r.text = row.text(first + 5);
    r.randomId = row.int64(first + 6);
    r.pending = row.int64(first + 7) != 0;
    return r;
}

MessageRecord messageRecordFrom(const protocol::Message &message, qint64 localId) {
    MessageRecord r;
    r.localId = localId;
    r.serverId = message.id;
    r.chatId = message.chatId;
    r.senderId = message.senderId;
    r.date = message.date;
    r.text = message.text;
    r.randomId = message.randomId;
    r.pending = false;
    return r;
}

} // namespace msgr::storage
