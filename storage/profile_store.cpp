#include "storage/profile_store.h"

#include "storage/store_worker.h"

#include <QPointer>
#include <QThread>

namespace msgr::storage {

class ProfileStore::Worker {
public:
    explicit Worker(ProfileStore *store) {
        QPointer<ProfileStore> owner(store);
        engine = new StoreWorker([owner](const ChangeSet &changes) {
            if (ProfileStore *s = owner.data())
                QMetaObject::invokeMethod(
                    s, [s, changes] { emit s->changed(changes); }, Qt::QueuedConnection);
        });
        thread.setObjectName(QStringLiteral("msgr-storage"));
        engine->moveToThread(&thread);
        thread.start();
    }
    ~Worker() {
        QMetaObject::invokeMethod(
            engine, [e = engine] { e->shutdown(); }, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
        delete engine;
    }

    //! Runs `job` on the storage thread, after everything posted before it.
    template <typename F> void post(F &&job) {
        QMetaObject::invokeMethod(
            engine, [e = engine, job = std::forward<F>(job)] { job(*e); }, Qt::QueuedConnection);
    }

    QThread thread;
    StoreWorker *engine = nullptr;
};

ProfileStore::ProfileStore(QObject *parent) : QObject(parent) {
    qRegisterMetaType<ChangeSet>();
    m_worker = std::make_unique<Worker>(this);
}

ProfileStore::~ProfileStore() = default;

void ProfileStore::open(const QString &directory, const crypto::SecureBytes &rawKey,
                        QObject *context, std::function<void(OpenResult)> done) {
    QueuedCallback<OpenResult> deliver(context, std::move(done));
    m_worker->post(
        [directory, rawKey, deliver](StoreWorker &w) { deliver(w.open(directory, rawKey, true)); });
}

void ProfileStore::open(const QString &directory, const QByteArray &rawKey, QObject *context,
                        std::function<void(OpenResult)> done) {
    open(directory, crypto::SecureBytes::copyOf(rawKey), context, std::move(done));
}

void ProfileStore::openPlaintextForBenchmark(const QString &directory, QObject *context,
                                             std::function<void(OpenResult)> done) {
    QueuedCallback<OpenResult> deliver(context, std::move(done));
    m_worker->post([directory, deliver](StoreWorker &w) {
        deliver(w.open(directory, crypto::SecureBytes(), false));
    });
}

void ProfileStore::postWrite(WriteJob job, std::function<void()> after, bool soon) {
    m_worker->post([job = std::move(job), after = std::move(after), soon](StoreWorker &w) {
        w.addWrite(job, after, soon ? StoreWorker::Commit::Soon : StoreWorker::Commit::Batched);
    });
}

void ProfileStore::postRead(std::function<void(ReadTransaction &)> job) {
    m_worker->post([job = std::move(job)](StoreWorker &w) { w.read(job); });
}

} // namespace msgr::storage
