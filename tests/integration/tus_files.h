#pragma once
//! The set-up of the integration tests that post files in chats and channels: users signed up
//! on their own connections, a file uploaded in one request (tus creation-with-upload, the body
//! in the POST) and downloaded with a user's token. Header-only, like distinct_bytes.h.
#include "tests/integration/raw_http.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QByteArray>
#include <QString>
#include <memory>

namespace msgr::test {

//! A new connection to `server`, signed up as `name`: null when it got no welcome or the
//! sign-up was refused.
inline std::unique_ptr<TestClient> signedUpUser(const ServerProcess &server, const QString &name,
                                                const QString &password) {
    auto client = std::make_unique<TestClient>();
    if (!client->connectTo(server.wsUrl()))
        return nullptr;
    return client->signUp(name, password).isEmpty() ? nullptr : std::move(client);
}

//! A finished upload of `data` by `client`, sent whole with its creation: its file id, or empty
//! when the server did not take all of it.
inline QString uploadWhole(const ServerProcess &server, const TestClient &client,
                           const QByteArray &data) {
    const RawHeaders headers = {{"Tus-Resumable", "1.0.0"},
                                {"Authorization", "Bearer " + client.token().toLatin1()},
                                {"Upload-Length", QByteArray::number(data.size())},
                                {"Content-Type", "application/offset+octet-stream"}};
    const RawHttpReply reply =
        rawHttp(quint16(server.httpUrl().port()), "POST", "/files", headers, data);
    if (reply.status != 201 || reply.header("Upload-Offset") != QByteArray::number(data.size()))
        return {};
    return QString::fromLatin1(reply.header("Location").mid(7)); // after "/files/"
}

//! GET /files/<fileId> with `client`'s token.
inline RawHttpReply downloadFile(const ServerProcess &server, const TestClient &client,
                                 const QString &fileId) {
    return rawHttp(quint16(server.httpUrl().port()), "GET", "/files/" + fileId.toLatin1(),
                   {{"Authorization", "Bearer " + client.token().toLatin1()}});
}

} // namespace msgr::test
