#pragma once
//! `group <subcommand> ...`: what a user does to groups (docs/protocol.md §5 Groups), as the
//! app's "New group" and group info page do:
//!
//!   group create <title> [<user>...]      a new group with these members; prints its chat id
//!   group add <chat> <user>...            add members (owner and admins)
//!   group remove <chat> <user>            remove a member (owner: anyone; admin: members)
//!   group leave <chat>                    leave the group
//!   group title <chat> <title>            rename it (owner and admins)
//!   group role <chat> <user> admin|member make a member an admin or an admin a member (owner)
//!   group members <chat>                  the members with their roles, as stored here
//!   group invite <chat>                   a new invite link (owner and admins; the one before
//!                                         stops working); prints msgr://join/<token>
//!   group revoke-invite <chat>            kill the live invite link (owner and admins)
//!   group join <link>                     join the group of an invite link (or a bare token)
//!   group readers <chat> <message-id>     who read one's own message, who only received it
//!                                         (groups of at most 100 members; docs §20, §21)
//!   group upgrade <chat>                  the group becomes a supergroup (owner; docs §23);
//!                                         prints the supergroup's chat id
//!   group create-super <title> [<user>...] a new supergroup; prints its chat id
//!   group remove-super <chat> <user>      remove a supergroup member (owner; admin: members)
//!
//! <chat> is a chat id (chats lists them); <user> a user id or @username. A change returns
//! once the server answered and the group as it is now is stored (exit 0), or was refused
//! (exit 7: FORBIDDEN for a role that may not, LIMIT_EXCEEDED, USER_BLOCKED...; exit 8: not a
//! member, no such user), or could not be reached within --timeout (exit 6; nothing is queued:
//! run it again; a create run again makes a new group). `members` reads the profile only.
#include "cli/commands/command.h"
#include "core/channels/channel_service.h"
#include "core/groups/group_service.h"

#include <functional>

namespace msgr::cli {

class ChatResolver;
class UserResolver;

class GroupCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    void start(bool signedIn) override;

    //! The synopsis of every subcommand, for the usage text and errors.
    static QString synopsis();

private:
    void create(const QString &title, const QStringList &users);
    void createSupergroup(const QString &title, const QStringList &users);
    //! Prints the supergroup a supergroup call answered (`doneText` with %1 its id), or refuses.
    core::ChannelDone supergroupDone(const QString &doneText);
    void onChat(const QString &sub, qint64 chatId, const QStringList &rest);
    void listMembers(qint64 chatId);
    //! Resolves `users`, then sends what `request` makes of their ids.
    void withUsers(const QStringList &users, std::function<void(const QList<qint64> &)> then);
    void send(const core::GroupRequest &request, const QString &doneText);
    void join(const QString &link);
    void invite(qint64 chatId, bool revoke);
    void readers(qint64 chatId, const QString &messageId);
    //! Finishes with the refusal of a groups.* call or query.
    void refused(const QString &code, const QString &message, qint64 retryAfterMs);

    ChatResolver *m_chats = nullptr;
    UserResolver *m_users = nullptr;
};

} // namespace msgr::cli
