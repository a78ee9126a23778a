#pragma once
//! Where a transfer manager's requests go and through what: the part of its environment that
//! uploads and downloads share (UploadEnvironment, DownloadEnvironment add their settings).
//! Owned by the manager, read by its transfers, on the transfer thread.
#include <QString>
#include <QUrl>

class QNetworkAccessManager;

namespace msgr::storage {
class ProfileStore;
}

namespace msgr::core {

struct TransferEnvironment {
    QNetworkAccessManager *network = nullptr; //!< made on the transfer thread (start())
    storage::ProfileStore *store = nullptr;
    QUrl server; //!< http(s)://host:port of the account's server
    QString token;
};

} // namespace msgr::core
