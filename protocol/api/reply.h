#pragma once
//! The two outcomes every shape of protocol/api/ shares: a request's arguments as the server
//! decodes them (Decoded), and a request's answer as a caller receives it (Reply). Plain values,
//! thread-safe.
#include "protocol/error_code.h"
#include "protocol/frame.h"

#include <QCborMap>
#include <QString>
#include <optional>

namespace msgr::protocol::api {

//! A request decoded from its arguments: the typed value, or the typed error (BAD_REQUEST,
//! TOO_LARGE, ...) the server answers with.
template <typename T> struct Decoded {
    std::optional<T> value;
    Error error; // valid when !value; id stays 0 (the caller knows the request)
    bool ok() const { return value.has_value(); }

    static Decoded failed(ErrorCode code, QString message) {
        Decoded d;
        d.error.code = code;
        d.error.message = std::move(message);
        return d;
    }
};

//! The answer to one request: a typed value, or the server's typed error, or a lost connection.
template <typename T> struct Reply {
    std::optional<T> value;
    Error error;                 // valid when !value
    bool connectionLost = false; // the request may or may not have reached the server
    bool ok() const { return value.has_value(); }
};

//! The answer of a method that returns nothing but success.
struct Empty {
    QCborMap toCbor() const { return {}; }
    static std::optional<Empty> fromCbor(const QCborMap &, QString * = nullptr) { return Empty{}; }
    friend bool operator==(const Empty &, const Empty &) = default;
};

} // namespace msgr::protocol::api
