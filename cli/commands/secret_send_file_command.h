#pragma once
//! `secret-send-file <chat-id> <file>`: sends a file in a secret chat (docs/protocol.md
//! §12.8): sealed on this device under a new key (a 0600 temporary file in the profile), the
//! ciphertext uploaded (tus, resumable; progress lines at most every 250 ms), then the key,
//! hashes, name and type inside the ratchet to the peer's device. Returns once the relay
//! accepted the message (exit 0); the temporary file is gone by then. Exit 8 for a missing file
//! or no such secret chat, 10 while the peer's changed key waits for confirmation, 6 without
//! progress for --timeout seconds (the upload resumes, and the message follows, on the next
//! run that sends a file), 7 when refused. With --voice-ms it goes as a voice message (§12.8,
//! kind 8) of that length with --waveform's levels. A run also waits for the files of earlier
//! runs that it resumes (cut off by a kill or a timeout: their seal and upload go on here),
//! printing a line for each as it is sent; one of them refused (its file changed since) is
//! exit 7 too.
#include "cli/commands/command.h"
#include "core/media/transfer_progress.h"

#include <QSet>

namespace msgr::core {
class SecretFileSender;
}

namespace msgr::cli {

class SecretSendFileCommand : public Command {
    Q_OBJECT
public:
    using Command::Command;
    void start(bool signedIn) override;

private:
    void onUpload(const core::TransferProgress &p);
    //! Exit 0 once this run's file and every earlier one it resumed were sent.
    void finishWhenAllSent();

    core::SecretFileSender *m_sender = nullptr; // the composition's (AttachmentSender's)
    qint64 m_chatId = 0;
    qint64 m_pendingId = 0; // this run's pending message (its local id)
    qint64 m_uploadId = 0;
    bool m_ownSent = false;
    bool m_earlierKnown = false; // m_earlier was read
    QSet<qint64> m_earlier;      // earlier runs' secret files not sent yet (local ids)
    QSet<qint64> m_sent;         // sent in this run (before m_earlier was read, too)
};

} // namespace msgr::cli
