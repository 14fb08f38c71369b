#!/usr/bin/env python3
"""Fault test: the server is killed (SIGKILL) while a report is being submitted, 20 times. After each restart the
report is either as it was (absent) or wholly submitted (every task row), never half, and the audit log agrees with
the report's own history. A submission the server acknowledged is always there."""
import os, random, re, signal, socket, sqlite3, subprocess, sys, tempfile, threading, time
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("KEHOACH_BIN", os.path.join(ROOT, ".build/debug/kehoach"))
SEEDS = os.environ.get("KEHOACH_SEEDS", os.path.join(ROOT, "..", "shared", "seeds"))
CYCLES = int(os.environ.get("KEHOACH_KILL_CYCLES", "20"))

passed, failed = 0, 0
def check(name, ok):
    global passed, failed
    if ok: passed += 1
    else:
        failed += 1; print("FAILED:", name)

work = tempfile.mkdtemp(prefix="kehoach-kill-")
db = os.path.join(work, "kh.sqlite")
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
base = f"http://127.0.0.1:{port}"
log = open(os.path.join(work, "serve.log"), "w+")

def start():
    p = subprocess.Popen([BIN, "serve", "--db", db, "--port", str(port), "--seeds", SEEDS], stdout=log, stderr=subprocess.STDOUT)
    for _ in range(200):
        time.sleep(0.1)
        try:
            requests.get(base + "/signin", timeout=1); return p
        except Exception: pass
    raise SystemExit("server did not start")

server = start()
log.seek(0)
demo = dict(re.findall(r"tài khoản thử nghiệm: (\S+) / (\S+)", log.read()))
user, one_time = "canbo.khcn.laocai", demo["canbo.khcn.laocai"]
session = requests.Session()
def token(html): return re.search(r'name="_csrf" value="([0-9a-f]+)"', html).group(1)
r = session.get(base + "/signin")
session.post(base + "/signin", data={"_csrf": token(r.text), "username": user, "password": one_time})
r = session.get(base + "/account")
session.post(base + "/account", data={"_csrf": token(r.text), "current": one_time, "new": "khcn-lao-cai-2026", "repeat": "khcn-lao-cai-2026"})
r = session.get(base + "/signin")
session.post(base + "/signin", data={"_csrf": token(r.text), "username": user, "password": "khcn-lao-cai-2026"})
plan = re.search(r'href="/reports/(\d+)/', session.get(base + "/reports").text).group(1)
form = session.get(f"{base}/reports/{plan}/2031-01").text
tasks = re.findall(r'name="task\.(\d+)\.status"', form)
check("the reporter's form has tasks", len(tasks) >= 20)

random.seed(7)
outcomes = {"acknowledged": 0, "cut": 0, "stored": 0, "absent": 0}
for cycle in range(CYCLES):
    period = f"{2031 + cycle // 12}-{cycle % 12 + 1:02d}"
    page = session.get(f"{base}/reports/{plan}/{period}").text
    data = {"_csrf": token(page), "action": "submit", "difficulties": f"chu kỳ {cycle}"}
    for t in tasks:
        data[f"task.{t}.status"] = "in-progress"; data[f"task.{t}.percent"] = str(cycle); data[f"task.{t}.note"] = f"chu kỳ {cycle}"
    answer = {}
    def submit():
        try:
            answer["status"] = session.post(f"{base}/reports/{plan}/{period}", data=data, allow_redirects=False, timeout=10).status_code
        except Exception as e:
            answer["error"] = str(e)
    thread = threading.Thread(target=submit); thread.start()
    time.sleep(random.uniform(0, 0.15))
    server.send_signal(signal.SIGKILL); server.wait(); thread.join()
    server = start()
    con = sqlite3.connect(db)
    row = con.execute("SELECT r.id, r.status, (SELECT COUNT(*) FROM report_task t WHERE t.report_id = r.id) FROM report r JOIN agency a ON a.id = r.agency_id WHERE r.plan_id = ? AND r.period = ?", (plan, period)).fetchone()
    if answer.get("status") == 303:
        check(f"cycle {cycle}: an acknowledged submission survives", row is not None and row[1] == "submitted")
    check(f"cycle {cycle}: the report is absent or whole", row is None or (row[1] == "submitted" and row[2] == len(tasks)))
    outcomes["acknowledged" if answer.get("status") == 303 else "cut"] += 1
    outcomes["stored" if row else "absent"] += 1
    if row:
        audits = con.execute("SELECT COUNT(*) FROM audit WHERE action = 'report.submit' AND entity_id = ?", (str(row[0]),)).fetchone()[0]
        events = con.execute("SELECT COUNT(*) FROM report_event WHERE report_id = ? AND action = 'submit'", (row[0],)).fetchone()[0]
        check(f"cycle {cycle}: the audit log agrees with the report's history", audits == events == 1)
    check(f"cycle {cycle}: the database is intact", con.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
    con.close()

server.terminate(); server.wait()
print(f"kill outcomes: {outcomes}")
check("some submissions completed and some were cut", outcomes["stored"] > 0 and outcomes["absent"] > 0)
print(f"kill: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
