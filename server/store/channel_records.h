#pragma once
//! The records of channels (docs/protocol.md §15), kept apart from store.h's chat records so
//! the feature reads as one piece. Records only: who may post, subscribe or manage, what goes
//! into which log and every limit are the domain's (server/domain/channels.*).
#include <QString>
#include <QtGlobal>

namespace msgr::server {

enum class MemberRole; // store.h: Member (0), Admin, Owner

//! A channel: its chat row (title, creation) and its own row (name, about, counts, log state).
struct ChannelRecord {
    qint64 id = 0; // the chat id
    QString title;
    QString about;
    QString name; // lower case; empty: a private channel
    qint64 createdAt = 0;
    qint64 subscriberCount = 0; // kept by insertChannelMember / deleteChannelMember
    qint64 pts = 0;             // the channel log's last pts
    qint64 oldestPts = 1;       // the oldest entry still retained (pts + 1 when none is)
    bool megagroup = false;     // a supergroup (docs/protocol.md §23; schema 19)
};

//! One subscriber row: the role (what it allows is the domain's) and the subscriber's choices.
struct ChannelMemberRecord {
    qint64 channelId = 0;
    qint64 userId = 0;
    MemberRole role{}; // Member (0): a plain subscriber
    bool muted = false;
    qint64 joinedAt = 0;
};

//! One comment under a channel post (docs/protocol.md §22; schema 18).
struct ChannelCommentRecord {
    qint64 id = 0; // ignored by insertChannelComment
    qint64 channelId = 0;
    qint64 postId = 0;
    qint64 senderId = 0;
    qint64 randomId = 0;
    qint64 date = 0;
    QString text;
};

//! A post's thread: how many comments it has and its newest one ({0, 0}: none yet).
struct PostThreadRecord {
    qint64 commentCount = 0;
    qint64 lastCommentId = 0;
};

} // namespace msgr::server
