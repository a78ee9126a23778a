// Field-level hostile input: every method with arguments of the wrong type, out of range, too
// long, or naming what the caller may not touch (docs/protocol.md §1, §3, §5).
#include "protocol/limits.h"
#include "protocol/methods.h"
#include "tests/integration/hostile_cases.h"

#include <QCborArray>
#include <QCborMap>
#include <QTest>

namespace msgr::test::hostile {
namespace {
namespace m = msgr::protocol::method;
namespace proto = msgr::protocol;
using L = QLatin1StringView;

// No chat, user or device has this id.
constexpr qint64 kNoSuchId = qint64(1) << 62;
const QString kPassword = QStringLiteral("a good password");

void row(const char *name, QLatin1StringView method, const QCborMap &args, const char *code,
         bool loggedIn = true) {
    QTest::newRow(name) << QString(method) << args << QString::fromLatin1(code) << loggedIn;
}

QCborArray ints(int count) {
    QCborArray out;
    for (int i = 1; i <= count; ++i)
        out.append(i);
    return out;
}

QCborMap signUpArgs(const QCborValue &username, const QCborValue &password,
                    const QCborValue &device = QStringLiteral("laptop")) {
    return {{L("username"), username}, {L("password"), password}, {L("deviceName"), device}};
}
} // namespace

void addArgumentCases(const ArgumentIds &ids) {
    QTest::addColumn<QString>("method");
    QTest::addColumn<QCborMap>("args");
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("loggedIn");

    const qint64 chat = ids.victimChat;
    auto send = [](const QCborValue &chatId, const QCborValue &randomId, const QCborValue &text) {
        QCborMap args;
        if (!chatId.isUndefined())
            args.insert(L("chatId"), chatId);
        if (!randomId.isUndefined())
            args.insert(L("randomId"), randomId);
        if (!text.isUndefined())
            args.insert(L("text"), text);
        return args;
    };
    const QCborValue none(QCborValue::Undefined);
    const QCborValue rid(4242);
    const QCborValue hi(QStringLiteral("hi"));

    // messages.send: nothing refused may be stored.
    row("send: chatId as text", m::MessagesSend, send(L("seven"), rid, hi), "BAD_REQUEST");
    row("send: no chatId", m::MessagesSend, send(none, rid, hi), "BAD_REQUEST");
    row("send: chatId 0", m::MessagesSend, send(0, rid, hi), "BAD_REQUEST");
    row("send: negative chatId", m::MessagesSend, send(-1, rid, hi), "BAD_REQUEST");
    row("send: chatId as float", m::MessagesSend, send(double(chat), rid, hi), "BAD_REQUEST");
    row("send: no such chat", m::MessagesSend, send(kNoSuchId, rid, hi), "NOT_FOUND|FORBIDDEN");
    row("send: a chat the caller is not in", m::MessagesSend, send(ids.foreignChat, rid, hi),
        "NOT_FOUND|FORBIDDEN");
    row("send: no randomId", m::MessagesSend, send(chat, none, hi), "BAD_REQUEST");
    row("send: randomId 0", m::MessagesSend, send(chat, 0, hi), "BAD_REQUEST");
    row("send: randomId as text", m::MessagesSend, send(chat, L("42"), hi), "BAD_REQUEST");
    row("send: randomId as bool", m::MessagesSend, send(chat, true, hi), "BAD_REQUEST");
    row("send: no text", m::MessagesSend, send(chat, rid, none), "BAD_REQUEST");
    row("send: empty text", m::MessagesSend, send(chat, rid, L("")), "BAD_REQUEST");
    row("send: text as integer", m::MessagesSend, send(chat, rid, 17), "BAD_REQUEST");
    row("send: text as bytes", m::MessagesSend, send(chat, rid, QByteArray("hi")), "BAD_REQUEST");
    row("send: text as array", m::MessagesSend, send(chat, rid, QCborArray{L("hi")}),
        "BAD_REQUEST");
    row("send: text of 4097 characters", m::MessagesSend,
        send(chat, rid, QString(proto::kMaxTextChars + 1, u'x')), "TOO_LARGE");
    row("send: text of 4096 emoji (8192 UTF-16 units)", m::MessagesSend,
        send(chat, rid, QString(proto::kMaxTextChars, u'x').replace(u'x', QStringLiteral("😀"))),
        "TOO_LARGE");
    row("send: before log-in", m::MessagesSend, send(chat, rid, hi), "UNAUTHORIZED", false);

    // messages.history, messages.read, messages.received.
    auto history = [](const QCborValue &chatId, const QCborValue &beforeId,
                      const QCborValue &limit) {
        QCborMap args{{L("chatId"), chatId}, {L("beforeId"), beforeId}};
        if (!limit.isUndefined())
            args.insert(L("limit"), limit);
        return args;
    };
    row("history: limit 0", m::MessagesHistory, history(chat, 0, 0), "BAD_REQUEST");
    row("history: limit 101", m::MessagesHistory, history(chat, 0, 101), "BAD_REQUEST");
    row("history: limit -1", m::MessagesHistory, history(chat, 0, -1), "BAD_REQUEST");
    row("history: limit as text", m::MessagesHistory, history(chat, 0, L("10")), "BAD_REQUEST");
    row("history: no limit", m::MessagesHistory, history(chat, 0, none), "BAD_REQUEST");
    row("history: beforeId as text", m::MessagesHistory, history(chat, L("x"), 10), "BAD_REQUEST");
    row("history: a chat the caller is not in", m::MessagesHistory, history(ids.foreignChat, 0, 10),
        "NOT_FOUND|FORBIDDEN");
    row("read: maxId as text", m::MessagesRead, {{L("chatId"), chat}, {L("maxId"), L("x")}},
        "BAD_REQUEST");
    row("read: negative maxId", m::MessagesRead, {{L("chatId"), chat}, {L("maxId"), -1}},
        "BAD_REQUEST");
    row("read: a chat the caller is not in", m::MessagesRead,
        {{L("chatId"), ids.foreignChat}, {L("maxId"), 1}}, "NOT_FOUND|FORBIDDEN");
    row("received: no chatId", m::MessagesReceived, {{L("maxId"), 1}}, "BAD_REQUEST");

    // messages.edit, messages.delete (§16).
    auto edit = [](const QCborValue &chatId, const QCborValue &messageId, const QCborValue &text) {
        return QCborMap{{L("chatId"), chatId}, {L("messageId"), messageId}, {L("text"), text}};
    };
    row("edit: messageId 0", m::MessagesEdit, edit(chat, 0, hi), "BAD_REQUEST");
    row("edit: text as bytes", m::MessagesEdit, edit(chat, 1, QByteArray("x")), "BAD_REQUEST");
    row("edit: text of 4097", m::MessagesEdit,
        edit(chat, 1, QString(proto::kMaxTextChars + 1, u'x')), "TOO_LARGE");
    row("edit: no such message", m::MessagesEdit, edit(chat, kNoSuchId, hi), "NOT_FOUND");
    row("edit: a chat the caller is not in", m::MessagesEdit, edit(ids.foreignChat, 1, hi),
        "NOT_FOUND|FORBIDDEN");
    auto remove = [](const QCborValue &chatId, const QCborValue &messageIds,
                     const QCborValue &scope) {
        QCborMap args{{L("chatId"), chatId}, {L("messageIds"), messageIds}};
        if (!scope.isUndefined())
            args.insert(L("scope"), scope);
        return args;
    };
    row("delete: no scope", m::MessagesDelete, remove(chat, ints(1), none), "BAD_REQUEST");
    row("delete: unknown scope", m::MessagesDelete, remove(chat, ints(1), L("all")), "BAD_REQUEST");
    row("delete: 101 ids", m::MessagesDelete, remove(chat, ints(101), L("me")), "TOO_LARGE");
    row("delete: ids as text", m::MessagesDelete, remove(chat, L("1"), L("me")), "BAD_REQUEST");
    row("delete: a chat the caller is not in", m::MessagesDelete,
        remove(ids.foreignChat, ints(1), L("everyone")), "NOT_FOUND|FORBIDDEN");

    // messages.saveDraft, messages.getDrafts (§17.2).
    const QLatin1StringView saveDraft("messages.saveDraft");
    const QLatin1StringView getDrafts("messages.getDrafts");
    auto draft = [](const QCborValue &chatId, const QCborValue &text) {
        QCborMap args{{L("chatId"), chatId}};
        if (!text.isUndefined())
            args.insert(L("text"), text);
        return args;
    };
    row("saveDraft: no text", saveDraft, draft(chat, none), "BAD_REQUEST");
    row("saveDraft: text as bytes", saveDraft, draft(chat, QByteArray("x")), "BAD_REQUEST");
    row("saveDraft: text of 4097", saveDraft, draft(chat, QString(proto::kMaxTextChars + 1, u'x')),
        "TOO_LARGE");
    row("saveDraft: chatId 0", saveDraft, draft(0, hi), "BAD_REQUEST");
    row("saveDraft: chatId as text", saveDraft, draft(L("7"), hi), "BAD_REQUEST");
    row("saveDraft: no such chat", saveDraft, draft(kNoSuchId, hi), "NOT_FOUND");
    row("saveDraft: a chat the caller is not in", saveDraft, draft(ids.foreignChat, hi),
        "NOT_FOUND|FORBIDDEN");
    row("saveDraft: before log-in", saveDraft, draft(chat, hi), "UNAUTHORIZED", false);
    row("getDrafts: negative offset", getDrafts, {{L("offsetChatId"), -1}}, "BAD_REQUEST");
    row("getDrafts: offset as map", getDrafts, {{L("offsetChatId"), QCborMap{}}}, "BAD_REQUEST");

    // messages.pin (§17.4).
    const QLatin1StringView pinMessage("messages.pin");
    auto pin = [](const QCborValue &chatId, const QCborValue &messageId, const QCborValue &pinned) {
        QCborMap args{{L("chatId"), chatId}, {L("messageId"), messageId}};
        if (!pinned.isUndefined())
            args.insert(L("pinned"), pinned);
        return args;
    };
    row("pin: no pinned", pinMessage, pin(chat, 1, none), "BAD_REQUEST");
    row("pin: pinned as int", pinMessage, pin(chat, 1, 1), "BAD_REQUEST");
    row("pin: messageId 0", pinMessage, pin(chat, 0, true), "BAD_REQUEST");
    row("pin: messageId as text", pinMessage, pin(chat, L("1"), true), "BAD_REQUEST");
    row("pin: no such message", pinMessage, pin(chat, kNoSuchId, true), "NOT_FOUND");
    row("pin: no such chat", pinMessage, pin(kNoSuchId, 1, true), "NOT_FOUND");
    row("pin: a chat the caller is not in", pinMessage, pin(ids.foreignChat, 1, true),
        "NOT_FOUND|FORBIDDEN");
    row("pin: before log-in", pinMessage, pin(chat, 1, true), "UNAUTHORIZED", false);

    // messages.send's replyToId and messages.forward (§19).
    auto reply = [&](const QCborValue &replyToId) {
        QCborMap args = send(chat, 4343, hi);
        args.insert(L("replyToId"), replyToId);
        return args;
    };
    row("reply: replyToId 0", m::MessagesSend, reply(0), "BAD_REQUEST");
    row("reply: replyToId as text", m::MessagesSend, reply(L("1")), "BAD_REQUEST");
    row("reply: no such message", m::MessagesSend, reply(kNoSuchId), "NOT_FOUND");
    const QLatin1StringView forward("messages.forward");
    auto forwardArgs = [&](const QCborValue &from, const QCborValue &messageIds,
                           const QCborValue &to, const QCborValue &randomIds) {
        return QCborMap{{L("fromChatId"), from},
                        {L("messageIds"), messageIds},
                        {L("toChatId"), to},
                        {L("randomIds"), randomIds}};
    };
    row("forward: 101 messages", forward, forwardArgs(chat, ints(101), chat, ints(101)),
        "TOO_LARGE");
    row("forward: random ids short", forward, forwardArgs(chat, ints(2), chat, ints(1)),
        "BAD_REQUEST");
    row("forward: ids as text", forward, forwardArgs(chat, L("1"), chat, ints(1)), "BAD_REQUEST");
    row("forward: from a chat the caller is not in", forward,
        forwardArgs(ids.foreignChat, ints(1), chat, QCborArray{4444}), "NOT_FOUND");
    row("forward: to a chat the caller is not in", forward,
        forwardArgs(chat, ints(1), ids.foreignChat, QCborArray{4445}), "NOT_FOUND");
    row("forward: before log-in", forward, forwardArgs(chat, ints(1), chat, ints(1)),
        "UNAUTHORIZED", false);
    // presence.get (§17.3).
    const QLatin1StringView presence("presence.get");
    row("presence: no ids", presence, {}, "BAD_REQUEST");
    row("presence: 101 ids", presence, {{L("userIds"), ints(101)}}, "TOO_LARGE");
    row("presence: ids as text", presence, {{L("userIds"), L("1")}}, "BAD_REQUEST");
    row("presence: id 0", presence, {{L("userIds"), QCborArray{0}}}, "BAD_REQUEST");
    row("presence.set: no online", QLatin1StringView("presence.set"), {}, "BAD_REQUEST");
    row("presence.set: online as text", QLatin1StringView("presence.set"), {{L("online"), L("no")}},
        "BAD_REQUEST");
    row("presence: before log-in", presence, {{L("userIds"), ints(1)}}, "UNAUTHORIZED", false);

    // updates.getDifference.
    row("difference: pts as array", m::UpdatesGetDifference, {{L("pts"), QCborArray{1}}},
        "BAD_REQUEST");
    row("difference: no pts", m::UpdatesGetDifference, {}, "BAD_REQUEST");
    row("difference: negative pts", m::UpdatesGetDifference, {{L("pts"), -1}}, "BAD_REQUEST");
    row("difference: limit past the slice cap", m::UpdatesGetDifference,
        {{L("pts"), 0}, {L("limit"), protocol::kMaxDifferenceSlice + 1}}, "BAD_REQUEST");
    row("difference: limit 0", m::UpdatesGetDifference, {{L("pts"), 0}, {L("limit"), 0}},
        "BAD_REQUEST");

    // users.* and chats.*.
    row("search: query as bool", m::UsersSearch, {{L("query"), true}}, "BAD_REQUEST");
    row("search: empty query", m::UsersSearch, {{L("query"), L("")}}, "BAD_REQUEST");
    row("search: 33-character query", m::UsersSearch, {{L("query"), QString(33, u'a')}},
        "TOO_LARGE");
    row("search: limit 51", m::UsersSearch, {{L("query"), L("a")}, {L("limit"), 51}},
        "BAD_REQUEST");
    row("users.get: no ids", m::UsersGet, {{L("ids"), QCborArray{}}}, "BAD_REQUEST");
    row("users.get: 101 ids", m::UsersGet, {{L("ids"), ints(101)}}, "BAD_REQUEST|TOO_LARGE");
    row("users.get: ids as text", m::UsersGet, {{L("ids"), QCborArray{L("a")}}}, "BAD_REQUEST");
    row("users.get: ids not an array", m::UsersGet, {{L("ids"), 5}}, "BAD_REQUEST");
    row("openPrivate: no userId", m::ChatsOpenPrivate, {}, "BAD_REQUEST");
    row("openPrivate: userId as text", m::ChatsOpenPrivate, {{L("userId"), L("x")}}, "BAD_REQUEST");
    row("openPrivate: no such user", m::ChatsOpenPrivate, {{L("userId"), kNoSuchId}}, "NOT_FOUND");
    row("chats.list: before log-in", m::ChatsList, {}, "UNAUTHORIZED", false);

    // devices.*.
    row("revoke: deviceId as text", m::DevicesRevoke, {{L("deviceId"), L("x")}}, "BAD_REQUEST");
    row("revoke: no such device", m::DevicesRevoke, {{L("deviceId"), kNoSuchId}},
        "NOT_FOUND|FORBIDDEN");
    row("revoke: before log-in", m::DevicesRevoke, {{L("deviceId"), 1}}, "UNAUTHORIZED", false);
    row("devices.list: before log-in", m::DevicesList, {}, "UNAUTHORIZED", false);

    // auth.* (on a connection that is not logged in).
    row("signUp: one-letter username", m::SignUp, signUpArgs(L("a"), kPassword), "USERNAME_INVALID",
        false);
    row("signUp: username starting with a digit", m::SignUp, signUpArgs(L("1abc"), kPassword),
        "USERNAME_INVALID", false);
    row("signUp: 33-character username", m::SignUp, signUpArgs(QString(33, u'a'), kPassword),
        "USERNAME_INVALID", false);
    row("signUp: username with capitals", m::SignUp, signUpArgs(L("Admin"), kPassword),
        "USERNAME_INVALID", false);
    row("signUp: username with a non-ASCII letter", m::SignUp,
        signUpArgs(QStringLiteral("ädmin"), kPassword), "USERNAME_INVALID", false);
    row("signUp: username as integer", m::SignUp, signUpArgs(5, kPassword), "BAD_REQUEST", false);
    row("signUp: username taken", m::SignUp, signUpArgs(L("watcher"), kPassword), "USERNAME_TAKEN",
        false);
    row("signUp: 5-byte password", m::SignUp, signUpArgs(L("newuser"), L("short")),
        "PASSWORD_INVALID", false);
    row("signUp: 257-byte password", m::SignUp,
        signUpArgs(L("newuser"), QString(proto::kMaxPasswordBytes + 1, u'p')), "PASSWORD_INVALID",
        false);
    row("signUp: empty device name", m::SignUp, signUpArgs(L("newuser"), kPassword, L("")),
        "BAD_REQUEST", false);
    row("signUp: 65-character device name", m::SignUp,
        signUpArgs(L("newuser"), kPassword, QString(65, u'd')), "BAD_REQUEST", false);
    row("logIn: no password", m::LogIn, {{L("username"), L("watcher")}, {L("deviceName"), L("x")}},
        "BAD_REQUEST", false);
    row("resume: short token", m::Resume, {{L("token"), L("x")}}, "UNAUTHORIZED", false);
    row("resume: forged 43-character token", m::Resume,
        {{L("token"), QString(proto::kTokenChars, u'A')}}, "UNAUTHORIZED", false);
    row("resume: token as integer", m::Resume, {{L("token"), 7}}, "BAD_REQUEST", false);
}

} // namespace msgr::test::hostile
