#pragma once
//! The attachment rule every path that stores a message with files shares (docs/protocol.md
//! §11): messages.send in a chat, and a message in a supergroup's own log (§23.8). A file is
//! usable when it is the sender's finished upload, or one already sent in a chat or supergroup
//! they are in, and its declared size is its length. Runs inside a store unit.
#include "server/domain/results.h"
#include "server/store/store.h"

namespace msgr::server::domain::attachment_checks {

//! The first attachment `senderId` may not send, or nullopt when all are usable.
std::optional<AttachmentRefusal> firstRefused(RecordReader &records, qint64 senderId,
                                              const QList<protocol::Attachment> &attachments);

//! The refusal in words, with its typed code: which attachment, and why.
Refusal describe(const AttachmentRefusal &refusal);

} // namespace msgr::server::domain::attachment_checks
