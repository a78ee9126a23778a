#pragma once
//! The records of profiles, contacts, invitations and blocks (docs/protocol.md §14), kept apart
//! from store.h's chat records so the feature reads as one piece. Records only: the states an
//! invitation may move through, the limits, the cool-offs and who may see what are the
//! domain's (server/domain/contacts.*, profiles.*, blocking.*).
#include "protocol/objects.h"

#include <QString>
#include <QtGlobal>

namespace msgr::server {

//! A user's profile as stored: the owner's own values, before any viewer's rules.
struct ProfileRecord {
    protocol::User user;
    QString about;
    int lastSeenPrivacy = 0; // 0 everybody, 1 contacts, 2 nobody
    qint64 lastSeenAt = 0;   // the latest activity of any of the user's devices (or sign-up)
};

//! What became of an invitation; an accepted one is deleted (the pair is in contacts then).
enum class InviteState { Pending = 0, Denied = 1, Cancelled = 2 };

struct InviteRecord {
    qint64 fromId = 0;
    qint64 toId = 0;
    InviteState state = InviteState::Pending;
    qint64 createdAt = 0;
    qint64 decidedAt = 0; // denied or cancelled: when; 0 while pending
};

//! One of a user's contacts and since when.
struct ContactRow {
    qint64 userId = 0;
    qint64 since = 0;
};

} // namespace msgr::server
