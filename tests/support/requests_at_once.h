#pragma once
//! Many requests of one account at once, over several connections of it, for tests that need
//! a burst of writes (posts, comments) to land together on the server.
#include "protocol/limits.h"
#include "tests/support/test_client.h"

#include <QList>
#include <QUrl>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

namespace msgr::test {

//! Sends every request of `requests` at once, round robin over fresh connections resumed with
//! `token`: at least `minLinks`, and as many more as keep each connection inside its request
//! burst (protocol::kRequestBurst, its auth.resume included). Past the burst a request is
//! answered FLOOD_WAIT unless the bucket refilled a token meanwhile, which only a slow enough
//! machine gives it. Returns the results in the order of `requests`, or nullopt when a
//! connection could not resume or any request failed.
template <typename Req>
std::optional<QList<typename Req::Result>>
callAtOnce(const QUrl &url, const QString &token, const QList<Req> &requests, int minLinks = 10) {
    const qsizetype perLink = protocol::kRequestBurst - 1; // one token goes to auth.resume
    const qsizetype linkCount =
        std::max<qsizetype>(minLinks, (requests.size() + perLink - 1) / perLink);
    std::vector<std::unique_ptr<TestClient>> links;
    for (qsizetype c = 0; c < linkCount; ++c) {
        links.push_back(std::make_unique<TestClient>());
        if (!links.back()->connectTo(url) || !links.back()->resume(token))
            return std::nullopt;
    }
    QList<std::pair<TestClient *, qint64>> sent;
    for (qsizetype i = 0; i < requests.size(); ++i) {
        TestClient *link = links[size_t(i) % links.size()].get();
        sent.append({link, link->sendRequest(requests[i])});
    }
    QList<typename Req::Result> results;
    for (const auto &[link, id] : sent) {
        if (!link->waitForAnswer(id))
            return std::nullopt;
        auto answer = link->template takeResultAs<typename Req::Result>(id);
        if (!answer.ok())
            return std::nullopt;
        results.append(std::move(*answer.value));
    }
    return results;
}

} // namespace msgr::test
