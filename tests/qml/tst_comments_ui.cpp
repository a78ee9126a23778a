// Comments on channel posts through the real Main.qml over a real client signed in to the REAL
// msgr-server (docs/protocol.md §22), at desktop (1280x800) and phone (390x844) size: under a
// channel post its count ("60 comments"), moved live by another subscriber's comment; the
// button opens the thread page on its newest page, scrolling up loads the older ones (each
// comment once), a comment typed and sent appears and raises the count, and the page closes
// back to the channel.
#include "app/client_root.h"
#include "core/account/session.h"
#include "crypto/sodium.h"
#include "protocol/api/api.h"
#include "protocol/api/comments.h"
#include "storage/profile_store.h"
#include "storage/tables/channels_table.h"
#include "tests/core/core_test_helpers.h"
#include "tests/qml/app_takeover.h"
#include "tests/qml/qml_client_helpers.h"
#include "tests/qml/shell_driver.h"
#include "tests/support/server_process.h"
#include "tests/support/test_client.h"
#include "translations/ui_translations.h"

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
constexpr int kComments = 60; // more than a page (50) and more than a screen
const QString kPassword = QStringLiteral("correct horse battery");
} // namespace

class TstCommentsUi : public QObject {
    Q_OBJECT
    ServerProcess m_server{{QStringLiteral("--user-write-burst"), QStringLiteral("5000")}};
    QTemporaryDir m_profile;
    TestClient m_olga, m_ann;
    qint64 m_channel = 0;
    qint64 m_post = 0;
    int m_expected = kComments;                  // comments on the post so far
    translations::UiTranslations m_translations; // English plurals ("60 comments")
    std::unique_ptr<app::ClientRoot> m_client;
    test::qml::ShellWindow m_shell;
    QQuickWindow *m_window = nullptr;

    QQuickItem *item(const QString &name) const {
        return test::qml::visibleItem(m_window->contentItem(), name);
    }
    QString text(const QString &name) const {
        QQuickItem *found = item(name);
        return found ? found->property("text").toString() : QStringLiteral("<hidden>");
    }
    bool press(const QString &name) {
        if (!QTest::qWaitFor([&] { return item(name) != nullptr; }, kTimeoutMs)) {
            qWarning("%s not shown", qPrintable(name));
            return false;
        }
        return QMetaObject::invokeMethod(item(name), "clicked");
    }
    bool comment(const QString &text) {
        return m_ann.call(api::CommentOnPost{m_channel, m_post, crypto::randomNonZeroInt63(), text})
            .ok();
    }

private slots:
    void initTestCase() {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        qRegisterMetaType<storage::ChangeSet>();
        QCOMPARE(m_translations.apply(QStringLiteral("en")), QStringLiteral("en"));
        QVERIFY(m_server.start());
        QVERIFY(m_olga.connectTo(m_server.wsUrl()));
        QVERIFY(!m_olga.signUp(QStringLiteral("olga"), kPassword).isEmpty());
        QVERIFY(m_ann.connectTo(m_server.wsUrl()));
        QVERIFY(!m_ann.signUp(QStringLiteral("ann"), kPassword).isEmpty());
        const auto created =
            m_olga.call(api::CreateChannel{1, QStringLiteral("Rocket news"),
                                           QStringLiteral("Launches"), QStringLiteral("rockets")});
        MSGR_VERIFY_OK(created);
        m_channel = created.value->channel.id;
        const auto posted =
            m_olga.call(api::PostToChannel{m_channel, 2, QStringLiteral("T-minus 10 days")});
        MSGR_VERIFY_OK(posted);
        m_post = posted.value->message.id;
        MSGR_VERIFY_OK(m_ann.call(api::SubscribeChannel{m_channel}));
        for (int i = 0; i < kComments; ++i)
            QVERIFY(comment(QStringLiteral("comment %1").arg(i)));

        // Alice subscribes from a protocol client whose session the app then takes over.
        TestClient alice;
        QVERIFY(alice.connectTo(m_server.wsUrl()));
        QVERIFY(!alice.signUp(QStringLiteral("alice"), kPassword).isEmpty());
        MSGR_VERIFY_OK(alice.call(api::SubscribeChannel{m_channel}));
        m_client = test::qml::takeOverSession(alice, QStringLiteral("alice"), m_server.wsUrl(),
                                              m_profile.path(), kTimeoutMs);
        QVERIFY2(m_client, "the app took the session over and signed in");
        QVERIFY(m_shell.show(QSize(1280, 800)));
        m_window = m_shell.window();
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("chatList")), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(test::read(*m_client->store(),
                                            [id = m_channel](storage::ReadTransaction &tx) {
                                                return storage::ChannelsTable::load(tx, id);
                                            })
                                     .has_value(),
                                 kTimeoutMs);
    }

    void cleanupTestCase() {
        m_window = nullptr;
        m_shell.reset();
        m_client.reset();
    }

    void thePostsButtonOpensItsThread_data() {
        QTest::addColumn<QSize>("size");
        QTest::newRow("desktop") << QSize(1280, 800);
        QTest::newRow("phone") << QSize(390, 844);
    }

    void thePostsButtonOpensItsThread() {
        QFETCH(QSize, size);
        test::qml::resizeShell(m_window, size, kTimeoutMs);
        test::qml::openChatFromList(m_window, m_channel, kTimeoutMs);

        // The count under the post, and live when another subscriber comments.
        QTRY_COMPARE_WITH_TIMEOUT(text(QStringLiteral("commentsButton")),
                                  QStringLiteral("%1 comments").arg(m_expected), kTimeoutMs);
        QVERIFY(comment(QStringLiteral("live %1").arg(QTest::currentDataTag())));
        ++m_expected;
        QTRY_COMPARE_WITH_TIMEOUT(text(QStringLiteral("commentsButton")),
                                  QStringLiteral("%1 comments").arg(m_expected), kTimeoutMs);

        // The thread opens on its newest page, over the chat (full screen on a phone).
        QVERIFY(press(QStringLiteral("commentsButton")));
        QTRY_VERIFY_WITH_TIMEOUT(item(QStringLiteral("commentsList")), kTimeoutMs);
        QQuickItem *list = item(QStringLiteral("commentsList"));
        QTRY_COMPARE_WITH_TIMEOUT(list->property("count").toInt(), api::kDefaultCommentsPage,
                                  kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(text(QStringLiteral("commentsTitle")),
                                  QStringLiteral("%1 comments").arg(m_expected), kTimeoutMs);
        // A phone shows the thread full screen; a wide window a centred panel.
        QQuickItem *content = list->parentItem();
        QVERIFY(content);
        if (size.width() < 720)
            QCOMPARE(qRound(content->width()), size.width());
        else
            QVERIFY(content->width() < size.width() / 2.0);
        QVERIFY(list->property("contentHeight").toReal() > list->height()); // more than a screen

        // Scrolling to the top loads the older page: every comment, once.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                list->setProperty("contentY", list->property("originY").toReal());
                return list->property("count").toInt() == m_expected;
            }(),
            kTimeoutMs);
        QObject *model = list->property("model").value<QObject *>();
        QVERIFY(model);
        QCOMPARE(model->property("hasOlder").toBool(), false);

        // Alice comments: shown, and counted under the post.
        QVERIFY(item(QStringLiteral("commentInput"))
                    ->setProperty("text",
                                  QStringLiteral("go go go (%1)").arg(QTest::currentDataTag())));
        QVERIFY(press(QStringLiteral("sendComment")));
        ++m_expected;
        QTRY_COMPARE_WITH_TIMEOUT(list->property("count").toInt(), m_expected, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(text(QStringLiteral("commentsTitle")),
                                  QStringLiteral("%1 comments").arg(m_expected), kTimeoutMs);
        QCOMPARE(text(QStringLiteral("commentInput")), QString());

        // Closed: back to the channel, whose post counts it.
        QVERIFY(press(QStringLiteral("commentsBack")));
        QTRY_VERIFY_WITH_TIMEOUT(!item(QStringLiteral("commentsList")), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(text(QStringLiteral("commentsButton")),
                                  QStringLiteral("%1 comments").arg(m_expected), kTimeoutMs);
    }
};

QTEST_MAIN(TstCommentsUi)
#include "tst_comments_ui.moc"
