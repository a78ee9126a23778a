#pragma once
//! The hostile-input catalogue (issue 6, item 9): more than 100 named hostile inputs sent to
//! the REAL msgr-server, each a row of a table. For every row the test asserts the documented
//! answer (HTTP status, err code, WebSocket close code, or a drop), then that the server still
//! serves a new client (sign-up, chat, send, live receipt), that its resident memory stays under
//! the bound below, and that nothing refused was stored.
//!
//! Servers: one "main" server for the wire-, frame- and field-level tables, one with short
//! deadlines, one with small queues (slow readers), one for log-in abuse, and one per
//! connection-cap row. Rows are in hostile_cases_*.cpp (data) and in the action tables of
//! hostile_floods.cpp, hostile_deadlines.cpp, hostile_slow_readers.cpp, hostile_caps.cpp and
//! hostile_auth_abuse.cpp.
#include "tests/integration/hostile_probe.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"

#include <QObject>
#include <memory>

namespace msgr::test::hostile {

//! Shared by the catalogue's files: the password of the accounts it creates, how long an answer
//! may take, and a unit.
inline const QString kCataloguePassword = QStringLiteral("hostile catalogue password");
inline constexpr int kAnswerMs = 10'000;
inline constexpr qint64 kMiB = 1024 * 1024;

//! A server under test with its probe and the memory it had once set up.
struct Target {
    explicit Target(const QStringList &args) : server(args), probe(server) {}
    ServerProcess server;
    ServerProbe probe;
    qint64 rssBaseline = 0;
    int rows = 0;
};

class HostileCatalogue : public QObject {
    Q_OBJECT
public:
    //! A server's VmRSS may grow at most this much above its baseline (measured once it has
    //! served its first clients) at any check. A peer that never reads may cost the server its
    //! queue cap (2-4 MiB) and kernel buffers, never more.
    static constexpr qint64 kRssGrowthBound = 64 * 1024 * 1024;

private slots:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void http_data();
    void http();
    void webSocketFraming_data();
    void webSocketFraming();
    void firstMessage_data();
    void firstMessage();
    void badFrames_data();
    void badFrames();
    void badArguments_data();
    void badArguments();
    void floods_data();
    void floods();
    void deadlines_data();
    void deadlines();
    void slowReaders_data();
    void slowReaders();
    void pingBehindStuckWrite();
    void connectionCaps_data();
    void connectionCaps();
    void authAbuse_data();
    void authAbuse();

private:
    //! Starts a server, sets up its probe and measures the baseline; nullptr on failure.
    static std::unique_ptr<Target> startTarget(const QStringList &args);
    //! After a row: the server serves a new client and its memory is within the bound. Empty
    //! when both hold, otherwise what failed.
    QString stillServing(Target &target);
    //! Mallory's chat with the watcher holds exactly the messages the test knows were accepted.
    QString victimChatIntact();
    std::unique_ptr<TestClient> resumed(Target &target, const QString &token);

    // Row bodies of the action tables (hostile_floods.cpp, ...).
    void floodRow(int action);
    void deadlineRow(int action, int expectedClose, int deadlineMs);
    void slowReaderRow(int action);
    void connectionCapRow(int action);
    void authAbuseRow(int action);
    bool setUpSlowReaders();
    bool setUpAuthAbuse();

    std::unique_ptr<Target> m_main;
    std::unique_ptr<Target> m_deadlines;
    std::unique_ptr<Target> m_slow;
    std::unique_ptr<Target> m_auth;
    std::unique_ptr<TestClient> m_mallory; // logged in on the main server, kept all along
    qint64 m_victimChat = 0;               // mallory <-> watcher
    qint64 m_foreignChat = 0;              // alice <-> bob
    qint64 m_victimMessages = 0;           // messages the server accepted into m_victimChat
    QString m_floodToken;                  // "flooder" on the main server
    qint64 m_floodChat = 0;                // flooder <-> watcher
    qint64 m_floodMessages = 0;

    // Slow-reader server: a reader and the senders that write to it.
    QString m_readerToken;
    QList<QString> m_senderTokens;
    QList<qint64> m_senderChats;
    QList<qint64> m_senderMessages;

    // Log-in abuse server.
    QString m_authWatcherToken;

    int m_rowsRun = 0;
};

} // namespace msgr::test::hostile
