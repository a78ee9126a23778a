#pragma once
//! The password of every bench account: auth.signUp sends it, bench_seed_accounts stores its
//! Argon2id hash, so seeded and signed-up accounts are alike.
namespace msgr::bench {
inline constexpr char kBenchPassword[] = "bench password for load tests";
} // namespace msgr::bench
