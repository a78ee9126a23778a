#pragma once
//! The records of profile, group and channel photos (docs/protocol.md §24; schema 20), kept
//! apart from store.h's chat records so the feature reads as one piece. Records only: which
//! file may be a photo, who may set it and who may download it are the domain's
//! (server/domain/photos.*).
#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace msgr::server {

//! Whose photo: a user's profile, or a chat's (a group, a channel or a supergroup).
enum class PhotoSubject { User = 0, Chat = 1 };

struct PhotoRecord {
    QString fileId;
    QByteArray thumbnail; // may be empty
};

//! One subject a file is (or was) the photo of: past photos stay listed, so a service message
//! or a cached profile that names one can still be shown.
struct PhotoUse {
    PhotoSubject subject = PhotoSubject::User;
    qint64 subjectId = 0;
};

} // namespace msgr::server
