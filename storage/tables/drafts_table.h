#pragma once
//! Each chat's draft (drafts, migration 16; docs/protocol.md §17.2): what the user wrote here
//! and the server does not have yet ("dirty", sent when online: the latest local edit wins),
//! and what the server last said (another device's draft, or this one's acknowledged). Secret
//! chats' drafts are kept here only. Every change notes the chat changed, so the views re-read
//! it. Storage thread only (inside a job).
#include "storage/transaction.h"

#include <QHash>
#include <QList>
#include <QString>
#include <optional>

namespace msgr::storage {

struct DraftRow {
    qint64 chatId = 0;
    QString text; // empty only for a clear not yet sent
    qint64 date = 0;
    bool dirty = false;
    friend bool operator==(const DraftRow &, const DraftRow &) = default;
};

struct DraftsTable {
    //! The user wrote `text` (empty: cleared it) here at `now`. `toServer`: keep it dirty until
    //! the server acknowledges it (a server chat); otherwise it is only kept (a secret chat).
    //! False when it was the stored text already.
    static bool saveLocal(WriteTransaction &tx, qint64 chatId, const QString &text, qint64 now,
                          bool toServer);
    //! The server's draft for the chat (another device's, a cleared one: text empty): taken
    //! unless this device has one still to send.
    static void applyServer(WriteTransaction &tx, qint64 chatId, const QString &text, qint64 date);
    //! The server acknowledged `text` at `date`: no longer dirty, unless the user wrote
    //! something else meanwhile (that is sent next).
    static void markSent(WriteTransaction &tx, qint64 chatId, const QString &text, qint64 date);
    //! The server's whole list (messages.getDrafts, read from `time` on): each draft is taken
    //! unless this device's is newer or unsent; a server chat's draft absent from the list and
    //! acknowledged before `time` was cleared elsewhere and goes.
    static void applyList(WriteTransaction &tx, const QList<DraftRow> &drafts, qint64 time);

    static std::optional<DraftRow> find(ReadTransaction &tx, qint64 chatId);
    //! What waits for the server, oldest edit first.
    static QList<DraftRow> dirty(ReadTransaction &tx);
    //! chat id -> text of every draft that is not empty (the views show these).
    static QHash<qint64, QString> texts(ReadTransaction &tx);
};

} // namespace msgr::storage
