#pragma once
//! `channel <sub-command> ...`: channels (docs/protocol.md §15) as the app's "New channel",
//! "Find channels" and a channel's own page offer them:
//!   create <title> [--about T] [--name N]   a channel owned by this account (public with a name)
//!   search <query>                          public channels, most subscribers first
//!   subscribe <id|@name>, unsubscribe <id|@name>
//!   post <id|@name> <text>                  owner and admins
//!   history <id|@name> [--limit N]          the newest posts (at most 100), oldest first
//!   edit <id|@name> [--title T] [--about A] owner and admins (at least one of them)
//!   admin <id|@name> <@user> on|off         the owner: make an admin, or a subscriber again
//!   add <id|@name> <@user>...               owner and admins: subscribe users (1 to 100)
//!   comment <id|@name> <postId> <text>      subscribers: a comment under a post (§22)
//!   comments <id|@name> <postId> [--limit N] the newest comments (at most 100), oldest first
//!   delete-comment <id|@name> <postId> <commentId>  the author, owner and admins
//! Each returns once the server answered: exit 0; refused (7: USERNAME_TAKEN, FORBIDDEN,
//! USER_BLOCKED, LIMIT_EXCEEDED, ...); no such channel or user (8); not reached within
//! --timeout (6; nothing is queued: run it again).
#include "cli/commands/command.h"
#include "core/channels/channel_service.h"
#include "core/comments/comment_service.h"

#include <functional>

namespace msgr::cli {

class ChannelCommand : public Command {
    Q_OBJECT
public:
    explicit ChannelCommand(const CommandEnv &env);
    void start(bool signedIn) override;

private:
    void run(const QString &sub, const QStringList &args);
    //! A channel id, or an @name looked up with channels.search (exact name only).
    void resolve(const QString &text, std::function<void(qint64 channelId)> then);
    //! finish() with the outcome's refusal; false when it succeeded.
    bool refused(const core::ChannelOutcome &outcome);
    void printChannel(const protocol::api::Channel &channel, const QString &verb);
    //! Each @username looked up (users.search, exact); then(ids) once all are found, else
    //! finish(NotFound) for the first one missing.
    void resolveUsers(const QStringList &usernames, std::function<void(QList<qint64>)> then);
    //! edit, admin, add on the resolved channel.
    void runAdmin(qint64 channelId, const QString &sub, const QStringList &args);
    //! comment, comments, delete-comment on the resolved channel.
    void runComments(qint64 channelId, const QString &sub, const QStringList &args);
    //! refused() for a comment act.
    bool commentRefused(const core::CommentOutcome &outcome);
};

} // namespace msgr::cli
