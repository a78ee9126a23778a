// The real ChatPage over the real MessageListModel of a 5,000-message chat: opening it loads
// only the newest pages, not the history, and lands exactly at the end (atYEnd, which marks the
// chat read and hides "scroll to newest"); scrolling to the top loads exactly one older page
// per scroll. (Qt's delegate model asks for more rows on its own whenever the delegate of the
// model's last row is created; the view and the model must agree on what "more" means.)
#include "app/client_root.h"
#include "core/account/session.h"
#include "core/messages/message_list_model.h"
#include "core/sync/sync_writes.h"
#include "protocol/updates.h"
#include "storage/profile_store.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using msgr::core::MessageListModel;
using msgr::core::Session;
using namespace msgr;

namespace {
constexpr qint64 kChatId = 20;
constexpr int kMessages = 5'000;
// Longer than any store read of a page: no insert for this long means the view asks no more.
constexpr int kQuietMs = 1'500;

//! Returns once the model has inserted nothing for kQuietMs (bounded by the test's timeout).
void settle(QSignalSpy &inserts) {
    while (inserts.wait(kQuietMs)) {
    }
}
} // namespace

class TstChatViewPaging : public QObject {
    Q_OBJECT
    QTemporaryDir m_profile;
    std::unique_ptr<app::ClientRoot> m_root;

    bool apply(const QList<protocol::Update> &updates, qint64 &pts) {
        QList<protocol::LoggedUpdate> logged;
        for (const protocol::Update &u : updates)
            logged.append({++pts, u});
        bool done = false;
        m_root->store()->write(
            [logged, newPts = pts](storage::WriteTransaction &tx) {
                core::SyncWrites::applyUpdates(tx, logged, newPts);
            },
            this, [&done] { done = true; });
        return QTest::qWaitFor([&] { return done; }, 60'000);
    }

private slots:
    void initTestCase() {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        qRegisterMetaType<storage::ChangeSet>();
        core::ClientConfig config;
        config.serverUrl = QUrl(QStringLiteral("ws://127.0.0.1:1")); // never reachable
        config.profileDir = m_profile.path();
        config.rawKey = QByteArray(32, '\x44');
        m_root = std::make_unique<app::ClientRoot>(config);
        m_root->start();
        Session *session = m_root->session();
        QTRY_VERIFY_WITH_TIMEOUT(session->state() != Session::Starting, 20'000);

        const qint64 base = QDateTime(QDate(2024, 3, 1), QTime(12, 0)).toMSecsSinceEpoch();
        qint64 pts = 0;
        QVERIFY(apply(
            {protocol::NewChatUpdate{{kChatId, protocol::ChatKind::Private, {}, {1, 2}, base}}},
            pts));
        QList<protocol::Update> batch;
        for (int id = 1; id <= kMessages; ++id)
            batch.append(protocol::NewMessageUpdate{
                {id, kChatId, 2, base + id * 60'000, QStringLiteral("m%1").arg(id), 0}});
        QVERIFY(apply(batch, pts));
    }

    void cleanupTestCase() { m_root.reset(); }

    void openingLoadsOnlyTheNewestPagesAndScrollingLoadsOnePageEach() {
        QQmlEngine engine;
        engine.addImportPath(QStringLiteral("qrc:/"));
        QQmlComponent component(&engine);
        component.setData(QByteArrayLiteral(R"(
            import QtQuick
            import Messenger.Ui.Messages
            Window {
                width: 400; height: 640; visible: true
                ChatPage { anchors.fill: parent; chatId: 20; chatTitle: "Bob" }
            }
        )"),
                          QUrl(QStringLiteral("qrc:/tst_chat_view_paging.qml")));
        std::unique_ptr<QObject> root(component.create());
        QVERIFY2(root, qPrintable(component.errorString()));
        auto *window = qobject_cast<QQuickWindow *>(root.get());
        QVERIFY(window);
        QVERIFY(QTest::qWaitForWindowExposed(window));
        auto *view = window->findChild<QQuickItem *>(QStringLiteral("messageList"));
        QVERIFY(view);
        auto *model = qobject_cast<MessageListModel *>(view->property("model").value<QObject *>());
        QVERIFY(model);
        QSignalSpy inserts(model, &QAbstractItemModel::rowsInserted);

        // Opening: the newest page and at most the one older page Qt's delegate model asks for
        // when it creates the last row's delegate (measured: 100 rows); never the history.
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= MessageListModel::kPageSize, 20'000);
        settle(inserts);
        const int opened = model->rowCount();
        qInfo("rows after opening: %d", opened);
        QVERIFY2(opened <= 2 * MessageListModel::kPageSize, qPrintable(QString::number(opened)));
        QVERIFY(view->property("atYEnd").toBool()); // the newest message is on screen

        // Each scroll to the top loads exactly one older page.
        for (int scroll = 0; scroll < 3; ++scroll) {
            const int before = model->rowCount();
            QVERIFY(QMetaObject::invokeMethod(view, "positionViewAtBeginning"));
            QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > before, 20'000);
            settle(inserts);
            QCOMPARE(model->rowCount(), before + MessageListModel::kPageSize);
        }
    }
};

QTEST_MAIN(TstChatViewPaging)
#include "tst_chat_view_paging.moc"
