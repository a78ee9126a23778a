#pragma once
//! What the domain's operations answer. Plain values, handed between threads.
#include "protocol/objects.h"
#include "protocol/updates.h"

#include <QList>

namespace msgr::server {

//! Why an operation was refused with nothing written; the handler answers it as is.
struct Refusal {
    protocol::ErrorCode code = protocol::ErrorCode::Forbidden;
    QString message;
};

//! An update appended to (and to be pushed to the devices of) one user.
struct UserUpdate {
    qint64 userId = 0;
    protocol::LoggedUpdate logged;
    //! QCborValue(updateToCbor(logged.update)).toCbor(), as stored in the log: the fan-out
    //! builds the `upd` frame around these bytes instead of encoding the update again. Empty:
    //! not encoded yet.
    QByteArray encoded;
};

struct NewDevice {
    qint64 deviceId = 0;
    qint64 pts = 0; // the user's current pts
};

struct OpenedChat {
    protocol::Chat chat;
    bool created = false;
    QList<UserUpdate> updates; // newChat for each member when created
    qint64 callerPts = 0;
};

//! Why messages.send refused an attachment; nothing was written.
struct AttachmentRefusal {
    enum class Reason {
        //! No such file, or one the sender may not use (not theirs and never sent in a chat
        //! of theirs): alike, so file ids cannot be probed. NOT_FOUND.
        NotFound,
        Unfinished,   // the sender's own upload has not received its last byte. BAD_REQUEST.
        SizeMismatch, // `size` is not the file's length. BAD_REQUEST.
    };
    Reason reason = Reason::NotFound;
    qsizetype index = 0; // in the message's attachments
};

struct AppendedMessage {
    protocol::Message message; // as the sender sees it (with randomId)
    //! `message` as CBOR (protocol::preencoded::message): the sender's log entry, update frame
    //! and answer are built around these bytes. Empty when nothing was stored or found.
    QByteArray encodedMessage;
    std::optional<AttachmentRefusal> refused; // set: nothing was written
    // Nothing was written, and why, with its typed code: USER_BLOCKED in a private chat whose
    // other user blocked the sender (or the reverse); NOT_FOUND or BAD_REQUEST for a replyToId
    // that names nothing the sender may quote (docs/protocol.md §19).
    std::optional<Refusal> refusal;
    bool duplicate = false;    // the (sender, randomId) existed: nothing new was written
    QList<UserUpdate> updates; // newMessage for every member (empty when duplicate)
    qint64 senderPts = 0;
    // The chat is a supergroup (§23): nothing was written; the message goes to its own log
    // (Channels::post), one row per message instead of one per member.
    bool toSupergroup = false;
};

struct PositionChange {
    QList<UserUpdate> updates; // empty when the position did not move forward
    qint64 callerPts = 0;
};

struct HistoryPage {
    QList<protocol::Message> messages; // ascending by id
    bool more = false;                 // older messages exist before the first one
};

struct Difference {
    bool tooLong = false; // the requested pts is older than the retained log
    QList<protocol::LoggedUpdate> updates;
    qint64 pts = 0;    // of the last update returned, or the current one
    bool final = true; // false: more remain after `pts`
};

} // namespace msgr::server
