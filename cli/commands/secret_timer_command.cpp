#include "cli/commands/secret_timer_command.h"

#include "cli/cli_options.h"
#include "cli/headless_client.h"
#include "cli/output.h"
#include "core/context/core_context.h"
#include "core/engine/sync_engine.h"
#include "core/secret/secret_timer_values.h"
#include "storage/profile_store.h"
#include "storage/secret_chat_id.h"
#include "storage/tables/secret_state_table.h"
#include "storage/tables/secret_table.h"

#include <QRegularExpression>

namespace msgr::cli {

std::optional<qint64> SecretTimerCommand::parseTimer(const QString &text) {
    if (text == QLatin1String("off") || text == QLatin1String("0"))
        return 0;
    static const QRegularExpression form(QStringLiteral("^([0-9]{1,3})([smhdw])$"));
    const QRegularExpressionMatch m = form.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 n = m.captured(1).toLongLong();
    const QChar unit = m.captured(2).front();
    const qint64 unitMs = unit == QLatin1Char('s')   ? 1000
                          : unit == QLatin1Char('m') ? 60'000
                          : unit == QLatin1Char('h') ? 3'600'000
                          : unit == QLatin1Char('d') ? 86'400'000
                                                     : 604'800'000;
    if (!core::secret::isAllowedTimer(n * unitMs))
        return std::nullopt;
    return n * unitMs;
}

void SecretTimerCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    bool isNumber = false;
    const qint64 chatId = m_env.options->arguments.at(0).toLongLong(&isNumber);
    const std::optional<qint64> ttl = parseTimer(m_env.options->arguments.at(1));
    if (!isNumber || !storage::isSecretChatId(chatId)) {
        finish(Usage, tr("\"%1\" is not a secret chat's id (a negative number)")
                          .arg(m_env.options->arguments.at(0)));
        return;
    }
    if (!ttl) {
        finish(Usage, tr("the timer is one of off, 5s, 10s, 30s, 1m, 5m, 1h, 1d, 1w"));
        return;
    }
    armDeadline(tr("the server did not answer in time; the setting is stored and will be sent "
                   "on the next run that connects"));
    core::SyncEngine *engine = m_env.client->engine();
    connect(engine, &core::SyncEngine::messageSent, this, [this, chatId, ttl](qint64 localId) {
        if (localId != m_localId)
            return;
        m_env.output->result(
            tr("the self-destruct timer of secret chat %1 is %2")
                .arg(chatId)
                .arg(core::secret::timerLabel(*ttl)),
            {{QStringLiteral("chatId"), chatId}, {QStringLiteral("timerMs"), *ttl}});
        finish(Ok);
    });
    connect(engine, &core::SyncEngine::sendFailed, this,
            [this](qint64 localId, const QString &reason) {
                if (localId == m_localId)
                    finish(Refused, tr("the relay refused the setting: %1").arg(reason));
            });
    m_env.client->context()->setSecretTimer(chatId, *ttl, this, [this, chatId](qint64 localId) {
        m_localId = localId;
        if (localId)
            return;
        m_env.client->store()->read(
            [chatId](storage::ReadTransaction &tx) {
                if (!storage::SecretTable::session(tx, chatId))
                    return NotFound;
                return storage::SecretStateTable::chatState(tx, chatId).keyChanged ? KeyChanged
                                                                                   : Refused;
            },
            this,
            [this, chatId](ExitCode code) {
                finish(code, code == KeyChanged
                                 ? tr("the key of secret chat %1 changed: confirm it first "
                                      "(secret-verify --accept-key)")
                                       .arg(chatId)
                                 : tr("cannot set the timer of secret chat %1").arg(chatId));
            });
    });
}

} // namespace msgr::cli
