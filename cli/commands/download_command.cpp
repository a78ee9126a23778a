#include "cli/commands/download_command.h"

#include "cli/cli_options.h"
#include "cli/commands/transfer_support.h"
#include "cli/headless_client.h"
#include "cli/output.h"
#include "core/context/core_context.h"
#include "core/media/download_manager.h"
#include "core/media/media_service.h"
#include "storage/profile_store.h"
#include "storage/tables/account_table.h"

#include <QDir>
#include <QFileInfo>

namespace msgr::cli {

void DownloadCommand::start(bool signedIn) {
    if (!signedIn) {
        finishSignedOut();
        return;
    }
    m_fileId = m_env.options->arguments.at(0);
    const QFileInfo target(m_env.options->arguments.at(1));
    if (target.isDir() || !target.absoluteDir().exists()) {
        finish(Usage, tr("%1 is not a file path in an existing folder").arg(target.filePath()));
        return;
    }
    m_target = target.absoluteFilePath();
    m_env.client->store()->read(
        [](storage::ReadTransaction &tx) { return storage::AccountTable::load(tx); }, this,
        [this](const std::optional<storage::AccountState> &account) {
            if (!account || account->token.isEmpty())
                finishSignedOut();
            else
                startDownload();
        });
}

void DownloadCommand::startDownload() {
    // The transfers the client started once signed in (a session token is stored).
    core::DownloadManager *downloads = m_env.client->context()->media()->downloads();
    connect(downloads, &core::DownloadManager::transferChanged, this, &DownloadCommand::onProgress);
    connect(downloads, &core::DownloadManager::addRefused, this,
            [this](const QString &fileId, const QString &reason) {
                if (fileId == m_fileId)
                    finish(Usage, reason);
            });
    connect(downloads, &core::DownloadManager::saved, this,
            [this](qint64 id, const QString &path, const QString &error) {
                if (id != m_id)
                    return;
                if (!error.isEmpty()) {
                    // A damaged cache is dropped and fetched again: the next report says so.
                    m_saving = false;
                    m_env.output->result(tr("the cached file did not read back (%1); "
                                            "downloading it again")
                                             .arg(error),
                                         {{QStringLiteral("download"), id},
                                          {QStringLiteral("state"), QStringLiteral("retrying")},
                                          {QStringLiteral("error"), error}});
                    return;
                }
                m_env.output->result(tr("saved file %1 to %2").arg(m_fileId, path),
                                     {{QStringLiteral("download"), id},
                                      {QStringLiteral("fileId"), m_fileId},
                                      {QStringLiteral("state"), QStringLiteral("saved")},
                                      {QStringLiteral("path"), path}});
                finish(Ok);
            });
    armDeadline(tr("the download made no progress in time; it resumes on the next download run"));
    // Reports of the downloads the profile had come first; this run's start after them.
    downloads->whenLoaded(this, [this, downloads] {
        m_loaded = true;
        downloads->addDownload(m_fileId, QString(), 0);
    });
}

void DownloadCommand::onProgress(const core::TransferProgress &p) {
    if (!m_loaded || p.fileId != m_fileId)
        return; // other downloads of the profile (resumed too) are not this run's
    m_id = p.id;
    armDeadline(tr("the download made no progress in time; it resumes on the next download run"));
    const int percent = p.bytesTotal > 0 ? int(p.bytesDone * 100 / p.bytesTotal)
                                         : (p.state == core::TransferState::Done ? 100 : 0);
    m_env.output->result(QStringLiteral("%1 %2% %3/%4 bytes")
                             .arg(transferStateName(p.state))
                             .arg(percent)
                             .arg(p.bytesDone)
                             .arg(p.bytesTotal),
                         {{QStringLiteral("download"), p.id},
                          {QStringLiteral("fileId"), p.fileId},
                          {QStringLiteral("state"), transferStateName(p.state)},
                          {QStringLiteral("bytesDone"), p.bytesDone},
                          {QStringLiteral("bytesTotal"), p.bytesTotal},
                          {QStringLiteral("error"), p.error}});
    if (p.state == core::TransferState::Done && !m_saving) {
        m_saving = true;
        m_env.client->context()->media()->downloads()->saveAs(p.id, m_target);
    } else if (p.state == core::TransferState::Failed) {
        finish(p.failure == core::TransferFailure::NotAllowed ? NotFound : Refused,
               tr("the download failed: %1").arg(p.error));
    }
}

} // namespace msgr::cli
