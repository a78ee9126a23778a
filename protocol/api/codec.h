#pragma once
//! Private to protocol/api/*.cpp: the few steps every shape's encoding and decoding repeats.
#include "protocol/api/reply.h"
#include "protocol/map_reader.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QList>
#include <QString>

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

namespace msgr::protocol::api::codec {

using L = QLatin1StringView;

//! A decoded request, or BAD_REQUEST with `why` when `valid` is false: the checks MapReader
//! cannot express (blank text, ids ≥ 1 inside a list).
template <typename T> Decoded<T> checked(Decoded<T> d, bool valid, const char *why) {
    if (d.ok() && !valid)
        return Decoded<T>::failed(ErrorCode::BadRequest, QString::fromUtf8(why));
    return d;
}

//! Whether every id of a list is a valid id (≥ 1).
inline bool idsValid(const QList<qint64> &ids) {
    return std::all_of(ids.begin(), ids.end(), [](qint64 id) { return id >= 1; });
}

//! Whether a text has something besides blanks (a title, a post).
inline bool notBlank(const QString &text) {
    return !text.trimmed().isEmpty();
}

//! The wire name of an enum value from its table; the table's first name for an unlisted one.
template <typename E, std::size_t N>
QString nameOf(const std::array<std::pair<E, const char *>, N> &names, E value) {
    for (const auto &[v, name] : names)
        if (v == value)
            return QString::fromLatin1(name);
    return QString::fromLatin1(names.front().second);
}

//! The enum value a wire name stands for, or nothing for a name not in the table.
template <typename E, std::size_t N>
std::optional<E> valueOf(const std::array<std::pair<E, const char *>, N> &names,
                         const QString &name) {
    for (const auto &[v, n] : names)
        if (name == QLatin1StringView(n))
            return v;
    return std::nullopt;
}

//! A request's arguments: a map, or absent (no arguments). Anything else is BAD_REQUEST.
std::optional<QCborMap> argsMap(const QCborValue &args, Error *error);

//! The decoded request, or the reader's first violation as the server answers it.
template <typename T> Decoded<T> decoded(const MapReader &r, T value) {
    if (!r.ok())
        return Decoded<T>::failed(r.errorCode(), r.error());
    Decoded<T> d;
    d.value = std::move(value);
    return d;
}

//! Decodes a request with `read(reader, value)` once its arguments are a map.
template <typename T, typename Read> Decoded<T> decodeWith(const QCborValue &args, Read read) {
    Error error;
    const std::optional<QCborMap> map = argsMap(args, &error);
    if (!map)
        return Decoded<T>::failed(error.code, error.message);
    MapReader r(*map);
    T value;
    read(r, value);
    return decoded(r, std::move(value));
}

//! The parsed answer, or nullopt with the reader's first violation in *error.
template <typename T> std::optional<T> finish(const MapReader &r, T value, QString *error) {
    if (r.ok())
        return value;
    if (error)
        *error = r.error();
    return std::nullopt;
}

//! A list of objects under `key`; the first malformed element fails the whole answer.
template <typename T> bool readList(const QCborMap &map, L key, QList<T> *out, QString *error) {
    const QCborValue value = map.value(key);
    if (!value.isArray()) {
        if (error)
            *error = QStringLiteral("'%1' is not an array").arg(key);
        return false;
    }
    const QCborArray array = value.toArray();
    out->reserve(array.size());
    for (const auto &item : array) { // QCborValueConstRef: no QCborValue per item
        if (!item.isMap()) {
            if (error)
                *error = QStringLiteral("'%1' must hold only maps").arg(key);
            return false;
        }
        std::optional<T> parsed = T::fromCbor(item.toMap(), error);
        if (!parsed)
            return false;
        out->append(*parsed);
    }
    return true;
}

template <typename T> QCborArray listToCbor(const QList<T> &items) {
    QCborArray out;
    for (const T &item : items)
        out.append(item.toCbor());
    return out;
}

QCborArray intsToCbor(const QList<qint64> &ints);

} // namespace msgr::protocol::api::codec
