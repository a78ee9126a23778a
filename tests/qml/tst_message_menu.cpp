// The message menu through the real Main.qml over a real client signed in to the REAL
// msgr-server (issue 11, item 2), at desktop and phone sizes: a right-click opens the menu; Edit
// puts the text in the composer under an "Editing" bar, Enter sends the edit and the other user
// (bob, a protocol client) gets it while the bubble says "edited"; bob's own edit shows here as
// "edited" too; Up in the empty composer edits one's last message and Esc cancels it (the chat
// stays open); Reply puts a reply bar over the composer (× or Esc cancels it) and sends a reply
// whose bubble quotes bob's message (a tap on the quote shows it), bob's forward says "Forwarded
// from", and Forward picks a chat in a dialog (docs/protocol.md §19); "Delete for everyone"
// removes the message here and for bob. "Select" starts a selection: a tap on another bubble adds
// it (again: removes it), the bar counts them and forwards them in one go to another chat, in
// their order; Esc or Cancel ends the selection (the chat stays open). In a group "Pin" is offered
// to its owner and admins only (docs/protocol.md §17.4): not to alice as a member, then to her
// once bob makes her an admin.
#include "app/client_root.h"
#include "core/account/session.h"
#include "protocol/api/api.h"
#include "protocol/api/forwards.h"
#include "storage/profile_store.h"
#include "tests/core/core_test_helpers.h"
#include "tests/qml/app_takeover.h"
#include "tests/qml/qml_client_helpers.h"
#include "tests/qml/shell_driver.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "translations/ui_translations.h"

#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;
using namespace msgr::test;
namespace api = protocol::api;

namespace {
constexpr int kTimeoutMs = 20'000;
const QString kPassword = QStringLiteral("correct horse battery");
} // namespace

class TstMessageMenu : public QObject {
    Q_OBJECT
    ServerProcess m_server;
    QTemporaryDir m_profile;
    TestClient m_bob;
    qint64 m_chatId = 0;
    qint64 m_mine = 0; // alice's message
    qint64 m_bobs = 0; // bob's message
    qint64 m_aliceId = 0;
    qint64 m_reply = 0;   // alice's reply to bob's message
    qint64 m_groupId = 0; // bob's group with alice, a second chat to forward to
    qint64 m_randomId = 1;
    translations::UiTranslations m_translations; // English plurals ("1 message selected")
    std::unique_ptr<app::ClientRoot> m_client;
    std::unique_ptr<QQmlEngine> m_engine;
    std::unique_ptr<QQuickWindow> m_window;

    QQuickItem *item(const QString &name) const {
        return test::qml::visibleItem(m_window->contentItem(), name);
    }
    //! The delegate of the message among the view's current rows. A removed row's delegate
    //! may stay in the view's content, pooled for reuse with its old properties (culled, yet
    //! isVisible()), so only the items the view hands out for its rows count.
    QQuickItem *bubbleOf(qint64 messageId) const {
        QQuickItem *view = item(QStringLiteral("messageList"));
        if (!view)
            return nullptr;
        const int count = view->property("count").toInt();
        for (int row = 0; row < count; ++row) {
            QQuickItem *delegate = nullptr;
            QMetaObject::invokeMethod(view, "itemAtIndex", Q_RETURN_ARG(QQuickItem *, delegate),
                                      Q_ARG(int, row));
            if (delegate && delegate->property("messageId").toDouble() == double(messageId))
                return delegate;
        }
        return nullptr;
    }
    //! The visible item named `name` inside the delegate of `messageId` (null: none).
    QQuickItem *inBubble(qint64 messageId, const QString &name) const {
        return test::qml::visibleItem(bubbleOf(messageId), name);
    }
    bool resizeTo(int width) {
        m_window->resize(width, 700);
        return QTest::qWaitFor([&] { return m_window->contentItem()->width() == width; },
                               kTimeoutMs);
    }
    void click(QQuickItem *target, Qt::MouseButton button = Qt::LeftButton) {
        const QPointF centre = target->mapToScene(QPointF(target->width() / 2, 10));
        QTest::mouseClick(m_window.get(), button, Qt::NoModifier, centre.toPoint());
    }
    //! Right-clicks the message's bubble and waits for the menu.
    bool openMenu(qint64 messageId) {
        if (!QTest::qWaitFor([&] { return bubbleOf(messageId) != nullptr; }, kTimeoutMs))
            return false;
        click(bubbleOf(messageId), Qt::RightButton);
        if (!QTest::qWaitFor([&] { return item(QStringLiteral("menuCopy")) != nullptr; },
                             kTimeoutMs))
            return false;
        // The menu moves once its size is known (kept inside the window): click only after its
        // items stay where they are.
        QPointF last(-1, -1);
        int steady = 0;
        return QTest::qWaitFor(
            [&] {
                QQuickItem *copy = item(QStringLiteral("menuCopy"));
                const QPointF now = copy ? copy->mapToScene(QPointF(0, 0)) : QPointF(-1, -1);
                steady = now == last ? steady + 1 : 0;
                last = now;
                return steady >= 3;
            },
            kTimeoutMs);
    }
    //! Clicks the visible item `name` once it stays where it is: popups and dialogs move once
    //! their size is known (centred, or kept inside the window).
    bool clickWhenSteady(const QString &name) {
        QPointF last(-1, -1);
        int steady = 0;
        const bool settled = QTest::qWaitFor(
            [&] {
                QQuickItem *target = item(name);
                const QPointF now = target ? target->mapToScene(QPointF(0, 0)) : QPointF(-1, -1);
                steady = target && now == last ? steady + 1 : 0;
                last = now;
                return steady >= 3;
            },
            kTimeoutMs);
        if (settled)
            click(item(name));
        return settled;
    }
    //! A bubble's text as the user reads it (the item holds rich text: links, escapes).
    static QString plainText(QQuickItem *textItem) {
        QString text;
        QMetaObject::invokeMethod(textItem, "getText", Q_RETURN_ARG(QString, text), Q_ARG(int, 0),
                                  Q_ARG(int, textItem->property("length").toInt()));
        return text;
    }
    //! Bob's copy of the newest message of `chatId` with this text.
    std::optional<protocol::Message> bobsMessage(qint64 chatId, const QString &text) {
        const auto page = m_bob.call(api::GetHistory{chatId, 0, 50});
        if (!page.ok())
            return std::nullopt;
        for (qsizetype i = page.value->messages.size() - 1; i >= 0; --i)
            if (page.value->messages.at(i).text == text)
                return page.value->messages.at(i);
        return std::nullopt;
    }
    QString textOf(QQuickItem *from, const QString &name) const {
        QQuickItem *found = test::qml::visibleItem(from, name);
        return found ? found->property("text").toString() : QStringLiteral("<none>");
    }
    QString bobsCopyOf(qint64 messageId) {
        const auto page = m_bob.call(api::GetHistory{m_chatId, 0, 50});
        if (!page.ok())
            return QStringLiteral("<no history>");
        for (const protocol::Message &m : page.value->messages)
            if (m.id == messageId)
                return m.text;
        return {};
    }

private slots:
    void initTestCase() {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        qRegisterMetaType<storage::ChangeSet>();
        QCOMPARE(m_translations.apply(QStringLiteral("en")), QStringLiteral("en"));
        QVERIFY(m_server.start());
        // Alice signs up from a protocol client whose session the app then takes over.
        TestClient alice;
        QVERIFY(alice.connectTo(m_server.wsUrl()));
        QVERIFY(!alice.signUp(QStringLiteral("alice"), kPassword).isEmpty());
        QVERIFY(m_bob.connectTo(m_server.wsUrl()));
        QVERIFY(!m_bob.signUp(QStringLiteral("bob"), kPassword).isEmpty());
        const auto opened = alice.call(api::OpenPrivateChat{m_bob.userId()});
        MSGR_VERIFY_OK(opened);
        m_chatId = opened.value->chat.id;
        m_aliceId = alice.userId();
        const auto mine =
            alice.call(api::SendMessage{m_chatId, m_randomId++, QStringLiteral("see you at 5")});
        MSGR_VERIFY_OK(mine);
        m_mine = mine.value->message.id;
        const auto bobs =
            m_bob.call(api::SendMessage{m_chatId, m_randomId++, QStringLiteral("ok, at the cafe")});
        MSGR_VERIFY_OK(bobs);
        m_bobs = bobs.value->message.id;
        m_client = test::qml::takeOverSession(alice, QStringLiteral("alice"), m_server.wsUrl(),
                                              m_profile.path(), kTimeoutMs);
        QVERIFY2(m_client, "the app took the session over and signed in");

        m_engine = std::make_unique<QQmlEngine>();
        m_engine->addImportPath(QStringLiteral("qrc:/"));
        QQmlComponent main(m_engine.get(), QUrl(QStringLiteral("qrc:/Messenger/Ui/Main.qml")));
        m_window.reset(qobject_cast<QQuickWindow *>(main.create()));
        QVERIFY2(m_window, qPrintable(main.errorString()));
        QVERIFY(resizeTo(1000));
        m_window->requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QQuickItem *list = item(QStringLiteral("chatList"));
        QVERIFY(list);
        QTRY_COMPARE_WITH_TIMEOUT(list->property("count").toInt(), 1, kTimeoutMs);
        QTest::keyClick(m_window.get(), Qt::Key_Tab, Qt::ControlModifier); // open the chat
        QTRY_VERIFY_WITH_TIMEOUT(bubbleOf(m_bobs), kTimeoutMs);
    }

    void cleanupTestCase() {
        m_window.reset();
        m_engine.reset();
        m_client.reset();
    }

    void editFromTheMenuReachesTheOtherUserAndSaysEdited() {
        QVERIFY(openMenu(m_mine));
        QVERIFY(item(QStringLiteral("menuEdit")));
        click(item(QStringLiteral("menuEdit")));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("editBar")), kTimeoutMs);
        QQuickItem *input = item(QStringLiteral("composerInput"));
        QVERIFY(input);
        QCOMPARE(input->property("text").toString(), QStringLiteral("see you at 5"));
        input->setProperty("text", QStringLiteral("see you at 6"));
        QTest::keyClick(m_window.get(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("editBar")), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(bobsCopyOf(m_mine), QStringLiteral("see you at 6"), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(inBubble(m_mine, QStringLiteral("editedMark")), kTimeoutMs);
        QCOMPARE(plainText(inBubble(m_mine, QStringLiteral("bubbleText"))),
                 QStringLiteral("see you at 6"));
        // Someone else's message offers no Edit.
        QVERIFY(openMenu(m_bobs));
        QVERIFY(!item(QStringLiteral("menuEdit")));
        click(item(QStringLiteral("menuCopy"))); // copies and closes the menu
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("menuCopy")), kTimeoutMs);
        QVERIFY(item(QStringLiteral("chatPage")));
    }

    void theOtherUsersEditShowsAsEdited() {
        QVERIFY(!inBubble(m_bobs, QStringLiteral("editedMark")));
        MSGR_VERIFY_OK(
            m_bob.call(api::EditMessage{m_chatId, m_bobs, QStringLiteral("ok, at the park")}));
        QTRY_VERIFY_WITH_TIMEOUT(inBubble(m_bobs, QStringLiteral("editedMark")), kTimeoutMs);
        QCOMPARE(plainText(inBubble(m_bobs, QStringLiteral("bubbleText"))),
                 QStringLiteral("ok, at the park"));
    }

    void upEditsTheLastMessageAndEscCancels() {
        QQuickItem *input = item(QStringLiteral("composerInput"));
        QVERIFY(input);
        input->forceActiveFocus();
        QTest::keyClick(m_window.get(), Qt::Key_Up);
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("editBar")), kTimeoutMs);
        QCOMPARE(input->property("text").toString(), QStringLiteral("see you at 6"));
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("editBar")), kTimeoutMs);
        QCOMPARE(input->property("text").toString(), QString());
        QVERIFY(item(QStringLiteral("chatPage"))); // Esc cancelled the edit, not the chat
    }

    void replyFromTheMenuQuotesTheMessage() {
        QVERIFY(openMenu(m_bobs));
        QVERIFY(item(QStringLiteral("menuReply")));
        click(item(QStringLiteral("menuReply")));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("replyBar")), kTimeoutMs);
        QCOMPARE(textOf(item(QStringLiteral("replyBar")), QStringLiteral("quoteSender")),
                 QStringLiteral("Reply to bob"));
        QCOMPARE(textOf(item(QStringLiteral("replyBar")), QStringLiteral("quoteExcerpt")),
                 QStringLiteral("ok, at the park"));
        QQuickItem *input = item(QStringLiteral("composerInput"));
        QVERIFY(input);
        input->setProperty("text", QStringLiteral("see you there"));
        QTest::keyClick(m_window.get(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("replyBar")), kTimeoutMs);
        // Bob gets it with the server's quote of his message.
        std::optional<protocol::Message> atBob;
        QTRY_VERIFY_WITH_TIMEOUT((atBob = bobsMessage(m_chatId, QStringLiteral("see you there"))),
                                 kTimeoutMs);
        QCOMPARE(atBob->replyTo,
                 (protocol::ReplyTo{m_bobs, m_bob.userId(), QStringLiteral("ok, at the park")}));
        m_reply = atBob->id;
        // The bubble quotes it too.
        QTRY_VERIFY_WITH_TIMEOUT(inBubble(m_reply, QStringLiteral("bubbleQuote")), kTimeoutMs);
        QQuickItem *quote = inBubble(m_reply, QStringLiteral("bubbleQuote"));
        QCOMPARE(textOf(quote, QStringLiteral("quoteSender")), QStringLiteral("bob"));
        QCOMPARE(textOf(quote, QStringLiteral("quoteExcerpt")), QStringLiteral("ok, at the park"));
        QVERIFY(!inBubble(m_bobs, QStringLiteral("bubbleQuote"))); // not a reply
    }

    void escAndTheCrossCancelAReply() {
        QVERIFY(openMenu(m_bobs));
        click(item(QStringLiteral("menuReply")));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("replyBar")), kTimeoutMs);
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("replyBar")), kTimeoutMs);
        QVERIFY(item(QStringLiteral("chatPage"))); // Esc cancelled the reply, not the chat
        QVERIFY(openMenu(m_bobs));
        click(item(QStringLiteral("menuReply")));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("cancelReplyButton")), kTimeoutMs);
        QVERIFY(clickWhenSteady(QStringLiteral("cancelReplyButton")));
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("replyBar")), kTimeoutMs);
        // What is sent now answers nothing.
        QQuickItem *input = item(QStringLiteral("composerInput"));
        input->forceActiveFocus();
        input->setProperty("text", QStringLiteral("no reply"));
        QTest::keyClick(m_window.get(), Qt::Key_Return);
        std::optional<protocol::Message> atBob;
        QTRY_VERIFY_WITH_TIMEOUT((atBob = bobsMessage(m_chatId, QStringLiteral("no reply"))),
                                 kTimeoutMs);
        QVERIFY(!atBob->replyTo);
    }

    void aTapOnTheQuoteShowsTheOriginal() {
        QQuickItem *page = item(QStringLiteral("chatPage"));
        QCOMPARE(page->property("highlightedLocalId").toDouble(), 0.0);
        QTRY_VERIFY_WITH_TIMEOUT(inBubble(m_reply, QStringLiteral("bubbleQuote")), kTimeoutMs);
        click(inBubble(m_reply, QStringLiteral("bubbleQuote")));
        QTRY_VERIFY_WITH_TIMEOUT(bubbleOf(m_bobs)->property("highlighted").toBool(), kTimeoutMs);
        QCOMPARE(page->property("highlightedLocalId").toDouble(),
                 bubbleOf(m_bobs)->property("localId").toDouble());
    }

    void aForwardedMessageSaysFromWhom() {
        const auto forwarded =
            m_bob.call(api::ForwardMessages{m_chatId, {m_mine}, m_chatId, {m_randomId++}});
        MSGR_VERIFY_OK(forwarded);
        const qint64 copy = forwarded.value->messageIds.first();
        // The tap on the quote left the newest messages: back to them, as the user would.
        if (QQuickItem *newest = item(QStringLiteral("scrollToNewestButton")))
            click(newest);
        QTRY_VERIFY_WITH_TIMEOUT(inBubble(copy, QStringLiteral("forwardedLine")), kTimeoutMs);
        QCOMPARE(textOf(bubbleOf(copy), QStringLiteral("forwardedLine")),
                 QStringLiteral("Forwarded from alice"));
        QVERIFY(!inBubble(m_mine, QStringLiteral("forwardedLine")));
    }

    void forwardFromTheMenuPicksAChat() {
        // A group bob makes with alice: a second chat to forward to.
        const auto group =
            m_bob.call(api::CreateGroup{m_randomId++, QStringLiteral("weekend"), {m_aliceId}});
        MSGR_VERIFY_OK(group);
        const qint64 groupId = group.value->chat.id;
        m_groupId = groupId;
        QVERIFY(openMenu(m_bobs));
        QVERIFY(item(QStringLiteral("menuForward")));
        click(item(QStringLiteral("menuForward")));
        // (The dialog is a popup, not an item: its list is what shows.)
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("forwardChatList")), kTimeoutMs);
        QQuickItem *list = item(QStringLiteral("forwardChatList"));
        QVERIFY(list);
        QTRY_VERIFY_WITH_TIMEOUT(test::qml::delegateWith(list, "chatId", groupId), kTimeoutMs);
        QQuickItem *target = test::qml::delegateWith(list, "chatId", groupId);
        QPointF last(-1, -1);
        int steady = 0;
        QVERIFY(QTest::qWaitFor(
            [&] {
                const QPointF now = target->mapToScene(QPointF(0, 0));
                steady = now == last ? steady + 1 : 0;
                last = now;
                return steady >= 3;
            },
            kTimeoutMs));
        click(target);
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("forwardChatList")), kTimeoutMs);
        std::optional<protocol::Message> atBob;
        QTRY_VERIFY_WITH_TIMEOUT((atBob = bobsMessage(groupId, QStringLiteral("ok, at the park"))),
                                 kTimeoutMs);
        QCOMPARE(atBob->senderId, m_aliceId);
        QVERIFY(atBob->forwardedFrom);
        QCOMPARE(atBob->forwardedFrom->senderId, m_bob.userId());
    }

    //! The count the selection bar shows ("" while there is none).
    QString selectionLine() const {
        QQuickItem *bar = item(QStringLiteral("selectionBar"));
        return bar ? textOf(bar, QStringLiteral("selectionCount")) : QString();
    }
    //! The texts of the last `n` messages of `chatId` as bob reads them, oldest first.
    QStringList bobsLast(qint64 chatId, int n) {
        const auto page = m_bob.call(api::GetHistory{chatId, 0, 50});
        QStringList texts;
        if (page.ok())
            for (const protocol::Message &m : page.value->messages)
                texts.append(m.text);
        return texts.mid(std::max<qsizetype>(0, texts.size() - n));
    }

    void selectSeveralAndForwardThemAtOnce() {
        const auto noReply = bobsMessage(m_chatId, QStringLiteral("no reply"));
        QVERIFY(noReply);
        if (QQuickItem *newest = item(QStringLiteral("scrollToNewestButton")))
            click(newest);
        QVERIFY(openMenu(m_bobs));
        QVERIFY(item(QStringLiteral("menuSelect")));
        click(item(QStringLiteral("menuSelect")));
        QTRY_COMPARE_WITH_TIMEOUT(selectionLine(), QStringLiteral("1 message selected"),
                                  kTimeoutMs);
        QVERIFY(bubbleOf(m_bobs)->property("highlighted").toBool());
        // A tap adds a message; a second tap takes it out again; a third puts it back.
        QTRY_VERIFY_WITH_TIMEOUT(bubbleOf(noReply->id), kTimeoutMs);
        click(bubbleOf(noReply->id));
        QTRY_COMPARE_WITH_TIMEOUT(selectionLine(), QStringLiteral("2 messages selected"),
                                  kTimeoutMs);
        click(bubbleOf(noReply->id));
        QTRY_COMPARE_WITH_TIMEOUT(selectionLine(), QStringLiteral("1 message selected"),
                                  kTimeoutMs);
        QVERIFY(!bubbleOf(noReply->id)->property("highlighted").toBool());
        click(bubbleOf(noReply->id));
        QTRY_COMPARE_WITH_TIMEOUT(selectionLine(), QStringLiteral("2 messages selected"),
                                  kTimeoutMs);

        // Forward: one dialog, one chat chosen, both copies there in their order.
        QVERIFY(clickWhenSteady(QStringLiteral("forwardSelectedButton")));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("forwardChatList")), kTimeoutMs);
        QQuickItem *list = item(QStringLiteral("forwardChatList"));
        QTRY_VERIFY_WITH_TIMEOUT(test::qml::delegateWith(list, "chatId", m_groupId), kTimeoutMs);
        QQuickItem *target = test::qml::delegateWith(list, "chatId", m_groupId);
        QPointF last(-1, -1);
        int steady = 0;
        QVERIFY(QTest::qWaitFor(
            [&] {
                const QPointF now = target->mapToScene(QPointF(0, 0));
                steady = now == last ? steady + 1 : 0;
                last = now;
                return steady >= 3;
            },
            kTimeoutMs));
        click(target);
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("selectionBar")), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(
            bobsLast(m_groupId, 2),
            (QStringList{QStringLiteral("ok, at the park"), QStringLiteral("no reply")}),
            kTimeoutMs);

        // Esc ends a selection, not the chat; so does Cancel.
        QVERIFY(openMenu(m_bobs));
        click(item(QStringLiteral("menuSelect")));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("selectionBar")), kTimeoutMs);
        click(bubbleOf(noReply->id));
        QTRY_COMPARE_WITH_TIMEOUT(selectionLine(), QStringLiteral("2 messages selected"),
                                  kTimeoutMs);
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("selectionBar")), kTimeoutMs);
        QVERIFY(item(QStringLiteral("chatPage")));
        // (A tap that also reached a quote highlights its original for 2 s: waited out.)
        QTRY_VERIFY_WITH_TIMEOUT(!bubbleOf(m_bobs)->property("highlighted").toBool(), kTimeoutMs);
        QVERIFY(openMenu(m_bobs));
        click(item(QStringLiteral("menuSelect")));
        QVERIFY(clickWhenSteady(QStringLiteral("cancelSelectionButton")));
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("selectionBar")), kTimeoutMs);
        QVERIFY(item(QStringLiteral("chatPage")));
    }

    //! The message pinned in the chat as bob's chat list reads it (-1: not listed).
    qint64 bobsPinned() {
        const auto chats = m_bob.call(api::ListChats{});
        if (chats.ok())
            for (const protocol::ChatSummary &s : chats.value->chats)
                if (s.chat.id == m_chatId)
                    return s.chat.pinnedMessageId;
        return -1;
    }

    // docs/protocol.md §17.4: "Pin" in the menu pins for both sides, the bar at the top shows
    // the message and a tap on it shows the message; "Unpin" takes it away.
    void pinFromTheMenuShowsTheBarAndUnpinRemovesIt() {
        QVERIFY(!item(QStringLiteral("chatPinnedBar")));
        QVERIFY(openMenu(m_bobs));
        QCOMPARE(textOf(m_window->contentItem(), QStringLiteral("menuPin")), QStringLiteral("Pin"));
        click(item(QStringLiteral("menuPin")));
        QTRY_COMPARE_WITH_TIMEOUT(bobsPinned(), m_bobs, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("chatPinnedBar")), kTimeoutMs);
        QQuickItem *bar = item(QStringLiteral("chatPinnedBar"));
        QCOMPARE(textOf(bar, QStringLiteral("quoteSender")),
                 QStringLiteral("Pinned message · bob"));
        QCOMPARE(textOf(bar, QStringLiteral("quoteExcerpt")), QStringLiteral("ok, at the park"));
        QVERIFY(clickWhenSteady(QStringLiteral("pinnedBarQuote")));
        QTRY_VERIFY_WITH_TIMEOUT(
            bubbleOf(m_bobs) && bubbleOf(m_bobs)->property("highlighted").toBool(), kTimeoutMs);
        QVERIFY(openMenu(m_bobs));
        QCOMPARE(textOf(m_window->contentItem(), QStringLiteral("menuPin")),
                 QStringLiteral("Unpin"));
        click(item(QStringLiteral("menuPin")));
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("chatPinnedBar")), kTimeoutMs);
        QCOMPARE(bobsPinned(), 0);
    }

    void deleteForEveryoneAtPhoneWidth() {
        QVERIFY(resizeTo(400));
        QVERIFY(openMenu(m_mine));
        click(item(QStringLiteral("menuDelete")));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("deleteForEveryoneButton")), kTimeoutMs);
        QVERIFY(clickWhenSteady(QStringLiteral("deleteForEveryoneButton")));
        QTRY_VERIFY_WITH_TIMEOUT(!bubbleOf(m_mine), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(bobsCopyOf(m_mine), QString(), kTimeoutMs);
        // Bob's message: only "for me", and it stays with bob.
        QVERIFY(openMenu(m_bobs));
        click(item(QStringLiteral("menuDelete")));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("deleteForMeButton")), kTimeoutMs);
        QVERIFY(!item(QStringLiteral("deleteForEveryoneButton")));
        QVERIFY(clickWhenSteady(QStringLiteral("deleteForMeButton")));
        QTRY_VERIFY_WITH_TIMEOUT(!bubbleOf(m_bobs), kTimeoutMs);
        QCOMPARE(bobsCopyOf(m_bobs), QStringLiteral("ok, at the park"));
    }

    //! Whether the open chat page offers pinning now.
    bool pageOffersPin() const {
        QVariant offered;
        QQuickItem *page = item(QStringLiteral("chatPage"));
        return page && QMetaObject::invokeMethod(page, "canPin", Q_RETURN_ARG(QVariant, offered)) &&
               offered.toBool();
    }

    void pinIsOfferedInAGroupToItsAdminsOnly() {
        QVERIFY(resizeTo(1000));
        test::qml::openChatFromList(m_window.get(), m_groupId, kTimeoutMs);
        const auto plans =
            m_bob.call(api::SendMessage{m_groupId, m_randomId++, QStringLiteral("group plans")});
        MSGR_VERIFY_OK(plans);
        const qint64 message = plans.value->message.id;
        // Alice is a member: the menu has no Pin (the server would refuse it).
        QVERIFY(openMenu(message));
        QVERIFY(item(QStringLiteral("menuSelect")));
        QVERIFY(!item(QStringLiteral("menuPin")));
        click(item(QStringLiteral("menuCopy")));
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("menuCopy")), kTimeoutMs);
        // Made an admin by bob: offered, and it pins for everyone.
        MSGR_VERIFY_OK(m_bob.call(api::SetGroupRole{m_groupId, m_aliceId, api::GroupRole::Admin}));
        QTRY_VERIFY_WITH_TIMEOUT(pageOffersPin(), kTimeoutMs);
        QVERIFY(openMenu(message));
        QVERIFY(item(QStringLiteral("menuPin")));
        click(item(QStringLiteral("menuPin")));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("chatPinnedBar")), kTimeoutMs);
    }
};

QTEST_MAIN(TstMessageMenu)

#include "tst_message_menu.moc"
