// The desktop's keyboard shortcuts through the real Main.qml over a real client (issue 11,
// item 3), as Telegram Desktop has them: Ctrl+Tab / Ctrl+Shift+Tab walk the chat list in the
// order it is shown (wrapping around), Esc closes the open chat, Ctrl+K opens the search with
// the cursor in it, at phone width too (back to the list first). The profile holds four chats
// with messages at different times, so the list's order is the newest activity first.
//
// No server: the stored session signs in offline, as in tst_qml_big_ids.
#include "app/client_root.h"
#include "core/account/session.h"
#include "storage/profile_store.h"
#include "storage/tables/users_table.h"
#include "tests/core/core_test_helpers.h"
#include "tests/qml/qml_client_helpers.h"

#include <QDateTime>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace msgr;

namespace {

constexpr int kTimeoutMs = 20'000;
constexpr qint64 kSelf = 1;
// Chats in the order the list shows them: the newest message first.
const QList<qint64> kShownOrder{14, 11, 13, 12};
const QStringList kNames{QStringLiteral("Anna"), QStringLiteral("Boris"), QStringLiteral("Vera"),
                         QStringLiteral("Gleb")};

} // namespace

class TstKeyboardShortcuts : public QObject {
    Q_OBJECT
    QTemporaryDir m_profile;
    std::unique_ptr<app::ClientRoot> m_client;
    std::unique_ptr<QQmlEngine> m_engine;
    std::unique_ptr<QQuickWindow> m_window;

    QQuickItem *item(const QString &name) const {
        return test::qml::visibleItem(m_window->contentItem(), name);
    }
    //! The chat shown now (0: none).
    qint64 openChat() const {
        QQuickItem *page = item(QStringLiteral("chatPage"));
        return page ? qint64(page->property("chatId").toDouble()) : 0;
    }
    QString openTitle() const {
        QQuickItem *page = item(QStringLiteral("chatPage"));
        return page ? page->property("chatTitle").toString() : QString();
    }
    void press(int key, Qt::KeyboardModifiers modifiers = Qt::ControlModifier) {
        QTest::keyClick(m_window.get(), Qt::Key(key), modifiers);
    }
    bool resizeTo(int width) {
        m_window->resize(width, 700);
        // The shell picks its layout from its width: wait until it has this one.
        return QTest::qWaitFor(
            [&] {
                QQuickItem *list = item(QStringLiteral("chatListPage"));
                return list && m_window->contentItem()->width() == width;
            },
            kTimeoutMs);
    }

private slots:
    void initTestCase() {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        qRegisterMetaType<storage::ChangeSet>();
        {
            storage::ProfileStore seed;
            QVERIFY(test::openStore(seed, m_profile.path()));
            test::saveAccount(seed, {kSelf, 1, QStringLiteral("self"), QStringLiteral("t"), 0});
            QList<storage::UserRecord> users;
            for (int i = 0; i < kNames.size(); ++i)
                users.append({11 + i, kNames.at(i).toLower(), kNames.at(i)});
            seed.write(
                [users](storage::WriteTransaction &tx) { storage::UsersTable::store(tx, users); });
            const qint64 base = QDateTime::currentMSecsSinceEpoch() - 86'400'000;
            QList<protocol::Update> updates;
            for (qint64 chat = 11; chat <= 14; ++chat)
                updates.append(protocol::NewChatUpdate{
                    {chat, protocol::ChatKind::Private, {}, {kSelf, chat}, base}});
            // One message per chat; its time sets the list's order (kShownOrder).
            for (int i = 0; i < kShownOrder.size(); ++i) {
                const qint64 chat = kShownOrder.at(i);
                updates.append(protocol::NewMessageUpdate{
                    {100 + i, chat, chat, base + (10 - i) * 60'000, QStringLiteral("hello"), 0}});
            }
            qint64 pts = 0;
            QVERIFY(test::qml::applyUpdates(seed, updates, pts, kTimeoutMs));
        }
        core::ClientConfig config;
        config.serverUrl = QUrl(QStringLiteral("ws://127.0.0.1:1")); // nobody answers
        config.profileDir = m_profile.path();
        config.rawKey = test::testKey();
        m_client = std::make_unique<app::ClientRoot>(config);
        m_client->start();
        QTRY_COMPARE_WITH_TIMEOUT(m_client->session()->state(), core::Session::SignedIn,
                                  kTimeoutMs);

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
        QTRY_COMPARE_WITH_TIMEOUT(list->property("count").toInt(), kShownOrder.size(), kTimeoutMs);
    }

    void cleanupTestCase() {
        m_window.reset();
        m_engine.reset();
        m_client.reset();
    }

    void ctrlTabWalksTheListInItsOrder() {
        QCOMPARE(openChat(), 0);
        press(Qt::Key_Tab); // nothing open: the first chat of the list
        QTRY_COMPARE_WITH_TIMEOUT(openChat(), kShownOrder.at(0), kTimeoutMs);
        QCOMPARE(openTitle(), QStringLiteral("Gleb"));
        press(Qt::Key_Tab);
        QTRY_COMPARE_WITH_TIMEOUT(openChat(), kShownOrder.at(1), kTimeoutMs);
        press(Qt::Key_PageDown);
        QTRY_COMPARE_WITH_TIMEOUT(openChat(), kShownOrder.at(2), kTimeoutMs);
        press(Qt::Key_Backtab, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(openChat(), kShownOrder.at(1), kTimeoutMs);
        press(Qt::Key_PageUp);
        press(Qt::Key_PageUp); // from the first chat back round to the last
        QTRY_COMPARE_WITH_TIMEOUT(openChat(), kShownOrder.last(), kTimeoutMs);
        QCOMPARE(openTitle(), QStringLiteral("Boris"));
    }

    void escClosesTheChat() {
        QVERIFY(openChat() != 0);
        press(Qt::Key_Escape, Qt::NoModifier);
        QTRY_COMPARE_WITH_TIMEOUT(openChat(), 0, kTimeoutMs);
        QVERIFY(item(QStringLiteral("chatListPage")));
    }

    void ctrlKOpensTheSearchAtBothSizes() {
        press(Qt::Key_K);
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("historySearchField")), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("historySearchField"))->hasActiveFocus(),
                                 kTimeoutMs);
        QTest::keyClick(m_window.get(), Qt::Key_Escape); // the field's own Esc closes it
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("historySearchField")), kTimeoutMs);

        // Phone width, a chat open: Ctrl+K goes back to the list and searches there.
        QVERIFY(resizeTo(400));
        press(Qt::Key_Tab);
        QTRY_VERIFY_WITH_TIMEOUT(openChat() != 0, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("chatListPage")), kTimeoutMs);
        press(Qt::Key_K);
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("historySearchField")), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("historySearchField"))->hasActiveFocus(),
                                 kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(openChat(), 0, kTimeoutMs); // the chat's page has left
    }
};

QTEST_MAIN(TstKeyboardShortcuts)

#include "tst_keyboard_shortcuts.moc"
