#pragma once
//! The tables of the hostile-input catalogue (tst_hostile_catalogue). Each add*Cases() function
//! declares its columns and adds one named row per hostile input, with the outcome
//! docs/protocol.md and docs/server.md promise for it; the test runs the rows.
#include <QtGlobal>

namespace msgr::test::hostile {

// ---- HTTP on the one port (raw TCP) ----
//! Columns: request (QByteArray), from (QString: client address, "" = 127.0.0.1), status (int,
//! 0 = closed without any answer), orClosed (bool: a close without answer is accepted too),
//! body (QByteArray: the body must start with it), answers (int: responses to read, all with
//! `status`), after (int, HttpAfter).
enum HttpAfter : int { AfterAny = 0, AfterStaysOpen = 1, AfterClosed = 2 };
void addHttpCases();

// ---- WebSocket framing (raw TCP, hand-built frames) ----
//! Where the raw peer is when it sends the row's bytes.
enum WsStage : int { StageUpgraded = 0, StageWelcomed = 1, StageLoggedIn = 2 };
//! What must happen when the row does not expect a close.
enum WsServes : int {
    ServesNothing = 0, //!< the row expects a close
    ServesWelcome = 1, //!< the bytes include a hello: a welcome arrives
    ServesPong = 2,    //!< a pong with the row's `pong` payload arrives, then hello works
    ServesBadFrame = 3 //!< an err BAD_FRAME arrives and the connection stays
};
//! Columns: stage (int, WsStage), bytes (QByteArray), close (int: the close code expected,
//! or ClosedWithoutFrame), orClose (int: another accepted code, 0 = none), serves (int,
//! WsServes), pong (QByteArray). `victimChat`: where the send rows try to write.
void addWebSocketCases(qint64 victimChat);

// ---- CBOR and frame level (QWebSocket TestClient) ----
//! The first message after the upgrade. Columns: bytes (QByteArray), code (QString: the err
//! code), close (int: the close code).
void addHandshakeCases();
//! After hello. Columns: bytes (QByteArray), loggedIn (bool), code (QString), id (qint64: the
//! err's id; 0 = an error without id).
void addBadFrameCases();

// ---- Arguments (QWebSocket TestClient, the real methods) ----
struct ArgumentIds {
    qint64 victimChat = 0;  //!< mallory's chat with the watcher
    qint64 foreignChat = 0; //!< a chat mallory is not in
    qint64 mallory = 0;     //!< mallory's user id
};
//! Columns: method (QString), args (QCborMap), code (QString: "A" or "A|B"), loggedIn (bool).
void addArgumentCases(const ArgumentIds &ids);

} // namespace msgr::test::hostile
