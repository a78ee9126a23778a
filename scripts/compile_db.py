#!/usr/bin/env python3
"""The compile database as clang-tidy needs it: one entry per source file.

  scripts/compile_db.py <build-dir>    writes <build-dir>/tidy-db/compile_commands.json

A unity build (MSGR_UNITY_BUILD, on in the ci preset) compiles a library's sources in
batches, and CMake's compile_commands.json then lists the batch files (…/Unity/unity_N_cxx.cxx,
or unity_qmlcache_N_cxx.cxx for the QML modules' qmlcachegen sources)
instead of the sources. clang-tidy must see each source with its own command: every batch is
expanded back into its sources, each with the batch's command. scripts/tidy.sh and
scripts/tidy_changed.py read the database this writes.

project_includes() gives, for each source, the project headers it includes (transitively), read
from the `#include "…"` lines the way the compiler resolves them (the including file's folder,
then the command's -I folders). The build's own dependency log cannot give it any more: a
batch's object depends on every header of every source in the batch.

The tests' GCC precompiled header is taken out of every command (clang cannot read it).
"""
import json
import os
import re
import shlex
import sys

UNITY = re.compile(r"/Unity/unity_[A-Za-z0-9_]+_cxx\.cxx$")  # batches, and named groups (qmlcache_N)
# The tests' precompiled header (MSGR_TEST_PCH) is GCC's; clang-tidy reads each source without it,
# so a test that leans on the PCH for an include it lacks is still caught.
GCC_PCH = re.compile(r" -Winvalid-pch| -include \S*/cmake_pch\.hxx")
QUOTED_INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)


def _absolute(entry):
    return os.path.normpath(os.path.join(entry["directory"], entry["file"]))


def _batch_sources(batch):
    with open(batch, encoding="utf-8") as f:
        return [os.path.normpath(p) for p in QUOTED_INCLUDE.findall(f.read())]


def per_source_entries(build):
    """compile_commands.json of build with every unity batch replaced by its sources."""
    with open(os.path.join(build, "compile_commands.json"), encoding="utf-8") as f:
        entries = json.load(f)
    result = []
    for entry in entries:
        path = _absolute(entry)
        entry = dict(entry, command=GCC_PCH.sub("", entry["command"]))
        if not UNITY.search(path):
            result.append(dict(entry, file=path))
            continue
        for source in _batch_sources(path):
            result.append(dict(entry, file=source,
                               command=entry["command"].replace(entry["file"], source)))
    return result


def write_tidy_db(build):
    """Writes <build>/tidy-db/compile_commands.json; returns that folder."""
    folder = os.path.join(build, "tidy-db")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "compile_commands.json"), "w", encoding="utf-8") as f:
        json.dump(per_source_entries(build), f, indent=1)
    return folder


def _include_dirs(command):
    args = shlex.split(command)
    dirs = []
    for i, arg in enumerate(args):
        if arg == "-I" and i + 1 < len(args):
            dirs.append(args[i + 1])
        elif arg.startswith("-I"):
            dirs.append(arg[2:])
    return tuple(dirs)


def project_includes(entries, is_project_file):
    """source -> the project headers it includes, directly or through other headers."""
    direct = {}

    def includes_of(path, dirs):
        key = (path, dirs)
        if key not in direct:
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    names = QUOTED_INCLUDE.findall(f.read())
            except OSError:
                names = []
            found = []
            for name in names:
                for folder in (os.path.dirname(path),) + dirs:
                    candidate = os.path.normpath(os.path.join(folder, name))
                    if os.path.isfile(candidate):
                        found.append(candidate)
                        break
            direct[key] = found
        return direct[key]

    result = {}
    for entry in entries:
        source = entry["file"]
        if not is_project_file(source):
            continue
        dirs = _include_dirs(entry["command"])
        seen, todo = set(), [source]
        while todo:
            for header in includes_of(todo.pop(), dirs):
                if header not in seen:
                    seen.add(header)
                    todo.append(header)
        result[source] = {h for h in seen if is_project_file(h)}
    return result


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: compile_db.py <build-dir>", file=sys.stderr)
        sys.exit(2)
    print(write_tidy_db(os.path.abspath(sys.argv[1])))
