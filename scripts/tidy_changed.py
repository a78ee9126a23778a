#!/usr/bin/env python3
"""clang-tidy-14 on the C++ files whose content has not been checked clean yet.

  scripts/tidy_changed.py <build-dir>              check what changed (run by scripts/test.sh)
  scripts/tidy_changed.py --stamp-all <build-dir> [file]
                                 the stamp of the whole tree as it is now, into .tidy-clean or
                                 file (scripts/tidy.sh writes it before its whole-tree run, so
                                 an edit during the run is not stamped, and installs it if clean)

"Changed" is by content, not by git history: `.tidy-clean` (committed at the root) lists a key
per file content that clang-tidy found clean, the key hashing the clang-tidy version,
`.clang-tidy` and the file's bytes. A file whose key is missing is checked, so every file is
checked at least whenever its content changes, whatever the clone depth, branch or number of
commits pushed at once; CI on a clean clone of main checks exactly what nobody stamped. A
changed `.clang-tidy` or clang-tidy version unstamps everything (the whole-tree run again).
The stamp is a set: `.gitattributes` merges it by union, and a stale key only costs space until
the next whole-tree run prunes it.

Files are the ones scripts/tidy.sh checks: the compile database's sources outside build/ and
bench/ (unity batches expanded, scripts/compile_db.py), and the project headers they include
(read from their `#include` lines; generated headers such as moc's come from the build, so the
build must have been built). A header is checked through one source that includes it (its own .cpp when it
has one): HeaderFilterRegex reports a header's findings in every source that includes it. A
clean source stamps itself and every project header it includes.

Limit, said plainly: a finding that a header change causes in an unchanged source (say, a
function now returns a reference and a caller copies it) is found by the next whole-tree run,
not here; scripts/tidy.sh remains for that and for a new .clang-tidy.

Time budget: clang-tidy 14 costs about 6 CPU-seconds per source here (Qt and Boost headers are
parsed each time), so at most MSGR_TIDY_MAX_FILES (default 40) sources are checked, about
2 minutes on the 2-core machine. More than that fails with a request to run scripts/tidy.sh
(whole tree, ~17 CPU-minutes) and commit the stamp it writes; nothing is skipped silently.
"""
import concurrent.futures
import hashlib
import json
import os
import re
import subprocess
import sys

import compile_db  # scripts/compile_db.py: the per-source database, the project includes

TIDY = "clang-tidy-14"
STAMP = ".tidy-clean"
# The folders of .clang-tidy's HeaderFilterRegex.
HEADER = re.compile(r"/(app|core|crypto|platform|protocol|qml|server|storage|tests)/.*\.h$")
# clang-tidy's summary lines for diagnostics it suppressed (system or filtered headers).
NOISE = re.compile(r"^([0-9]+ warnings? (and [0-9]+ errors? )?generated\.|Suppressed [0-9]+ "
                   r"warnings|Use -header-filter|Use -system-headers)")


def fail(message, code=2):
    print(f"tidy-changed: {message}", file=sys.stderr)
    sys.exit(code)


def project_file(path, src, build):
    """A file of the project that tidy.sh checks: in the tree, not generated, not bench/."""
    return (path.startswith(src + "/") and not path.startswith(build + "/")
            and not path.startswith(src + "/build/") and not path.startswith(src + "/bench/"))


def sources_and_headers(src, build):
    """The sources tidy.sh checks, and for each the project headers it includes."""
    entries = compile_db.per_source_entries(build)
    includes = compile_db.project_includes(entries, lambda p: project_file(p, src, build))
    return {s: {h for h in headers if HEADER.search(h)} for s, headers in includes.items()}


def tidy_prefix():
    """What besides the file decides the findings: the tool's version and the configuration.
    Not the machine: `--version` also names the host's CPU (e.g. "Host CPU: znver3"), which
    differs between machines of the same kind and says nothing of the findings; kept in the
    key, it unstamped the whole tree on every machine with another CPU."""
    version = subprocess.run([TIDY, "--version"], check=True, capture_output=True).stdout
    version = b"\n".join(line for line in version.splitlines()
                         if not line.strip().startswith(b"Host CPU:"))
    with open(".clang-tidy", "rb") as f:
        return version + b"\0" + f.read() + b"\0"


def key(prefix, path):
    with open(path, "rb") as f:
        return hashlib.sha256(prefix + f.read()).hexdigest()[:32]


def read_stamp():
    if not os.path.exists(STAMP):
        return {}
    with open(STAMP, encoding="utf-8") as f:
        return {line.split()[0]: line.rstrip("\n") for line in f if line.strip()}


def write_stamp(lines, path=STAMP):
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(line + "\n" for line in sorted(set(lines)))


def run_tidy(database, source):
    done = subprocess.run([TIDY, "-quiet", "-p", database, source], capture_output=True,
                          text=True)
    out = [l for l in (done.stdout + done.stderr).splitlines() if l and not NOISE.match(l)]
    return source, done.returncode, out


def main():
    args = sys.argv[1:]
    stamp_all = args[:1] == ["--stamp-all"]
    args = args[1:] if stamp_all else args
    if len(args) != 1 and not (stamp_all and len(args) == 2):
        fail("usage: tidy_changed.py <build-dir> | --stamp-all <build-dir> [file]")
    output = os.path.abspath(args[1]) if len(args) == 2 else STAMP
    src = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    build = os.path.abspath(args[0])
    if not os.path.exists(os.path.join(build, "compile_commands.json")):
        fail(f"no {build}/compile_commands.json (configure with a preset first)")
    os.chdir(src)
    includes = sources_and_headers(src, build)
    prefix = tidy_prefix()
    keys = {p: key(prefix, p) for p in set(includes).union(*includes.values())}

    def line(path):
        return f"{keys[path]} {os.path.relpath(path, src)}"

    if stamp_all:
        write_stamp((line(p) for p in keys), output)
        print(f"tidy-changed: stamp of {len(keys)} files written to {output}")
        return 0

    stamp = read_stamp()
    todo = {p for p in keys if keys[p] not in stamp}
    chosen = {s for s in todo if s in includes}
    for header in sorted(todo - set(includes)):
        if any(header in includes[s] for s in chosen):
            continue
        users = sorted(s for s in includes if header in includes[s])
        own = os.path.splitext(header)[0] + ".cpp"
        if users:
            chosen.add(own if own in users else users[0])
    if not todo:
        print("tidy-changed: every file's content is stamped clean, nothing to check")
        return 0
    limit = int(os.environ.get("MSGR_TIDY_MAX_FILES", "40"))
    if len(chosen) > limit:
        fail(f"{len(todo)} files unchecked, {len(chosen)} sources to run, more than the budget "
             f"of {limit}: run scripts/tidy.sh {os.path.relpath(build, src)} (whole tree) and "
             f"commit the {STAMP} it writes", 1)
    print(f"tidy-changed: {len(todo)} files unchecked, running "
          + ", ".join(os.path.relpath(s, src) for s in sorted(chosen)))
    clean = []
    database = compile_db.write_tidy_db(build)
    jobs = os.cpu_count() or 1
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for source, status, out in pool.map(lambda s: run_tidy(database, s), sorted(chosen)):
            if out:
                print("\n".join(out))
            if status == 0:
                clean.append(source)
            else:
                print(f"tidy-changed: FINDINGS in {os.path.relpath(source, src)}", file=sys.stderr)
    # A clean source vouches for itself and for every project header it includes.
    stamped = {p for s in clean for p in {s} | includes[s] if p in todo}
    write_stamp(list(stamp.values()) + [line(p) for p in stamped])
    if len(clean) != len(chosen):
        fail(f"{len(chosen) - len(clean)} of {len(chosen)} sources have findings", 1)
    print(f"tidy-changed: clean; {len(stamped)} files stamped in {STAMP}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
