#pragma once
//! Posting work to a QObject's thread from another thread without racing its destruction.
//!
//! A QPointer read on one thread and then used to post an event is a use-after-free when the
//! object dies on its own thread between the two (seen as a crash in tst_presence_sync, where
//! an engine-thread object went away while the storage thread answered it). A ContextLifeline
//! holds one mutex that the object's `destroyed` handler takes as well: an event is posted
//! either while the object is certainly alive (and Qt then drops the event if it dies before
//! it runs) or not at all.
#include <QMetaObject>
#include <QObject>
#include <functional>
#include <memory>
#include <mutex>

namespace msgr::storage {

class ContextLifeline {
public:
    //! Watches `context`, which must be alive now (any thread may call this). Null: nothing is
    //! watched and post() drops everything.
    static std::shared_ptr<ContextLifeline> watch(QObject *context);
    ~ContextLifeline();
    ContextLifeline(const ContextLifeline &) = delete;
    ContextLifeline &operator=(const ContextLifeline &) = delete;

    //! Queues `work` to run on the context's thread, or drops it when the context is gone.
    //! Thread-safe.
    void post(std::function<void()> work);

private:
    ContextLifeline() = default;
    void contextDestroyed();

    std::mutex m_mutex;
    QObject *m_context = nullptr;
    QMetaObject::Connection m_watch;
};

//! `done` made callable from any thread: each call runs it on `context`'s thread with copies of
//! the arguments, and is dropped when `context` is gone (or null).
template <typename... Args>
std::function<void(Args...)> deliverOnThreadOf(QObject *context,
                                               std::function<void(Args...)> done) {
    return [lifeline = ContextLifeline::watch(context), done = std::move(done)](Args... args) {
        lifeline->post([done, args...] { done(args...); });
    };
}

} // namespace msgr::storage
