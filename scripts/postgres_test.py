#!/usr/bin/env python3
"""PostgreSQL as users and operators meet it (KEHOACH_TEST_POSTGRES names the server, KEHOACH_TEST_PGDIR the
throwaway cluster of scripts/pg-cluster):
1. `kehoach migrate` moves a province (the small demo) from SQLite to a new PostgreSQL database; the full exports of
   both, made by separate `kehoach export` runs, are equal; moving again into the same database is refused. The
   national demo (small) loads on PostgreSQL.
2. `kehoach serve` on the moved database: the accounts work.
3. PostgreSQL stops for a few seconds and starts again while clients keep asking: answers are pages or a clear 503
   (in Vietnamese, with Retry-After), never a 500 or a dropped connection; the server process stays up and serves
   and writes again once PostgreSQL is back."""
import os, re, subprocess, sys, tempfile, threading, time
import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_common import BIN, ROOT, Server, new_postgres_database, token
from checks import check, report

server_url = os.environ["KEHOACH_TEST_POSTGRES"]
pgdir = os.environ["KEHOACH_TEST_PGDIR"]
work = tempfile.mkdtemp(prefix="kehoach-pg-")
def run(*args):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=600)

# 1. SQLite → PostgreSQL
sqlite = os.path.join(work, "mau.sqlite")
demo = run("demo", "--scale", "small", "--db", sqlite, "--today", "2026-10-10")
check("the small demo is made", demo.returncode == 0)
accounts = dict(re.findall(r"tài khoản thử nghiệm: (\S+) / (\S+)", demo.stdout))
target = new_postgres_database(server_url, "kehoach_moved")
moved = run("migrate", "--from", "sqlite:" + sqlite, "--to", target)
check("migrate succeeds and says the exports match", moved.returncode == 0 and "trùng khớp" in moved.stdout)
left, right = run("export", "--db", sqlite), run("export", "--db", target)
check("separate exports of SQLite and PostgreSQL are equal", left.returncode == 0 and left.stdout == right.stdout)
check("the export holds the demo's reports", int(re.search(r"# report (\d+)", left.stdout).group(1)) > 100)
again = run("migrate", "--from", "sqlite:" + sqlite, "--to", target)
check("moving into a database that has data is refused with a message", again.returncode != 0 and "đã có dữ liệu" in again.stderr)
check("…and leaves it as it was", run("export", "--db", target).stdout == right.stdout)

# The national demo, small, on PostgreSQL: 3 provinces × 4 communes × 6 indicators × 3 months of values.
national = new_postgres_database(server_url, "kehoach_national")
made = run("demo", "--scale", "national-small", "--db", national, "--today", "2026-11-22")
check("the national demo (small) loads on PostgreSQL", made.returncode == 0 and "Tỉnh mẫu 03" in made.stdout)
dump = run("export", "--db", national).stdout
check("…with a value per commune, indicator and month", "# indicator_fact 216\n" in dump)
check("…and a report per agency and month", "# report 72\n" in dump)

# 2. serve on the moved database
srv = Server(target, name="serve-pg", work=work, files=os.path.join(work, "files"))
try:
    c = requests.Session()
    page = c.get(srv.base + "/signin").text
    r = c.post(srv.base + "/signin", data={"_csrf": token(page), "username": "dieuphoi.mau", "password": accounts["dieuphoi.mau"]})
    check("a demo account moved with its password", r.ok and "/account" in r.url)
    new = "dieu-phoi-tinh-mau-2026"
    c.post(srv.base + "/account", data={"_csrf": token(r.text), "current": accounts["dieuphoi.mau"], "new": new, "repeat": new})
    page = c.get(srv.base + "/signin").text
    c.post(srv.base + "/signin", data={"_csrf": token(page), "username": "dieuphoi.mau", "password": new})
    check("the coordinator's dashboard opens on PostgreSQL", c.get(srv.base + "/dashboard").ok)

    # 3. PostgreSQL restarts under load
    cookies = c.cookies.get_dict()
    statuses, errors, unavailable_pages = {}, [], []
    stop = threading.Event()
    def load(paths):
        s = requests.Session(); s.cookies.update(cookies)
        while not stop.is_set():
            for p in paths:
                try:
                    r = s.get(srv.base + p, timeout=15, allow_redirects=False)
                    statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                    if r.status_code == 503 and len(unavailable_pages) < 3:
                        unavailable_pages.append((r.text, r.headers.get("Retry-After")))
                except Exception as e:
                    errors.append(str(e))
    threads = [threading.Thread(target=load, args=(paths,), daemon=True) for paths in
               (["/plans", "/dashboard/tasks"], ["/dashboard", "/api/v1/plans"], ["/audit"], ["/plans"])]
    for t in threads: t.start()
    time.sleep(2)
    before = dict(statuses)
    try:
        subprocess.run(["bash", os.path.join(ROOT, "scripts/pg-cluster"), "restart", pgdir, "3"], check=True)
    except BaseException:
        # The load threads must not keep the process (and CI) alive after a failed restart.
        stop.set()
        raise
    time.sleep(1)
    # Once PostgreSQL is back every request is answered again.
    recovered_at = None
    for _ in range(40):
        if c.get(srv.base + "/plans").status_code == 200:
            recovered_at = time.time(); break
        time.sleep(0.5)
    time.sleep(2)
    stop.set()
    for t in threads: t.join()
    print("answers during the restart:", statuses, "client errors:", len(errors))
    check("requests were answered before the restart", before.get(200, 0) > 0)
    check("while PostgreSQL was down the server answered 503", statuses.get(503, 0) > 0)
    check("the 503 page says in Vietnamese to try again, with Retry-After",
          bool(unavailable_pages) and all("thử lại" in text and retry == "5" for text, retry in unavailable_pages))
    check("no 500 and no other error status", set(statuses) <= {200, 503})
    check("no connection was dropped or refused", not errors)
    check("the server process is still running", srv.process.poll() is None)
    check("the server serves again after PostgreSQL is back", recovered_at is not None)
    weights = c.get(srv.base + "/dashboard/agencies").text
    r = c.post(srv.base + "/dashboard/weights", data={"_csrf": token(weights), "tasks": "45", "reports": "35", "indicators": "20", "lateCredit": "0.5"},
               allow_redirects=False)
    check("and writes again (scoring weights saved)", r.status_code == 303)
finally:
    srv.stop()

report("postgres")
