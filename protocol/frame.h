#pragma once
//! The six frame types of docs/protocol.md §2 and their encoding as one CBOR map per
//! WebSocket binary message.
#include "protocol/error_code.h"

#include <QByteArray>
#include <QCborMap>
#include <QList>
#include <QString>
#include <variant>

namespace msgr::protocol {

struct Hello {
    QList<qint64> versions;
    QString client;
    friend bool operator==(const Hello &, const Hello &) = default;
};

struct Welcome {
    qint64 version = 0;
    QString server;
    QCborMap limits;
    friend bool operator==(const Welcome &, const Welcome &) = default;
};

struct Request {
    qint64 id = 0;
    QString method;
    QCborMap args;
    friend bool operator==(const Request &, const Request &) = default;
};

struct Result {
    qint64 id = 0;
    QCborMap result;
    friend bool operator==(const Result &, const Result &) = default;
};

struct Error {
    qint64 id = 0; // 0: not tied to a request
    ErrorCode code = ErrorCode::Internal;
    QString message;
    qint64 retryAfterMs = 0; // FLOOD_WAIT only
    friend bool operator==(const Error &, const Error &) = default;
};

//! A pushed update; `update` is decoded with updateFromCbor() by whoever needs it.
struct UpdateFrame {
    qint64 pts = 0; // 0: not part of the log
    QCborMap update;
    friend bool operator==(const UpdateFrame &, const UpdateFrame &) = default;
};

using Frame = std::variant<Hello, Welcome, Request, Result, Error, UpdateFrame>;

struct DecodeError {
    ErrorCode code = ErrorCode::BadFrame;
    QString message;
};

using DecodeResult = std::variant<Frame, DecodeError>;

QByteArray encodeFrame(const Frame &frame);
DecodeResult decodeFrame(const QByteArray &bytes);

//! The limits map a server advertises in Welcome.
QCborMap advertisedLimits();

} // namespace msgr::protocol
