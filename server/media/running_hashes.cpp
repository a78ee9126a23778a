#include "server/media/running_hashes.h"

#include "server/media/upload_limits.h"

namespace msgr::server::media {

std::unique_ptr<ContentHash> RunningHashes::take(const QString &uploadId, qint64 offset) {
    std::shared_ptr<State> state;
    {
        const std::lock_guard lock(m_mutex);
        state = m_states.take(uploadId);
    }
    if (offset == 0)
        return std::make_unique<ContentHash>(ContentHash::Algorithm::Sha256);
    if (!state || state->offset != offset)
        return nullptr;
    return std::move(state->hash);
}

void RunningHashes::keep(const QString &uploadId, qint64 offset,
                         std::unique_ptr<ContentHash> hash) {
    if (!hash)
        return;
    auto state = std::make_shared<State>();
    state->offset = offset;
    state->hash = std::move(hash);
    const std::lock_guard lock(m_mutex);
    if (m_states.size() >= kMaxRunningHashes && !m_states.contains(uploadId))
        return;
    m_states.insert(uploadId, state);
}

std::optional<QByteArray> RunningHashes::takeDigest(const QString &uploadId, qint64 length) {
    std::shared_ptr<State> state;
    {
        const std::lock_guard lock(m_mutex);
        state = m_states.take(uploadId);
    }
    if (!state || state->offset != length)
        return std::nullopt;
    return state->hash->result();
}

void RunningHashes::forget(const QString &uploadId) {
    const std::lock_guard lock(m_mutex);
    m_states.remove(uploadId);
}

} // namespace msgr::server::media
