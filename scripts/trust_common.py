"""Pieces of the trust suite (scripts/trust): one line of the results table (`Line`), the database fingerprint that
proves a refused request changed nothing, and the demo server signed in as each role."""
import hashlib, json, os, re, sqlite3, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_common import BIN, ROOT, SEEDS, Server, free_port, signed_in, token  # noqa: F401 (re-exported)

RESULTS = os.environ.get("KEHOACH_TRUST_RESULTS", os.path.join(tempfile.gettempdir(), "kehoach-trust-results.jsonl"))

class Line:
    """One line of the table: what was tried, whether every check passed, a figure. Failures are printed as they
    happen, with what was sent."""
    def __init__(self, section, name):
        self.section, self.name = section, name
        self.checks, self.failures = 0, []
        self.started = time.time()

    def check(self, what, ok):
        self.checks += 1
        if not ok:
            self.failures.append(what)
            if len(self.failures) <= 25:
                print(f"FAILED [{self.name}]: {what}", flush=True)
        return ok

    def done(self, tried, figure=""):
        row = {"section": self.section, "line": self.name, "tried": tried, "checks": self.checks,
               "passed": self.checks > 0 and not self.failures, "figure": figure,
               "failures": self.failures[:5], "seconds": round(time.time() - self.started)}
        with open(RESULTS, "a") as f:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{'ok ' if row['passed'] else 'FAIL'} {self.section} · {self.name}: {tried}; {figure} ({self.checks} checks)", flush=True)
        return row["passed"]

class Fingerprint:
    """The SQLite database as another connection sees it. `PRAGMA data_version` changes when any other connection
    commits, so an unchanged value proves that nothing was written; `tables()` names what changed."""
    def __init__(self, path):
        self.connection = sqlite3.connect(path, timeout=30)

    def version(self):
        return self.connection.execute("PRAGMA data_version").fetchone()[0]

    def tables(self):
        names = [r[0] for r in self.connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = {}
        for name in names:
            h = hashlib.sha256()
            for row in self.connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid'):
                h.update(repr(row).encode())
            out[name] = h.hexdigest()
        return out

    def changed(self, before):
        after = self.tables()
        return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))

# The demo's accounts (kehoach serve --seeds prints them), by role.
COORDINATOR, VIEWER = "dieuphoi.laichau", "lanhdao.laichau"
REPORTER, REPORTER2 = "canbo.tuphap", "canbo.tanphong"
COORDINATOR_LAOCAI, REPORTER_LAOCAI = "dieuphoi.laocai", "canbo.khcn.laocai"

class Demo:
    """A server on a new SQLite database with the seed plans and the demo accounts, each account signed in once
    (its one-time password changed to a new one, `password(user)`)."""
    def __init__(self, name, extra=(), work=None, env=None):
        """`work`: the directory of the database (a new temporary one by default)."""
        self.work = work or tempfile.mkdtemp(prefix=f"kehoach-trust-{name}-")
        self.db = os.path.join(self.work, "kh.sqlite")
        # No background rounds: the trust checks compare the database before and after a request, and a round of
        # reminders landing in between would be counted against the request (scripts/followup_test.py tests them).
        self.server = Server(self.db, name="serve", work=self.work, extra=extra, env={"KEHOACH_BACKGROUND_SECONDS": "0", **(env or {})})
        self.base = self.server.base
        self.passwords = {}
        self.sessions = {}

    def password(self, user):
        # Not containing the user name (the policy refuses that).
        return self.passwords.get(user) or user.replace(".", "-")[::-1] + "-bi-mat-2026"

    def session(self, user):
        if user == "anonymous":
            import requests
            return self.sessions.setdefault(user, requests.Session())
        if user not in self.sessions:
            one_time = self.server.admin_password if user == "admin" else self.server.accounts[user]
            self.sessions[user] = signed_in(self.base, user, one_time, self.password(user))
            self.passwords[user] = self.password(user)
        return self.sessions[user]

    def sql(self, query, args=()):
        c = sqlite3.connect(self.db, timeout=30)
        try:
            return c.execute(query, args).fetchall()
        finally:
            c.close()

    def stop(self):
        self.server.stop()

def report_link(session, base):
    """The agency's open report (plan, period) from its list of reports."""
    page = session.get(base + "/reports").text
    m = re.findall(r'href="/reports/(\d+)/([0-9A-Z-]+)">Mở báo cáo kỳ này', page)
    return m[-1] if m else None

def report_fields(html):
    """The report form's task and indicator fields, with the values a user would send to save it as is."""
    fields = {}
    for name in re.findall(r'name="(task\.\d+\.(?:status|percent|note))"', html):
        fields[name] = {"status": "in-progress", "percent": "10", "note": ""}[name.rsplit(".", 1)[1]]
    return fields
