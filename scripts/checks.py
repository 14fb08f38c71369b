"""Checks counted and reported by the test scripts: `check(name, condition)` records one, `report(label)` prints the
tally and exits with its status."""
import sys

results = {"passed": 0, "failed": 0}

def check(name, condition):
    if condition:
        results["passed"] += 1
    else:
        results["failed"] += 1
        print("FAILED:", name)

def report(label, where=""):
    print(f"{label}: {results['passed']} passed, {results['failed']} failed" + (f" ({where})" if where else ""))
    sys.exit(1 if results["failed"] else 0)
