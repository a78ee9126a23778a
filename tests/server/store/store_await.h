#pragma once
//! Blocks on an asynchronous store call, for tests. Header-only.
#include "server/store/store.h"

#include <future>
#include <memory>

namespace msgr::test {

//! Runs an asynchronous store call and blocks until its `done` (on the writer thread) ran.
template <typename T, typename Start> server::StoreResult<T> await(Start &&start) {
    auto promise = std::make_shared<std::promise<server::StoreResult<T>>>();
    auto future = promise->get_future();
    start([promise](server::StoreResult<T> result) { promise->set_value(std::move(result)); });
    return future.get();
}

} // namespace msgr::test
