#!/usr/bin/env python3
"""Pre-creates bench accounts straight in a server database, without auth.signUp.

  bench/server_load/seed_accounts.py WORK_DIR USERS

Sign-up through the server costs one Argon2id hash (64 MiB, 2 passes) per account: about 24/s
on an idle 2-core machine and 1.7/s at a load of 8, so 10,000 accounts took hours. The bench
only ever resumes with a token, which the server checks by its BLAKE2b-256 hash
(crypto::sessionTokenHash), so the seed needs users, their update logs (user_state) and one
device each, and WORK_DIR/accounts.tsv with the tokens. WORK_DIR/data/server.db must already
exist with the current schema and no users (start msgr-server once on it: it creates the
schema). The password hash is a placeholder: these accounts cannot log in with a password.
"""
import base64
import hashlib
import os
import sqlite3
import sys
import time

if len(sys.argv) != 3:
    sys.exit("usage: seed_accounts.py WORK_DIR USERS")
work, users = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(os.path.join(work, "data", "server.db"))
if db.execute("SELECT count(*) FROM users").fetchone()[0]:
    sys.exit("seed_accounts: the database already has users")
now = int(time.time() * 1000)  # ms, as the server's clock; a fresh last_seen_at keeps tokens live
lines = []
with db:
    for i in range(1, users + 1):
        name = f"seed{i:05d}"
        token = base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")
        digest = hashlib.blake2b(token.encode(), digest_size=32).digest()
        db.execute("INSERT INTO users (id, username, display_name, password_hash, created_at) "
                   "VALUES (?, ?, ?, ?, ?)", (i, name, name, b"seeded, no password", now))
        db.execute("INSERT INTO user_state (user_id, pts, oldest_pts) VALUES (?, 0, 1)", (i,))
        db.execute("INSERT INTO devices (user_id, name, token_hash, created_at, last_seen_at) "
                   "VALUES (?, 'bench', ?, ?, ?)", (i, digest, now, now))
        lines.append(f"{name}\t{i}\t{token}\n")
db.close()
with open(os.path.join(work, "accounts.tsv"), "w", encoding="utf-8") as f:
    f.writelines(lines)
print(f"seed_accounts: {users} accounts in {work}")
