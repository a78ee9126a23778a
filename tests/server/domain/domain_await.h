#pragma once
//! A domain call's StoreResult<T>, awaited through the shared tests/support/await.h (which fails
//! the test, naming the call, when the answer never comes). Header-only.
#include "server/store/store.h"
#include "tests/support/await.h"

#include <utility>

namespace msgr::test::store {

//! Runs an asynchronous domain call and waits until its `done` (on the writer thread) ran.
template <typename T, typename Start>
server::StoreResult<T> await(Start &&start, detail::CallSite where = detail::CallSite::here()) {
    return test::await<server::StoreResult<T>>(std::forward<Start>(start), kAwaitTimeoutMs, where);
}

} // namespace msgr::test::store
