// The chat view of issue 11, item 1, through the real Main.qml over a real client (ClientRoot)
// whose profile holds a chat much longer than the screen (hundreds of messages, short, long and
// multi-line), at desktop (two panes) and phone (one stack) size: the newest message's delegate
// is wholly on screen (not covered by the scroll button) after opening, receiving, sending,
// resizing (within a layout and across layouts) and a late change of a delegate's height (as an
// image arriving will do); and no QML binding loop shows anywhere on the way (a message handler
// collects them, cleanup() fails the test function that produced one).
//
// No server: the stored session signs in offline; arrivals are written through the sync
// engine's own update path (SyncWrites), sending goes to the local outbox.
#include "app/client_root.h"
#include "core/account/session.h"
#include "core/messages/message_list_model.h"
#include "core/messages/message_state.h"
#include "protocol/updates.h"
#include "storage/profile_store.h"
#include "storage/tables/users_table.h"
#include "storage/transaction.h"
#include "tests/core/core_test_helpers.h"
#include "tests/qml/qml_client_helpers.h"
#include "translations/ui_translations.h"

#include <QDateTime>
#include <QMutex>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>
#include <memory>

using namespace msgr;
using core::MessageListModel;
using core::Session;

namespace {

constexpr qint64 kSelfId = 1;
constexpr qint64 kPeerId = 2;
constexpr qint64 kChatId = 20;
constexpr int kMessages = 400;
constexpr qint64 kDeliveredMaxId = 380;
constexpr qint64 kReadMaxId = 350;
constexpr qint64 kNeedleId = 150; // outgoing, read: the search hit
constexpr int kTimeoutMs = 20'000;
// Longer than any store read of a page: no insert for this long means the view asks no more.
constexpr int kQuietMs = 1'500;
//! How far a row may seem to move when only the rounding of the rows above it changed.
constexpr qreal kLayoutRoundingPx = 2.0;
const QSize kDesktop(1000, 700);
const QSize kPhone(390, 844);
constexpr int kTwoPaneBreakpoint = 720; // Theme.twoPaneBreakpoint

bool outgoing(int id) {
    return id % 3 == 0;
}

//! Mixed lengths, as in a real chat: mostly short, some paragraphs, some multi-line.
QString textOf(int id) {
    if (id == kNeedleId)
        return QStringLiteral("the needle message %1").arg(id);
    if (id % 7 == 0)
        return QStringLiteral("long %1: ").arg(id) +
               QStringLiteral("a paragraph that wraps over several lines of the bubble ")
                   .repeated(6);
    if (id % 5 == 0)
        return QStringLiteral("lines %1\nsecond line\nthird line\nfourth line").arg(id);
    return QStringLiteral("m%1").arg(id);
}

// Every QML warning naming a binding loop, from any thread, until the test reads them.
QMutex g_loopsMutex;
QStringList g_bindingLoops;
QtMessageHandler g_previousHandler = nullptr;

void recordBindingLoops(QtMsgType type, const QMessageLogContext &context, const QString &msg) {
    if (msg.contains(QLatin1String("Binding loop"))) {
        const QMutexLocker lock(&g_loopsMutex);
        g_bindingLoops.append(msg);
    }
    if (g_previousHandler)
        g_previousHandler(type, context, msg);
}

bool applyUpdates(storage::ProfileStore &store, const QList<protocol::Update> &updates,
                  qint64 &pts) {
    return test::qml::applyUpdates(store, updates, pts, kTimeoutMs);
}

using test::qml::delegateWith;

} // namespace

class TstChatView : public QObject {
    Q_OBJECT
    QTemporaryDir m_profile;
    translations::UiTranslations m_translations;
    std::unique_ptr<app::ClientRoot> m_client;
    std::unique_ptr<QQmlEngine> m_engine;
    std::unique_ptr<QObject> m_root;
    QQuickWindow *m_window = nullptr;
    qint64 m_pts = 0;
    qint64 m_nextId = kMessages + 1;

    //! The item of that name on screen, found through the visual tree: a StackView's pages
    //! are not QObject children of the window, and a layout switch leaves the old layout's
    //! items alive, hidden, until a later deferred delete.
    QQuickItem *item(const QString &name) const {
        return test::qml::visibleItem(m_window->contentItem(), name);
    }
    QQuickItem *page() const { return item(QStringLiteral("chatPage")); }
    QQuickItem *view() const {
        QQuickItem *p = page();
        return p ? p->findChild<QQuickItem *>(QStringLiteral("messageList")) : nullptr;
    }
    MessageListModel *model() const {
        QQuickItem *v = view();
        return v ? qobject_cast<MessageListModel *>(v->property("model").value<QObject *>())
                 : nullptr;
    }
    QQuickItem *button() const {
        QQuickItem *p = page();
        return p ? p->findChild<QQuickItem *>(QStringLiteral("scrollToNewestButton")) : nullptr;
    }
    QQuickItem *itemAtRow(int row) const {
        QQuickItem *result = nullptr;
        QMetaObject::invokeMethod(view(), "itemAtIndex", Q_RETURN_ARG(QQuickItem *, result),
                                  Q_ARG(int, row));
        return result;
    }
    //! The bubble of a row in the view's coordinates; empty when the row has no delegate.
    QRectF bubbleRect(int row) const {
        QQuickItem *delegate = itemAtRow(row);
        if (!delegate || !delegate->isVisible())
            return {};
        auto *bubble = delegate->findChild<QQuickItem *>(QStringLiteral("bubble"));
        if (!bubble)
            return {};
        return bubble->mapRectToItem(view(), QRectF(0, 0, bubble->width(), bubble->height()));
    }
    //! A row's delegate in the view's coordinates; empty when the row has no delegate.
    QRectF delegateRect(int row) const {
        QQuickItem *delegate = itemAtRow(row);
        if (!delegate || !delegate->isVisible())
            return {};
        return delegate->mapRectToItem(view(), QRectF(0, 0, delegate->width(), delegate->height()));
    }
    //! The newest message's delegate lies wholly inside the view, showing the newest text, and
    //! the scroll button (if shown) does not cover its bubble. Says why not, for the failure.
    bool newestFullyVisible(QString *why = nullptr) const {
        MessageListModel *m = model();
        QQuickItem *v = view();
        if (!m || !v || m->rowCount() == 0)
            return false;
        const int last = m->rowCount() - 1;
        const QRectF rect = delegateRect(last);
        QString reason;
        if (rect.isEmpty())
            reason = QStringLiteral("no delegate for the newest row");
        else if (rect.top() < -0.5 || rect.bottom() > v->height() + 0.5)
            reason = QStringLiteral("newest delegate %1..%2 outside the view 0..%3")
                         .arg(rect.top())
                         .arg(rect.bottom())
                         .arg(v->height());
        else if (QQuickItem *b = button();
                 b && b->isVisible() &&
                 bubbleRect(last).bottom() > b->mapToItem(v, QPointF(0, 0)).y())
            reason = QStringLiteral("the scroll button covers the newest bubble");
        else if (itemAtRow(last)->property("text").toString() !=
                 m->index(last).data(MessageListModel::TextRole).toString())
            reason = QStringLiteral("the newest delegate shows another text");
        if (why)
            *why = reason;
        return reason.isEmpty();
    }

    //! Messages from the peer, the last one long; returns once the open chat shows the last.
    void receive(int count) {
        QList<protocol::Update> updates;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < count; ++i, ++m_nextId)
            updates.append(protocol::NewMessageUpdate{
                {m_nextId, kChatId, kPeerId, now + i,
                 i == count - 1 ? textOf(7) : QStringLiteral("new %1").arg(m_nextId), 0}});
        QVERIFY(applyUpdates(*m_client->store(), updates, m_pts));
        // Shown at the end, or just above our own pending messages (those stay last).
        const qint64 newest = m_nextId - 1;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int r = model()->rowCount() - 1; r >= 0; --r) {
                    const QModelIndex index = model()->index(r);
                    if (index.data(MessageListModel::MessageIdRole).toLongLong() == newest)
                        return true;
                    if (index.data(MessageListModel::MessageIdRole).toLongLong() != 0)
                        return false;
                }
                return false;
            }(),
            kTimeoutMs);
    }

    //! Opens the long chat through the chat list, as a click does, closing the open one first.
    void openChat() {
        if (QQuickItem *p = page()) {
            QVERIFY(QMetaObject::invokeMethod(p, "back"));
            QTRY_VERIFY_WITH_TIMEOUT(!page() || !page()->isVisible(), kTimeoutMs);
        }
        QQuickItem *list = item(QStringLiteral("chatList"));
        QVERIFY(list);
        QTRY_VERIFY_WITH_TIMEOUT(delegateWith(list, "chatId", kChatId), kTimeoutMs);
        QVERIFY(QMetaObject::invokeMethod(delegateWith(list, "chatId", kChatId), "clicked"));
        QTRY_VERIFY_WITH_TIMEOUT(model() && model()->rowCount() > 0, kTimeoutMs);
        settleTransitions();
    }

    //! The phone layout's page transitions block input while they run.
    void settleTransitions() {
        if (QQuickItem *stack = item(QStringLiteral("stack")))
            QTRY_VERIFY_WITH_TIMEOUT(!stack->property("busy").toBool(), kTimeoutMs);
    }

    void resize(const QSize &size) {
        m_window->resize(size);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->size(), size, kTimeoutMs);
        // The window's size changes before its content's: wait for the layout of that width
        // (one stack of pages on a phone, two panes on a desktop).
        const bool phone = size.width() < kTwoPaneBreakpoint;
        QTRY_VERIFY_WITH_TIMEOUT(item(phone ? QStringLiteral("stack") : QStringLiteral("twoPanes")),
                                 kTimeoutMs);
    }

    //! The user drags the messages down by `pixels` (to read older ones), as a finger or a mouse
    //! does, and lets go; returns once the view stopped moving (the flick included).
    void dragDown(qreal pixels) {
        QQuickItem *v = view();
        const QPoint start = v->mapToScene(QPointF(v->width() / 2, v->height() / 4)).toPoint();
        constexpr int kSteps = 12;
        QTest::mousePress(m_window, Qt::LeftButton, {}, start);
        for (int i = 1; i <= kSteps; ++i)
            QTest::mouseMove(m_window, start + QPoint(0, int(pixels * i / kSteps)), 16);
        // Held still before letting go: a drag, not a flick that would run on.
        QTest::mouseMove(m_window, start + QPoint(0, int(pixels)), 150);
        QTest::mouseRelease(m_window, Qt::LeftButton, {}, start + QPoint(0, int(pixels)), 16);
        QTRY_VERIFY_WITH_TIMEOUT(!v->property("moving").toBool(), kTimeoutMs);
    }

    //! The user turns the mouse wheel up by `notches` (to read older messages), as on a
    //! desktop, where a drag over a bubble selects its text; returns once the view has stopped.
    void wheelUp(int notches) {
        QQuickItem *v = view();
        const QPointF at = v->mapToScene(QPointF(v->width() / 2, v->height() / 2));
        QWheelEvent wheel(at, m_window->mapToGlobal(at), QPoint(), QPoint(0, 120 * notches),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        wheel.setTimestamp(ulong(QDateTime::currentMSecsSinceEpoch()));
        QCoreApplication::sendEvent(m_window, &wheel);
        QTRY_VERIFY_WITH_TIMEOUT(!v->property("moving").toBool(), kTimeoutMs);
    }

    //! Returns once the window has drawn one more frame (the pending layout done).
    void waitForFrame() {
        QSignalSpy frames(m_window, &QQuickWindow::frameSwapped);
        m_window->update();
        QVERIFY(frames.wait(kTimeoutMs));
    }

    //! The first row whose delegate lies wholly inside the view: what the user is reading.
    int firstWhollyVisibleRow() const {
        for (int row = 0; row < model()->rowCount(); ++row) {
            const QRectF rect = delegateRect(row);
            if (!rect.isEmpty() && rect.top() >= 0 && rect.bottom() <= view()->height())
                return row;
        }
        return -1;
    }

    //! The row holding the server message `id`, or -1.
    int rowOf(qint64 id) const {
        for (int row = 0; row < model()->rowCount(); ++row)
            if (model()->index(row).data(MessageListModel::MessageIdRole).toLongLong() == id)
                return row;
        return -1;
    }

#define VERIFY_NEWEST_VISIBLE()                                                                    \
    do {                                                                                           \
        QString why;                                                                               \
        QTRY_VERIFY2_WITH_TIMEOUT(newestFullyVisible(&why), qPrintable(why), kTimeoutMs);          \
    } while (false)

private slots:
    void initTestCase() {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        qRegisterMetaType<storage::ChangeSet>();
        g_previousHandler = qInstallMessageHandler(recordBindingLoops);
        // As the app does: English has its plural forms in a translation too ("1 new message").
        m_translations.apply(QStringLiteral("en"));
        {
            storage::ProfileStore seed;
            QVERIFY(test::openStore(seed, m_profile.path()));
            test::saveAccount(seed, {kSelfId, 1, QStringLiteral("self"), QStringLiteral("t"), 0});
            seed.write([](storage::WriteTransaction &tx) {
                storage::UsersTable::store(
                    tx, {{kPeerId, QStringLiteral("bob"), QStringLiteral("Bob")}});
            });
            // Older than a day, so each message of the chat is from the past.
            const qint64 base = QDateTime::currentMSecsSinceEpoch() - qint64(kMessages) * 60'000;
            QList<protocol::Update> updates{protocol::NewChatUpdate{
                {kChatId, protocol::ChatKind::Private, {}, {kSelfId, kPeerId}, base}}};
            for (int id = 1; id <= kMessages; ++id)
                updates.append(
                    protocol::NewMessageUpdate{{id, kChatId, outgoing(id) ? kSelfId : kPeerId,
                                                base + id * 60'000, textOf(id), 0}});
            updates.append(protocol::DeliveredUpdate{kChatId, kDeliveredMaxId});
            updates.append(protocol::ReadOutboxUpdate{kChatId, kReadMaxId});
            qint64 pts = 0;
            QVERIFY(applyUpdates(seed, updates, pts));
        }

        core::ClientConfig config;
        config.serverUrl = QUrl(QStringLiteral("ws://127.0.0.1:1")); // nobody answers
        config.profileDir = m_profile.path();
        config.rawKey = test::testKey();
        m_client = std::make_unique<app::ClientRoot>(config);
        m_client->start();
        QTRY_COMPARE_WITH_TIMEOUT(m_client->session()->state(), Session::SignedIn, kTimeoutMs);
        m_pts = 1'000; // above the seed's: applied after it

        m_engine = std::make_unique<QQmlEngine>();
        m_engine->addImportPath(QStringLiteral("qrc:/"));
        QQmlComponent main(m_engine.get(), QUrl(QStringLiteral("qrc:/Messenger/Ui/Main.qml")));
        m_root.reset(main.create());
        QVERIFY2(m_root, qPrintable(main.errorString()));
        m_window = qobject_cast<QQuickWindow *>(m_root.get());
        QVERIFY(m_window);
        m_window->resize(kDesktop);
        m_window->requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(m_window));
    }

    void cleanup() {
        const QMutexLocker lock(&g_loopsMutex);
        const QStringList loops = std::exchange(g_bindingLoops, {});
        QVERIFY2(loops.isEmpty(), qPrintable(loops.join(QLatin1Char('\n'))));
    }

    void cleanupTestCase() {
        m_root.reset();
        m_engine.reset();
        m_client.reset();
        qInstallMessageHandler(g_previousHandler);
    }

    void pinned_data() {
        QTest::addColumn<QSize>("size");
        QTest::newRow("desktop") << kDesktop;
        QTest::newRow("phone") << kPhone;
    }

    // Opening, receiving, sending, resizing and a late height change keep the newest bubble
    // wholly on screen.
    void pinned() {
        QFETCH(QSize, size);
        resize(size);
        openChat();
        VERIFY_NEWEST_VISIBLE();
        QVERIFY(!button()->isVisible());

        receive(1);
        VERIFY_NEWEST_VISIBLE();
        receive(3);
        VERIFY_NEWEST_VISIBLE();

        auto *input = page()->findChild<QQuickItem *>(QStringLiteral("composerInput"));
        QVERIFY(input);
        const QString sent = QStringLiteral("sent %1\n").arg(size.width()).repeated(4);
        input->setProperty("text", sent);
        QVERIFY(QMetaObject::invokeMethod(
            page()->findChild<QQuickItem *>(QStringLiteral("sendButton")), "clicked"));
        QTRY_COMPARE_WITH_TIMEOUT(
            model()->index(model()->rowCount() - 1).data(MessageListModel::TextRole).toString(),
            sent.trimmed(), kTimeoutMs);
        VERIFY_NEWEST_VISIBLE();

        // A delegate grows after it was laid out (a re-wrap, an image arriving): the newest one,
        // then one just above it.
        for (const int fromEnd : {1, 3}) {
            QQuickItem *grown = itemAtRow(model()->rowCount() - fromEnd);
            QVERIFY(grown);
            grown->setHeight(grown->height() + 200);
            VERIFY_NEWEST_VISIBLE();
        }

        // Resizing within the layout (shorter, narrower: every text re-wraps), then back.
        resize(QSize(size.width() - 60, size.height() - 200));
        VERIFY_NEWEST_VISIBLE();
        resize(size);
        VERIFY_NEWEST_VISIBLE();
        // Across the layouts (desktop <-> phone) the open chat moves to the other layout.
        const QSize other = size == kDesktop ? kPhone : kDesktop;
        resize(other);
        QTRY_VERIFY_WITH_TIMEOUT(model() && model()->rowCount() > 0, kTimeoutMs);
        VERIFY_NEWEST_VISIBLE();
        resize(size);
        QTRY_VERIFY_WITH_TIMEOUT(model() && model()->rowCount() > 0, kTimeoutMs);
        VERIFY_NEWEST_VISIBLE();
    }

    void olderMessagesStayPut_data() {
        pinned_data();
    }

    // What the user reads stays where it is while older pages arrive above it; new messages are
    // counted on the button, which takes the user back to the newest message.
    void olderMessagesStayPut() {
        QFETCH(QSize, size);
        resize(size);
        openChat();
        VERIFY_NEWEST_VISIBLE();

        dragDown(view()->height() * 0.6);
        QVERIFY(!view()->property("followNewest").toBool());
        QTRY_VERIFY_WITH_TIMEOUT(button()->isVisible(), kTimeoutMs);
        QCOMPARE(button()->property("text").toString(), QStringLiteral("\u2193"));

        receive(3);
        QTRY_COMPARE_WITH_TIMEOUT(button()->property("text").toString(),
                                  QStringLiteral("3 new messages  \u2193"), kTimeoutMs);
        QVERIFY2(!newestFullyVisible(), "the view jumped to the new messages");
        receive(1);
        QTRY_COMPARE_WITH_TIMEOUT(button()->property("text").toString(),
                                  QStringLiteral("4 new messages  \u2193"), kTimeoutMs);

        QVERIFY(QMetaObject::invokeMethod(button(), "clicked"));
        VERIFY_NEWEST_VISIBLE();
        QTRY_VERIFY_WITH_TIMEOUT(!button()->isVisible(), kTimeoutMs);
        QVERIFY(view()->property("followNewest").toBool());
    }

    void olderPageKeepsTheReadingPosition_data() {
        pinned_data();
    }

    // The user scrolls up to the oldest messages loaded and stops to read; the next older page
    // arrives then (a slow disk, a big history) and is inserted above: the message being read
    // stays exactly where it was, at desktop and phone width (long, wrapped and multi-line
    // messages above and below it). The storage thread is held by a read of the test's own
    // until the user has stopped, so the page lands on a view at rest, as it does on a slow
    // device, never in the middle of the drag.
    void olderPageKeepsTheReadingPosition() {
        QFETCH(QSize, size);
        resize(size);
        openChat();
        VERIFY_NEWEST_VISIBLE();
        QSignalSpy inserts(model(), &QAbstractItemModel::rowsInserted);
        // The pages the view asks for on opening (two at most, tst_chat_view_paging).
        for (int page = 0; page < 4 && inserts.wait(kQuietMs); ++page) {
        }
        const int opened = model()->rowCount();
        QVERIFY2(!inserts.wait(kQuietMs), "the view kept loading pages while at the newest");
        QCOMPARE(model()->rowCount(), opened);

        auto gate = std::make_shared<QSemaphore>();
        // Opened on every way out, or the storage thread waits forever.
        auto openGate = qScopeGuard([gate] { gate->release(); });
        m_client->store()->read(
            [gate](storage::ReadTransaction &) {
                gate->acquire();
                return 0;
            },
            this, [](int) {});

        // Up to where the view asks for the next older page (within a screen of the top).
        const int loaded = model()->rowCount();
        QVERIFY(model()->canFetchMore({}));
        auto *v = view();
        auto nearTop = [v] {
            return v->property("contentY").toReal() - v->property("originY").toReal() < v->height();
        };
        const bool phone = size.width() < kTwoPaneBreakpoint;
        for (int scroll = 0; scroll < 40 && !nearTop(); ++scroll) {
            if (phone)
                dragDown(v->height() * 0.6);
            else
                wheelUp(3);
            if (QTest::currentTestFailed())
                return;
        }
        QVERIFY2(nearTop(), "the scrolling did not reach the oldest loaded messages");
        QVERIFY(!view()->property("followNewest").toBool());
        QCOMPARE(model()->rowCount(), loaded); // held back by the test's read

        // What the user sees: the next frame, with every row laid out at its own height.
        waitForFrame();
        if (QTest::currentTestFailed())
            return;
        const int readRow = firstWhollyVisibleRow();
        QVERIFY(readRow >= 0);
        const qint64 readId =
            model()->index(readRow).data(MessageListModel::MessageIdRole).toLongLong();
        const qreal readTop = delegateRect(readRow).top();

        gate->release();
        openGate.dismiss();
        QTRY_VERIFY_WITH_TIMEOUT(model()->rowCount() > loaded, kTimeoutMs);
        QCOMPARE(model()->rowCount(), loaded + MessageListModel::kPageSize);
        QCOMPARE(rowOf(readId), readRow + MessageListModel::kPageSize);

        // Where the message is once the view has laid the page out, and still a few frames on.
        auto shift = [&] { return delegateRect(rowOf(readId)).top() - readTop; };
        // Under two pixels: rows are laid out at whole pixels, so a row above may round the
        // other way once the page is in (without the view's anchor the shift is 8 px at
        // desktop width and over 100 px at phone width).
        QTRY_VERIFY2_WITH_TIMEOUT(qAbs(shift()) < kLayoutRoundingPx,
                                  qPrintable(QStringLiteral("moved by %1 px").arg(shift())),
                                  kTimeoutMs);
        for (int frame = 0; frame < 3 && !QTest::currentTestFailed(); ++frame)
            waitForFrame();
        QVERIFY2(qAbs(shift()) < kLayoutRoundingPx,
                 qPrintable(QStringLiteral("moved by %1 px").arg(shift())));
        QVERIFY(!view()->property("followNewest").toBool());
    }

    void searchHitShownHighlightedWithItsTicks_data() {
        pinned_data();
    }

    // A history search hit opens its chat at the message, highlighted, with the real delivery
    // marks (all the outgoing messages around it were read by the peer).
    void searchHitShownHighlightedWithItsTicks() {
        QFETCH(QSize, size);
        resize(size);
        if (QQuickItem *p = page()) {
            QVERIFY(QMetaObject::invokeMethod(p, "back"));
            QTRY_VERIFY_WITH_TIMEOUT(!page() || !page()->isVisible(), kTimeoutMs);
        }
        settleTransitions();
        QQuickItem *openSearch = item(QStringLiteral("openSearchButton"));
        QVERIFY(openSearch);
        QVERIFY(QMetaObject::invokeMethod(openSearch, "clicked"));
        QQuickItem *field = item(QStringLiteral("historySearchField"));
        QVERIFY(field);
        field->setProperty("text", QStringLiteral("needle"));
        QQuickItem *hits = item(QStringLiteral("historySearch"));
        QVERIFY(hits);
        QTRY_COMPARE_WITH_TIMEOUT(hits->property("count").toInt(), 1, kTimeoutMs);
        QQuickItem *hit = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(QMetaObject::invokeMethod(hits, "itemAtIndex",
                                                           Q_RETURN_ARG(QQuickItem *, hit),
                                                           Q_ARG(int, 0)) &&
                                     hit,
                                 kTimeoutMs);
        QVERIFY(QMetaObject::invokeMethod(hit, "clicked"));
        settleTransitions();

        QTRY_VERIFY_WITH_TIMEOUT(model() && rowOf(kNeedleId) >= 0, kTimeoutMs);
        QString where;
        QTRY_VERIFY2_WITH_TIMEOUT(
            [&] {
                const QRectF rect = delegateRect(rowOf(kNeedleId));
                where = QStringLiteral("row %1 of %2 at %3..%4 in a view of %5")
                            .arg(rowOf(kNeedleId))
                            .arg(model()->rowCount())
                            .arg(rect.top())
                            .arg(rect.bottom())
                            .arg(view()->height()) +
                        QStringLiteral(" first visible row %1, follow %2, contentY %3 originY %4")
                            .arg(firstWhollyVisibleRow())
                            .arg(view()->property("followNewest").toBool())
                            .arg(view()->property("contentY").toReal())
                            .arg(view()->property("originY").toReal());
                return !rect.isEmpty() && rect.top() >= 0 && rect.bottom() <= view()->height();
            }(),
            qPrintable(where), kTimeoutMs);
        QQuickItem *needle = itemAtRow(rowOf(kNeedleId));
        QCOMPARE(needle->property("text").toString(), textOf(kNeedleId));
        QVERIFY(needle->property("highlighted").toBool());

        int outgoingSeen = 0;
        for (int row = 0; row < model()->rowCount(); ++row) {
            QQuickItem *delegate = itemAtRow(row);
            if (!delegate || !delegate->isVisible() || !delegate->property("outgoing").toBool())
                continue;
            ++outgoingSeen;
            const qint64 id =
                model()->index(row).data(MessageListModel::MessageIdRole).toLongLong();
            QVERIFY2(id <= kReadMaxId, "the window around the hit holds only read messages");
            QCOMPARE(delegate->property("deliveryState").toInt(), int(core::MessageState::Read));
        }
        QVERIFY(outgoingSeen >= 2);

        // The highlight is for a moment only.
        QTRY_VERIFY_WITH_TIMEOUT(!needle->property("highlighted").toBool(), kTimeoutMs);
    }
};

QTEST_MAIN(TstChatView)
#include "tst_chat_view.moc"
