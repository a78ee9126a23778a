#include "cli/commands/channel_command.h"

#include "cli/cli_options.h"
#include "cli/headless_client.h"
#include "cli/output.h"
#include "core/engine/sync_engine.h"
#include "crypto/sodium.h"
#include "protocol/limits.h"

#include <QJsonArray>
#include <QJsonObject>
#include <memory>

namespace msgr::cli {

namespace api = protocol::api;

namespace {
//! Sub-command -> its positional arguments after the sub-command's name.
int argumentsOf(const QString &sub) {
    if (sub == QLatin1String("admin") || sub == QLatin1String("comment") ||
        sub == QLatin1String("delete-comment"))
        return 3;
    if (sub == QLatin1String("comments"))
        return 2;
    if (sub == QLatin1String("post"))
        return 2;
    if (sub == QLatin1String("edit"))
        return 1;
    if (sub == QLatin1String("create") || sub == QLatin1String("search") ||
        sub == QLatin1String("subscribe") || sub == QLatin1String("unsubscribe") ||
        sub == QLatin1String("history"))
        return 1;
    return -1;
}

QJsonObject channelJson(const api::Channel &c) {
    QJsonObject o{{QStringLiteral("channelId"), c.id},
                  {QStringLiteral("title"), c.title},
                  {QStringLiteral("about"), c.about},
                  {QStringLiteral("subscribers"), c.subscriberCount},
                  {QStringLiteral("public"), c.isPublic()}};
    if (c.isPublic())
        o.insert(QStringLiteral("name"), c.name);
    if (c.role)
        o.insert(QStringLiteral("role"), api::channelRoleName(*c.role));
    return o;
}
} // namespace

ChannelCommand::ChannelCommand(const CommandEnv &env) : Command(env) {}

void ChannelCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    QStringList args = m_env.options->arguments;
    const QString sub = args.takeFirst();
    const int wanted = sub == QLatin1String("add") ? -2 : argumentsOf(sub);
    if (wanted == -1)
        return finish(Usage, tr("unknown channel command \"%1\" (create, search, subscribe, "
                                "unsubscribe, post, history, edit, admin, add, comment, comments, "
                                "delete-comment)")
                                 .arg(sub));
    if (wanted == -2 && (args.size() < 2 || args.size() > 1 + api::kMaxChannelAddSubscribers))
        return finish(Usage, tr("usage: channel add <id|@name> <@user>... (1 to %1 users)")
                                 .arg(api::kMaxChannelAddSubscribers));
    if (sub == QLatin1String("edit") && !m_env.options->channelTitle &&
        !m_env.options->channelSetsAbout)
        return finish(Usage, tr("usage: channel edit <id|@name> [--title T] [--about A] (at "
                                "least one)"));
    if (sub == QLatin1String("admin") && args.size() == 3 && args.at(2) != QLatin1String("on") &&
        args.at(2) != QLatin1String("off"))
        return finish(Usage, tr("usage: channel admin <id|@name> <@user> on|off"));
    if (wanted >= 0 && args.size() != wanted)
        return finish(Usage, sub == QLatin1String("post")
                                 ? tr("usage: channel post <id|@name> <text>")
                             : sub == QLatin1String("admin")
                                 ? tr("usage: channel admin <id|@name> <@user> on|off")
                             : sub == QLatin1String("comment")
                                 ? tr("usage: channel comment <id|@name> <postId> <text>")
                             : sub == QLatin1String("comments")
                                 ? tr("usage: channel comments <id|@name> <postId>")
                             : sub == QLatin1String("delete-comment")
                                 ? tr("usage: channel delete-comment <id|@name> <postId> "
                                      "<commentId>")
                                 : tr("usage: channel %1 <argument>").arg(sub));
    armDeadline(tr("the server did not answer in time; nothing was changed"));
    m_env.client->whenOnline(timeoutMs(), [this, sub, args] { run(sub, args); });
}

bool ChannelCommand::refused(const core::ChannelOutcome &outcome) {
    if (outcome.ok())
        return false;
    const QString text = outcome.message.isEmpty()
                             ? outcome.code
                             : QStringLiteral("%1 (%2)").arg(outcome.message, outcome.code);
    if (outcome.code == QLatin1String("OFFLINE"))
        finish(Unreachable, tr("not connected: %1").arg(text));
    else if (outcome.code == QLatin1String("NOT_FOUND"))
        finish(NotFound, tr("no such channel: %1").arg(text));
    else
        finish(Refused, tr("the server refused: %1").arg(text));
    return true;
}

void ChannelCommand::printChannel(const api::Channel &c, const QString &verb) {
    const QString name = c.isPublic() ? QStringLiteral(" @") + c.name : QString();
    m_env.output->result(tr("%1 channel %2%3 \"%4\" (%n subscriber(s))", nullptr,
                            int(qMin<qint64>(c.subscriberCount, INT_MAX)))
                             .arg(verb)
                             .arg(c.id)
                             .arg(name, c.title),
                         channelJson(c));
}

void ChannelCommand::resolve(const QString &text, std::function<void(qint64)> then) {
    if (!text.startsWith(QLatin1Char('@'))) {
        bool ok = false;
        const qint64 id = text.toLongLong(&ok);
        if (!ok || id < 1)
            return finish(Usage, tr("a channel is its id (a positive number) or @name, not "
                                    "\"%1\"")
                                     .arg(text));
        then(id);
        return;
    }
    const QString name = text.mid(1).toLower();
    if (name.isEmpty())
        return finish(Usage, tr("a channel's @name cannot be empty"));
    m_env.client->engine()->searchChannels(
        name, this, [this, name, then](const core::ChannelOutcome &outcome) {
            if (refused(outcome))
                return;
            for (const api::Channel &c : outcome.channels)
                if (c.name == name)
                    return then(c.id);
            finish(NotFound, tr("no public channel is named @%1").arg(name));
        });
}

void ChannelCommand::run(const QString &sub, const QStringList &args) {
    core::SyncEngine *engine = m_env.client->engine();
    if (sub == QLatin1String("create")) {
        engine->createChannel(args.at(0), m_env.options->channelAbout, m_env.options->channelName,
                              this, [this](const core::ChannelOutcome &outcome) {
                                  if (refused(outcome))
                                      return;
                                  printChannel(outcome.channels.value(0), tr("created"));
                                  finish(Ok);
                              });
        return;
    }
    if (sub == QLatin1String("search")) {
        engine->searchChannels(args.at(0), this, [this](const core::ChannelOutcome &outcome) {
            if (refused(outcome))
                return;
            for (const api::Channel &c : outcome.channels)
                printChannel(c, tr("found"));
            if (outcome.channels.isEmpty() && !m_env.options->json)
                m_env.output->warning(tr("no public channel matches"));
            finish(Ok);
        });
        return;
    }
    resolve(args.at(0), [this, sub, args, engine](qint64 id) {
        auto changed = [this](const QString &verb) {
            return [this, verb](const core::ChannelOutcome &outcome) {
                if (refused(outcome))
                    return;
                printChannel(outcome.channels.value(0), verb);
                finish(Ok);
            };
        };
        if (sub == QLatin1String("edit") || sub == QLatin1String("admin") ||
            sub == QLatin1String("add"))
            return runAdmin(id, sub, args);
        if (sub == QLatin1String("comment") || sub == QLatin1String("comments") ||
            sub == QLatin1String("delete-comment"))
            return runComments(id, sub, args);
        if (sub == QLatin1String("subscribe"))
            return engine->subscribeChannel(id, this, changed(tr("subscribed to")));
        if (sub == QLatin1String("unsubscribe"))
            return engine->unsubscribeChannel(id, this, changed(tr("unsubscribed from")));
        if (sub == QLatin1String("post"))
            return engine->postToChannel(
                id, args.at(1), this, [this, id](const core::ChannelOutcome &outcome) {
                    if (refused(outcome))
                        return;
                    const protocol::Message post = outcome.posts.value(0);
                    m_env.output->result(tr("posted %1 in channel %2").arg(post.id).arg(id),
                                         {{QStringLiteral("channelId"), id},
                                          {QStringLiteral("messageId"), post.id}});
                    finish(Ok);
                });
        const int limit = qMin(m_env.options->limit, protocol::kMaxHistoryLimit);
        engine->channelHistory(id, 0, limit, this, [this, id](const core::ChannelOutcome &outcome) {
            if (refused(outcome))
                return;
            for (const protocol::Message &m : outcome.posts)
                m_env.output->result(QStringLiteral("%1  %2").arg(m.id).arg(m.text),
                                     {{QStringLiteral("channelId"), id},
                                      {QStringLiteral("messageId"), m.id},
                                      {QStringLiteral("senderId"), m.senderId},
                                      {QStringLiteral("date"), m.date},
                                      {QStringLiteral("text"), m.text}});
            finish(Ok);
        });
    });
}

void ChannelCommand::resolveUsers(const QStringList &usernames,
                                  std::function<void(QList<qint64>)> then) {
    struct Lookup {
        QList<qint64> ids;
        int waiting = 0;
        bool failed = false;
    };
    auto lookup = std::make_shared<Lookup>();
    lookup->ids.resize(usernames.size());
    lookup->waiting = int(usernames.size());
    for (int i = 0; i < usernames.size(); ++i) {
        QString name = usernames.at(i);
        if (name.startsWith(QLatin1Char('@')))
            name.remove(0, 1);
        m_env.client->engine()->findUser(
            name, this,
            [this, lookup, i, name, then](qint64 userId, const QString &code, const QString &) {
                if (lookup->failed)
                    return;
                if (userId <= 0) {
                    lookup->failed = true;
                    if (code == QLatin1String("OFFLINE"))
                        return finish(Unreachable, tr("not connected: %1").arg(code));
                    return finish(NotFound, tr("no user is named @%1").arg(name));
                }
                lookup->ids[i] = userId;
                if (--lookup->waiting == 0)
                    then(lookup->ids);
            });
    }
}

void ChannelCommand::runAdmin(qint64 id, const QString &sub, const QStringList &args) {
    core::SyncEngine *engine = m_env.client->engine();
    auto changed = [this](const QString &verb) {
        return [this, verb](const core::ChannelOutcome &outcome) {
            if (refused(outcome))
                return;
            printChannel(outcome.channels.value(0), verb);
            finish(Ok);
        };
    };
    if (sub == QLatin1String("edit")) {
        const std::optional<QString> about = m_env.options->channelSetsAbout
                                                 ? std::optional(m_env.options->channelAbout)
                                                 : std::nullopt;
        return engine->editChannel(id, m_env.options->channelTitle, about, this,
                                   changed(tr("edited")));
    }
    if (sub == QLatin1String("admin")) {
        const bool admin = args.at(2) == QLatin1String("on");
        return resolveUsers({args.at(1)}, [this, engine, id, admin, changed](QList<qint64> ids) {
            engine->setChannelRole(
                id, ids.value(0), admin, this,
                changed(admin ? tr("made an admin in") : tr("removed an admin of")));
        });
    }
    resolveUsers(args.mid(1), [this, engine, id, changed](const QList<qint64> &ids) {
        engine->addChannelSubscribers(id, ids, this, changed(tr("added to")));
    });
}

bool ChannelCommand::commentRefused(const core::CommentOutcome &outcome) {
    if (outcome.ok())
        return false;
    core::ChannelOutcome channel;
    channel.code = outcome.code;
    channel.message = outcome.message;
    return refused(channel);
}

void ChannelCommand::runComments(qint64 channelId, const QString &sub, const QStringList &args) {
    bool ok = false;
    const qint64 postId = args.at(1).toLongLong(&ok);
    if (!ok || postId < 1)
        return finish(Usage,
                      tr("a post is its id (a positive number), not \"%1\"").arg(args.at(1)));
    core::CommentRequest request;
    request.channelId = channelId;
    request.postId = postId;
    auto print = [this](const api::Comment &c, const QString &line) {
        m_env.output->result(line, {{QStringLiteral("channelId"), c.channelId},
                                    {QStringLiteral("postId"), c.postId},
                                    {QStringLiteral("commentId"), c.id},
                                    {QStringLiteral("senderId"), c.senderId},
                                    {QStringLiteral("date"), c.date},
                                    {QStringLiteral("text"), c.text}});
    };
    core::SyncEngine *engine = m_env.client->engine();
    if (sub == QLatin1String("comment")) {
        if (args.at(2).size() > api::kMaxCommentChars)
            return finish(Usage,
                          tr("a comment has at most %1 characters").arg(api::kMaxCommentChars));
        request.kind = core::CommentRequest::Kind::Write;
        request.randomId = crypto::randomNonZeroInt63();
        request.text = args.at(2);
        return engine->commentCall(
            request, this, [this, print](const core::CommentOutcome &outcome) {
                if (commentRefused(outcome))
                    return;
                const api::Comment c = outcome.comments.value(0);
                print(c, tr("commented %1 on post %2 (%n comment(s))", nullptr,
                            int(qMin<qint64>(outcome.commentCount, INT_MAX)))
                             .arg(c.id)
                             .arg(c.postId));
                finish(Ok);
            });
    }
    if (sub == QLatin1String("delete-comment")) {
        const qint64 commentId = args.at(2).toLongLong(&ok);
        if (!ok || commentId < 1)
            return finish(
                Usage, tr("a comment is its id (a positive number), not \"%1\"").arg(args.at(2)));
        request.kind = core::CommentRequest::Kind::Delete;
        request.commentId = commentId;
        return engine->commentCall(
            request, this,
            [this, channelId, postId, commentId](const core::CommentOutcome &outcome) {
                if (commentRefused(outcome))
                    return;
                if (!outcome.deleted)
                    return finish(NotFound,
                                  tr("no comment %1 under post %2").arg(commentId).arg(postId));
                m_env.output->result(tr("deleted comment %1 (%n comment(s) left)", nullptr,
                                        int(qMin<qint64>(outcome.commentCount, INT_MAX)))
                                         .arg(commentId),
                                     {{QStringLiteral("channelId"), channelId},
                                      {QStringLiteral("postId"), postId},
                                      {QStringLiteral("commentId"), commentId},
                                      {QStringLiteral("commentCount"), outcome.commentCount}});
                finish(Ok);
            });
    }
    request.kind = core::CommentRequest::Kind::Page;
    request.limit = qBound(1, m_env.options->limit, api::kMaxCommentsPage);
    engine->commentCall(request, this, [this, print](const core::CommentOutcome &outcome) {
        if (commentRefused(outcome))
            return;
        for (const api::Comment &c : outcome.comments)
            print(c, QStringLiteral("%1  %2: %3").arg(c.id).arg(c.senderId).arg(c.text));
        if (outcome.comments.isEmpty() && !m_env.options->json)
            m_env.output->warning(tr("no comments"));
        finish(Ok);
    });
}

} // namespace msgr::cli
