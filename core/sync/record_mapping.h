#pragma once
//! Protocol objects as storage records: the one place where the wire shapes meet the local
//! database's rows (storage never includes protocol/). Thread-safe (pure).
#include "protocol/objects.h"
#include "storage/records.h"

namespace msgr::core {

storage::ChatKind toChatKind(protocol::ChatKind kind);
protocol::ChatKind toProtocolChatKind(storage::ChatKind kind);
storage::MessageRecord toMessageRecord(const protocol::Message &message);
storage::AttachmentKind toAttachmentKind(protocol::AttachmentKind kind);
protocol::AttachmentKind toProtocolAttachmentKind(storage::AttachmentKind kind);
storage::AttachmentRecord toAttachmentRecord(const protocol::Attachment &attachment);
//! For messages.send: the stored attachment with its file id (upload id and empty fields
//! dropped).
protocol::Attachment toProtocolAttachment(const storage::AttachmentRecord &attachment);
//! A Chat as stored; its photo (§24) is always told (none: removed).
storage::ChatInfo toChatInfo(const protocol::Chat &chat);
//! A profile's, group's or channel's photo (§24) as stored (none stays none).
storage::PhotoRecord toPhotoRecord(const protocol::Photo &photo);
//! A service message's kind (docs/protocol.md §4 MessageAction) as stored (schema 24).
storage::ActionKind toActionKind(protocol::ActionKind kind);
storage::ChatMarks toChatMarks(const protocol::ChatSummary &summary);
storage::UserRecord toUserRecord(const protocol::User &user);
QList<storage::UserRecord> toUserRecords(const QList<protocol::User> &users);

} // namespace msgr::core
