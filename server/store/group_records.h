#pragma once
//! The records of group invite links (docs/protocol.md §20) and of read marks, the times a
//! member's delivered or read position moved in a small group (§21), kept apart from store.h's
//! chat records so each feature reads as one piece. Records only: who may export a link, who
//! may join, which groups keep marks and how many are the domain's (server/domain/
//! group_invites.*, server/domain/read_list.*).
#include <QByteArray>
#include <QtGlobal>

namespace msgr::server {

//! A group's one live invite link. Only the hash of its token is kept (like session tokens):
//! a copy of the database does not let anyone join.
struct GroupInviteRecord {
    qint64 chatId = 0;
    QByteArray tokenHash; // BLAKE2b-256 of the token's text
    qint64 createdBy = 0;
    qint64 createdAt = 0;
};

//! Which position a read mark records.
enum class ReadMarkKind { Delivered = 0, Read = 1 };

//! When a member's position moved past a message: the time of the retained mark whose range
//! holds it.
struct ReadMarkTime {
    qint64 userId = 0;
    qint64 at = 0; // ms since the epoch
};

} // namespace msgr::server
