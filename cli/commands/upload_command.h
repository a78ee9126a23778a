#pragma once
//! `upload <file>`: uploads the file with the profile's own UploadManager, the MediaService's
//! that the client runs once signed in (core/media: tus over HTTP to the server's host and
//! port, its own transfer thread, the state in the encrypted profile; never a second manager,
//! which would resume the profile's uploads twice),
//! printing a progress line at most every 250 ms and, when the server has every byte, the
//! file id (exit 0). Refused for good: exit 7. No progress for --timeout seconds: exit 6; the
//! upload stays in the profile and resumes from the server's offset on the next upload run of
//! the same file (that run follows the stored upload instead of adding another).
#include "cli/commands/command.h"
#include "core/media/transfer_progress.h"

#include <QHash>

namespace msgr::cli {

class UploadCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    void start(bool signedIn) override;

private:
    void startUpload();
    void onProgress(const core::TransferProgress &progress);

    QString m_path;
    bool m_loaded = false;
    //! Uploads of earlier runs the manager resumes too, as last reported.
    QHash<qint64, core::TransferProgress> m_earlier;
    qint64 m_id = 0;
};

} // namespace msgr::cli
