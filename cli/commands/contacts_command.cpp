#include "cli/commands/contacts_command.h"

#include "cli/cli_options.h"
#include "cli/headless_client.h"
#include "cli/output.h"
#include "core/engine/sync_engine.h"
#include "storage/profile_store.h"
#include "storage/tables/contacts_table.h"

namespace msgr::cli {

namespace {

const QStringList kVerbs = {QStringLiteral("invite"), QStringLiteral("accept"),
                            QStringLiteral("deny"), QStringLiteral("cancel"),
                            QStringLiteral("remove")};

QString sectionOf(const storage::ContactRecord &r) {
    switch (r.status) {
    case storage::ContactStatus::Incoming:
        return QStringLiteral("incoming");
    case storage::ContactStatus::Outgoing:
    case storage::ContactStatus::Denied:
        return QStringLiteral("outgoing");
    case storage::ContactStatus::Contact:
        return QStringLiteral("contacts");
    case storage::ContactStatus::None:
        break;
    }
    return {};
}

} // namespace

ContactsCommand::ContactsCommand(const CommandEnv &env, Kind kind) : Command(env), m_kind(kind) {}

void ContactsCommand::refuse(const QString &code, const QString &message) {
    if (code == QLatin1String("NOT_FOUND"))
        return finish(NotFound, message);
    if (code == QLatin1String("OFFLINE"))
        return finish(Unreachable, message);
    finish(Refused, tr("the server refused it (%1): %2").arg(code, message));
}

void ContactsCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    const QStringList &args = m_env.options->arguments;
    if (m_kind == Kind::Block || m_kind == Kind::Unblock)
        return actOn(m_kind == Kind::Block ? QStringLiteral("block") : QStringLiteral("unblock"),
                     args.value(0));
    if (args.isEmpty()) {
        m_env.client->whenOnline(
            timeoutMs(),
            [this] {
                m_env.client->engine()->refreshContacts(
                    this, [this](const QString &code, const QString &message) {
                        if (!code.isEmpty())
                            m_env.output->warning(
                                tr("%1; showing what this profile has stored").arg(message));
                        list(Ok);
                    });
            },
            [this](ExitCode code, const QString &message) {
                m_env.output->warning(tr("%1; showing what this profile has stored").arg(message));
                list(code);
            });
        return;
    }
    if (args.size() != 2 || !kVerbs.contains(args.at(0)))
        return finish(Usage, tr("usage: msgr-cli [options] contacts "
                                "[invite|accept|deny|cancel|remove <@username>]"));
    actOn(args.at(0), args.at(1));
}

void ContactsCommand::list(ExitCode code) {
    m_env.client->store()->read(
        [](storage::ReadTransaction &tx) { return storage::ContactsTable::load(tx); }, this,
        [this, code](const QList<storage::ContactRecord> &rows) {
            const QList<std::pair<QString, QString>> sections = {
                {QStringLiteral("incoming"), tr("Invitations to you")},
                {QStringLiteral("outgoing"), tr("Your invitations")},
                {QStringLiteral("contacts"), tr("Contacts")},
                {QStringLiteral("blocked"), tr("Blocked")}};
            for (const auto &[key, title] : sections) {
                QList<storage::ContactRecord> in;
                for (const storage::ContactRecord &r : rows)
                    if (key == QLatin1String("blocked") ? r.blocked : sectionOf(r) == key)
                        in.append(r);
                if (!m_env.output->json())
                    m_env.output->result(tr("%1 (%2)").arg(title).arg(in.size()), {});
                for (const storage::ContactRecord &r : in) {
                    const bool denied = r.status == storage::ContactStatus::Denied;
                    m_env.output->result(QStringLiteral("  @%1  %2%3")
                                             .arg(r.username, r.displayName,
                                                  denied && key != QLatin1String("blocked")
                                                      ? tr("  (denied)")
                                                      : QString()),
                                         {{QStringLiteral("section"), key},
                                          {QStringLiteral("userId"), r.userId},
                                          {QStringLiteral("username"), r.username},
                                          {QStringLiteral("displayName"), r.displayName},
                                          {QStringLiteral("denied"), denied}});
                }
            }
            finish(code);
        });
}

void ContactsCommand::actOn(const QString &verb, const QString &username) {
    armDeadline(tr("the server did not answer in time; nothing was changed"));
    m_env.client->whenOnline(timeoutMs(), [this, verb, username] {
        core::SyncEngine *engine = m_env.client->engine();
        auto answered = [this, verb, username](const QString &code, const QString &message) {
            if (!code.isEmpty())
                return refuse(code, message);
            m_env.output->result(
                tr("%1: done for %2").arg(verb, username),
                {{QStringLiteral("action"), verb}, {QStringLiteral("username"), username}});
            finish(Ok);
        };
        if (verb == QLatin1String("invite"))
            return engine->inviteContact(username, this, answered);
        engine->findUser(username, this,
                         [this, engine, verb, answered](qint64 userId, const QString &code,
                                                        const QString &message) {
                             if (!userId)
                                 return refuse(code, message);
                             if (verb == QLatin1String("block") || verb == QLatin1String("unblock"))
                                 return engine->setUserBlocked(
                                     userId, verb == QLatin1String("block"), this, answered);
                             using Act = core::ContactsService::Act;
                             const Act act = verb == QLatin1String("accept")   ? Act::Accept
                                             : verb == QLatin1String("deny")   ? Act::Deny
                                             : verb == QLatin1String("cancel") ? Act::Cancel
                                                                               : Act::Remove;
                             engine->contactAct(act, userId, this, answered);
                         });
    });
}

} // namespace msgr::cli
