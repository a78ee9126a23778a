#pragma once
//! Small readers over pushed updates and results, shared by the integration tests.
#include "protocol/api/api.h"
#include "protocol/frame.h"
#include "protocol/objects.h"
#include "tests/support/test_client.h"

#include <QCborArray>
#include <QCborMap>
#include <QList>

namespace msgr::test {

//! `u.type` of a pushed update.
inline QString updateType(const protocol::UpdateFrame &frame) {
    return frame.update.value(QLatin1StringView("type")).toString();
}

//! The updates of one type, in arrival order.
inline QList<protocol::UpdateFrame> updatesOfType(const QList<protocol::UpdateFrame> &frames,
                                                  QLatin1StringView type) {
    QList<protocol::UpdateFrame> out;
    for (const auto &f : frames) {
        if (updateType(f) == type)
            out.append(f);
    }
    return out;
}

//! The messages of the newMessage updates, in arrival order.
inline QList<protocol::Message> newMessages(const QList<protocol::UpdateFrame> &frames) {
    QList<protocol::Message> out;
    for (const auto &f : updatesOfType(frames, QLatin1StringView("newMessage"))) {
        if (auto m =
                protocol::Message::fromCbor(f.update.value(QLatin1StringView("message")).toMap()))
            out.append(*m);
    }
    return out;
}

//! The Message objects of an array (history pages, results).
inline QList<protocol::Message> messagesOf(const QCborArray &array) {
    QList<protocol::Message> out;
    for (const auto &v : array) {
        if (auto m = protocol::Message::fromCbor(v.toMap()))
            out.append(*m);
    }
    return out;
}

//! Logged updates of a getDifference answer (`updates`: [{pts, u}]) as frames.
inline QList<protocol::UpdateFrame> differenceUpdates(const QCborMap &result) {
    QList<protocol::UpdateFrame> out;
    for (const auto &v : result.value(QLatin1StringView("updates")).toArray()) {
        const QCborMap m = v.toMap();
        out.append(protocol::UpdateFrame{m.value(QLatin1StringView("pts")).toInteger(),
                                         m.value(QLatin1StringView("u")).toMap()});
    }
    return out;
}

//! The logged updates of a typed getDifference answer as the frames they would be pushed as.
inline QList<protocol::UpdateFrame> differenceUpdates(const protocol::api::DifferenceResult &diff) {
    QList<protocol::UpdateFrame> out;
    for (const protocol::LoggedUpdate &u : diff.updates)
        out.append(protocol::UpdateFrame{u.pts, protocol::updateToCbor(u.update)});
    return out;
}

//! The whole history of a chat, oldest first, read in pages of pageSize with beforeId; an
//! empty list and a set lastError() on failure. Each page must be ascending by id.
inline QList<protocol::Message> fetchHistory(TestClient &client, qint64 chatId, int pageSize = 100,
                                             bool *pagesAscending = nullptr) {
    QList<protocol::Message> all;
    qint64 beforeId = 0;
    if (pagesAscending)
        *pagesAscending = true;
    for (;;) {
        const auto r = client.call(protocol::api::GetHistory{chatId, beforeId, pageSize});
        if (!r.ok())
            return {};
        const QList<protocol::Message> page = r.value->messages;
        if (page.isEmpty())
            break;
        for (qsizetype i = 1; i < page.size(); ++i) {
            if (pagesAscending && page[i - 1].id >= page[i].id)
                *pagesAscending = false;
        }
        all = page + all;
        beforeId = page.first().id;
        if (page.size() < pageSize)
            break;
    }
    return all;
}

} // namespace msgr::test
