#!/usr/bin/env python3
"""Two `kehoach serve` processes on one database behave as one system: a session made on one is used on the
other, a form's token from one is accepted by the other, a report submitted through one and a file uploaded
through the other are seen by both, the evaluation kept in one process follows a write made by the other, and
sign-in throttling counts failures made on either.
With KEHOACH_TEST_POSTGRES set (scripts/pg-cluster prints one), the same on a new PostgreSQL database, the
attached files in one directory named to both (--files)."""
import os, re, sys, tempfile, time
import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_common import Server, new_postgres_database, signed_in, token
from checks import check, report


work = tempfile.mkdtemp(prefix="kehoach-instances-")
pg_server = os.environ.get("KEHOACH_TEST_POSTGRES")
if pg_server:
    db = new_postgres_database(pg_server, "kehoach_instances")
    files = os.path.join(work, "files")
    backend = "PostgreSQL"
else:
    db, files, backend = os.path.join(work, "kh.sqlite"), None, "SQLite"
print(f"instances on {backend}")
a = Server(db, name="a", work=work, files=files)                     # creates the database, prints the accounts
b = Server(db, accounts_text=open(a.log.name).read(), name="b", work=work, files=files)
try:
    accounts = a.accounts
    check("both instances answer", requests.get(a.base + "/signin").ok and requests.get(b.base + "/signin").ok)

    # A commune reporter signs in on A (first sign-in: a new password), then works on B with the same cookie.
    s = signed_in(a.base, "canbo.tanphong", accounts["canbo.tanphong"], "phuong-tan-phong-2026")
    reports = s.get(b.base + "/reports")
    check("the session made on A is valid on B", reports.ok and "Mở báo cáo kỳ này" in reports.text)
    link = re.findall(r'href="(/reports/\d+/[0-9A-Z-]+)">Mở báo cáo kỳ này', reports.text)[-1]

    # A file uploaded through B is served by A, byte for byte.
    pdf = b"%PDF-1.4\n% KeHoach\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    form = s.get(b.base + link).text  # a draft: files go with a report still open
    r = s.post(b.base + link + "/files", data={"_csrf": token(form)}, files={"file": ("bien-ban.pdf", pdf, "application/pdf")}, allow_redirects=False)
    check("an upload through B is accepted", r.status_code == 303)
    files = re.findall(r'href="(/files/\d+)"', s.get(a.base + link).text)
    check("A lists the file uploaded through B", len(files) == 1)
    check("A serves the file's bytes", bool(files) and s.get(a.base + files[0]).content == pdf)

    # The form read from B, submitted through A with B's page token.
    form = s.get(b.base + link).text
    fields = {"_csrf": token(form), "action": "submit", "difficulties": "Thiếu máy tính (gửi qua máy chủ A)"}
    for task in re.findall(r'name="task\.(\d+)\.status"', form):
        fields[f"task.{task}.status"] = "in-progress"
    r = s.post(a.base + link, data=fields, allow_redirects=False)
    check("a submission through A with B's form token is accepted", r.status_code == 303)
    check("B shows the report submitted through A", "Đã gửi" in s.get(b.base + link).text)

    # The coordinator's evaluation kept by A follows a write made through B.
    c = signed_in(b.base, "dieuphoi.laichau", accounts["dieuphoi.laichau"], "dieu-phoi-lai-chau-2026")
    plan = link.split("/")[2]
    indicator = re.search(r'href="/dashboard/indicators/(\d+)"', c.get(a.base + f"/dashboard/indicators?plan={plan}").text)
    check("A's dashboard lists the plan's indicators", indicator is not None)
    if indicator:
        before = c.get(a.base + f"/api/v1/dashboard/indicators/{indicator.group(1)}").json()["indicator"]
        page = c.get(b.base + f"/dashboard/indicators/{indicator.group(1)}").text
        r = c.post(b.base + f"/dashboard/indicators/{indicator.group(1)}/rating",
                   data={"_csrf": token(page), "status": "missed", "comment": "Đánh giá trên máy chủ B"}, allow_redirects=False)
        check("a rating through B is accepted", r.status_code == 303)
        after = c.get(a.base + f"/api/v1/dashboard/indicators/{indicator.group(1)}").json()["indicator"]
        check("A's evaluation shows B's rating at once", "máy chủ B" not in before["explanation"]
              and after["status"] == "missed" and "máy chủ B" in after["explanation"])

    # Failed sign-ins count across instances: five, alternating, lock the name on both.
    for i in range(5):
        server = a if i % 2 == 0 else b
        x = requests.Session()
        page = x.get(server.base + "/signin").text
        x.post(server.base + "/signin", data={"_csrf": token(page), "username": "lanhdao.laichau", "password": "sai-mat-khau-%d" % i})
    x = requests.Session()
    page = x.get(b.base + "/signin").text
    r = x.post(b.base + "/signin", data={"_csrf": token(page), "username": "lanhdao.laichau", "password": accounts["lanhdao.laichau"]})
    check("five failures on A and B lock the name (right password refused)", r.status_code != 303 and "15 phút" in r.text)
finally:
    a.stop()
    b.stop()

report("instances (PostgreSQL)" if pg_server else "instances (SQLite)")
