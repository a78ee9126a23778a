#include "cli/commands/upload_command.h"

#include "cli/cli_options.h"
#include "cli/commands/transfer_support.h"
#include "cli/headless_client.h"
#include "cli/output.h"
#include "core/context/core_context.h"
#include "core/media/media_service.h"
#include "core/media/upload_manager.h"
#include "storage/profile_store.h"
#include "storage/tables/account_table.h"

#include <QFileInfo>

namespace msgr::cli {

void UploadCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    const QFileInfo file(m_env.options->arguments.at(0));
    if (!file.isFile() || !file.isReadable()) {
        finish(NotFound, tr("%1 is not a readable file").arg(file.filePath()));
        return;
    }
    m_path = file.absoluteFilePath();
    // The session token lets the upload through; it stays inside this process.
    m_env.client->store()->read(
        [](storage::ReadTransaction &tx) { return storage::AccountTable::load(tx); }, this,
        [this](const std::optional<storage::AccountState> &account) {
            if (!account || account->token.isEmpty())
                finishSignedOut();
            else
                startUpload();
        });
}

void UploadCommand::startUpload() {
    // The transfers the client started once signed in (a session token is stored).
    core::UploadManager *uploads = m_env.client->context()->media()->uploads();
    connect(uploads, &core::UploadManager::transferChanged, this, &UploadCommand::onProgress);
    connect(uploads, &core::UploadManager::addRefused, this,
            [this](const QString &path, const QString &reason) {
                if (path == m_path)
                    finish(Refused, reason);
            });
    armDeadline(tr("the upload made no progress in time; it resumes on the next upload run"));
    // Reports of the uploads the profile had come first: those are not this run's.
    uploads->whenLoaded(this, [this, uploads] {
        m_loaded = true;
        // An unfinished upload of this file from an earlier run (interrupted, timed out,
        // killed) is this run's: it resumes from the server's offset, nothing is sent twice.
        for (const core::TransferProgress &earlier : std::as_const(m_earlier)) {
            if (earlier.localPath != m_path || earlier.state == core::TransferState::Done)
                continue;
            m_id = earlier.id;
            if (earlier.state == core::TransferState::Failed ||
                earlier.state == core::TransferState::Paused)
                uploads->resume(m_id); // its report (queued) follows
            else
                onProgress(earlier);
            return;
        }
        uploads->addUpload(m_path);
    });
}

void UploadCommand::onProgress(const core::TransferProgress &p) {
    if (!m_loaded) {
        m_earlier.insert(p.id, p);
        return;
    }
    if (m_id == 0 && p.localPath == m_path && !m_earlier.contains(p.id))
        m_id = p.id;
    if (p.id != m_id)
        return;
    armDeadline(tr("the upload made no progress in time; it resumes on the next upload run"));
    const int percent = p.bytesTotal > 0 ? int(p.bytesDone * 100 / p.bytesTotal) : 100;
    QString line = QStringLiteral("%1 %2% %3/%4 bytes")
                       .arg(transferStateName(p.state))
                       .arg(percent)
                       .arg(p.bytesDone)
                       .arg(p.bytesTotal);
    if (p.state == core::TransferState::Done)
        line = QStringLiteral("uploaded %1 as file %2").arg(p.fileName, p.fileId);
    m_env.output->result(line, {{QStringLiteral("upload"), p.id},
                                {QStringLiteral("file"), p.fileName},
                                {QStringLiteral("state"), transferStateName(p.state)},
                                {QStringLiteral("bytesDone"), p.bytesDone},
                                {QStringLiteral("bytesTotal"), p.bytesTotal},
                                {QStringLiteral("fileId"), p.fileId},
                                {QStringLiteral("error"), p.error}});
    if (p.state == core::TransferState::Done)
        finish(Ok);
    else if (p.state == core::TransferState::Failed)
        finish(Refused, tr("the upload failed: %1").arg(p.error));
}

} // namespace msgr::cli
