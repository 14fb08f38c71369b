#!/usr/bin/env python3
"""Trust suite, access: the route × role matrix (the Swift AccessTests and AuthTests, which take the routes from the
router's own table), then a real server over HTTP: every route of `kehoach routes` by every role (never a 5xx, the
security headers on every answer, anonymous visitors sent to sign in), another agency's and another province's
reports, drafts, files, reviews and audit entries by their IDs, session fixation, CSRF on every POST route, cookie
flags, login throttling, the password policy and sign-out."""
import os, re, subprocess, sys

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trust_common import (BIN, COORDINATOR, COORDINATOR_LAOCAI, REPORTER, REPORTER2, REPORTER_LAOCAI, ROOT, VIEWER, Demo,
                          Fingerprint, Line, report_fields, report_link, signed_in, token)

PUBLIC = {("GET", "/signin"), ("POST", "/signin"), ("GET", "/static/app.css"), ("GET", "/static/report.css"), ("GET", "/api/openapi.json"),
          ("GET", "/guide"), ("GET", "/static/guide/:name"),  # the user guide and its pictures: for everyone
          ("GET", "/calendar/:token"),  # a calendar feed: its secret token is the key (none here: 404)
          # open data (published plans only; unpublished: 404 for everyone) and what operators watch
          ("GET", "/open"), ("GET", "/open/catalog.jsonld"), ("GET", "/open/plans/:id"), ("GET", "/open/plans/:id/:file"),
          ("GET", "/metrics"), ("GET", "/healthz"), ("GET", "/readyz")}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MARKER = "BI-MAT-TU-PHAP-7731"

def headers_ok(r):
    h = r.headers
    csp = h.get("content-security-policy", "")
    return ("script-src 'none'" in csp and "frame-ancestors 'none'" in csp and h.get("x-frame-options") == "DENY"
            and h.get("x-content-type-options") == "nosniff" and h.get("referrer-policy") == "same-origin")

def swift_matrix(routes):
    line = Line("1. Access", "Route × role matrix from the router's table (Swift AccessTests, AuthTests)")
    run = subprocess.run(["swift", "test", "--skip-build", "--filter", "AccessTests|AuthTests"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    m = re.search(r"Test run with (\d+) tests? in \d+ suites? passed", run.stdout)
    line.check("swift test AccessTests|AuthTests passed: " + run.stdout[-1500:], run.returncode == 0 and m is not None)
    line.done(f"{len(routes)} routes × 7 roles (anonymous, admin, 2 coordinators, viewer, reporter, head), guessed IDs; {m.group(1) if m else '?'} tests",
              "every route allowed or refused as the test's own table says; a route missing from it fails the test")

class IDs:
    """Real IDs of the demo for each route parameter."""
    def __init__(self, demo, plan, period, report, attachment, pending):
        self.demo = demo
        agency = demo.sql("SELECT agency_id FROM app_user WHERE username = ?", (REPORTER,))[0][0]
        self.values = {"plan": plan, "period": period, "report": report, "file": attachment, "pending": pending, "agency": agency,
                       "indicator": demo.sql("SELECT id FROM indicator ORDER BY id LIMIT 1")[0][0],
                       "task": demo.sql("SELECT id FROM task ORDER BY id LIMIT 1")[0][0]}

    def path(self, route):
        v = self.values
        p = route.replace(":plan", str(v["plan"])).replace(":scope", str(v["plan"])).replace(":period", v["period"])
        # Accounts: an ID no account has. The sweep posts every form with a valid token, and a real ID would reset the
        # password of, or disable, an account the later parts sign in with (UserAdminTests cover these routes).
        if p.startswith("/users/"):
            return p.replace(":id", "999999")
        kind = ("report" if p.startswith("/reviews/") else "file" if p.startswith("/files/") else "pending" if p.startswith("/import/")
                else "agency" if "/agencies/" in p else "indicator" if "/indicators/" in p else "task" if "/tasks/" in p else "plan")
        return p.replace(":id", str(v[kind]))

def sweep(demo, routes, ids):
    line = Line("1. Access", "Every route × every role on a real server: no 5xx, security headers, sign-in required")
    users = ["anonymous", "admin", COORDINATOR, VIEWER, REPORTER, COORDINATOR_LAOCAI]
    count = 0
    for user in users:
        s = requests.Session() if user == "anonymous" else demo.session(user)
        page = s.get(demo.base + "/signin" if user == "anonymous" else demo.base + "/account").text
        csrf = token(page) if "_csrf" in page else ""
        for method, route in routes:
            if route in ("/signout", "/signin") and method == "POST":
                continue  # sign-in and sign-out have their own lines
            url = demo.base + ids.path(route)
            r = s.request(method, url, data={"_csrf": csrf} if method == "POST" else None, allow_redirects=False, timeout=60)
            count += 1
            what = f"{user} {method} {ids.path(route)}"
            line.check(f"{what}: {r.status_code}", r.status_code < 500)
            line.check(f"{what}: security headers missing", headers_ok(r))
            if user == "anonymous" and (method, route) not in PUBLIC:
                if route.startswith("/api/"):
                    line.check(f"{what}: anonymous API call answered {r.status_code}, not 401", r.status_code == 401)
                else:
                    line.check(f"{what}: anonymous answered {r.status_code} {r.headers.get('location')}, not sent to /signin",
                               r.status_code in (303, 401, 403) and (r.status_code != 303 or r.headers.get("location", "").split("?")[0] == "/signin"))
            if user != "anonymous" and r.status_code == 200 and "text/html" in r.headers.get("content-type", ""):
                line.check(f"{what}: a signed-in page may be cached ({r.headers.get('cache-control')})", "no-store" in r.headers.get("cache-control", ""))
    line.done(f"{len(routes)} routes × {len(users)} users ({count} requests)", f"{count} answers: 0 ≥ 500, every one with CSP/X-Frame-Options/nosniff/Referrer-Policy")

def other_agency(demo):
    line = Line("1. Access", "Another agency's or province's reports, drafts, files, reviews, audit entries by ID")
    owner = demo.session(REPORTER)
    plan, period = report_link(owner, demo.base)
    agency = demo.sql("SELECT agency_id FROM app_user WHERE username = ?", (REPORTER,))[0][0]
    draft_period = str(int(period[:4]) + 3) + period[4:]
    sent_period = str(int(period[:4]) + 4) + period[4:]
    page = owner.get(f"{demo.base}/reports/{plan}/{draft_period}").text
    owner.post(f"{demo.base}/reports/{plan}/{draft_period}", data={"_csrf": token(page), "action": "save", "difficulties": MARKER, **report_fields(page)})
    page = owner.get(f"{demo.base}/reports/{plan}/{draft_period}").text
    owner.post(f"{demo.base}/reports/{plan}/{draft_period}/files", data={"_csrf": token(page)}, files={"file": ("bien-ban.pdf", PDF, "application/pdf")})
    page = owner.get(f"{demo.base}/reports/{plan}/{sent_period}").text
    owner.post(f"{demo.base}/reports/{plan}/{sent_period}", data={"_csrf": token(page), "action": "submit", "difficulties": MARKER, **report_fields(page)})
    draft = demo.sql("SELECT id FROM report WHERE plan_id = ? AND agency_id = ? AND period = ?", (plan, agency, draft_period))
    sent = demo.sql("SELECT id, status FROM report WHERE plan_id = ? AND agency_id = ? AND period = ?", (plan, agency, sent_period))
    files = demo.sql("SELECT id FROM attachment WHERE report_id = ?", (draft[0][0],)) if draft else []
    line.check("the owner's draft, file and submitted report exist", bool(draft and sent and files) and sent[0][1] == "submitted")
    if not (draft and sent and files):
        return line.done("setup failed", "")
    file_id, sent_id = files[0][0], sent[0][0]
    # The owner and its coordinator see them (the checks below could fail).
    line.check("the owner reads its file", owner.get(f"{demo.base}/files/{file_id}").content == PDF)
    coordinator = demo.session(COORDINATOR)
    line.check("the province's coordinator reads the draft's report", MARKER in coordinator.get(f"{demo.base}/reports/{plan}/{sent_period}?agency={agency}").text)
    line.check("the province's coordinator sees the owner in the audit log", REPORTER in coordinator.get(f"{demo.base}/audit").text)
    fp = Fingerprint(demo.db)
    tried = 0
    for user in (REPORTER2, REPORTER_LAOCAI, COORDINATOR_LAOCAI):
        s = demo.session(user)
        page = s.get(demo.base + "/account").text
        csrf = token(page)
        reads = [f"/reports/{plan}/{draft_period}?agency={agency}", f"/reports/{plan}/{sent_period}?agency={agency}",
                 f"/reports/{plan}/{draft_period}/xlsx?agency={agency}", f"/reports/{plan}/{sent_period}/document?agency={agency}",
                 f"/files/{file_id}", f"/api/v1/plans/{plan}/reports", f"/api/v1/reports/{plan}/{sent_period}?agency={agency}", "/audit", "/audit?offset=0", f"/agencies/{agency}", f"/api/v1/agencies/{agency}"]
        for path in reads:
            r = s.get(demo.base + path, allow_redirects=False)
            tried += 1
            line.check(f"{user} GET {path}: {r.status_code}", r.status_code < 500)
            line.check(f"{user} GET {path}: shows the other agency's words", MARKER not in r.text)
            line.check(f"{user} GET {path}: serves the other agency's file", r.content != PDF)
            if path.startswith("/audit"):
                line.check(f"{user} GET {path}: shows the other province's or agency's people", r.status_code in (403, 404) or REPORTER not in r.text)
            if path.startswith("/files/") or "/document" in path:
                line.check(f"{user} GET {path}: {r.status_code}, not refused", r.status_code in (403, 404))
        before = fp.version()
        writes = [(f"/reports/{plan}/{draft_period}?agency={agency}", {"_csrf": csrf, "action": "save", "difficulties": "ghi de"}, None),
                  (f"/reports/{plan}/{draft_period}/files?agency={agency}", {"_csrf": csrf}, {"file": ("x.pdf", PDF, "application/pdf")}),
                  (f"/reviews/{sent_id}/accept", {"_csrf": csrf}, None), (f"/reviews/{sent_id}/return", {"_csrf": csrf, "comment": "sai"}, None),
                  (f"/reviews/{sent_id}/reopen", {"_csrf": csrf}, None)]
        for path, data, files in writes:
            r = s.post(demo.base + path, data=data, files=files, allow_redirects=False)
            tried += 1
            line.check(f"{user} POST {path}: {r.status_code}", r.status_code < 500)
            if r.status_code < 400:
                # A reporter's own agency is implied: the write went to its own report, never to the owner's.
                line.check(f"{user} POST {path}: accepted for another agency", user == REPORTER2 and "/reviews/" not in path)
        line.check(f"{user}: the owner's reports are as they were",
                   demo.sql("SELECT status FROM report WHERE id = ?", (sent_id,))[0][0] == "submitted"
                   and MARKER in str(demo.sql("SELECT * FROM report WHERE id = ?", (draft[0][0],)))
                   and len(demo.sql("SELECT id FROM attachment WHERE report_id = ?", (draft[0][0],))) == 1)
        if user != REPORTER2:
            line.check(f"{user}: nothing written by the refused requests", fp.version() == before)
    line.done(f"{tried} requests by another agency's reporter and another province's reporter and coordinator, on a draft, a submitted report, its file, reviews, audit",
              "all refused or answered with the caller's own data; the owner's reports unchanged")

def sessions(demo):
    # Session fixation: a planted cookie is replaced at sign-in and never signs anyone in.
    line = Line("1. Access", "Session fixation")
    s = requests.Session()
    planted = "a" * 64
    s.cookies.set("kh_session", planted, domain="127.0.0.1")
    page = s.get(demo.base + "/signin").text
    r = s.post(demo.base + "/signin", data={"_csrf": token(page), "username": VIEWER, "password": demo.password(VIEWER)}, allow_redirects=False)
    line.check(f"sign-in with a planted cookie: {r.status_code}", r.status_code == 303)
    cookie = r.cookies.get("kh_session")
    line.check("a new session token is issued", cookie is not None and cookie != planted)
    attacker = requests.Session()
    attacker.cookies.set("kh_session", planted, domain="127.0.0.1")
    line.check("the planted token does not sign in", attacker.get(demo.base + "/plans", allow_redirects=False).headers.get("location", "").split("?")[0] == "/signin")
    again = signed_in(demo.base, VIEWER, demo.password(VIEWER))
    line.check("each sign-in gets its own token", again.cookies.get("kh_session") not in (None, cookie))
    line.done("a planted session cookie before sign-in; two sign-ins", "token replaced at sign-in (256-bit, random); planted token refused")

    line = Line("1. Access", "Cookie flags")
    set_cookie = r.headers.get("set-cookie", "")
    line.check(f"HttpOnly, SameSite, Path: {set_cookie}", "HttpOnly" in set_cookie and ("SameSite=Lax" in set_cookie or "SameSite=Strict" in set_cookie) and "Path=/" in set_cookie)
    line.check("no Secure flag on plain HTTP (the cookie would be lost)", "Secure" not in set_cookie)
    secure = Demo("secure", extra=["--secure-cookies"])
    try:
        page = requests.get(secure.base + "/signin")
        line.check(f"--secure-cookies: Secure on the form cookie: {page.headers.get('set-cookie')}", "Secure" in page.headers.get("set-cookie", ""))
        one_time = secure.server.accounts[VIEWER]
        # A client keeps Secure cookies for HTTPS only: the form's cookie is sent back by hand over this plain loopback.
        p = requests.get(secure.base + "/signin")
        form_cookie = p.headers.get("set-cookie", "").split(";")[0]
        r2 = requests.post(secure.base + "/signin", data={"_csrf": token(p.text), "username": VIEWER, "password": one_time}, allow_redirects=False,
                           headers={"Cookie": form_cookie})
        line.check(f"--secure-cookies: Secure on the session cookie: {r2.headers.get('set-cookie')}", "Secure" in r2.headers.get("set-cookie", "") and "HttpOnly" in r2.headers.get("set-cookie", ""))
    finally:
        secure.stop()
    line.done("session cookie on HTTP and behind HTTPS (--secure-cookies)", "HttpOnly; SameSite=Lax; Path=/; Secure when served over HTTPS")

def csrf(demo, routes):
    line = Line("1. Access", "CSRF on every POST route")
    fp = Fingerprint(demo.db)
    other = demo.session(REPORTER2)
    foreign = token(other.get(demo.base + "/account").text)
    count = 0
    for user in (COORDINATOR, REPORTER):
        s = demo.session(user)
        for method, route in routes:
            if method != "POST" or route == "/signout":
                continue
            path = route.replace(":plan", str(demo.sql("SELECT id FROM plan ORDER BY id LIMIT 1")[0][0])).replace(":period", "2027").replace(":id", "1")
            for label, data in (("no token", {}), ("another session's token", {"_csrf": foreign}), ("a made-up token", {"_csrf": "0" * 64})):
                before = fp.version()
                r = s.post(demo.base + path, data=data, allow_redirects=False)
                count += 1
                line.check(f"{user} POST {path} with {label}: {r.status_code}", r.status_code in (400, 401, 403, 404, 409, 415))
                line.check(f"{user} POST {path} with {label}: something was written", fp.version() == before)
    # The sign-in form too: its token is tied to its cookie.
    s = requests.Session()
    s.get(demo.base + "/signin")
    r = s.post(demo.base + "/signin", data={"_csrf": "deadbeef", "username": VIEWER, "password": demo.password(VIEWER)}, allow_redirects=False)
    line.check(f"sign-in with a forged token: {r.status_code}", r.status_code == 403)
    line.done(f"{count + 1} POSTs without a token, with another session's, with a made-up one", "all refused (4xx), nothing written")

def throttling(demo):
    line = Line("1. Access", "Login throttling")
    s = requests.Session()
    for i in range(5):
        page = s.get(demo.base + "/signin").text
        r = s.post(demo.base + "/signin", data={"_csrf": token(page), "username": REPORTER_LAOCAI, "password": f"sai-mat-khau-{i}"}, allow_redirects=False)
        line.check(f"wrong password {i + 1}: {r.status_code}", r.status_code == 401 and "không đúng" in r.text)
    page = s.get(demo.base + "/signin").text
    r = s.post(demo.base + "/signin", data={"_csrf": token(page), "username": REPORTER_LAOCAI, "password": demo.password(REPORTER_LAOCAI)}, allow_redirects=False)
    line.check(f"the right password after five wrong ones: {r.status_code}", r.status_code == 429)
    line.check("the refusal says to wait", "15" in r.text or "phút" in r.text)
    other = signed_in(demo.base, COORDINATOR, demo.password(COORDINATOR))
    line.check("another name still signs in", other.get(demo.base + "/plans", allow_redirects=False).status_code == 200)
    audit = demo.sql("SELECT COUNT(*) FROM audit WHERE action = 'session.failed' AND entity_id = ?", ("user:" + REPORTER_LAOCAI,))[0][0]
    line.check(f"failed sign-ins are in the audit log ({audit})", audit >= 5)
    line.done("5 wrong passwords, then the right one; another user meanwhile", "6th attempt refused with 429 for 15 minutes, even with the right password; others unaffected; failures audited")

def passwords(demo):
    line = Line("1. Access", "Password policy")
    user = VIEWER
    s = signed_in(demo.base, user, demo.password(user))
    weak = ["ngan", user, f"x{user}x2026", "1234567890", "matkhau@2026", "aaaaaaaaaaaa", "qwertyuiop"]
    for new in weak:
        page = s.get(demo.base + "/account").text
        r = s.post(demo.base + "/account", data={"_csrf": token(page), "current": demo.password(user), "new": new, "repeat": new}, allow_redirects=False)
        line.check(f"'{new}' refused: {r.status_code}", r.status_code == 400)
    page = s.get(demo.base + "/account").text
    r = s.post(demo.base + "/account", data={"_csrf": token(page), "current": "khong-phai-mat-khau", "new": "mot-cum-tu-dai-hon", "repeat": "mot-cum-tu-dai-hon"}, allow_redirects=False)
    line.check(f"the wrong current password refused: {r.status_code}", r.status_code == 400)
    page = s.get(demo.base + "/account").text
    r = s.post(demo.base + "/account", data={"_csrf": token(page), "current": demo.password(user), "new": "mot-cum-tu-dai-hon", "repeat": "khac-hoan-toan-roi"}, allow_redirects=False)
    line.check(f"a repeat that differs refused: {r.status_code}", r.status_code == 400)
    still = signed_in(demo.base, user, demo.password(user))
    line.check("the old password still works after the refusals", still.get(demo.base + "/plans", allow_redirects=False).status_code == 200)
    hashes = [h for (h,) in demo.sql("SELECT password_hash FROM app_user")]
    line.check("passwords are stored as bcrypt hashes", all(h.startswith("$2") for h in hashes))
    # An administrator's new user with a weak password is refused too.
    admin = demo.session("admin")
    page = admin.get(demo.base + "/users").text
    r = admin.post(demo.base + "/users", data={"_csrf": token(page), "username": "nguoimoi", "displayName": "Người mới", "role": "viewer", "password": "1234567890"}, allow_redirects=False)
    line.check(f"a new user with a weak password refused: {r.status_code}", r.status_code == 400 and not demo.sql("SELECT 1 FROM app_user WHERE username = 'nguoimoi'"))
    line.done(f"{len(weak) + 3} password changes and a new user", "under 10 characters, the name, common ones, runs refused; bcrypt; one-time passwords changed at first sign-in")

def one_time(demo, routes, ids):
    line = Line("1. Access", "One-time password: the password page and sign-out only")
    coordinator = demo.session(COORDINATOR)
    page = coordinator.get(demo.base + "/users").text
    first = "Mot-lan-thoi-8841"
    r = coordinator.post(demo.base + "/users", data={"_csrf": token(page), "username": "dieuphoi.moi", "displayName": "Điều phối mới",
                                                     "role": "coordinator", "password": first}, allow_redirects=False)
    line.check(f"a coordinator creates another with a one-time password: {r.status_code}", r.status_code == 303)
    s = requests.Session()
    page = s.get(demo.base + "/signin").text
    r = s.post(demo.base + "/signin", data={"_csrf": token(page), "username": "dieuphoi.moi", "password": first}, allow_redirects=False)
    line.check(f"sign-in with the one-time password goes to the password page: {r.headers.get('location')}", r.headers.get("location") == "/account")
    page = s.get(demo.base + "/account", allow_redirects=False)
    line.check(f"the password page opens: {page.status_code}", page.status_code == 200)
    csrf = token(page.text)
    fingerprint = Fingerprint(demo.db)
    before = fingerprint.tables()
    count = 0
    for method, route in routes:
        if (method, route) in PUBLIC or route in ("/account", "/signout"):
            continue
        path = ids.path(route)
        r = s.request(method, demo.base + path, data={"_csrf": csrf} if method == "POST" else None, allow_redirects=False, timeout=60)
        count += 1
        if method == "GET" and not route.startswith("/api/"):
            line.check(f"{method} {path}: {r.status_code} {r.headers.get('location')}, not sent to /account",
                       r.status_code == 303 and r.headers.get("location") == "/account")
        else:
            line.check(f"{method} {path}: {r.status_code}, not 403", r.status_code == 403)
    changed = [t for t in fingerprint.changed(before) if t != "session"]
    line.check(f"nothing written by the refused requests: {changed}", not changed)
    new = "Dieu-phoi-moi-vung-cao-2026"
    r = s.post(demo.base + "/account", data={"_csrf": csrf, "current": first, "new": new, "repeat": new}, allow_redirects=False)
    line.check(f"the password change is accepted: {r.status_code}", r.status_code == 303)
    again = signed_in(demo.base, "dieuphoi.moi", new)
    line.check("after the change the coordinator's pages open", again.get(demo.base + "/plans", allow_redirects=False).status_code == 200)
    line.done(f"a new coordinator's one-time session on {count} routes (GET and POST with its own form token), then the change",
              "pages sent to /account, API and forms 403, nothing written; after the change the role's pages open")

def logout(demo):
    line = Line("1. Access", "Sign-out")
    s = signed_in(demo.base, COORDINATOR, demo.password(COORDINATOR))
    cookie = s.cookies.get("kh_session")
    page = s.get(demo.base + "/plans")
    line.check("signed-in pages are not cached (Back after sign-out shows nothing)", "no-store" in page.headers.get("cache-control", ""))
    r = s.post(demo.base + "/signout", data={"_csrf": token(page.text)}, allow_redirects=False)
    line.check(f"sign-out: {r.status_code}", r.status_code == 303)
    line.check("the cookie is cleared", "kh_session=;" in r.headers.get("set-cookie", "").replace("kh_session=\"\"", "kh_session=;") or "Max-Age=0" in r.headers.get("set-cookie", ""))
    replay = requests.Session()
    replay.cookies.set("kh_session", cookie, domain="127.0.0.1")
    line.check("the old token opens no page", replay.get(demo.base + "/plans", allow_redirects=False).headers.get("location", "").split("?")[0] == "/signin")
    line.check("the old token opens no API", replay.get(demo.base + "/api/v1/plans").status_code == 401)
    line.done("sign-out, then the old token replayed on a page and the API", "session ended on the server; replay refused")

if __name__ == "__main__":
    routes = [tuple(l.split(" ", 1)) for l in subprocess.run([BIN, "routes"], capture_output=True, text=True, check=True).stdout.splitlines()]
    if "--no-swift" not in sys.argv:
        swift_matrix(routes)
    demo = Demo("access")
    try:
        for user in ("admin", COORDINATOR, VIEWER, REPORTER, REPORTER2, COORDINATOR_LAOCAI, REPORTER_LAOCAI):
            demo.session(user)
        other_agency(demo)
        plan, period = report_link(demo.session(REPORTER), demo.base)
        report = demo.sql("SELECT id FROM report ORDER BY id DESC LIMIT 1")[0][0]
        attachment = demo.sql("SELECT id FROM attachment ORDER BY id LIMIT 1")
        sweep(demo, routes, IDs(demo, plan, period, report, attachment[0][0] if attachment else 1, 1))
        sessions(demo)
        csrf(demo, routes)
        throttling(demo)
        passwords(demo)
        one_time(demo, routes, IDs(demo, plan, period, report, attachment[0][0] if attachment else 1, 1))
        logout(demo)
    finally:
        demo.stop()
