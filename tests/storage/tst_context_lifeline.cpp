// Answers handed from a worker thread to an object on another thread (a storage callback to a
// page, an engine answer to the UI): they run on the object's thread while it lives, and are
// dropped, never run and never crash, once it is gone, even when it dies on its own thread at
// the moment the worker answers. A long-lived object keeps no trace of the answers it got.
#include "storage/context_lifeline.h"
#include "storage/queued_callback.h"

#include <QSemaphore>
#include <QSet>
#include <QTest>
#include <QThread>

#include <atomic>
#include <mutex>
#include <thread>

using namespace msgr::storage;

namespace {

//! The objects alive now, by id: an answer that runs for an id not in it ran after its object
//! was destroyed.
class Census {
public:
    void born(int id) {
        const std::lock_guard lock(m_mutex);
        m_alive.insert(id);
    }
    void died(int id) {
        const std::lock_guard lock(m_mutex);
        m_alive.remove(id);
    }
    bool isAlive(int id) {
        const std::lock_guard lock(m_mutex);
        return m_alive.contains(id);
    }

private:
    std::mutex m_mutex;
    QSet<int> m_alive;
};

class Page : public QObject {
public:
    Page(int id, Census *census) : m_id(id), m_census(census) { census->born(id); }
    ~Page() override { m_census->died(m_id); }
    //! How many connections `destroyed` has: one per lifeline still watching this page.
    int watchers() const { return receivers(SIGNAL(destroyed(QObject *))); }

private:
    int m_id;
    Census *m_census;
};

} // namespace

class TestContextLifeline : public QObject {
    Q_OBJECT

private slots:
    void answerRunsOnTheObjectsThread() {
        QThread uiThread;
        uiThread.start();
        Census census;
        auto *page = new Page(1, &census);
        page->moveToThread(&uiThread);

        QSemaphore ran;
        QThread *ranOn = nullptr;
        QString received;
        const QueuedCallback<QString> answer(page, [&](const QString &text) {
            ranOn = QThread::currentThread();
            received = text;
            ran.release();
        });
        std::thread worker([&] { answer(QStringLiteral("stored")); });
        worker.join();
        QVERIFY(ran.tryAcquire(1, 10000));
        QCOMPARE(ranOn, &uiThread);
        QCOMPARE(received, QStringLiteral("stored"));

        QMetaObject::invokeMethod(
            page, [page] { delete page; }, Qt::BlockingQueuedConnection);
        uiThread.quit();
        uiThread.wait();
    }

    void answerAfterTheObjectIsGoneIsDropped() {
        Census census;
        auto *page = new Page(2, &census);
        int runs = 0;
        const QueuedCallback<> answer(page, [&runs] { ++runs; });
        const auto engineAnswer =
            deliverOnThreadOf(page, std::function<void(int)>([&runs](int n) { runs += n; }));
        delete page;
        answer();
        engineAnswer(5);
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents();
        QCOMPARE(runs, 0);
    }

    //! The crash this guards against: a QPointer checked on the worker, then the object
    //! deleted on its own thread, then an event posted to freed memory. Hundreds of pages die
    //! while a worker answers them without pause; none may crash, none may see an answer after
    //! its destructor, and every page must have got answers while it lived.
    void objectsDyingWhileAWorkerAnswersThem() {
        QThread uiThread;
        uiThread.start();
        QObject queueEnd; // answered last: everything queued before it has run or been dropped
        queueEnd.moveToThread(&uiThread);
        Census census;
        std::atomic<int> lateAnswers{0};
        std::atomic<int> answers{0};
        constexpr int kPages = 400;
        for (int id = 0; id < kPages; ++id) {
            auto *page = new Page(id, &census);
            page->moveToThread(&uiThread);
            const QueuedCallback<int> answer(page, [&census, &lateAnswers, &answers](int pageId) {
                if (!census.isAlive(pageId))
                    ++lateAnswers;
                ++answers;
            });
            QSemaphore gone;
            QObject::connect(
                page, &QObject::destroyed, page, [&gone] { gone.release(); }, Qt::DirectConnection);
            std::atomic<bool> stop{false};
            QSemaphore answering;
            std::thread worker([&] {
                answer(id);
                answering.release();
                while (!stop.load())
                    answer(id);
                answer(id);
            });
            QVERIFY(answering.tryAcquire(1, 10000));
            page->deleteLater(); // on the page's own thread, as the UI drops a page
            QVERIFY(gone.tryAcquire(1, 10000));
            stop = true;
            worker.join();
        }
        QMetaObject::invokeMethod(
            &queueEnd, [] {}, Qt::BlockingQueuedConnection);
        uiThread.quit();
        uiThread.wait();
        QCOMPARE(lateAnswers.load(), 0);
        QVERIFY2(answers.load() >= kPages, qPrintable(QString::number(answers.load())));
    }

    //! A page that lives through thousands of storage answers does not collect a connection
    //! for each (it would grow for as long as the app runs).
    void aLongLivedObjectKeepsNoWatchers() {
        Census census;
        Page page(3, &census);
        int runs = 0;
        for (int i = 0; i < 5000; ++i) {
            const QueuedCallback<int> answer(&page, [&runs](int n) { runs += n; });
            answer(1);
            QCOMPARE(page.watchers(), 1);
        }
        QCOMPARE(page.watchers(), 0);
        QCoreApplication::sendPostedEvents();
        QCOMPARE(runs, 5000);
    }
};

QTEST_GUILESS_MAIN(TestContextLifeline)
#include "tst_context_lifeline.moc"
