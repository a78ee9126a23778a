#include "protocol/frame.h"

#include "protocol/limits.h"
#include "protocol/map_reader.h"

#include <QCborArray>
#include <QCborStreamReader>
#include <QCborValue>

namespace msgr::protocol {
namespace {
using L = QLatin1StringView;

constexpr int kMaxMethodChars = 64;
constexpr int kMaxFreeTextChars = 256;
constexpr qsizetype kMaxVersions = 16;

QCborMap toMap(const Frame &frame) {
    struct Visitor {
        QCborMap operator()(const Hello &h) const {
            QCborArray versions;
            for (qint64 v : h.versions)
                versions.append(v);
            return {{L("t"), L("hello")}, {L("versions"), versions}, {L("client"), h.client}};
        }
        QCborMap operator()(const Welcome &w) const {
            return {{L("t"), L("welcome")},
                    {L("version"), w.version},
                    {L("server"), w.server},
                    {L("limits"), w.limits}};
        }
        QCborMap operator()(const Request &r) const {
            QCborMap m{{L("t"), L("req")}, {L("id"), r.id}, {L("m"), r.method}};
            if (!r.args.isEmpty())
                m.insert(L("a"), r.args);
            return m;
        }
        QCborMap operator()(const Result &r) const {
            return {{L("t"), L("res")}, {L("id"), r.id}, {L("r"), r.result}};
        }
        QCborMap operator()(const Error &e) const {
            QCborMap m{
                {L("t"), L("err")}, {L("code"), errorCodeName(e.code)}, {L("message"), e.message}};
            if (e.id != 0)
                m.insert(L("id"), e.id);
            if (e.code == ErrorCode::FloodWait)
                m.insert(L("retryAfterMs"), e.retryAfterMs);
            return m;
        }
        QCborMap operator()(const UpdateFrame &u) const {
            QCborMap m{{L("t"), L("upd")}, {L("u"), u.update}};
            if (u.pts != 0)
                m.insert(L("pts"), u.pts);
            return m;
        }
    };
    return std::visit(Visitor{}, frame);
}

DecodeResult invalid(MapReader &r) {
    return DecodeError{r.errorCode(), r.error()};
}

DecodeResult fromMap(const QCborMap &map) {
    const QCborValue t = map.value(L("t"));
    if (!t.isString())
        return DecodeError{ErrorCode::BadFrame, QStringLiteral("frame has no text 't'")};
    const QString type = t.toString();
    MapReader r(map);
    if (type == L("hello")) {
        Hello h;
        h.versions = r.requireIntArray(L("versions"), 1, kMaxVersions);
        h.client = r.stringOr(L("client"), {}, kMaxFreeTextChars);
        return r.ok() ? DecodeResult{h} : invalid(r);
    }
    if (type == L("welcome")) {
        Welcome w;
        w.version = r.requireInt(L("version"), 1);
        w.server = r.stringOr(L("server"), {}, kMaxFreeTextChars);
        w.limits = r.has(L("limits")) ? r.requireMap(L("limits")) : QCborMap{};
        return r.ok() ? DecodeResult{w} : invalid(r);
    }
    if (type == L("req")) {
        Request q;
        q.id = r.requireInt(L("id"), 1);
        q.method = r.requireString(L("m"), 1, kMaxMethodChars);
        q.args = r.has(L("a")) ? r.requireMap(L("a")) : QCborMap{};
        return r.ok() ? DecodeResult{q} : invalid(r);
    }
    if (type == L("res")) {
        Result s;
        s.id = r.requireInt(L("id"), 1);
        s.result = r.has(L("r")) ? r.requireMap(L("r")) : QCborMap{};
        return r.ok() ? DecodeResult{s} : invalid(r);
    }
    if (type == L("err")) {
        Error e;
        e.id = r.intOr(L("id"), 0, 0);
        const QString code = r.requireString(L("code"), 1, kMaxMethodChars);
        e.message = r.stringOr(L("message"), {}, 4 * kMaxFreeTextChars);
        e.retryAfterMs = r.intOr(L("retryAfterMs"), 0, 0);
        if (!r.ok())
            return invalid(r);
        // A code from a newer server is still an error; the client treats it as INTERNAL.
        e.code = errorCodeFromName(code).value_or(ErrorCode::Internal);
        return DecodeResult{e};
    }
    if (type == L("upd")) {
        UpdateFrame u;
        u.pts = r.intOr(L("pts"), 0, 1);
        u.update = r.requireMap(L("u"));
        return r.ok() ? DecodeResult{u} : invalid(r);
    }
    return DecodeError{ErrorCode::BadFrame, QStringLiteral("unknown frame type '%1'").arg(type)};
}
} // namespace

QByteArray encodeFrame(const Frame &frame) {
    return toMap(frame).toCborValue().toCbor();
}

DecodeResult decodeFrame(const QByteArray &bytes) {
    if (bytes.size() > kMaxFrameBytes)
        return DecodeError{ErrorCode::TooLarge, QStringLiteral("frame exceeds 1 MiB")};
    QCborStreamReader reader(bytes);
    const QCborValue value = QCborValue::fromCbor(reader);
    if (reader.lastError() != QCborError::NoError)
        return DecodeError{ErrorCode::BadFrame,
                           QStringLiteral("invalid CBOR: %1").arg(reader.lastError().toString())};
    if (reader.currentOffset() != bytes.size())
        return DecodeError{ErrorCode::BadFrame, QStringLiteral("trailing bytes after the frame")};
    if (!value.isMap())
        return DecodeError{ErrorCode::BadFrame, QStringLiteral("frame is not a CBOR map")};
    return fromMap(value.toMap());
}

QCborMap advertisedLimits() {
    return QCborMap{
        {L("maxFrameBytes"), kMaxFrameBytes},     {L("maxTextChars"), kMaxTextChars},
        {L("maxHistoryLimit"), kMaxHistoryLimit}, {L("maxDifferenceSlice"), kMaxDifferenceSlice},
        {L("requestBurst"), kRequestBurst},       {L("requestsPerSecond"), kRequestsPerSecond}};
}

} // namespace msgr::protocol
