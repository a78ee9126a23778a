#include "cli/commands/group_command.h"

#include "cli/chat_resolver.h"
#include "cli/cli_options.h"
#include "cli/headless_client.h"
#include "cli/output.h"
#include "cli/user_resolver.h"
#include "core/engine/sync_engine.h"
#include "core/groups/group_permissions.h"
#include "core/groups/invite_link.h"
#include "crypto/sodium.h"
#include "storage/profile_store.h"
#include "storage/tables/chats_table.h"
#include "storage/tables/users_table.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>

namespace msgr::cli {
namespace {

struct MemberList {
    std::optional<storage::ChatRecord> chat;
    QList<storage::ChatMemberRecord> members;
    QList<storage::UserRecord> users;
};

//! The exit code of a refusal (cli/exit_codes.h).
ExitCode exitCodeOf(const QString &code) {
    if (code == QLatin1String("OFFLINE"))
        return Unreachable;
    if (code == QLatin1String("NOT_FOUND"))
        return NotFound;
    return Refused;
}

} // namespace

QString GroupCommand::synopsis() {
    return QStringLiteral("group create <title> [<user>...] | add <chat> <user>... | "
                          "remove <chat> <user> | leave <chat> | title <chat> <title> | "
                          "role <chat> <user> admin|member | members <chat> | invite <chat> | "
                          "revoke-invite <chat> | join <link> | readers <chat> <message-id> | "
                          "upgrade <chat> | create-super <title> [<user>...] | "
                          "remove-super <chat> <user>");
}

void GroupCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    QStringList args = m_env.options->arguments;
    const QString sub = args.takeFirst();
    // The arguments after the subcommand: the least and the most each takes (-1: no limit).
    static const QHash<QString, std::pair<int, int>> kArity{
        {QStringLiteral("create"), {1, -1}},       {QStringLiteral("add"), {2, -1}},
        {QStringLiteral("remove"), {2, 2}},        {QStringLiteral("leave"), {1, 1}},
        {QStringLiteral("title"), {2, 2}},         {QStringLiteral("role"), {3, 3}},
        {QStringLiteral("members"), {1, 1}},       {QStringLiteral("invite"), {1, 1}},
        {QStringLiteral("revoke-invite"), {1, 1}}, {QStringLiteral("join"), {1, 1}},
        {QStringLiteral("readers"), {2, 2}},       {QStringLiteral("upgrade"), {1, 1}},
        {QStringLiteral("create-super"), {1, -1}}, {QStringLiteral("remove-super"), {2, 2}}};
    const auto arity = kArity.constFind(sub);
    if (arity == kArity.cend() || args.size() < arity->first ||
        (arity->second >= 0 && args.size() > arity->second)) {
        finish(Usage, tr("usage: msgr-cli [options] %1").arg(synopsis()));
        return;
    }
    if (sub == QLatin1String("role") && args.at(2) != QLatin1String("admin") &&
        args.at(2) != QLatin1String("member")) {
        finish(Usage, tr("a role is admin or member, not \"%1\"").arg(args.at(2)));
        return;
    }
    if (sub == QLatin1String("join") && !core::groups::inviteTokenFrom(args.at(0))) {
        finish(Usage,
               tr("not an invite link: expected %1<token>").arg(core::groups::inviteLinkPrefix()));
        return;
    }
    if (sub == QLatin1String("readers") && args.at(1).toLongLong() <= 0) {
        finish(Usage, tr("a message id is a positive number, not \"%1\"").arg(args.at(1)));
        return;
    }
    if (sub != QLatin1String("members")) // which shows what is stored when offline
        armDeadline(tr("the server did not answer in time; the group may not have changed"));
    m_users = new UserResolver(m_env.client, timeoutMs(), this);
    if (sub == QLatin1String("create")) {
        create(args.at(0), args.mid(1));
        return;
    }
    if (sub == QLatin1String("create-super")) {
        createSupergroup(args.at(0), args.mid(1));
        return;
    }
    if (sub == QLatin1String("join")) {
        join(args.at(0));
        return;
    }
    m_chats = new ChatResolver(m_env.client, timeoutMs(), this);
    // Caught up first, so a group added or changed meanwhile is the one resolved and listed.
    const auto resolve = [this, sub, chat = args.at(0), rest = args.mid(1)] {
        m_chats->resolve(chat, [this, sub, rest](const ChatResolver::Result &r) {
            if (!r.chatId)
                return finish(r.code, r.message);
            onChat(sub, r.chatId, rest);
        });
    };
    m_env.client->whenOnline(
        timeoutMs(), resolve, [this, sub, resolve](ExitCode code, const QString &message) {
            if (sub != QLatin1String("members"))
                return finish(code, message);
            m_env.output->warning(tr("%1; showing what this profile has stored").arg(message));
            resolve();
        });
}

void GroupCommand::create(const QString &title, const QStringList &users) {
    // One random id per run (docs/protocol.md §5 Groups: a retry with it is the same group).
    const qint64 randomId = crypto::randomNonZeroInt63();
    withUsers(users, [this, title, randomId](const QList<qint64> &ids) {
        send(protocol::api::CreateGroup{randomId, title, ids}, tr("created group %1"));
    });
}

void GroupCommand::createSupergroup(const QString &title, const QStringList &users) {
    withUsers(users, [this, title](const QList<qint64> &ids) {
        m_env.client->whenOnline(timeoutMs(), [this, title, ids] {
            m_env.client->engine()->createSupergroup(title, ids, this,
                                                     supergroupDone(tr("created supergroup %1")));
        });
    });
}

core::ChannelDone GroupCommand::supergroupDone(const QString &doneText) {
    return [this, doneText](const core::ChannelOutcome &outcome) {
        if (!outcome.ok() || outcome.channels.isEmpty())
            return refused(outcome.code, outcome.message, 0);
        const qint64 chatId = outcome.channels.first().id;
        m_env.output->result(doneText.arg(chatId), {{QStringLiteral("chatId"), chatId},
                                                    {QStringLiteral("supergroup"), true}});
        finish(Ok);
    };
}

void GroupCommand::onChat(const QString &sub, qint64 chatId, const QStringList &rest) {
    if (sub == QLatin1String("upgrade"))
        return m_env.client->engine()->upgradeGroup(
            chatId, this, supergroupDone(tr("upgraded to supergroup %1")));
    if (sub == QLatin1String("remove-super"))
        return withUsers(rest, [this, chatId](const QList<qint64> &ids) {
            m_env.client->engine()->removeSupergroupMember(
                chatId, ids.at(0), this, supergroupDone(tr("removed from supergroup %1")));
        });
    if (sub == QLatin1String("members"))
        return listMembers(chatId);
    if (sub == QLatin1String("invite") || sub == QLatin1String("revoke-invite"))
        return invite(chatId, sub == QLatin1String("revoke-invite"));
    if (sub == QLatin1String("readers"))
        return readers(chatId, rest.at(0));
    if (sub == QLatin1String("leave"))
        return send(protocol::api::LeaveGroup{chatId}, tr("left group %1"));
    if (sub == QLatin1String("title"))
        return send(protocol::api::SetGroupTitle{chatId, rest.at(0)}, tr("renamed group %1"));
    if (sub == QLatin1String("add"))
        return withUsers(rest, [this, chatId](const QList<qint64> &ids) {
            send(protocol::api::AddGroupMembers{chatId, ids}, tr("added to group %1"));
        });
    if (sub == QLatin1String("remove"))
        return withUsers(rest, [this, chatId](const QList<qint64> &ids) {
            send(protocol::api::RemoveGroupMember{chatId, ids.at(0)}, tr("removed from group %1"));
        });
    const bool admin = rest.at(1) == QLatin1String("admin");
    withUsers(rest.mid(0, 1), [this, chatId, admin](const QList<qint64> &ids) {
        send(protocol::api::SetGroupRole{chatId, ids.at(0),
                                         admin ? protocol::api::GroupRole::Admin
                                               : protocol::api::GroupRole::Member},
             admin ? tr("made an admin in group %1") : tr("made a member in group %1"));
    });
}

void GroupCommand::withUsers(const QStringList &users,
                             std::function<void(const QList<qint64> &)> then) {
    m_users->resolve(users, [this, then](const UserResolver::Result &r) {
        if (r.code != Ok)
            return finish(r.code, r.message);
        then(r.userIds);
    });
}

void GroupCommand::send(const core::GroupRequest &request, const QString &doneText) {
    m_env.client->whenOnline(timeoutMs(), [this, request, doneText] {
        m_env.client->engine()->groupCall(
            request, this, [this, doneText](const core::GroupOutcome &outcome) {
                if (!outcome.ok())
                    return refused(outcome.code, outcome.message, outcome.retryAfterMs);
                m_env.output->result(doneText.arg(outcome.chatId),
                                     {{QStringLiteral("chatId"), outcome.chatId}});
                finish(Ok);
            });
    });
}

void GroupCommand::refused(const QString &code, const QString &message, qint64 retryAfterMs) {
    if (code == QLatin1String("FLOOD_WAIT"))
        return finish(Refused, tr("the server refused: too many attempts, try again in %1 s (%2)")
                                   .arg((retryAfterMs + 999) / 1000)
                                   .arg(code));
    finish(exitCodeOf(code), tr("the server refused: %1 (%2)").arg(message, code));
}

void GroupCommand::join(const QString &link) {
    const QString token = *core::groups::inviteTokenFrom(link); // checked in start()
    m_env.client->whenOnline(timeoutMs(), [this, token] {
        // Straight to the join: a check first would take a second attempt from the bucket.
        m_env.client->engine()->groupCall(
            protocol::api::JoinByInvite{token}, this, [this](const core::GroupOutcome &outcome) {
                if (!outcome.ok())
                    return refused(outcome.code, outcome.message, outcome.retryAfterMs);
                m_env.output->result(tr("joined group %1").arg(outcome.chatId),
                                     {{QStringLiteral("chatId"), outcome.chatId}});
                finish(Ok);
            });
    });
}

void GroupCommand::invite(qint64 chatId, bool revoke) {
    const core::GroupQuery query = revoke ? core::GroupQuery{protocol::api::RevokeInvite{chatId}}
                                          : core::GroupQuery{protocol::api::ExportInvite{chatId}};
    m_env.client->engine()->groupQuery(
        query, this, [this, chatId, revoke](const core::GroupAnswer &answer) {
            if (!answer.ok())
                return refused(answer.code, answer.message, answer.retryAfterMs);
            if (revoke) {
                m_env.output->result(
                    tr("revoked the invite link of group %1").arg(chatId),
                    {{QStringLiteral("chatId"), chatId}, {QStringLiteral("revoked"), true}});
            } else {
                const QString link = core::groups::inviteLink(answer.token);
                m_env.output->result(link, {{QStringLiteral("chatId"), chatId},
                                            {QStringLiteral("link"), link},
                                            {QStringLiteral("token"), answer.token}});
            }
            finish(Ok);
        });
}

void GroupCommand::readers(qint64 chatId, const QString &messageId) {
    m_env.client->engine()->groupQuery(
        protocol::api::GetMessageReaders{chatId, messageId.toLongLong()}, this,
        [this](const core::GroupAnswer &answer) {
            if (!answer.ok())
                return refused(answer.code, answer.message, answer.retryAfterMs);
            QList<qint64> ids;
            for (const protocol::api::MessageReader &r : answer.readers)
                ids.append(r.userId);
            // Names as stored here (the members of a group one is in usually are).
            m_env.client->store()->read(
                [ids](storage::ReadTransaction &tx) { return storage::UsersTable::load(tx, ids); },
                this,
                [this, readers = answer.readers](const QList<storage::UserRecord> &users) {
                    QHash<qint64, storage::UserRecord> byId;
                    for (const storage::UserRecord &u : users)
                        byId.insert(u.id, u);
                    for (const protocol::api::MessageReader &r : readers) {
                        const storage::UserRecord user = byId.value(r.userId);
                        const QString name =
                            user.displayName.isEmpty() ? user.username : user.displayName;
                        const QString state = protocol::api::readerStateName(r.state);
                        const QString at = r.at > 0 ? QDateTime::fromMSecsSinceEpoch(r.at, Qt::UTC)
                                                          .toString(Qt::ISODateWithMs)
                                                    : QString();
                        m_env.output->result(
                            QStringLiteral("%1\t%2\t%3\t%4")
                                .arg(r.userId)
                                .arg(name, state, at.isEmpty() ? QStringLiteral("-") : at),
                            {{QStringLiteral("userId"), r.userId},
                             {QStringLiteral("username"), user.username},
                             {QStringLiteral("name"), name},
                             {QStringLiteral("state"), state},
                             {QStringLiteral("at"), r.at}});
                    }
                    finish(Ok);
                });
        });
}

void GroupCommand::listMembers(qint64 chatId) {
    m_env.client->store()->read(
        [chatId](storage::ReadTransaction &tx) {
            MemberList out;
            out.chat = storage::ChatsTable::load(tx, chatId);
            out.members = storage::ChatsTable::members(tx, chatId);
            QList<qint64> ids;
            for (const storage::ChatMemberRecord &m : out.members)
                ids.append(m.userId);
            out.users = storage::UsersTable::load(tx, ids);
            return out;
        },
        this,
        [this, chatId](const MemberList &list) {
            if (!list.chat || list.chat->kind != storage::ChatKind::Group)
                return finish(Usage, tr("chat %1 is not a group").arg(chatId));
            QHash<qint64, storage::UserRecord> users;
            for (const storage::UserRecord &u : list.users)
                users.insert(u.id, u);
            for (const storage::ChatMemberRecord &m : list.members) {
                const storage::UserRecord user = users.value(m.userId);
                const QString role = core::groups::roleName(m.role);
                const QString name = user.displayName.isEmpty() ? user.username : user.displayName;
                m_env.output->result(
                    QStringLiteral("%1\t%2\t@%3\t%4").arg(m.userId).arg(name, user.username, role),
                    {{QStringLiteral("userId"), m.userId},
                     {QStringLiteral("username"), user.username},
                     {QStringLiteral("name"), name},
                     {QStringLiteral("role"), role}});
            }
            finish(Ok);
        });
}

} // namespace msgr::cli
