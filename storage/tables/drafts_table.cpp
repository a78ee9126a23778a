#include "storage/tables/drafts_table.h"

#include "storage/secret_chat_id.h"

#include <algorithm>

namespace msgr::storage {

namespace {

void put(WriteTransaction &tx, const DraftRow &row) {
    tx.must(tx.db()
                .cached("INSERT OR REPLACE INTO drafts(chat_id, text, date, dirty) "
                        "VALUES (?1, ?2, ?3, ?4)")
                .bind(1, row.chatId)
                .bind(2, row.text)
                .bind(3, row.date)
                .bind(4, row.dirty ? 1 : 0)
                .run(),
            "store draft");
    tx.noteChatChanged(row.chatId);
}

void remove(WriteTransaction &tx, qint64 chatId) {
    tx.must(tx.db().cached("DELETE FROM drafts WHERE chat_id = ?1").bind(1, chatId).run(),
            "delete draft");
    tx.noteChatChanged(chatId);
}

DraftRow rowAt(sql::Statement &stmt) {
    return DraftRow{stmt.int64(0), stmt.text(1), stmt.int64(2), stmt.int64(3) != 0};
}

} // namespace

bool DraftsTable::saveLocal(WriteTransaction &tx, qint64 chatId, const QString &text, qint64 now,
                            bool toServer) {
    const std::optional<DraftRow> row = find(tx, chatId);
    if (row ? row->text == text : text.isEmpty())
        return false;
    if (!toServer && text.isEmpty())
        remove(tx, chatId);
    else
        put(tx, DraftRow{chatId, text, now, toServer});
    return true;
}

void DraftsTable::applyServer(WriteTransaction &tx, qint64 chatId, const QString &text,
                              qint64 date) {
    const std::optional<DraftRow> row = find(tx, chatId);
    if (row && row->dirty)
        return; // ours is newer and on its way: the server gets it next
    if (text.isEmpty()) {
        if (row)
            remove(tx, chatId);
    } else if (!row || row->text != text || row->date != date) {
        put(tx, DraftRow{chatId, text, date, false});
    }
}

void DraftsTable::markSent(WriteTransaction &tx, qint64 chatId, const QString &text, qint64 date) {
    const std::optional<DraftRow> row = find(tx, chatId);
    if (!row || !row->dirty || row->text != text)
        return; // edited again meanwhile: still dirty, sent next
    if (text.isEmpty())
        remove(tx, chatId);
    else
        put(tx, DraftRow{chatId, text, date, false});
}

void DraftsTable::applyList(WriteTransaction &tx, const QList<DraftRow> &drafts, qint64 time) {
    QHash<qint64, DraftRow> listed;
    for (const DraftRow &draft : drafts)
        listed.insert(draft.chatId, draft);
    QList<DraftRow> local;
    auto &stmt = tx.db().cached("SELECT chat_id, text, date, dirty FROM drafts");
    while (stmt.next())
        local.append(rowAt(stmt));
    for (const DraftRow &row : local) {
        if (row.dirty || isSecretChatId(row.chatId) || listed.contains(row.chatId))
            continue;
        // Acknowledged before the list was read and not in it: cleared on another device (or
        // by a message sent there). One acknowledged later is newer than the list: kept.
        if (row.date < time)
            remove(tx, row.chatId);
    }
    for (const DraftRow &draft : drafts) {
        const auto it = std::find_if(local.cbegin(), local.cend(), [&](const DraftRow &row) {
            return row.chatId == draft.chatId;
        });
        if (it != local.cend() && (it->dirty || it->date > draft.date))
            continue; // unsent here, or a newer draft already applied from the log
        applyServer(tx, draft.chatId, draft.text, draft.date);
    }
}

std::optional<DraftRow> DraftsTable::find(ReadTransaction &tx, qint64 chatId) {
    auto &stmt = tx.db().cached("SELECT chat_id, text, date, dirty FROM drafts WHERE chat_id = ?1");
    stmt.bind(1, chatId);
    if (!stmt.next())
        return std::nullopt;
    return rowAt(stmt);
}

QList<DraftRow> DraftsTable::dirty(ReadTransaction &tx) {
    QList<DraftRow> rows;
    auto &stmt =
        tx.db().cached("SELECT chat_id, text, date, dirty FROM drafts WHERE dirty ORDER BY date");
    while (stmt.next())
        rows.append(rowAt(stmt));
    return rows;
}

QHash<qint64, QString> DraftsTable::texts(ReadTransaction &tx) {
    QHash<qint64, QString> texts;
    auto &stmt = tx.db().cached("SELECT chat_id, text FROM drafts WHERE text != ''");
    while (stmt.next())
        texts.insert(stmt.int64(0), stmt.text(1));
    return texts;
}

} // namespace msgr::storage
