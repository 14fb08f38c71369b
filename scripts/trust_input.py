#!/usr/bin/env python3
"""Trust suite, bad input: every form the application shows and every API endpoint it documents, given oversize,
malformed, wrong-type, script-injection and SQL-injection values; uploads with lying extensions, ZIP bombs, paths in
their names and oversize files.

Forms are found the way a scanner finds them: by crawling the pages as each role sees them and reading their
<form> elements, so a new form is tried without anyone listing it. Every POST route of the route table
(`kehoach routes`) must have been reached by some form. One field is changed at a time, the others keep the values
a browser would send. Expected: an answer below 500; a refused value (4xx) leaves the database as it was
(`PRAGMA data_version` from a second connection) with a message; a value accepted (2xx/3xx) only where the field is
free text, stored as sent and shown escaped on every page afterwards."""
import html, io, json, os, re, subprocess, sys, urllib.parse, zipfile
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trust_common import (BIN, COORDINATOR, REPORTER, Demo, Fingerprint, Line, report_fields, report_link, token)

SCRIPT = '<script>alert("kh-xss")</script><img src=x onerror=alert(1)>'
SQL = "' OR '1'='1' --; DROP TABLE report; --"
ATTACKS = {
    "oversize": "x" * 70_000,              # forms are read up to 64 KB
    "malformed": None,                     # sent as raw bytes: %FF%FE (not UTF-8) and a broken escape
    "wrong type": "khong-phai-so-abc",
    "script": SCRIPT,
    "sql": SQL,
}
TYPED = {"hidden", "number", "date", "select", "radio", "checkbox", "month"}
FREE_TEXT = {"text", "textarea", "search", "password", "email", "url", "tel", ""}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + b"\x00" * 32

class FormReader(HTMLParser):
    """The forms of a page with their fields and the values a browser would send."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.form, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(),
                         "multipart": "multipart" in a.get("enctype", ""), "fields": []}
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                kind = "button"
            elif kind == "text" and (a.get("inputmode") in ("numeric", "decimal") or a.get("pattern")):
                kind = "number"  # a number or a code typed as text (inputmode/pattern): not free text
            self.form["fields"].append({"name": a["name"], "type": kind, "value": a.get("value", ""),
                                        "checked": "checked" in a, "options": []})
        if tag in ("button", "input") and a.get("formaction"):
            # A second submit button sends the same fields elsewhere (the import preview: save, or confirm).
            # (The report form's attach button sends it as multipart with its file: formenctype.)
            self.form.setdefault("also", []).append((a["formaction"], "multipart" in a.get("formenctype", "")))
        if tag == "button" and a.get("name"):
            self.form["fields"].append({"name": a["name"], "type": "button", "value": a.get("value", ""), "checked": False, "options": []})
        elif tag == "select" and a.get("name"):
            self.select = {"name": a["name"], "type": "select", "value": None, "checked": False, "options": []}
            self.form["fields"].append(self.select)
        elif tag == "option" and self.select is not None:
            self.select["options"].append(a.get("value", ""))
            if "selected" in a or self.select["value"] is None:
                self.select["value"] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self.textarea = {"name": a["name"], "type": "textarea", "value": "", "checked": False, "options": []}
            self.form["fields"].append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            for action, multipart in self.form.pop("also", []) if self.form else []:
                self.forms.append({**self.form, "action": action, "multipart": self.form["multipart"] or multipart,
                                   "fields": [dict(f) for f in self.form["fields"]]})
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

def pattern(path):
    return re.sub(r"/\d+", "/:n", re.sub(r"/(\d{4}(-\d\d|Q\d|S\d|R\d+)?)(?=/|$)", "/:period", path.split("?")[0]))

def defaults(form):
    """What a browser sends: every field but unchecked boxes; of several buttons of one name, the first."""
    data, seen_buttons = [], set()
    for f in form["fields"]:
        if f["type"] in ("checkbox", "radio") and not f["checked"]:
            continue
        if f["type"] == "button":
            if f["name"] in seen_buttons:
                continue
            seen_buttons.add(f["name"])
            # A report is saved as a draft, never submitted (a submitted report is locked for the next tries).
            value = "draft" if any(g["name"] == f["name"] and g["value"] == "draft" for g in form["fields"]) else f["value"]
            data.append((f["name"], value))
            continue
        if f["type"] == "file":
            continue
        data.append((f["name"], f["value"] or ""))
    return data

def crawl(demo, user, start, limit=160):
    """Pages reachable by links as `user` sees them (two of each shape), and their forms."""
    s = demo.session(user)
    queue, seen, shapes, forms = list(start), set(), {}, []
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        shape = pattern(path)
        if shapes.get(shape, 0) >= 2 and path not in start:
            continue
        seen.add(path)
        shapes[shape] = shapes.get(shape, 0) + 1
        r = s.get(demo.base + path, allow_redirects=False)
        if r.status_code != 200 or "text/html" not in r.headers.get("content-type", ""):
            continue
        reader = FormReader()
        reader.feed(r.text)
        for form in reader.forms:
            form["page"] = path
            form["action"] = form["action"] or path.split("?")[0]
            forms.append(form)
        for href in re.findall(r'href="(/[^"#]*)"', r.text):
            href = href.replace("&amp;", "&")
            if any(x in href for x in ("/signout", "/static/", ".csv", "/xlsx", "/document", "/files/", "format=", "/report?")):
                continue
            queue.append(href)
    return forms, seen

def encode(pairs, raw=None):
    """An url-encoded body; `raw` = (name, already-encoded bytes) replaces that field's value as sent."""
    parts = []
    for k, v in pairs:
        if raw and k == raw[0]:
            parts.append(urllib.parse.quote_plus(k).encode() + b"=" + raw[1])
        else:
            parts.append((urllib.parse.quote_plus(k) + "=" + urllib.parse.quote_plus(v)).encode())
    return b"&".join(parts)

class RawResponse:
    def __init__(self, status, headers, body):
        self.status_code, self.headers, self.content = status, headers, body
        self.text = body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.text)

def raw_get(base, path, cookies):
    import http.client
    host, port = base.split("//")[1].split(":")
    c = http.client.HTTPConnection(host, int(port), timeout=60)
    c.putrequest("GET", path, skip_accept_encoding=True)
    c.putheader("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    c.endheaders()
    r = c.getresponse()
    out = RawResponse(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    c.close()
    return out

class Trial:
    """Sends one changed request and checks what a refusal or an acceptance must look like."""
    def __init__(self, demo, line):
        self.demo, self.line, self.fp = demo, line, Fingerprint(demo.db)
        self.requests = self.refused = self.accepted = 0
        self.stored = []   # (value) accepted free-text values, to be found escaped afterwards

    def send(self, user, what, method, url, allowed_tables=(), accept_ok=False, **kwargs):
        s = self.demo.session(user)
        before_version = self.fp.version()
        before = self.fp.tables() if allowed_tables else None
        try:
            if kwargs.pop("raw_url", False):
                # requests and urllib3 re-encode a broken escape (%zz → %25zz): send the line exactly as written.
                r = raw_get(self.demo.base, url, s.cookies.get_dict())
            else:
                r = s.request(method, self.demo.base + url, allow_redirects=False, timeout=60, **kwargs)
        except Exception as e:
            self.line.check(f"{what}: no answer ({e})", False)
            return None
        self.requests += 1
        status = r.status_code
        self.line.check(f"{what}: answered {status}", status < 500)
        if 400 <= status < 500:
            self.refused += 1
            if self.fp.version() != before_version:
                changed = [t for t in self.fp.changed(before)] if before is not None else ["(some table)"]
                changed = [t for t in changed if t not in allowed_tables]
                self.line.check(f"{what}: refused with {status} but changed {changed}", not changed)
            ctype = r.headers.get("content-type", "")
            message = ("application/problem+json" in ctype and '"detail"' in r.text) or ("text/html" in ctype and 'lang="vi"' in r.text and "<main" in r.text)
            self.line.check(f"{what}: refused with {status} without a message page ({ctype}, {len(r.text)} bytes)", message)
        elif status < 400:
            self.accepted += 1
            self.line.check(f"{what}: accepted ({status}) a value that should be refused", accept_ok)
        return r

def forms_part(demo, routes):
    line = Line("2. Bad input", "Forms: oversize, malformed, wrong type, script, SQL in every field")
    trial = Trial(demo, line)
    # Reach the forms: an admin, a coordinator and a reporter (whose report form needs a saved draft for its
    # file and workbook forms), crawled from the home page and the menus.
    reporter = demo.session(REPORTER)
    plan, period = report_link(reporter, demo.base)
    form = reporter.get(f"{demo.base}/reports/{plan}/{period}").text
    reporter.post(f"{demo.base}/reports/{plan}/{period}", data={"_csrf": token(form), "action": "submit", "difficulties": "Thiếu kinh phí", **report_fields(form),
                                                                "proposals": "Đề nghị Sở Tài chính bố trí kinh phí.\nĐề nghị tập huấn cho cán bộ cấp xã.\n"
                                                                             "Đề nghị bổ sung biên chế.\nĐề nghị hướng dẫn kết nối dữ liệu."})
    # A second report, accepted by the coordinator, shows the reopen form; the first shows accept and return.
    later = str(int(period[:4]) + 2) + period[4:]
    next_year = str(int(period[:4]) + 1) + period[4:]  # left open: the reporter's editable form
    form = reporter.get(f"{demo.base}/reports/{plan}/{later}").text
    reporter.post(f"{demo.base}/reports/{plan}/{later}", data={"_csrf": token(form), "action": "submit", "difficulties": "Thiếu người", **report_fields(form)})
    agency = demo.sql("SELECT agency_id FROM app_user WHERE username = ?", (REPORTER,))[0][0]
    coordinator = demo.session(COORDINATOR)
    page = coordinator.get(f"{demo.base}/reports/{plan}/{later}?agency={agency}").text
    accept = re.search(r'action="(/reviews/\d+/accept)"', page)
    if accept:
        coordinator.post(demo.base + accept.group(1), data={"_csrf": token(page), "comment": ""})
    # The follow-up's forms: one proposal assigned to the reporter's agency (its answer form), one answered by the
    # coordinator (close, reopen); a calendar address and an address waiting for confirmation (revoke, remove).
    import datetime
    due = (datetime.datetime.utcnow() + datetime.timedelta(hours=7, days=7)).date().isoformat()
    agency_name = demo.sql("SELECT name FROM agency WHERE id = ?", (agency,))[0][0]
    page = coordinator.get(f"{demo.base}/plans/{plan}/proposals").text
    keys = re.findall(r'name="report" value="(\d+)"><input type="hidden" name="key" value="([^"]*)"', page)
    # Of four proposals: two to the reporter's agency (one answered by it now), one answered by the coordinator, one left.
    for n, (report, key) in enumerate(keys[:3]):
        coordinator.post(f"{demo.base}/plans/{plan}/proposals", data={"_csrf": token(page), "report": report, "key": html.unescape(key), "due": due,
                                                                      "agency": agency_name if n < 2 else "", "answer": "" if n < 2 else "Đã tổng hợp."})
    listing = reporter.get(f"{demo.base}/follow-ups").text
    item = re.findall(r'href="(/follow-ups/\d+)"', listing)
    if item:
        page = reporter.get(demo.base + item[-1]).text
        reporter.post(demo.base + item[-1] + "/answer", data={"_csrf": token(page), "answer": "Đã trả lời."})
    page = reporter.get(f"{demo.base}/account/calendars").text
    reporter.post(f"{demo.base}/account/calendars", data={"_csrf": token(page), "whose": "me"})
    page = reporter.get(f"{demo.base}/account").text
    reporter.post(f"{demo.base}/account/email", data={"_csrf": token(page), "email": "can.bo@example.gov.vn"})
    # An API key (its revoke form); the plan page carries the publication form.
    page = coordinator.get(f"{demo.base}/connections").text
    coordinator.post(f"{demo.base}/connections", data={"_csrf": token(page), "client": "Hệ thống thử", "agency": "", "access": "read",
                                                       "expiresOn": (datetime.datetime.utcnow() + datetime.timedelta(days=30)).date().isoformat()})
    starts = ["/", "/todo", "/connections", f"/plans/{plan}", "/follow-ups", f"/plans/{plan}/proposals", "/account/calendars", "/account/email/confirm?token=" + "a" * 64, "/plans", "/reports", "/dashboard", "/directory", "/users", "/import", "/audit", "/account", "/national",
              "/dashboard/indicators", "/dashboard/tasks", "/dashboard/agencies", "/dashboard/measures", f"/plans/{plan}/matrix",
              f"/reports/{plan}/{period}?agency={agency}", f"/reports/{plan}/{later}?agency={agency}", f"/reports/{plan}/{next_year}"]
    found = []
    for user in ("admin", COORDINATOR, REPORTER, "anonymous"):
        forms, pages = crawl(demo, user, ["/signin"] if user == "anonymous" else starts)
        found += [(user, f) for f in forms]
    # A pending import gives the confirm and cancel forms.
    page = coordinator.get(demo.base + "/import").text
    province = re.search(r'name="province"[^>]*>\s*<option value="(\d+)"', page) or re.search(r'name="province" value="(\d+)"', page)
    seed = sorted(os.listdir(os.environ.get("KEHOACH_SEEDS", "../shared/seeds")))[0]
    seed_bytes = open(os.path.join(os.environ.get("KEHOACH_SEEDS", "../shared/seeds"), seed), "rb").read()
    preview = coordinator.post(demo.base + "/import", data={"_csrf": token(page), "province": province.group(1) if province else "1", "replacing": ""},
                               files={"file": ("ke-hoach.txt", seed_bytes, "text/plain")})
    reader = FormReader(); reader.feed(preview.text)
    for f in reader.forms:
        f["page"] = "/import"
        found.append((COORDINATOR, f))
    # One form per (route, fields) shape, its repeated fields (task.14.note, task.15.note …) tried once.
    shapes, todo = set(), []
    for user, f in found:
        if f["method"] != "post" or f["action"] in ("/signout",):
            continue
        names = tuple(sorted({re.sub(r"\.\d+\.", ".n.", x["name"]) for x in f["fields"]}))
        key = (pattern(f["action"]), names)
        if key in shapes:
            continue
        shapes.add(key)
        todo.append((user, f))
    # (The API's JSON writes are not forms: APITokenTests and the connections test send them.)
    post_routes = [p for m, p in routes if m == "POST" and p != "/signout" and not p.startswith("/api/")]
    def route_of(action):
        for p in post_routes:
            if re.fullmatch(re.sub(r":\w+", r"[^/]+", p), action.split("?")[0]):
                return p
    reached = {route_of(f["action"]) for _, f in todo}
    missing = [p for p in post_routes if p not in reached]
    line.check(f"POST routes reached by no form: {missing}", not missing)
    # The sign-in form is tried on a name that does not exist (its failures are counted in login_failure).
    uploads = {"/files": ("minh-chung.pdf", PDF, "application/pdf"), "/xlsx": None, "/import": ("ke-hoach.txt", seed_bytes, "text/plain")}
    fields_tried = 0
    for user, f in todo:
        action = f["action"]
        route = route_of(action)
        # A failed sign-in is counted (throttling) and written to the audit log, as it must be.
        allowed_tables = ("login_failure", "audit", "sqlite_sequence") if route == "/signin" else ()
        session_user = user
        base_pairs = defaults(f)
        if route == "/signin":
            base_pairs = [(k, {"username": "khong-ton-tai", "password": "sai-mat-khau-1"}.get(k, v)) for k, v in base_pairs]
        file_part = None
        if f["multipart"]:
            if action.endswith("/xlsx"):
                x = demo.session(user).get(demo.base + action)
                file_part = ("bao-cao.xlsx", x.content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            else:
                file_part = uploads["/files"] if action.endswith("/files") else uploads["/import"]
        editable = {}
        for fld in f["fields"]:
            if fld["name"] == "_csrf" or fld["type"] == "file":
                continue
            editable.setdefault(re.sub(r"\.\d+\.", ".n.", fld["name"]), fld)
        for shape_name, fld in editable.items():
            fields_tried += 1
            kind = fld["type"]
            for attack, value in ATTACKS.items():
                # A fresh page: its token, and the form's current state.
                page = demo.session(session_user).get(demo.base + f["page"]).text
                pairs = [(k, token(page) if k == "_csrf" and "_csrf" in page else v) for k, v in base_pairs]
                if fld["name"] not in [k for k, _ in pairs]:
                    pairs.append((fld["name"], ""))
                # A hidden field holding a number is an id; one holding words (a name to map) is text.
                free = kind in FREE_TEXT or (kind == "hidden" and not re.fullmatch(r"-?\d+", fld["value"] or "0"))
                # Free text may keep a script or SQL as text: it must then be stored as sent and shown escaped.
                accept_ok = free and attack in ("script", "sql", "wrong type")
                what = f"{user} POST {action} {fld['name']} ({kind}) ← {attack}"
                if attack == "malformed":
                    for raw in (b"%FF%FE", b"%zz", b"a%00b"):
                        body = encode(pairs, raw=(fld["name"], raw))
                        if file_part:
                            continue  # multipart parts are bytes: covered by the upload checks
                        trial.send(session_user, what + f" {raw!r}", "POST", action, allowed_tables, False, data=body,
                                   headers={"content-type": "application/x-www-form-urlencoded"})
                    continue
                changed = [(k, value if k == fld["name"] else v) for k, v in pairs]
                extra = {"files": {"file": file_part}} if file_part else {}
                r = trial.send(session_user, what, "POST", action, allowed_tables, accept_ok, data=changed, **extra)
                if r is not None and r.status_code < 400 and attack in ("script", "sql"):
                    trial.stored.append(value)
    # Whole bodies: too large, not a form at all.
    for user, f in todo[:1] + [t for t in todo if route_of(t[1]["action"]) == "/reports/:plan/:period"][:1]:
        trial.send(user, f"{user} POST {f['action']} body of 2 MB", "POST", f["action"], (), False, data=b"a=" + b"x" * 2_000_000,
                   headers={"content-type": "application/x-www-form-urlencoded"})
        trial.send(user, f"{user} POST {f['action']} binary body", "POST", f["action"], (), False, data=bytes(range(256)) * 50,
                   headers={"content-type": "application/x-www-form-urlencoded"})
    # Values kept as text are stored as sent and never appear unescaped.
    dump = "\n".join(str(row) for table in ("report", "report_task", "agency_alias", "indicator_rating", "task_decision", "adhoc_request", "app_user", "audit")
                     for row in demo.sql(f'SELECT * FROM "{table}"'))
    for value in set(trial.stored):
        line.check(f"accepted value stored as sent: {value[:40]}", value in dump or json.dumps(value, ensure_ascii=False)[1:-1] in dump)
    raw_hits = []
    for user in ("admin", COORDINATOR, REPORTER):
        s = demo.session(user)
        _, pages = crawl(demo, user, starts, limit=200)
        for path in pages:
            text = s.get(demo.base + path).text
            if "<script>alert(" in text or "<img src=x onerror" in text:
                raw_hits.append(path)
    line.check(f"pages showing an injected script unescaped: {raw_hits}", not raw_hits)
    line.check("the tables are all there after the SQL values", len(demo.sql("SELECT name FROM sqlite_master WHERE name IN ('report','report_task','audit')")) == 3)
    line.done(f"{len(todo)} forms ({len(reached)} POST routes of {len(post_routes)}), {fields_tried} fields × 5 kinds of value + whole bodies",
              f"{trial.requests} requests: {trial.refused} refused (4xx, nothing changed), {trial.accepted} free-text values kept as text and shown escaped, 0 answers ≥ 500")

def api_part(demo):
    line = Line("2. Bad input", "API: oversize, malformed, wrong type, script, SQL in every parameter")
    trial = Trial(demo, line)
    spec = demo.session(COORDINATOR).get(demo.base + "/api/openapi.json").json()
    shared = spec.get("components", {}).get("parameters", {})
    plan = demo.sql("SELECT id FROM plan ORDER BY id LIMIT 1")[0][0]
    agency = demo.sql("SELECT agency_id FROM app_user WHERE username = ?", (REPORTER,))[0][0]
    indicator = demo.sql("SELECT id FROM indicator ORDER BY id LIMIT 1")[0][0]
    endpoints = 0
    for path, ops in spec["paths"].items():
        op = ops.get("get")
        if not op:
            continue
        endpoints += 1
        params = [shared[p["$ref"].split("/")[-1]] if "$ref" in p else p for p in op.get("parameters", []) + ops.get("parameters", [])]
        ids = {"agencies": agency, "indicators": indicator}.get(path.split("/")[-2] if path.endswith("{id}") else path.split("/")[3], plan)
        for p in params:
            # The other path parameters keep a real value; the one tried gets the bad one.
            concrete = re.sub(r"\{(\w+)\}", lambda m: m.group(0) if m.group(1) == p["name"] else str(ids), path)
            typed = p.get("schema", {}).get("type") in ("integer", "number") or "enum" in p.get("schema", {}) or p.get("schema", {}).get("format") in ("date",) or p["name"] in ("period",)
            for attack, value in ATTACKS.items():
                what = f"GET {path} {p['name']} ({'typed' if typed else 'text'}) ← {attack}"
                if attack == "malformed":
                    for raw in ("%FF%FE", "%zz", "a%00b"):
                        url = concrete.replace("{" + p["name"] + "}", raw) if p["in"] == "path" else f"{concrete}?{p['name']}={raw}"
                        trial.send(COORDINATOR, what + f" {raw}", "GET", url, (), False, raw_url=True)
                    continue
                encoded = urllib.parse.quote(value, safe="")
                url = concrete.replace("{" + p["name"] + "}", encoded) if p["in"] == "path" else f"{concrete}?{p['name']}={encoded}"
                accept_ok = not typed and attack in ("script", "sql", "wrong type")
                r = trial.send(COORDINATOR, what, "GET", url, (), accept_ok, raw_url=True)
                if r is not None and r.status_code == 200:
                    line.check(f"{what}: answer is JSON", r.headers.get("content-type", "").startswith("application/json"))
    line.done(f"{endpoints} documented GET endpoints × their parameters × 5 kinds of value (OpenAPI document)",
              f"{trial.requests} requests: {trial.refused} refused (4xx), {trial.accepted} free-text queries answered as JSON, 0 answers ≥ 500")

def zip_bomb():
    """An XLSX-looking archive whose sheet inflates to 300 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b"\0" * 1_048_576
            for _ in range(300):
                sheet.write(block)
    return out.getvalue()

def uploads_part(demo):
    line = Line("2. Bad input", "Uploads: lying extensions, ZIP bombs, paths in names, oversize")
    trial = Trial(demo, line)
    reporter = demo.session(REPORTER)
    plan, period = report_link(reporter, demo.base)
    period = str(int(period[:4]) + 1) + period[4:]  # an editable report (the year's one was submitted above)
    form_url = f"/reports/{plan}/{period}"
    bomb = zip_bomb()
    workbook = reporter.get(demo.base + form_url + "/xlsx").content
    cases = [
        ("/files", "PNG bytes named .pdf", ("bao-cao.pdf", PNG)),
        ("/files", "PDF named .exe", ("bao-cao.exe", PDF)),
        ("/files", "a Windows program named .pdf", ("bao-cao.pdf", b"MZ\x90\x00" + b"\0" * 200)),
        ("/files", "HTML named .pdf", ("bao-cao.pdf", b"<html><script>alert(1)</script></html>")),
        ("/files", "ZIP bomb named .xlsx", ("so-lieu.xlsx", bomb)),
        ("/files", "path ../../ in the name", ("../../etc/bien-ban.pdf", PDF)),
        ("/files", "path ..\\ in the name", ("..\\..\\bien-ban.pdf", PDF)),
        ("/files", "absolute path in the name", ("/etc/passwd.pdf", PDF)),
        ("/files", "21 MB (limit 20 MB)", ("lon.pdf", PDF + b"\0" * (21 * 1_048_576))),
        ("/xlsx", "ZIP bomb as the report workbook", ("bao-cao.xlsx", bomb)),
        ("/xlsx", "PDF named .xlsx", ("bao-cao.xlsx", PDF)),
        ("/xlsx", "path in the workbook's name", ("../bao-cao.xlsx", workbook)),
        ("/xlsx", "the workbook cut in half", ("bao-cao.xlsx", workbook[: len(workbook) // 2])),
        ("/import", "ZIP bomb named .txt", ("ke-hoach.txt", bomb)),
        ("/import", "HTML named .txt", ("ke-hoach.txt", b"<!DOCTYPE html><html><body>x</body></html>")),
        ("/import", "path in the plan's name", ("../../ke-hoach.txt", "KẾ HOẠCH\nSTT\tNhiệm vụ\n".encode())),
        ("/import", "11 MB plan (limit 10 MB)", ("ke-hoach.txt", b"a" * (11 * 1_048_576))),
        ("/import", "Latin-1 text named .txt", ("ke-hoach.txt", "Kế hoạch".encode("utf-16"))),
    ]
    province = demo.sql("SELECT province_id FROM plan WHERE id = ?", (plan,))[0][0]
    for target, what, (name, data) in cases:
        if target == "/import":
            user, page_url, url, fields = COORDINATOR, "/import", "/import", {"province": str(province), "replacing": ""}
        else:
            user, page_url, url, fields = REPORTER, form_url, form_url + target, {}
        page = demo.session(user).get(demo.base + page_url).text
        fields["_csrf"] = token(page)
        r = trial.send(user, f"{url} ← {what}", "POST", url, (), False, data=fields, files={"file": (name, data, "application/octet-stream")})
        if r is not None and target == "/files":
            line.check(f"{what}: no file kept", not demo.sql("SELECT 1 FROM attachment WHERE name LIKE '%bien-ban%' OR name LIKE '%passwd%' OR name LIKE '%bao-cao%' OR name LIKE '%lon.pdf%'"))
    leftovers = [n for n in os.listdir(os.path.dirname(demo.db)) if n.startswith("..") or n == "etc"]
    line.check(f"nothing written outside the files directory: {leftovers}", not leftovers)
    line.done(f"{len(cases)} uploads to the evidence, report workbook and plan import forms",
              f"{trial.refused} of {len(cases)} refused with a message (413/415/400/422), nothing kept")

def fuzz_part(seconds):
    line = Line("2. Bad input", f"Importer fuzzing ≥ {seconds // 60} min: text, CSV, JSON, XLSX, HTML, Markdown, DOCX, PDF readers")
    fuzz = os.path.join(os.path.dirname(BIN), "kehoach-fuzz")
    run = subprocess.run([fuzz, "--seconds", str(seconds), "--seeds", os.environ.get("KEHOACH_SEEDS", "../shared/seeds"),
                          "--seed", os.environ.get("KEHOACH_FUZZ_SEED", "1")], capture_output=True, text=True, timeout=seconds + 300)
    print(run.stdout[-2000:], run.stderr[-2000:])
    line.check(f"fuzzer finished without a crash or hang: exit {run.returncode} {run.stderr.strip()[-300:]}", run.returncode == 0)
    summary = {}
    try:
        summary = json.loads(run.stdout.strip().splitlines()[-1])
    except Exception:
        line.check("fuzzer printed its summary", False)
    readers = ("text", "csv", "json", "xlsx", "html", "markdown", "docx")
    for reader in readers:
        line.check(f"{reader} reader tried", summary.get(reader, {}).get("inputs", 0) > 100)
    per = ", ".join(f"{r} {summary.get(r, {}).get('inputs', 0):,}" for r in readers)
    line.done(f"{summary.get('seconds', 0)} s, {summary.get('inputs', 0):,} damaged documents ({per}), seed {os.environ.get('KEHOACH_FUZZ_SEED', '1')}",
              f"0 crashes, 0 hangs; slowest input {summary.get('maxInputMs', '?')} ms (limit 20 s); memory {summary.get('settledRSSMB', '?')} → {summary.get('endRSSMB', '?')} MB, peak {summary.get('peakRSSMB', '?')} MB (bounds 1 GB, +200 MB)")

if __name__ == "__main__":
    part = sys.argv[1] if len(sys.argv) > 1 else "all"
    if part == "fuzz":
        fuzz_part(int(os.environ.get("KEHOACH_FUZZ_SECONDS", "600")))
        sys.exit(0)
    routes = [tuple(l.split(" ", 1)) for l in subprocess.run([BIN, "routes"], capture_output=True, text=True, check=True).stdout.splitlines()]
    # A mail relay named (never reached: no background rounds) so that the address forms are there to be tried.
    demo = Demo("input", env={"KEHOACH_SMTP_HOST": "127.0.0.1", "KEHOACH_SMTP_PORT": "9", "KEHOACH_SMTP_SECURITY": "none",
                              "KEHOACH_SMTP_FROM": "kehoach@example.gov.vn"})
    try:
        if part in ("all", "forms"):
            forms_part(demo, routes)
        if part in ("all", "api"):
            api_part(demo)
        if part in ("all", "uploads"):
            uploads_part(demo)
    finally:
        demo.stop()
