#!/usr/bin/env python3
"""Trust suite, faults: the server killed (SIGKILL) in the middle of 100 random submissions, 20 times; the disk
holding the data filled up; a backup taken while reports are being written.

Submissions go to three agencies of two provinces, eight at a time: drafts saved again and again, reports submitted
once. What the server acknowledged (303) must be in the database after the restart exactly as sent; what was cut
off may be there or not, but whole (every task row); the audit log agrees with each report's history; SQLite's
integrity check passes."""
import os, random, re, shutil, sqlite3, subprocess, sys, tempfile, threading, time
from concurrent.futures import ThreadPoolExecutor

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trust_common import BIN, REPORTER, REPORTER2, REPORTER_LAOCAI, Demo, Line, Server, report_link, token

CYCLES = int(os.environ.get("KEHOACH_KILL_CYCLES", "20"))
PER_CYCLE = 100
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

class Reporter:
    """One agency's reporter: its plan, its task fields, its periods from 2040 on (never due in the demo)."""
    def __init__(self, demo, user):
        self.user = user
        self.session = demo.session(user)
        self.plan, period = report_link(self.session, demo.base)
        page = self.session.get(f"{demo.base}/reports/{self.plan}/{period}").text
        self.csrf = token(page)
        self.tasks = sorted(set(re.findall(r'name="task\.(\d+)\.status"', page)))
        self.agency = demo.sql("SELECT agency_id FROM app_user WHERE username = ?", (user,))[0][0]
        self.kind = "month" if re.fullmatch(r"\d{4}-\d\d", period) else "quarter" if "Q" in period else "half" if "S" in period else "year"
        self.next = 0
        self.lock = threading.Lock()
        self.drafts = []     # periods saved as drafts (may be saved again)

    def fresh_period(self):
        with self.lock:
            i = self.next
            self.next += 1
        if self.kind == "month":
            return f"{2040 + i // 12}-{i % 12 + 1:02d}"
        if self.kind == "quarter":
            return f"{2040 + i // 4}Q{i % 4 + 1}"
        if self.kind == "half":
            return f"{2040 + i // 2}S{i % 2 + 1}"
        return str(2040 + i)

    def form(self, marker, rng, padding=""):
        # (`padding` stays within the field's 10,000 characters: a longer text is refused beside its field, 422.)
        data = {"_csrf": self.csrf, "difficulties": marker + padding}
        for t in self.tasks:
            status = rng.choice(["not-started", "in-progress", "completed"])
            data[f"task.{t}.status"] = status
            data[f"task.{t}.percent"] = {"not-started": "0", "in-progress": str(rng.randint(1, 99)), "completed": "100"}[status]
            if status == "completed":
                data[f"task.{t}.completedOn"] = "2026-01-15"
            data[f"task.{t}.note"] = marker
        return data

def db_state(db, reporters):
    """Every report of the test's agencies: (agency, period) → (id, status, text of the row, task rows)."""
    c = sqlite3.connect(db, timeout=30)
    try:
        rows = c.execute("SELECT r.id, r.agency_id, r.period, r.status, r.difficulties, (SELECT COUNT(*) FROM report_task t WHERE t.report_id = r.id) "
                         "FROM report r WHERE r.period >= '2040'").fetchall()
        audit = dict(c.execute("SELECT entity_id, COUNT(*) FROM audit WHERE action = 'report.submit' GROUP BY entity_id").fetchall())
        events = dict(c.execute("SELECT report_id, COUNT(*) FROM report_event WHERE action = 'submit' GROUP BY report_id").fetchall())
        orphans = c.execute("SELECT COUNT(*) FROM audit a WHERE a.entity = 'report' AND a.entity_id NOT IN (SELECT CAST(id AS TEXT) FROM report)").fetchone()[0]
        integrity = c.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        c.close()
    return {(r[1], r[2]): {"id": r[0], "status": r[3], "marker": r[4], "tasks": r[5]} for r in rows}, audit, events, orphans, integrity

def kill_part():
    line = Line("3. Faults", f"SIGKILL during 100 random submissions × {CYCLES} cycles")
    demo = Demo("kill")
    try:
        reporters = [Reporter(demo, u) for u in (REPORTER, REPORTER2, REPORTER_LAOCAI)]
        line.check("the reporters have forms with tasks", all(r.tasks for r in reporters))
        rng = random.Random(20261123)
        expected = {}        # (agency, period) → (status, marker) acknowledged
        counts = {"sent": 0, "acknowledged": 0, "cut": 0, "cut but stored": 0}
        for cycle in range(CYCLES):
            plan = []
            used = set()
            for i in range(PER_CYCLE):
                r = rng.choice(reporters)
                if r.drafts and rng.random() < 0.4:
                    period = rng.choice(r.drafts)
                    if (r.agency, period) in used:
                        period = r.fresh_period()
                else:
                    period = r.fresh_period()
                used.add((r.agency, period))
                action = rng.choice(["save", "submit"])
                plan.append((r, period, action, f"c{cycle}-n{i}-{action}"))
            kill_after = rng.randint(5, 95)
            done = threading.Event()
            acked = []
            lock = threading.Lock()
            def send(item):
                r, period, action, marker = item
                data = r.form(marker, random.Random(marker))
                data["action"] = action
                try:
                    resp = r.session.post(f"{demo.base}/reports/{r.plan}/{period}", data=data, allow_redirects=False, timeout=30)
                    status = resp.status_code
                except Exception:
                    status = None
                with lock:
                    if status == 303:
                        acked.append(item)
                        if len(acked) >= kill_after:
                            done.set()
                return item, status
            with ThreadPoolExecutor(8) as pool:
                futures = [pool.submit(send, item) for item in plan]
                done.wait(timeout=120)
                demo.server.kill()
                results = [f.result() for f in futures]
            demo.server.start()
            state, audit, events, orphans, integrity = db_state(demo.db, reporters)
            line.check(f"cycle {cycle}: integrity_check {integrity}", integrity == "ok")
            line.check(f"cycle {cycle}: {orphans} audit entries of reports that do not exist", orphans == 0)
            for (r, period, action, marker), status in results:
                key = (r.agency, period)
                row = state.get(key)
                counts["sent"] += 1
                if status == 303:
                    counts["acknowledged"] += 1
                    want = "submitted" if action == "submit" else "draft"
                    line.check(f"cycle {cycle}: acknowledged {action} {r.user} {period} is stored as sent: {row}",
                               row is not None and row["status"] == want and row["marker"] == marker)
                    expected[key] = (want, marker)
                elif status is None or status >= 500:
                    counts["cut"] += 1
                    if row is not None and row["marker"] == marker:
                        counts["cut but stored"] += 1
                        expected[key] = (row["status"], marker)
                    else:
                        line.check(f"cycle {cycle}: cut {action} {r.user} {period} left an unknown state: {row}",
                                   (row is None and key not in expected) or (row is not None and expected.get(key) == (row["status"], row["marker"])))
                else:
                    # Refused before the kill (a draft period submitted in an earlier cycle): nothing changed.
                    line.check(f"cycle {cycle}: {action} {r.user} {period} answered {status}", status in (409,) and row is not None)
                if row is not None:
                    line.check(f"cycle {cycle}: report {row['id']} whole: {row['tasks']} of {len(r.tasks)} task rows", row["tasks"] == len(r.tasks))
                    if row["status"] == "submitted":
                        line.check(f"cycle {cycle}: report {row['id']} submit audited once and in its history",
                                   audit.get(str(row["id"]), 0) == events.get(row["id"], 0) == 1)
                    if row["status"] == "draft" and period not in r.drafts:
                        r.drafts.append(period)
                    if row["status"] == "submitted" and period in r.drafts:
                        r.drafts.remove(period)
            # Reports acknowledged in earlier cycles are still as acknowledged.
            for key, (want, marker) in expected.items():
                row = state.get(key)
                line.check(f"cycle {cycle}: earlier acknowledged {key} still {want}", row is not None and row["status"] == want and row["marker"] == marker)
        line.done(f"{CYCLES} cycles × {PER_CYCLE} submissions (3 agencies, 8 at a time, drafts and submissions), SIGKILL after a random 5–95 acknowledgements",
                  f"{counts['acknowledged']} acknowledged, all present as sent; {counts['cut']} cut ({counts['cut but stored']} had committed, whole); 0 half-written; audit consistent; integrity ok")
    finally:
        demo.stop()

def disk_full_part():
    line = Line("3. Faults", "Disk full on the data directory")
    mount = tempfile.mkdtemp(prefix="kehoach-full-")
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", mount], capture_output=True, text=True)
    if not line.check(f"a 32 MB filesystem for the data (mount needs root): {ok.stderr.strip()}", ok.returncode == 0):
        return line.done("not run", "")
    try:
        work = os.path.join(mount, "data")
        os.makedirs(work)
        demo = Demo("full", work=work)
        server = demo.server
        try:
            r = Reporter(demo, REPORTER)
            marker = "truoc-khi-day"
            url = f"{demo.base}/reports/{r.plan}/2040"
            first = r.session.post(url, data={**r.form(marker, random.Random(1)), "action": "save"}, allow_redirects=False)
            line.check(f"a draft saved before the disk fills: {first.status_code}", first.status_code == 303)
            # Fill the filesystem but for 64 KB.
            st = os.statvfs(mount)
            filler = os.path.join(mount, "filler")
            with open(filler, "wb") as f:
                try:
                    f.write(b"\0" * max(0, st.f_bavail * st.f_frsize - 65536))
                except OSError:
                    pass
            answers = []
            for i in range(40):
                form = r.form(f"day-{i}-", random.Random(i), padding="x" * 9_000)
                resp = r.session.post(url, data={**form, "action": "save"}, allow_redirects=False)
                answers.append(resp.status_code)
                if resp.status_code != 303:
                    line.check(f"a save on a full disk: {resp.status_code}, not 507", resp.status_code == 507)
                    line.check("the page says the server is out of space, in Vietnamese", "hết dung lượng" in resp.text)
                    break
            line.check(f"the disk filled up within 40 saves: {answers}", answers and answers[-1] != 303)
            page = r.session.get(url).text
            upload = r.session.post(url + "/files", data={"_csrf": token(page)}, files={"file": ("bien-ban.pdf", PDF + b"\0" * 200_000, "application/pdf")}, allow_redirects=False)
            line.check(f"an evidence file on a full disk: {upload.status_code}", upload.status_code == 507)
            line.check("the server still answers reads", r.session.get(f"{demo.base}/reports").status_code == 200)
            last_ok = next((i for i in range(len(answers) - 1, -1, -1) if answers[i] == 303), None)
            state, *_rest, integrity = db_state(server.db, [r])
            row = state.get((r.agency, "2040"))
            want = f"day-{last_ok}-" if last_ok is not None else marker
            line.check(f"integrity_check on the full disk: {integrity}", integrity == "ok")
            line.check(f"the last acknowledged save is what the database holds: {row and row['marker'][:12]}", row is not None and row["marker"].startswith(want) and row["tasks"] == len(r.tasks))
            line.check("no attachment row for the refused file", not demo.sql("SELECT 1 FROM attachment"))
            os.remove(filler)
            after = r.session.post(url, data={**r.form("sau-khi-don", random.Random(2)), "action": "save"}, allow_redirects=False)
            line.check(f"after space is freed, the next save works without a restart: {after.status_code}", after.status_code == 303)
            server.stop()
            server.start()
            state, *_rest, integrity = db_state(server.db, [r])
            line.check("after a restart the data is there", integrity == "ok" and state.get((r.agency, "2040"), {}).get("marker") == "sau-khi-don")
        finally:
            server.stop()
    finally:
        subprocess.run(["umount", "-l", mount])
    line.done("32 MB filesystem for the database and files, filled but 64 KB, then saves and an upload",
              f"507 with a Vietnamese message after {len(answers)} saves; nothing half-written, integrity ok; saves work again once space is freed")

def backup_part():
    line = Line("3. Faults", "Backup taken under write load")
    demo = Demo("backup")
    try:
        reporters = [Reporter(demo, u) for u in (REPORTER, REPORTER2, REPORTER_LAOCAI)]
        stop = threading.Event()
        acked = []  # (time, agency, period, status, marker)
        lock = threading.Lock()
        def writer(r, seed):
            rng = random.Random(seed)
            n = 0
            while not stop.is_set():
                period = r.fresh_period()
                action = rng.choice(["save", "submit"])
                marker = f"b{seed}-{n}-{action}"
                n += 1
                resp = r.session.post(f"{demo.base}/reports/{r.plan}/{period}", data={**r.form(marker, rng), "action": action}, allow_redirects=False)
                if resp.status_code == 303:
                    with lock:
                        acked.append((time.time(), r.agency, period, "submitted" if action == "submit" else "draft", marker))
        threads = [threading.Thread(target=writer, args=(r, i)) for i, r in enumerate(reporters * 2)]
        for t in threads:
            t.start()
        backups = []
        for i in range(3):
            time.sleep(2 + i)
            started = time.time()
            out = os.path.join(demo.work, f"sao-luu-{i}.sqlite")
            run = subprocess.run([BIN, "backup", "--db", demo.db, out], capture_output=True, text=True, timeout=300)
            line.check(f"backup {i}: {run.returncode} {run.stderr.strip()}", run.returncode == 0)
            backups.append((started, out))
        stop.set()
        for t in threads:
            t.join()
        for started, out in backups:
            state, audit, events, orphans, integrity = db_state(out, reporters)
            line.check(f"{out}: integrity {integrity}", integrity == "ok")
            line.check(f"{out}: {orphans} audit entries of reports it does not have", orphans == 0)
            tasks = {r.agency: len(r.tasks) for r in reporters}
            for (agency, period), row in state.items():
                line.check(f"{out}: report {row['id']} whole", row["tasks"] == tasks[agency])
                if row["status"] == "submitted":
                    line.check(f"{out}: report {row['id']} audit and history agree", audit.get(str(row["id"]), 0) == events.get(row["id"], 0) == 1)
            before = [a for a in acked if a[0] < started]
            missing = [a for a in before if state.get((a[1], a[2]), {}).get("marker") != a[4] and a[3] == "submitted"]
            line.check(f"{out}: submissions acknowledged before the backup began are in it ({len(missing)} missing)", not missing)
        # The last backup restored and served.
        restored = os.path.join(demo.work, "khoi-phuc.sqlite")
        run = subprocess.run([BIN, "restore", "--db", restored, backups[-1][1]], capture_output=True, text=True, timeout=300)
        line.check(f"restore: {run.returncode} {run.stderr.strip()}", run.returncode == 0)
        server = Server(restored, name="restored", work=demo.work)
        try:
            s = requests.Session()
            page = s.get(server.base + "/signin").text
            s.post(server.base + "/signin", data={"_csrf": token(page), "username": REPORTER, "password": demo.password(REPORTER)})
            state, *_ = db_state(restored, reporters)
            sample = next(((k, v) for k, v in state.items() if v["status"] == "submitted" and k[0] == reporters[0].agency), None)
            line.check("the restored copy serves the reporter's submitted report", sample is not None and
                       sample[1]["marker"] in s.get(f"{server.base}/reports/{reporters[0].plan}/{sample[0][1]}").text)
        finally:
            server.stop()
        line.done(f"3 online backups while 6 writers saved and submitted ({len(acked)} acknowledged writes), the last one restored and served",
                  "each backup consistent: integrity ok, reports whole, audit = history, nothing acknowledged before it missing")
    finally:
        demo.stop()

if __name__ == "__main__":
    part = sys.argv[1] if len(sys.argv) > 1 else "all"
    if part in ("all", "kill"):
        kill_part()
    if part in ("all", "disk"):
        disk_full_part()
    if part in ("all", "backup"):
        backup_part()
