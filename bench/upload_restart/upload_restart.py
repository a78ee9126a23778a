#!/usr/bin/env python3
"""The media issue's large-file proof, end to end with the real programs (too big for CI).

Starts the real msgr-server (its own data dir), signs up two msgr-cli users, opens a secret
chat, and sends a file of --size-mib MiB (default 3 GiB) from alice to bob with
`secret-send-file`. The sender is killed (SIGKILL) once the upload's progress passes
--kill-at percent (default 40), then started again (a `receive` run: the client resumes the
profile's upload on its own and sends the message once it is done). Then asserts:

  * the upload completes and bob receives exactly one message carrying the file;
  * the bytes the server stored (its /metrics `msgr_upload_bytes_total`: PATCH bytes made
    durable) are about the upload's size: the resent overhead is reported in %;
  * bob downloads the file and its SHA-256 is the original's;
  * no plaintext of the file is in alice's profile folder (every file of it scanned for the
    marker the file carries every 64 bytes), checked at the kill and at the end.

Before that, the same for `msgr-cli upload` of a plain file of --plain-mib MiB (default 200):
killed at --kill-at percent, the same command run again must follow the stored upload (one
upload id in its output) and the server must have stored the file's bytes once.

A part in flight at the kill is dropped by the server (its checksum cannot match a cut body), so
/metrics does not count it; at most one part per lane (4 x 1 MiB) can have gone twice on the
wire besides what the figure shows.

Usage: upload_restart.py [--build build/ci] [--size-mib 3072 (0: skip)] [--plain-mib 200 (0:
skip)] [--kill-at 40] [--dir PATH]
The last line is `BENCH {json}`; exit 0 when every assertion held.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

MARKER = b"=MSGR-PLAINTEXT-MARKER-3c9e71="
BLOCK = 1 << 20


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def make_file(path, size_mib):
    """Every 64-byte line holds the marker and its offset: distinct, and any fragment of
    plaintext of at least 128 bytes carries a whole marker."""
    sha = hashlib.sha256()
    with open(path, "wb") as out:
        for block in range(size_mib):
            base = block * BLOCK
            lines = [MARKER + b"%033d\n" % (base + i * 64) for i in range(BLOCK // 64)]
            data = b"".join(lines)
            assert len(data) == BLOCK
            sha.update(data)
            out.write(data)
    return sha.hexdigest()


def sha256_of(path):
    sha = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(16 * BLOCK):
            sha.update(chunk)
    return sha.hexdigest()


def files_with_marker(folder):
    """Files under `folder` holding the marker (read in chunks that overlap by its length)."""
    found = []
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            try:
                with open(path, "rb") as f:
                    tail = b""
                    while chunk := f.read(16 * BLOCK):
                        if MARKER in tail + chunk:
                            found.append(path)
                            break
                        tail = chunk[-len(MARKER):]
            except OSError:
                continue  # a journal file gone meanwhile
    return found


class Cli:
    def __init__(self, binary, profile, server, phrase_file):
        self.binary, self.profile, self.server, self.phrase = binary, profile, server, phrase_file
        self.env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}

    def argv(self, args):
        return [self.binary, "--profile", self.profile, "--server", self.server,
                "--low-memory-kdf", "--passphrase-file", self.phrase, "--json"] + args

    def run(self, args, stdin=b""):
        done = subprocess.run(self.argv(args), input=stdin, capture_output=True, env=self.env)
        if done.returncode != 0:
            raise SystemExit(f"msgr-cli {' '.join(args)}: exit {done.returncode}: "
                             f"{done.stderr.decode(errors='replace')}")
        return [json.loads(line) for line in done.stdout.decode().splitlines() if line.strip()]

    def start(self, args):
        return subprocess.Popen(self.argv(args), stdout=subprocess.PIPE, env=self.env)


def metric(http_port, name):
    with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/metrics") as answer:
        for line in answer.read().decode().splitlines():
            if line.startswith(name + " "):
                return int(float(line.split()[1]))
    raise SystemExit(f"/metrics has no {name}")


def secret_file(path, text):
    with open(path, "w") as f:
        f.write(text + "\n")
    os.chmod(path, 0o600)
    return path


def plain_upload_restart(cli, http_port, work, size_mib, kill_at, figures):
    """`msgr-cli upload` killed at `kill_at` % and run again: one upload, each byte stored once."""
    path = os.path.join(work, "plain.bin")
    make_file(path, size_mib)
    size = os.path.getsize(path)
    stored_before = metric(http_port, "msgr_upload_bytes_total")
    first = cli.start(["upload", path])
    for line in first.stdout:
        p = json.loads(line)
        if p["bytesDone"] * 100 >= kill_at * p["bytesTotal"]:
            first.send_signal(signal.SIGKILL)
            figures["plainKilledAtBytes"] = p["bytesDone"]
            break
    first.wait()
    lines = cli.run(["upload", path])
    stored = metric(http_port, "msgr_upload_bytes_total") - stored_before
    figures["plainUploadIds"] = sorted({line["upload"] for line in lines})
    figures["plainResentOverheadPercent"] = round((stored - size) * 100.0 / size, 3)
    os.unlink(path)
    return (lines[-1]["state"] == "done" and len(figures["plainUploadIds"]) == 1 and
            "plainKilledAtBytes" in figures and 0 <= stored - size < size // 100)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default="build/ci")
    parser.add_argument("--size-mib", type=int, default=3072)
    parser.add_argument("--plain-mib", type=int, default=200)
    parser.add_argument("--kill-at", type=float, default=40.0)
    parser.add_argument("--dir", default=None, help="work folder (default: a new one in .)")
    opts = parser.parse_args()
    server_bin = os.path.join(opts.build, "server", "msgr-server")
    cli_bin = os.path.join(opts.build, "cli", "msgr-cli")
    work = tempfile.mkdtemp(prefix="upload-restart-", dir=opts.dir or ".")
    figures = {"sizeMiB": opts.size_mib, "killAtPercent": opts.kill_at}
    server = None
    try:
        server = subprocess.Popen([server_bin, "--listen", "127.0.0.1:0", "--data-dir",
                                   os.path.join(work, "server")], stdout=subprocess.PIPE,
                                  stderr=open(os.path.join(work, "server.stderr"), "wb"))
        ready = re.compile(rb"^msgr-server ready ws=([0-9.]+):(\d+) http=([0-9.]+):(\d+)")
        for line in server.stdout:
            match = ready.match(line)
            if match:
                ws_port, http_port = int(match.group(2)), int(match.group(4))
                break
        else:
            raise SystemExit("msgr-server did not print its ready line")
        url = f"ws://127.0.0.1:{ws_port}"
        alice = Cli(cli_bin, os.path.join(work, "alice"), url,
                    secret_file(os.path.join(work, "alice.phrase"), "alice's passphrase"))
        bob = Cli(cli_bin, os.path.join(work, "bob"), url,
                  secret_file(os.path.join(work, "bob.phrase"), "bob's passphrase"))
        alice_id = alice.run(["signup", "alice", "Alice"], b"alice's account password\n")[0]["userId"]
        bob.run(["signup", "bob", "Bob"], b"bob's account password\n")
        plain_ok = True
        if opts.plain_mib > 0:
            plain_ok = plain_upload_restart(alice, http_port, work, opts.plain_mib, opts.kill_at,
                                            figures)
            figures["plainOk"] = plain_ok
        if opts.size_mib <= 0:
            print("BENCH " + json.dumps(figures), flush=True)
            return 0 if plain_ok else 1
        started = time.monotonic()
        original = os.path.join(work, "big.bin")
        original_sha = make_file(original, opts.size_mib)
        size = os.path.getsize(original)
        log(f"file: {size} bytes, sha256 {original_sha}, {time.monotonic() - started:.1f} s")
        bob.run(["receive", "--once"])  # publishes his keys
        chat = alice.run(["secret-start", "@bob"])[0]["chatId"]

        # First run: killed once the upload passed --kill-at percent.
        stored_before = metric(http_port, "msgr_upload_bytes_total")
        sending = time.monotonic()
        first = alice.start(["--timeout", "3600", "secret-send-file", "--", str(chat), original])
        total = 0
        for line in first.stdout:
            p = json.loads(line)
            total = p.get("bytesTotal", total)
            if p.get("state") == "failed":
                raise SystemExit(f"the upload failed: {p}")
            if total and p.get("bytesDone", 0) * 100 >= opts.kill_at * total:
                first.send_signal(signal.SIGKILL)
                figures["killedAtBytes"] = p["bytesDone"]
                break
        first.wait()
        if "killedAtBytes" not in figures:
            raise SystemExit(f"the first run ended before {opts.kill_at}% (exit {first.returncode})")
        figures["firstRunSeconds"] = round(time.monotonic() - sending, 1)
        figures["uploadBytes"] = total
        stored_at_kill = metric(http_port, "msgr_upload_bytes_total") - stored_before
        figures["storedAtKill"] = stored_at_kill
        leaked_at_kill = files_with_marker(alice.profile)
        log(f"killed at {figures['killedAtBytes']}/{total} bytes; server stored {stored_at_kill}")

        # Second run: the sender's client resumes on its own; bob waits for the message.
        resuming = time.monotonic()
        bob_live = bob.start(["--timeout", "3600", "receive"])
        alice_live = alice.start(["--timeout", "3600", "receive"])
        message = None
        for line in bob_live.stdout:
            m = json.loads(line)
            if m.get("secret") and m.get("senderId") == alice_id and m.get("attachments"):
                message = m
                break
        alice_live.terminate()
        bob_live.terminate()
        alice_live.wait()
        bob_live.wait()
        if not message:
            raise SystemExit("bob received no file")
        figures["resumeSeconds"] = round(time.monotonic() - resuming, 1)
        stored = metric(http_port, "msgr_upload_bytes_total") - stored_before
        figures["storedBytes"] = stored
        figures["resentOverheadPercent"] = round((stored - total) * 100.0 / total, 3)
        attachment = message["attachments"][0]
        history = bob.run(["history", "--limit", "100", "--", str(message["chatId"])])
        with_files = [m for m in history if m.get("attachments")]
        figures["messagesWithTheFile"] = len(with_files)

        downloading = time.monotonic()
        saved = os.path.join(work, "saved.bin")
        bob.run(["--timeout", "600", "download", attachment["fileId"], saved])
        figures["downloadSeconds"] = round(time.monotonic() - downloading, 1)
        figures["sha256Matches"] = sha256_of(saved) == original_sha
        leaked = files_with_marker(alice.profile)
        figures["plaintextInSenderProfile"] = leaked_at_kill + leaked
        os.unlink(saved)

        ok = (plain_ok and figures["sha256Matches"] and stored >= total and
              figures["resentOverheadPercent"] < 1.0 and len(with_files) == 1 and
              attachment.get("size") == size and not figures["plaintextInSenderProfile"])
        figures["ok"] = ok
        print("BENCH " + json.dumps(figures), flush=True)
        return 0 if ok else 1
    finally:
        if server:
            server.terminate()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
