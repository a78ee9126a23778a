#pragma once
//! The SHA-256 of an ordinary upload's bytes so far, fed as each PATCH writes them, so that
//! finishing the upload needs no second read of the whole file (bench/media_upload/RESULTS.md:
//! the re-read and its hash were the last second of every single upload). Memory only: after a
//! server restart, an evicted entry, or a part that was refused after its bytes were hashed,
//! there is no state for the upload's offset and finish() reads the file as before. Same
//! digest either way: the bytes hashed are exactly those written and synced, in order.
//!
//! Thread-safe. An upload's state is taken out for the length of one PATCH (under the upload's
//! lock, so nobody else asks for it meanwhile) and put back with the new offset once the part
//! is durable and recorded.
#include "server/media/content_hash.h"

#include <QString>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace msgr::server::media {

class RunningHashes {
public:
    //! The hash of `uploadId`'s first `offset` bytes, taken out of the registry: a new one at
    //! offset 0, nullptr when no state for exactly that offset is kept.
    std::unique_ptr<ContentHash> take(const QString &uploadId, qint64 offset);
    //! Keeps `hash` as the state of `uploadId`'s first `offset` bytes (dropped when
    //! kMaxRunningHashes are kept already: that upload's finish reads its file instead).
    void keep(const QString &uploadId, qint64 offset, std::unique_ptr<ContentHash> hash);
    //! The digest (raw) of `uploadId`'s first `length` bytes when that is what is kept; the
    //! state is gone either way.
    std::optional<QByteArray> takeDigest(const QString &uploadId, qint64 length);
    void forget(const QString &uploadId);

private:
    struct State {
        qint64 offset = 0;
        std::unique_ptr<ContentHash> hash;
    };
    //! The upload's state, out of the registry (the hashing is done outside the lock).
    std::optional<State> takeState(const QString &uploadId);

    std::mutex m_mutex;
    std::map<QString, State> m_states; // at most kMaxRunningHashes
};

} // namespace msgr::server::media
