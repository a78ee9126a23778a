#include "server/media/running_hashes.h"

#include "server/media/upload_limits.h"

namespace msgr::server::media {

std::optional<RunningHashes::State> RunningHashes::takeState(const QString &uploadId) {
    const std::lock_guard lock(m_mutex);
    auto node = m_states.extract(uploadId);
    if (node.empty())
        return std::nullopt;
    return std::move(node.mapped());
}

std::unique_ptr<ContentHash> RunningHashes::take(const QString &uploadId, qint64 offset) {
    std::optional<State> state = takeState(uploadId);
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
    const std::lock_guard lock(m_mutex);
    if (m_states.size() >= size_t(kMaxRunningHashes) && !m_states.count(uploadId))
        return;
    m_states.insert_or_assign(uploadId, State{offset, std::move(hash)});
}

std::optional<QByteArray> RunningHashes::takeDigest(const QString &uploadId, qint64 length) {
    const std::optional<State> state = takeState(uploadId);
    if (!state || state->offset != length)
        return std::nullopt;
    return state->hash->result();
}

void RunningHashes::forget(const QString &uploadId) {
    const std::lock_guard lock(m_mutex);
    m_states.erase(uploadId);
}

} // namespace msgr::server::media
