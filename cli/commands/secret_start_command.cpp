#include "cli/commands/secret_start_command.h"

#include "cli/cli_options.h"
#include "cli/headless_client.h"
#include "cli/output.h"
#include "core/engine/sync_engine.h"
#include "protocol/limits.h"

#include <QRegularExpression>

namespace msgr::cli {
namespace {

//! The tags of this command's users.search answer and secret chat start.
constexpr int kSecretStartSearchTag = 0x53535452; // "SSTR"
constexpr int kStartTag = 0x53535453;

} // namespace

void SecretStartCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    armDeadline(tr("the server did not answer in time"));
    const QString target = m_env.options->arguments.at(0);
    m_env.client->whenOnline(timeoutMs(), [this, target] {
        // This device's own keys first: the chat's first message is signed by them.
        core::SyncEngine *engine = m_env.client->engine();
        const auto ready = [this, target] {
            if (!std::exchange(m_started, true))
                resolveUser(target);
        };
        connect(engine, &core::SyncEngine::secretReady, this, ready);
        if (engine->isSecretReady())
            ready();
    });
}

void SecretStartCommand::resolveUser(const QString &target) {
    bool isNumber = false;
    const qint64 userId = target.toLongLong(&isNumber);
    if (isNumber && userId > 0) {
        startWith(userId);
        return;
    }
    const QString username =
        (target.startsWith(QLatin1Char('@')) ? target.mid(1) : target).toLower();
    static const QRegularExpression valid(QStringLiteral("^[a-z][a-z0-9_]*$"));
    if (username.size() < protocol::kMinUsernameChars ||
        username.size() > protocol::kMaxUsernameChars || !valid.match(username).hasMatch()) {
        finish(Usage, tr("\"%1\" is neither a user id nor a username").arg(target));
        return;
    }
    core::SyncEngine *engine = m_env.client->engine();
    connect(engine, &core::SyncEngine::usersFound, this,
            [this, username](int tag, const QList<protocol::User> &users) {
                if (tag != kSecretStartSearchTag)
                    return;
                for (const protocol::User &u : users)
                    if (u.username.compare(username, Qt::CaseInsensitive) == 0) {
                        startWith(u.id);
                        return;
                    }
                finish(NotFound, tr("no user @%1").arg(username));
            });
    engine->searchUsers(kSecretStartSearchTag, username);
}

void SecretStartCommand::startWith(qint64 userId) {
    core::SyncEngine *engine = m_env.client->engine();
    connect(
        engine, &core::SyncEngine::secretChatStarted, this, [this, userId](int tag, qint64 chatId) {
            if (tag != kStartTag)
                return;
            m_env.output->result(tr("started secret chat %1 with user %2").arg(chatId).arg(userId),
                                 {{QStringLiteral("chatId"), chatId},
                                  {QStringLiteral("userId"), userId},
                                  {QStringLiteral("secret"), true}});
            finish(Ok);
        });
    connect(engine, &core::SyncEngine::secretChatFailed, this,
            [this](int tag, const QString &code, const QString &message) {
                if (tag != kStartTag)
                    return;
                const bool missing =
                    code == QLatin1String("NO_DEVICE") || code == QLatin1String("NOT_FOUND");
                const bool offline = code == QLatin1String("OFFLINE");
                finish(missing   ? NotFound
                       : offline ? Unreachable
                                 : Refused,
                       tr("cannot start the secret chat: %1").arg(message));
            });
    engine->startSecretChat(userId, m_env.options->deviceId, kStartTag);
}

} // namespace msgr::cli
