#pragma once
//! The domain services over a real SqliteStore in a temporary directory, with the helpers the
//! server's store and domain tests share. Header-only; include from one test file each.
#include "server/domain/domain.h"
#include "server/store/sqlite_store.h"
#include "tests/server/domain/domain_await.h"

#include <QTemporaryDir>
#include <QTest>

namespace msgr::test::domain {

using namespace msgr::server;
using msgr::server::domain::Domain;
using msgr::test::store::await;

template <typename T> bool failedWith(const StoreResult<T> &result, StoreError error) {
    return result.index() == 1 && std::get<1>(result) == error;
}

//! The value of a StoreResult that must hold one (QFAIL-free: an error yields T{} and the
//! comparisons that follow fail with the values in the log).
template <typename T> T valueOr(const StoreResult<T> &result) {
    return result.index() == 0 ? std::get<0>(result) : T{};
}

// Declares `name` as the value of a StoreResult, failing the test on an error.
#define EXPECT_VALUE(name, expr)                                                                   \
    auto name##Result = (expr);                                                                    \
    QVERIFY2(name##Result.index() == 0, "the store answered an error");                            \
    auto name = std::get<0>(std::move(name##Result))

struct Fixture {
    explicit Fixture(const SqliteStoreOptions &options = {}) { reopen(options); }

    void reopen(const SqliteStoreOptions &options = {}) {
        domain.reset();
        store.reset();
        store = SqliteStore::open(dir.path(), options, &error);
        if (store)
            domain = std::make_unique<Domain>(*store);
    }
    //! Closes the store (finishing every queued write).
    void close() {
        domain.reset();
        store.reset();
    }

    StoreResult<protocol::User> signUp(const QString &name) {
        return await<protocol::User>([&](auto done) {
            domain->accounts.createAccount(name, name.toUpper(), "argon2id$" + name.toUtf8(),
                                           ++clock, done);
        });
    }
    qint64 userId(const QString &name) {
        auto result = signUp(name);
        return result.index() == 0 ? std::get<0>(result).id : 0;
    }
    StoreResult<OpenedChat> openChat(qint64 caller, qint64 peer) {
        return await<OpenedChat>(
            [&](auto done) { domain->chats.openPrivateChat(caller, peer, ++clock, done); });
    }
    qint64 chatId(qint64 caller, qint64 peer) {
        auto result = openChat(caller, peer);
        return result.index() == 0 ? std::get<0>(result).chat.id : 0;
    }
    StoreResult<AppendedMessage> send(qint64 sender, qint64 chat, qint64 randomId,
                                      const QString &text = QStringLiteral("hello")) {
        return await<AppendedMessage>([&](auto done) {
            domain->messages.appendMessage(sender, chat, randomId, text, ++clock, done);
        });
    }
    qint64 messageId(qint64 sender, qint64 chat) {
        auto result = send(sender, chat, ++nextRandomId);
        return result.index() == 0 ? std::get<0>(result).message.id : 0;
    }
    StoreResult<PositionChange> markRead(qint64 user, qint64 chat, qint64 maxId) {
        return await<PositionChange>(
            [&](auto done) { domain->readState.markRead(user, chat, maxId, ++clock, done); });
    }
    StoreResult<PositionChange> markDelivered(qint64 user, qint64 chat, qint64 maxId) {
        return await<PositionChange>(
            [&](auto done) { domain->readState.markDelivered(user, chat, maxId, ++clock, done); });
    }

    QTemporaryDir dir;
    QString error;
    std::unique_ptr<SqliteStore> store;
    std::unique_ptr<Domain> domain;
    qint64 clock = 1'700'000'000'000;
    qint64 nextRandomId = 1000;
};

template <typename U> bool holds(const protocol::LoggedUpdate &logged) {
    return std::holds_alternative<U>(logged.update);
}

//! The pts of every entry of a user's whole retained log, in order.
QList<qint64> logPts(Domain &domain, qint64 userId) {
    QList<qint64> pts;
    for (const auto &logged : valueOr(domain.updates.difference(userId, 0, 100000)).updates)
        pts.append(logged.pts);
    return pts;
}

QList<qint64> oneToN(qint64 n) {
    QList<qint64> list;
    for (qint64 i = 1; i <= n; ++i)
        list.append(i);
    return list;
}

} // namespace msgr::test::domain
