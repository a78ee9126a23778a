#include "server/presence_hub.h"

#include "protocol/frame.h"
#include "server/domain/domain.h"
#include "server/fanout_bus.h"
#include "server/read_pool.h"
#include "server/request_context.h"
#include "server/server_context.h"

namespace msgr::server {

namespace {
constexpr std::chrono::milliseconds kInterval{protocol::api::kPresencePushIntervalMs};
} // namespace

PresenceHub::PresenceHub(ServerContext &server) : m_server(server), m_thread([this] { run(); }) {}

PresenceHub::~PresenceHub() {
    stop();
}

void PresenceHub::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void PresenceHub::connected(qint64 userId) {
    std::lock_guard lock(m_mutex);
    if (m_stopping)
        return;
    UserState &state = m_users[userId];
    if (++state.connections == 1)
        changedLocked(userId, state, Clock::now());
}

void PresenceHub::disconnected(qint64 userId, qint64 deviceId) {
    std::lock_guard lock(m_mutex);
    if (m_stopping)
        return;
    const auto it = m_users.find(userId);
    if (it == m_users.end())
        return;
    UserState &state = it.value();
    if (state.connections == 0 || --state.connections > 0)
        return;
    state.offlineAt = nowMs();
    state.offlineSince = Clock::now();
    // The store's last seen: batched, so reads meanwhile take offlineAt from memory.
    m_server.domain->accounts.touchDevice(deviceId, state.offlineAt);
    changedLocked(userId, state, Clock::now());
}

domain::LiveState PresenceHub::live(qint64 userId) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_users.constFind(userId);
    if (it == m_users.cend())
        return {};
    return {it->connections > 0, it->offlineAt};
}

void PresenceHub::changedLocked(qint64 userId, UserState &state, Clock::time_point now) {
    if (state.pending)
        return; // the window's end pushes the state then
    if (now - state.lastPushAt < kInterval) {
        state.pending = true;
        m_pending.insert(userId);
        m_wake.notify_all();
        return;
    }
    state.lastPushAt = now;
    state.pushedOnline = state.connections > 0;
    push(userId);
}

void PresenceHub::push(qint64 userId) {
    ServerContext &server = m_server;
    // Refused when the read queue is full: presence is best-effort, a client asks
    // presence.get when it opens a chat.
    server.reads->tryPost([&server, this, userId] {
        const StoreResult<QList<domain::StatusPush>> found =
            server.domain->presence.pushes(userId, nowMs(), [this](qint64 id) { return live(id); });
        const auto *pushes = std::get_if<QList<domain::StatusPush>>(&found);
        if (!pushes)
            return;
        for (const domain::StatusPush &p : *pushes) {
            const QByteArray frame = protocol::encodeFrame(
                protocol::UpdateFrame{0, protocol::UserStatusUpdate{p.status}.toCbor()});
            server.bus->publish(FanoutAddress::user(p.receiverId), frame);
        }
    });
}

PresenceHub::Clock::time_point PresenceHub::pushDueLocked(Clock::time_point now) {
    Clock::time_point next = Clock::time_point::max();
    for (auto id = m_pending.begin(); id != m_pending.end();) {
        UserState &state = m_users[*id];
        const Clock::time_point due = state.lastPushAt + kInterval;
        if (due > now) {
            next = std::min(next, due);
            ++id;
            continue;
        }
        const qint64 userId = *id;
        id = m_pending.erase(id);
        state.pending = false;
        const bool online = state.connections > 0;
        if (online && state.pushedOnline)
            continue; // offline and back within the window: nothing to tell
        state.lastPushAt = now;
        state.pushedOnline = online;
        push(userId);
    }
    return next;
}

void PresenceHub::forgetOfflineLocked(Clock::time_point now) {
    for (auto it = m_users.begin(); it != m_users.end();) {
        const UserState &state = it.value();
        if (state.connections == 0 && !state.pending &&
            now - state.offlineSince >= kForgetOfflineAfter)
            it = m_users.erase(it);
        else
            ++it;
    }
}

void PresenceHub::run() {
    std::unique_lock lock(m_mutex);
    Clock::time_point nextForget = Clock::now() + kForgetOfflineAfter;
    while (!m_stopping) {
        const Clock::time_point now = Clock::now();
        if (now >= nextForget) {
            forgetOfflineLocked(now);
            nextForget = now + kForgetOfflineAfter;
        }
        const Clock::time_point next = std::min(pushDueLocked(now), nextForget);
        m_wake.wait_until(lock, next);
    }
}

} // namespace msgr::server
