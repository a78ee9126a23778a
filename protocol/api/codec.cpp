#include "protocol/api/codec.h"

namespace msgr::protocol::api::codec {

std::optional<QCborMap> argsMap(const QCborValue &args, Error *error) {
    if (args.isMap())
        return args.toMap();
    if (args.isUndefined())
        return QCborMap{};
    error->code = ErrorCode::BadRequest;
    error->message = QStringLiteral("arguments must be a map");
    return std::nullopt;
}

QCborArray intsToCbor(const QList<qint64> &ints) {
    QCborArray out;
    for (qint64 v : ints)
        out.append(v);
    return out;
}

} // namespace msgr::protocol::api::codec
