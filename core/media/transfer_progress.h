#pragma once
//! What a transfer looks like from outside at one moment: a value copied from the transfer
//! thread to the GUI thread (queued signals), never shared. Plain value, any thread.
#include <QMetaType>
#include <QString>

namespace msgr::core {

//! Where a transfer stands now; Paused, Done and Failed are kept in the profile, the others
//! are what an Active upload is doing this moment.
enum class TransferState : int {
    Queued = 0,   //!< waiting for a free slot (or for a session token)
    Running = 1,  //!< sending or asking the server
    Retrying = 2, //!< the last attempt failed (network, server busy): waiting to try again
    Paused = 3,
    Done = 4,
    Failed = 5,
};

//! Which way the bytes go; ids are per direction (uploads and downloads rows).
enum class TransferDirection : int {
    Upload = 0,
    Download = 1,
};

//! Why a transfer failed, for code that must tell reasons apart (the text is in `error`).
enum class TransferFailure : int {
    None = 0,
    NotAllowed = 1, //!< the server has no such file for this account (or it is not shared)
    Malformed = 2,  //!< the server's answers did not fit the request, again and again
    Storage = 3,    //!< the local file or the cache could not be written or read
    Refused = 4,    //!< another refusal by the server
};

struct TransferProgress {
    qint64 id = 0; //!< the local id (uploads or downloads row, after `direction`)
    TransferDirection direction = TransferDirection::Upload;
    QString localPath; //!< uploads: the file sent; downloads: empty (the cache is private)
    QString fileName;
    QString fileId; //!< the server's file id once Done
    qint64 bytesTotal = 0;
    qint64 bytesConfirmed = 0; //!< the server has these durably
    qint64 bytesDone = 0;      //!< confirmed plus what of the part in flight left this machine
    double bytesPerSecond = 0; //!< over the last seconds; 0 when unknown or not moving
    qint64 secondsLeft = -1;   //!< -1: unknown
    TransferState state = TransferState::Queued;
    QString error; //!< why it failed, or why the last attempt failed while Retrying
    TransferFailure failure = TransferFailure::None; //!< set when Failed
};

} // namespace msgr::core

Q_DECLARE_METATYPE(msgr::core::TransferProgress)
