#pragma once
//! `upload <file>`: uploads the file with the core's UploadManager (core/media: tus over HTTP to
//! the server's host and port, its own transfer thread, the state in the encrypted profile),
//! printing a progress line at most every 250 ms and, when the server has every byte, the
//! file id (exit 0). Refused for good: exit 7. No progress for --timeout seconds: exit 6; the
//! upload stays in the profile and resumes from the server's offset on the next upload run.
#include "cli/commands/command.h"
#include "core/media/transfer_progress.h"

#include <QSet>
#include <QThread>

namespace msgr::core {
class UploadManager;
}

namespace msgr::cli {

class UploadCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    //! Deletes the manager on its thread, then joins the thread.
    ~UploadCommand() override;
    void start(bool signedIn) override;

private:
    void startManager(const QString &token);
    void onProgress(const core::TransferProgress &progress);

    QThread m_transferThread;
    core::UploadManager *m_manager = nullptr;
    QString m_path;
    bool m_loaded = false;
    QSet<qint64> m_earlier; // uploads of earlier runs the manager resumes too
    qint64 m_id = 0;
};

} // namespace msgr::cli
