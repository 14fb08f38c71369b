#!/usr/bin/env python3
"""Trust suite, load: wrk on loopback, 200 connections for 5 minutes, mixing reads by four users (report forms, plan
pages, the dashboard, the API, search) with report saves by three agencies (one request in ten). Every answer must
be a success: no socket error, no timeout, no 4xx or 5xx. Latency percentiles come from wrk; the number of saves
that reached the database is counted there (the audit log). The server's memory (RSS) is sampled every 5 s: after
the first minute it may not grow by more than the stated bound."""
import os, re, subprocess, sys, threading, time, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trust_common import COORDINATOR, REPORTER, REPORTER2, REPORTER_LAOCAI, Demo, Line, report_fields, report_link, token

SECONDS = int(os.environ.get("KEHOACH_LOAD_SECONDS", "300"))
CONNECTIONS = int(os.environ.get("KEHOACH_LOAD_CONNECTIONS", "200"))
GROWTH_MB = 100  # memory growth allowed after the first minute

def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1)) / 1024

def lua_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

def main():
    line = Line("4. Load", f"{CONNECTIONS} connections, reads and report saves, {SECONDS // 60} min")
    memory = Line("4. Load", "Memory flat over the run")
    demo = Demo("load")
    try:
        reads, writes = [], []
        for user in (REPORTER, REPORTER2, REPORTER_LAOCAI):
            s = demo.session(user)
            cookie = "kh_session=" + s.cookies.get("kh_session")
            plan, period = report_link(s, demo.base)
            agency = demo.sql("SELECT agency_id FROM app_user WHERE username = ?", (user,))[0][0]
            reads += [(f"/reports/{plan}/{period}", cookie), ("/reports", cookie), (f"/plans/{plan}", cookie), (f"/api/v1/plans/{plan}/tasks", cookie),
                      (f"/agencies/{agency}", cookie), ("/search?q=so+khoa+hoc", cookie)]
            target = "2041" + period[4:]  # a future period of the agency's own cadence
            page = s.get(f"{demo.base}/reports/{plan}/{target}").text
            body = urllib.parse.urlencode({"_csrf": token(page), "action": "save", "difficulties": f"tai {user}", **report_fields(page)})
            writes.append((f"/reports/{plan}/{target}", cookie, body))
        c = demo.session(COORDINATOR)
        cookie = "kh_session=" + c.cookies.get("kh_session")
        reads += [("/dashboard", cookie), ("/api/v1/dashboard", cookie), ("/dashboard/indicators", cookie), ("/plans", cookie), ("/national", cookie)]
        script = os.path.join(demo.work, "mix.lua")
        with open(script, "w") as f:
            f.write("local reads = {" + ",".join("{" + lua_string(p) + "," + lua_string(k) + "}" for p, k in reads) + "}\n")
            f.write("local writes = {" + ",".join("{" + lua_string(p) + "," + lua_string(k) + "," + lua_string(b) + "}" for p, k, b in writes) + "}\n")
            f.write("""
math.randomseed(os.time())
request = function()
  if math.random() < 0.1 then
    local w = writes[math.random(#writes)]
    return wrk.format("POST", w[1], {["Cookie"] = w[2], ["Content-Type"] = "application/x-www-form-urlencoded"}, w[3])
  end
  local r = reads[math.random(#reads)]
  return wrk.format("GET", r[1], {["Cookie"] = r[2]})
end
""")
        saves_before = demo.sql("SELECT COUNT(*) FROM audit WHERE action = 'report.save'")[0][0]
        pid = demo.server.process.pid
        samples = []
        stop = threading.Event()
        def sample():
            start = time.time()
            while not stop.is_set():
                samples.append((time.time() - start, rss_mb(pid)))
                stop.wait(5)
        sampler = threading.Thread(target=sample)
        sampler.start()
        run = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "30s", "--latency", "-s", script, demo.base],
                             capture_output=True, text=True, timeout=SECONDS + 120)
        stop.set()
        sampler.join()
        out = run.stdout
        print(out, run.stderr)
        line.check(f"wrk ran: {run.returncode} {run.stderr.strip()}", run.returncode == 0)
        requests_done = int(re.search(r"(\d+) requests in", out).group(1)) if re.search(r"(\d+) requests in", out) else 0
        non_ok = int(re.search(r"Non-2xx or 3xx responses: (\d+)", out).group(1)) if "Non-2xx" in out else 0
        socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
        socket_errors = sum(map(int, socket.groups())) if socket else 0
        line.check(f"{non_ok} answers that were not a success", non_ok == 0)
        line.check(f"socket errors or timeouts: {socket.group(0) if socket else 0}", socket_errors == 0)
        line.check(f"requests made: {requests_done}", requests_done > 0)
        pct = dict(re.findall(r"\s+(50|75|90|99)%\s+([\d.]+\w+)", out))
        rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
        saves = demo.sql("SELECT COUNT(*) FROM audit WHERE action = 'report.save'")[0][0] - saves_before
        line.check(f"saves reached the database: {saves}", saves > requests_done * 0.05)
        line.check("the server is alive after the run", demo.server.process.poll() is None and demo.session(REPORTER).get(demo.base + "/reports").status_code == 200)
        line.done(f"wrk -c{CONNECTIONS} -d{SECONDS}s, 19 read URLs of 4 users and 3 agencies' report saves (1 in 10), {'release' if 'release' in os.environ.get('KEHOACH_BIN', '') else 'debug'} build",
                  f"{requests_done:,} requests ({rps.group(1) if rps else '?'}/s), {saves:,} saves stored, 0 errors; latency p50 {pct.get('50', '?')}, p90 {pct.get('90', '?')}, p99 {pct.get('99', '?')}")
        settled = next((m for t, m in samples if t >= 60), samples[-1][1] if samples else 0)
        end = samples[-1][1] if samples else 0
        peak = max((m for _, m in samples), default=0)
        memory.check(f"{len(samples)} samples", len(samples) >= SECONDS // 10)
        memory.check(f"RSS grew {end - settled:.0f} MB after the first minute (bound {GROWTH_MB} MB)", end - settled <= GROWTH_MB)
        memory.done(f"server RSS every 5 s ({len(samples)} samples)", f"{samples[0][1]:.0f} MB at start, {settled:.0f} MB at 1 min, {end:.0f} MB at the end, peak {peak:.0f} MB; growth after 1 min ≤ {GROWTH_MB} MB")
    finally:
        demo.stop()

if __name__ == "__main__":
    main()
