#include "cli/commands/secret_verify_command.h"

#include "cli/cli_options.h"
#include "cli/headless_client.h"
#include "cli/output.h"
#include "core/secret/secret_key_check.h"
#include "core/secret/secret_verification.h"
#include "core/secret/verification_qr.h"
#include "crypto/secret/safety_emoji.h"
#include "crypto/secret/verification_code.h"
#include "storage/profile_store.h"
#include "storage/secret_chat_id.h"

#include <QDateTime>
#include <QJsonArray>
#include <QStringList>

namespace msgr::cli {

namespace cs = crypto::secret;

void SecretVerifyCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    bool isNumber = false;
    const qint64 chatId = m_env.options->arguments.at(0).toLongLong(&isNumber);
    if (!isNumber || !storage::isSecretChatId(chatId)) {
        finish(Usage, tr("\"%1\" is not a secret chat's id (a negative number)")
                          .arg(m_env.options->arguments.at(0)));
        return;
    }
    if (m_env.options->acceptKey) {
        m_env.client->store()->writeReturning(
            [chatId, now = QDateTime::currentMSecsSinceEpoch()](storage::WriteTransaction &tx) {
                return core::secret::confirmKeyChange(tx, chatId, now);
            },
            this,
            [this, chatId](core::secret::ConfirmOutcome outcome) {
                if (outcome == core::secret::ConfirmOutcome::Confirmed)
                    m_env.output->result(
                        tr("confirmed the new key of secret chat %1: sending resumes").arg(chatId),
                        {{QStringLiteral("chatId"), chatId}, {QStringLiteral("confirmed"), true}});
                else if (outcome == core::secret::ConfirmOutcome::NothingToConfirm)
                    m_env.output->warning(
                        tr("the key of secret chat %1 did not change").arg(chatId));
                read(chatId);
            });
        return;
    }
    read(chatId);
}

void SecretVerifyCommand::read(qint64 chatId) {
    m_env.client->store()->read(
        [chatId](storage::ReadTransaction &tx) {
            return core::secret::readVerification(tx, chatId);
        },
        this, [this](const core::secret::Verification &v) { show(v); });
}

void SecretVerifyCommand::show(const core::secret::Verification &v) {
    if (!v.chatId) {
        finish(NotFound, tr("no secret chat %1 on this profile").arg(m_env.options->arguments[0]));
        return;
    }
    QStringList names;
    QJsonArray emojiList;
    for (int index : v.emojiIndices) {
        const cs::SafetyEmoji e = cs::safetyEmojiAt(index);
        names.append(QString::fromUtf8(e.emoji) + QLatin1Char(' ') + QString::fromUtf8(e.name));
        emojiList.append(QJsonObject{{QStringLiteral("emoji"), QString::fromUtf8(e.emoji)},
                                     {QStringLiteral("name"), QString::fromUtf8(e.name)},
                                     {QStringLiteral("index"), index}});
    }
    QJsonObject object{{QStringLiteral("chatId"), v.chatId},
                       {QStringLiteral("peerUserId"), v.peerUserId},
                       {QStringLiteral("peerDeviceId"), v.peerDeviceId},
                       {QStringLiteral("safetyNumber"), v.safetyNumber},
                       {QStringLiteral("emoji"), v.emoji},
                       {QStringLiteral("emojiNames"), emojiList},
                       {QStringLiteral("code"), v.code},
                       {QStringLiteral("keyChanged"), v.keyChanged}};
    QString text = tr("safety number: %1\nemoji: %2\ncode: %3")
                       .arg(v.groupedNumber, names.join(QStringLiteral(", ")), v.code);
    if (v.keyChanged)
        text += QLatin1Char('\n') + tr("THE PEER'S KEY CHANGED: compare the safety numbers, then "
                                       "confirm with --accept-key (nothing is sent until then)");
    if (m_env.options->qr) {
        const std::optional<core::secret::QrModules> qr = core::secret::encodeQr(v.code);
        if (!qr) {
            finish(Failure, tr("the QR code could not be drawn"));
            return;
        }
        const QString drawn = core::secret::qrAsText(*qr);
        object.insert(QStringLiteral("qr"), drawn);
        text += QLatin1Char('\n') + drawn.chopped(1);
    }
    const QString scanned = m_env.options->scan;
    if (scanned.isEmpty()) {
        m_env.output->result(text, object);
        finish(Ok);
        return;
    }
    const cs::ScanResult result = cs::checkScannedCode(scanned, v.ownIdentity, v.peerIdentity);
    object.insert(QStringLiteral("scan"), QString::fromLatin1(cs::scanResultName(result)));
    m_env.output->result(text, object);
    switch (result) {
    case cs::ScanResult::Match:
        m_env.output->result(tr("the scanned code matches: both devices hold the same keys"),
                             {{QStringLiteral("verified"), true}});
        finish(Ok);
        return;
    case cs::ScanResult::Mismatch:
        finish(VerificationFailed,
               tr("the scanned code does NOT match: the keys differ (or it is another chat's)"));
        return;
    case cs::ScanResult::Malformed:
    case cs::ScanResult::UnsupportedVersion:
        break;
    }
    finish(VerificationFailed,
           tr("the scanned text is not a verification code this version reads"));
}

} // namespace msgr::cli
