#pragma once
// The name QML knows an attachment's kind by ("photo", "video", "voice", "audio", "file"): the
// message list's rows and the composer's file list speak the same words.
#include "storage/records.h"

#include <QString>

namespace msgr::core {

inline QString attachmentKindName(storage::AttachmentKind kind) {
    switch (kind) {
    case storage::AttachmentKind::Photo:
        return QStringLiteral("photo");
    case storage::AttachmentKind::Video:
        return QStringLiteral("video");
    case storage::AttachmentKind::Voice:
        return QStringLiteral("voice");
    case storage::AttachmentKind::Audio:
        return QStringLiteral("audio");
    case storage::AttachmentKind::File:
        break;
    }
    return QStringLiteral("file");
}

} // namespace msgr::core
