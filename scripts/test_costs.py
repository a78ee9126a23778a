#!/usr/bin/env python3
"""Writes tests/test_costs.cmake from a build's measured test times.

ctest starts the longest tests first only when it knows their times (the COST property, or the
CTestCostData.txt a previous run left in the build folder). A fresh CI clone has no previous run,
so it would start them in the order they were declared and could end with the longest test
running alone. Run this after a whole-suite run to refresh the committed table:

    python3 scripts/test_costs.py build/ci
"""
import pathlib
import sys


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    data = pathlib.Path(sys.argv[1]) / "Testing" / "Temporary" / "CTestCostData.txt"
    costs = {}
    for line in data.read_text().splitlines():
        if line.startswith("---"):
            break  # the failed tests' names follow
        fields = line.split()
        if len(fields) != 3:
            raise SystemExit(f"{data}: not '<name> <runs> <seconds>': {line!r}")
        costs[fields[0]] = float(fields[2])
    root = pathlib.Path(__file__).resolve().parent.parent
    lines = [
        "# Seconds each test took in a whole-suite run (ctest -j2 on two cores), so ctest starts",
        "# the longest first in a fresh build (cmake/MsgrTests.cmake sets them as COST).",
        "# Written by scripts/test_costs.py from a build's CTestCostData.txt; a test not listed",
        "# (under a second, or new) starts after the listed ones.",
        "set(MSGR_TEST_COSTS",
    ]
    for name, seconds in sorted(costs.items(), key=lambda kv: (-kv[1], kv[0])):
        if round(seconds) >= 1:  # the order among sub-second tests does not matter
            lines.append(f"  {name}={seconds:.0f}")
    lines.append(")")
    (root / "tests" / "test_costs.cmake").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
