#include "cli/commands/secret_send_file_command.h"

#include "cli/cli_options.h"
#include "cli/commands/transfer_support.h"
#include "cli/headless_client.h"
#include "cli/output.h"
#include "core/context/core_context.h"
#include "core/engine/sync_engine.h"
#include "core/media/media_service.h"
#include "core/messages/attachment_sender.h"
#include "core/messages/secret_file_sender.h"
#include "storage/profile_store.h"
#include "storage/secret_chat_id.h"
#include "storage/tables/attachments_table.h"
#include "storage/tables/secret_seals_table.h"
#include "storage/tables/secret_state_table.h"
#include "storage/tables/secret_table.h"

#include <QDir>
#include <QFileInfo>

namespace msgr::cli {

void SecretSendFileCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    const QStringList &args = m_env.options->arguments;
    bool isNumber = false;
    m_chatId = args.at(0).toLongLong(&isNumber);
    if (!isNumber || !storage::isSecretChatId(m_chatId)) {
        finish(Usage, tr("\"%1\" is not a secret chat's id (a negative number)").arg(args.at(0)));
        return;
    }
    const QFileInfo file(args.at(1));
    if (!file.isFile() || !file.isReadable()) {
        finish(NotFound, tr("%1 is not a readable file").arg(file.filePath()));
        return;
    }
    core::MediaService *media = m_env.client->context()->media();
    core::AttachmentSender *attachments = m_env.client->context()->attachmentSender();
    if (!media || !attachments) {
        finish(Failure, tr("this build sends no files"));
        return;
    }
    m_sender = attachments->secretFiles();
    // The composition's media service runs the upload (started once signed in); its
    // AttachmentSender sends the secret message when the upload finishes.
    connect(media, &core::MediaService::uploadChanged, this, &SecretSendFileCommand::onUpload);
    connect(m_sender, &core::SecretFileSender::refused, this,
            [this](const QString &, const QString &reason) {
                finish(Refused, tr("the file was not sent: %1").arg(reason));
            });
    core::SyncEngine *engine = m_env.client->engine();
    connect(engine, &core::SyncEngine::messageSent, this, [this](qint64 localId, qint64 seq) {
        m_sent.insert(localId);
        // This run's own message is its pending row (m_pendingId); any other is an earlier run's.
        if (localId != 0 && localId == m_pendingId) {
            m_env.output->result(
                tr("sent file message %1 to secret chat %2").arg(seq).arg(m_chatId),
                {{QStringLiteral("chatId"), m_chatId},
                 {QStringLiteral("id"), seq},
                 {QStringLiteral("localId"), localId}});
            m_ownSent = true;
            return finishWhenAllSent();
        }
        if (m_earlier.remove(localId)) {
            m_env.output->result(tr("sent the file message %1 of an earlier run").arg(seq),
                                 {{QStringLiteral("id"), seq},
                                  {QStringLiteral("localId"), localId},
                                  {QStringLiteral("resumed"), true}});
            finishWhenAllSent();
        }
    });
    // The files earlier runs left unsent: their seals and uploads resume in this run.
    m_env.client->store()->read(
        [](storage::ReadTransaction &tx) { return storage::SecretSealsTable::sending(tx); }, this,
        [this](const QList<qint64> &earlier) {
            for (qint64 localId : earlier)
                if (!m_sent.contains(localId) && localId != m_pendingId)
                    m_earlier.insert(localId);
            m_earlierKnown = true;
            finishWhenAllSent();
        });
    connect(engine, &core::SyncEngine::sendFailed, this,
            [this](qint64 localId, const QString &reason) {
                if (localId == m_pendingId && m_pendingId != 0)
                    finish(Refused, tr("the relay refused the message: %1").arg(reason));
            });
    armDeadline(tr("the upload made no progress in time; it resumes on the next run"));
    m_env.client->store()->read(
        [chatId = m_chatId](storage::ReadTransaction &tx) {
            if (!storage::SecretTable::session(tx, chatId))
                return NotFound;
            return storage::SecretStateTable::chatState(tx, chatId).keyChanged ? KeyChanged : Ok;
        },
        this,
        [this, path = file.absoluteFilePath()](ExitCode code) {
            if (code == NotFound)
                return finish(code, tr("no secret chat %1").arg(m_chatId));
            if (code == KeyChanged)
                return finish(code, tr("the key of secret chat %1 changed: confirm it first "
                                       "(secret-verify --accept-key)")
                                        .arg(m_chatId));
            const auto stored = [this](qint64 pendingId) {
                if (pendingId == 0)
                    return finish(Refused, tr("the file was not stored"));
                m_pendingId = pendingId;
                m_earlier.remove(pendingId); // this run's own, should the list have named it
                // The upload that carries it: found through its pending message's attachment.
                m_env.client->store()->read(
                    [pendingId](storage::ReadTransaction &tx) {
                        const QList<storage::AttachmentRecord> files =
                            storage::AttachmentsTable::load(tx, pendingId);
                        return files.isEmpty() ? qint64{0} : files.first().uploadId;
                    },
                    this, [this](qint64 uploadId) { m_uploadId = uploadId; });
            };
            const CliOptions &options = *m_env.options;
            if (options.voiceDurationMs >= 0)
                m_sender->sendVoice(m_chatId, path,
                                    {options.voiceDurationMs, options.voiceWaveform}, stored);
            else
                m_sender->send(m_chatId, QString(), {path}, stored);
        });
}

void SecretSendFileCommand::finishWhenAllSent() {
    if (m_ownSent && m_earlierKnown && m_earlier.isEmpty())
        finish(Ok);
}

void SecretSendFileCommand::onUpload(const core::TransferProgress &p) {
    // Any upload moving is progress: an earlier run's file this run waits for, too.
    armDeadline(tr("the upload made no progress in time; it resumes on the next run"));
    if (m_uploadId == 0 || p.id != m_uploadId)
        return;
    m_env.output->result(QStringLiteral("%1 %2/%3 bytes")
                             .arg(transferStateName(p.state))
                             .arg(p.bytesDone)
                             .arg(p.bytesTotal),
                         {{QStringLiteral("upload"), p.id},
                          {QStringLiteral("state"), transferStateName(p.state)},
                          {QStringLiteral("bytesDone"), p.bytesDone},
                          {QStringLiteral("bytesTotal"), p.bytesTotal},
                          {QStringLiteral("error"), p.error}});
    if (p.state == core::TransferState::Failed)
        finish(Refused, tr("the upload failed: %1").arg(p.error));
}

} // namespace msgr::cli
