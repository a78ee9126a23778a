#pragma once
//! The socket and timer types of the edge. Both are bound to an io_context's own executor
//! rather than the type-erased any_io_executor: a connection lives on one io_context anyway,
//! and the type-erased executor costs 56 bytes in every socket and timer and again in every
//! operation they keep pending (an idle connection keeps a timer wait and a readiness wait):
//! about 200 bytes per idle connection (bench/server_load/RESULTS.md, "idlemem2").
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>

namespace msgr::server {

using EdgeSocket =
    boost::asio::basic_stream_socket<boost::asio::ip::tcp, boost::asio::io_context::executor_type>;
using EdgeTimer =
    boost::asio::basic_waitable_timer<std::chrono::steady_clock,
                                      boost::asio::wait_traits<std::chrono::steady_clock>,
                                      boost::asio::io_context::executor_type>;

} // namespace msgr::server
