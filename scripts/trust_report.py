#!/usr/bin/env python3
"""Writes the trust suite's table (TRUST.md) from the lines the parts recorded, and fails when a line failed or is
missing. `trust_report.py --missing PART CODE` records a part that stopped without finishing (a crash, a timeout)."""
import datetime, json, os, platform, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trust_common import RESULTS, ROOT

# Every line the issue asks for: a part that did not record one fails the suite.
EXPECTED = {
    "1. Access": ["Route × role matrix", "Every route × every role", "Another agency", "Session fixation", "CSRF", "Cookie flags",
                  "Login throttling", "Password policy", "One-time password", "Sign-out"],
    "2. Bad input": ["Importer fuzzing", "Forms:", "API:", "Uploads:"],
    "3. Faults": ["SIGKILL", "Disk full", "Backup"],
    "4. Load": ["connections", "Memory flat"],
}

def rows():
    if not os.path.exists(RESULTS):
        return []
    with open(RESULTS) as f:
        return [json.loads(l) for l in f if l.strip()]

def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--missing":
        part, code = sys.argv[2], sys.argv[3]
        with open(RESULTS, "a") as f:
            f.write(json.dumps({"section": "(suite)", "line": f"part '{part}' stopped (exit {code}: 124 = over its time limit)",
                                "tried": "", "checks": 0, "passed": False, "figure": "", "failures": [], "seconds": 0}) + "\n")
        return 0
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "TRUST.md")
    started = float(os.environ.get("KEHOACH_TRUST_STARTED", "0") or 0)
    lines = rows()
    missing = [f"{section} · {name}…" for section, names in EXPECTED.items() for name in names
               if not any(r["section"] == section and r["line"].startswith(name) or (r["section"] == section and name in r["line"]) for r in lines)]
    failed = [r for r in lines if not r["passed"]]
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
    minutes = f"{(datetime.datetime.now().timestamp() - started) / 60:.0f} min" if started else "?"
    memory = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "?")
    text = ["# Trust suite: latest run", "",
            "What `scripts/trust` proved on its latest run (written by `scripts/trust_report.py`; run it again with `sh scripts/trust`). "
            "Each line is a group of checks against a real server on loopback (or, for fuzzing, the readers themselves); "
            "`checks` counts the individual assertions. How each part works is at the top of its script "
            "(`scripts/trust_access.py`, `trust_input.py`, `trust_faults.py`, `trust_load.py`) and in README.md, \"Trust suite\".", "",
            f"Run: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC · commit {commit}{' (with local changes)' if dirty else ''} · "
            f"{os.cpu_count()} cores, {int(memory) // 1048576 if memory != '?' else '?'} GB · {platform.system()} · total {minutes} · "
            f"result: **{'PASSED' if not failed and not missing else 'FAILED'}** ({sum(r['checks'] for r in lines):,} checks)", "",
            "| | What | Tried | Passed | Figure | Checks | Time |", "|---|---|---|---|---|---:|---:|"]
    for r in lines:
        text.append(f"| {r['section']} | {r['line']} | {r['tried']} | {'yes' if r['passed'] else '**NO**'} | {r['figure']} | {r['checks']:,} | {r['seconds']} s |")
    for m in missing:
        text.append(f"| | {m} | not run | **NO** | | 0 | |")
    if failed:
        text += ["", "## Failures (first of each line)", ""]
        for r in failed:
            text += [f"- {r['section']} · {r['line']}:"] + [f"  - {f}" for f in r["failures"]]
    with open(out, "w") as f:
        f.write("\n".join(text) + "\n")
    print("\n".join(text))
    return 1 if failed or missing else 0

if __name__ == "__main__":
    sys.exit(main())
