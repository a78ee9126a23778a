#pragma once
//! `download <file-id> <path>`: downloads an attachment's file with the profile's own
//! DownloadManager, the MediaService's that the client runs once signed in (core/media: GET
//! /files/<id> with Range to the server's host and port, its own transfer thread, the file
//! encrypted in the profile's media cache, its state in the encrypted profile; never a second
//! manager, which would run the profile's downloads twice into the same cache files), printing a
//! progress line at most every 250 ms, then writes it decrypted to <path>
//! ("Save as": the one place a plaintext copy is written, where the user asked) (exit 0).
//! No such file, or not shared with this account: exit 8. Refused otherwise: exit 7. No
//! progress for --timeout seconds: exit 6; the download stays in the profile and resumes from
//! what the cache holds on the next download run.
#include "cli/commands/command.h"
#include "core/media/transfer_progress.h"

namespace msgr::cli {

class DownloadCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    void start(bool signedIn) override;

private:
    void startDownload();
    void onProgress(const core::TransferProgress &progress);

    QString m_fileId;
    QString m_target;
    bool m_loaded = false;
    bool m_saving = false;
    qint64 m_id = 0;
};

} // namespace msgr::cli
