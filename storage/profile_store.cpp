#include "storage/profile_store.h"

#include "storage/store_worker.h"

#include <QThread>
#include <memory>

namespace msgr::storage {
namespace {

//! Hands a result to `done` on the thread of `context`; dropped if `context` is gone.
//! A null context (given as such) runs `done` on the storage thread.
template <typename... Args> class Delivery {
public:
    Delivery(QObject *context, std::function<void(Args...)> done)
        : m_context(context), m_hadContext(context != nullptr), m_done(std::move(done)) {}

    void operator()(Args... args) const {
        if (!m_done)
            return;
        if (!m_hadContext) {
            m_done(args...);
            return;
        }
        QObject *context = m_context.data();
        if (!context)
            return;
        // Queued: if `context` dies before the event runs, Qt discards the event.
        QMetaObject::invokeMethod(
            context, [done = m_done, args...] { done(args...); }, Qt::QueuedConnection);
    }

private:
    QPointer<QObject> m_context;
    bool m_hadContext;
    std::function<void(Args...)> m_done;
};

} // namespace

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
    void write(StoreWorker::WriteJob job, StoreWorker::AfterCommit after = {}) {
        post([job = std::move(job), after = std::move(after)](StoreWorker &w) {
            w.addWrite(job, after);
        });
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
    Delivery<OpenResult> deliver(context, std::move(done));
    m_worker->post(
        [directory, rawKey, deliver](StoreWorker &w) { deliver(w.open(directory, rawKey, true)); });
}

void ProfileStore::open(const QString &directory, const QByteArray &rawKey, QObject *context,
                        std::function<void(OpenResult)> done) {
    open(directory, crypto::SecureBytes::copyOf(rawKey), context, std::move(done));
}

void ProfileStore::openPlaintextForBenchmark(const QString &directory, QObject *context,
                                             std::function<void(OpenResult)> done) {
    Delivery<OpenResult> deliver(context, std::move(done));
    m_worker->post([directory, deliver](StoreWorker &w) {
        deliver(w.open(directory, crypto::SecureBytes(), false));
    });
}

void ProfileStore::loadAccount(QObject *context,
                               std::function<void(std::optional<AccountState>)> done) {
    Delivery<std::optional<AccountState>> deliver(context, std::move(done));
    m_worker->post([deliver](StoreWorker &w) {
        std::optional<AccountState> account;
        w.read([&](StoreReader &r, qint64) { account = r.loadAccount(); });
        deliver(account);
    });
}

void ProfileStore::saveAccount(const AccountState &account) {
    m_worker->write([account](StoreWriter &w) { w.saveAccount(account); });
}

void ProfileStore::clearAccount() {
    m_worker->write([](StoreWriter &w) { w.clearAccount(); });
}

void ProfileStore::loadSettings(QObject *context, std::function<void(ProfileSettings)> done) {
    Delivery<ProfileSettings> deliver(context, std::move(done));
    m_worker->post([deliver](StoreWorker &w) {
        ProfileSettings settings;
        w.read([&](StoreReader &r, qint64) { settings = r.loadSettings(); });
        deliver(settings);
    });
}

void ProfileStore::saveSettings(const ProfileSettings &settings, QObject *context,
                                std::function<void()> done) {
    Delivery<> deliver(context, std::move(done));
    m_worker->write([settings](StoreWriter &w) { w.saveSettings(settings); }, deliver);
}

void ProfileStore::applyUpdates(const QList<protocol::LoggedUpdate> &updates, qint64 newPts,
                                QObject *context, std::function<void()> done) {
    Delivery<> deliver(context, std::move(done));
    m_worker->write(
        [updates, newPts](StoreWriter &w) {
            for (const auto &logged : updates)
                w.applyUpdate(logged.update);
            w.storePts(newPts, true);
        },
        deliver);
}

void ProfileStore::replaceChats(const QList<protocol::ChatSummary> &chats, qint64 pts,
                                QObject *context, std::function<void()> done) {
    Delivery<> deliver(context, std::move(done));
    m_worker->write([chats, pts](StoreWriter &w) { w.replaceChats(chats, pts); }, deliver);
}

void ProfileStore::storeHistory(qint64 chatId, const QList<protocol::Message> &messages) {
    m_worker->write([chatId, messages](StoreWriter &w) {
        for (const auto &m : messages)
            if (m.chatId == chatId)
                w.storeMessage(m, false);
    });
}

void ProfileStore::storeUsers(const QList<protocol::User> &users) {
    m_worker->write([users](StoreWriter &w) { w.storeUsers(users); });
}

void ProfileStore::enqueueOutgoing(qint64 chatId, qint64 senderId, const QString &text,
                                   qint64 randomId, qint64 date, QObject *context,
                                   std::function<void(MessageRecord)> done) {
    Delivery<MessageRecord> deliver(context, std::move(done));
    auto record = std::make_shared<MessageRecord>();
    m_worker->write(
        [=](StoreWriter &w) {
            *record = w.enqueueOutgoing(chatId, senderId, text, randomId, date);
        },
        [deliver, record] { deliver(*record); });
}

void ProfileStore::markSent(const protocol::Message &serverMessage) {
    m_worker->write([serverMessage](StoreWriter &w) { w.storeMessage(serverMessage, false); });
}

void ProfileStore::loadOutbox(QObject *context, std::function<void(QList<MessageRecord>)> done) {
    Delivery<QList<MessageRecord>> deliver(context, std::move(done));
    m_worker->post([deliver](StoreWorker &w) {
        QList<MessageRecord> out;
        w.read([&](StoreReader &r, qint64) { out = r.loadOutbox(); });
        deliver(out);
    });
}

void ProfileStore::markReadLocally(qint64 chatId, qint64 maxId) {
    m_worker->write([chatId, maxId](StoreWriter &w) { w.readInbox(chatId, maxId); });
}

void ProfileStore::loadChats(QObject *context, std::function<void(QList<ChatRecord>)> done) {
    Delivery<QList<ChatRecord>> deliver(context, std::move(done));
    m_worker->post([deliver](StoreWorker &w) {
        QList<ChatRecord> out;
        w.read([&](StoreReader &r, qint64 self) { out = r.loadChats(self); });
        deliver(out);
    });
}

void ProfileStore::loadChat(qint64 chatId, QObject *context,
                            std::function<void(std::optional<ChatRecord>)> done) {
    Delivery<std::optional<ChatRecord>> deliver(context, std::move(done));
    m_worker->post([chatId, deliver](StoreWorker &w) {
        std::optional<ChatRecord> out;
        w.read([&](StoreReader &r, qint64 self) { out = r.loadChat(chatId, self); });
        deliver(out);
    });
}

void ProfileStore::loadMessages(qint64 chatId, qint64 beforeLocalId, int limit, QObject *context,
                                std::function<void(QList<MessageRecord>)> done) {
    Delivery<QList<MessageRecord>> deliver(context, std::move(done));
    m_worker->post([=](StoreWorker &w) {
        QList<MessageRecord> out;
        w.read([&](StoreReader &r, qint64) { out = r.loadMessages(chatId, beforeLocalId, limit); });
        deliver(out);
    });
}

void ProfileStore::loadMessagesAround(qint64 chatId, qint64 localId, int limit, QObject *context,
                                      std::function<void(QList<MessageRecord>)> done) {
    Delivery<QList<MessageRecord>> deliver(context, std::move(done));
    m_worker->post([=](StoreWorker &w) {
        QList<MessageRecord> out;
        w.read([&](StoreReader &r, qint64) { out = r.loadMessagesAround(chatId, localId, limit); });
        deliver(out);
    });
}

void ProfileStore::loadUsers(const QList<qint64> &ids, QObject *context,
                             std::function<void(QList<UserRecord>)> done) {
    Delivery<QList<UserRecord>> deliver(context, std::move(done));
    m_worker->post([ids, deliver](StoreWorker &w) {
        QList<UserRecord> out;
        w.read([&](StoreReader &r, qint64) { out = r.loadUsers(ids); });
        deliver(out);
    });
}

void ProfileStore::search(const QString &query, int limit, QObject *context,
                          std::function<void(QList<SearchHit>)> done) {
    Delivery<QList<SearchHit>> deliver(context, std::move(done));
    m_worker->post([query, limit, deliver](StoreWorker &w) {
        QList<SearchHit> out;
        w.read([&](StoreReader &r, qint64) { out = r.search(query, limit); });
        deliver(out);
    });
}

void ProfileStore::storeHistoryPage(qint64 chatId, const QList<protocol::Message> &messages,
                                    bool complete, QObject *context, std::function<void()> done) {
    Delivery<> deliver(context, std::move(done));
    auto job = [chatId, messages, complete](StoreWriter &w) {
        w.storeHistoryPage(chatId, messages, complete);
    };
    m_worker->write(job, deliver);
}

void ProfileStore::loadHistoryComplete(qint64 chatId, QObject *context,
                                       std::function<void(bool)> done) {
    Delivery<bool> deliver(context, std::move(done));
    m_worker->post([chatId, deliver](StoreWorker &w) {
        bool complete = false;
        w.read([&](StoreReader &r, qint64) { complete = r.historyComplete(chatId); });
        deliver(complete);
    });
}

void ProfileStore::markReadPending(qint64 chatId, qint64 maxId) {
    m_worker->write([chatId, maxId](StoreWriter &w) { w.markReadPending(chatId, maxId); });
}

void ProfileStore::clearPendingRead(qint64 chatId, qint64 maxId) {
    m_worker->write([chatId, maxId](StoreWriter &w) { w.clearPendingRead(chatId, maxId); });
}

void ProfileStore::loadPendingReads(QObject *context,
                                    std::function<void(QHash<qint64, qint64>)> done) {
    Delivery<QHash<qint64, qint64>> deliver(context, std::move(done));
    m_worker->post([deliver](StoreWorker &w) {
        QHash<qint64, qint64> out;
        w.read([&](StoreReader &r, qint64) { out = r.loadPendingReads(); });
        deliver(out);
    });
}

void ProfileStore::markFailed(qint64 localId) {
    m_worker->write([localId](StoreWriter &w) { w.markFailed(localId); });
}

void ProfileStore::loadFailedMessages(qint64 chatId, QObject *context,
                                      std::function<void(QList<qint64>)> done) {
    Delivery<QList<qint64>> deliver(context, std::move(done));
    m_worker->post([chatId, deliver](StoreWorker &w) {
        QList<qint64> out;
        w.read([&](StoreReader &r, qint64) { out = r.loadFailedMessages(chatId); });
        deliver(out);
    });
}

} // namespace msgr::storage
