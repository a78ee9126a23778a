#pragma once
//! Mapping between message rows and MessageRecord. Storage thread only.
#include "protocol/objects.h"
#include "storage/records.h"
#include "storage/sql_statement.h"

//! The column list messageRecordFromRow() reads, in its order.
#define MSGR_MESSAGE_COLUMNS                                                                       \
    "local_id, IFNULL(server_id, 0), chat_id, sender_id, date, text, IFNULL(random_id, 0), "       \
    "pending"

namespace msgr::storage {

MessageRecord messageRecordFromRow(const sql::Statement &row, int firstColumn = 0);
MessageRecord messageRecordFrom(const protocol::Message &message, qint64 localId);

} // namespace msgr::storage
