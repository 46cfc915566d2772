"""Fail when a Danish catalogue has an untranslated or fuzzy message."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    catalogues = sorted(
        p
        for p in ROOT.glob("**/locale/da/LC_MESSAGES/django*.po")
        if not {".venv", "var"} & set(p.relative_to(ROOT).parts)
    )
    if not catalogues:
        print("No Danish catalogue found.")
        return 1
    problems = 0
    for po in catalogues:
        stats = subprocess.run(
            ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
            capture_output=True,
            text=True,
        )
        if stats.returncode != 0:
            print(f"{po.relative_to(ROOT)}: msgfmt refuses it:\n{stats.stderr}")
            problems += 1
            continue
        fuzzy = re.search(r"(\d+) fuzzy", stats.stderr)
        untranslated = re.search(r"(\d+) untranslated", stats.stderr)
        bad = int(fuzzy.group(1) if fuzzy else 0) + int(
            untranslated.group(1) if untranslated else 0
        )
        print(f"{po.relative_to(ROOT)}: {stats.stderr.strip()}")
        if bad:
            problems += bad
            for flag in ("--untranslated", "--only-fuzzy"):
                listing = subprocess.run(
                    ["msgattrib", flag, "--no-obsolete", str(po)], capture_output=True, text=True
                ).stdout
                print("\n".join(listing.splitlines()[:60]))
    print(f"{len(catalogues)} catalogue(s) checked, {problems} problem(s).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
