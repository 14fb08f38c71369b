#!/usr/bin/env python3
"""Issue 18 end to end, against a real mail relay on loopback (aiosmtpd with STARTTLS and AUTH, started here) and
headless Chromium: an officer confirms an address by the mailed link, receives a request and a returned report at
once and follows the link to the form; a leader receives the day's digest; the relay refuses (not retried), drops
the connection and answers too slowly (retried with back-off, then delivered once); two server processes on one
database send each mail once; the delivery log shows it all; the relay's password is never logged. Calendar feeds
are read by Python's icalendar (RFC 5545)."""
import asyncio, email, logging, os, re, sqlite3, ssl, subprocess, sys, tempfile, time, warnings
from email import policy
import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_common import BIN, SEEDS, Server, free_port, signed_in, token
from checks import check, report

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

logging.getLogger("mail.log").setLevel(logging.ERROR)
warnings.filterwarnings("ignore")
work = tempfile.mkdtemp(prefix="kehoach-mail-")
RELAY_USER, RELAY_PASSWORD = "kehoach", "mat-khau-may-chu-thu-2026"

# A certificate for the relay (self-signed, trusted by the server through KEHOACH_SMTP_CA_FILE).
key, cert = os.path.join(work, "relay.key"), os.path.join(work, "relay.pem")
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-addext", "basicConstraints=critical,CA:TRUE"], check=True, capture_output=True)


class Relay:
    """The province's relay: accepts, refuses (550), drops the connection, or answers slowly, as the test sets."""
    def __init__(self):
        self.mode = "normal"
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "refuse":
            return "550 5.1.1 Mailbox unavailable"
        if self.mode == "slow":
            await asyncio.sleep(5)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.mode == "drop":
            server.transport.abort()
            return "421 closing"
        self.messages.append(email.message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 Message accepted for delivery"


def authenticate(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=auth_data.login == RELAY_USER.encode() and auth_data.password == RELAY_PASSWORD.encode())


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
relay = Relay()
port = free_port()
controller = Controller(relay, hostname="127.0.0.1", port=port, server_hostname="localhost", tls_context=context, require_starttls=True,
                        authenticator=authenticate, auth_required=True, auth_require_tls=True)
controller.start()

MAIL_ENV = {
    "KEHOACH_SMTP_HOST": "localhost", "KEHOACH_SMTP_PORT": str(port), "KEHOACH_SMTP_SECURITY": "starttls",
    "KEHOACH_SMTP_USER": RELAY_USER, "KEHOACH_SMTP_PASSWORD": RELAY_PASSWORD, "KEHOACH_SMTP_CA_FILE": cert,
    "KEHOACH_SMTP_FROM": '"Hệ thống KeHoach" <kehoach@sokhcn.mau.gov.vn>', "KEHOACH_SMTP_TIMEOUT": "2",
    "KEHOACH_BACKGROUND_SECONDS": "1", "KEHOACH_MAIL_SECONDS": "1", "KEHOACH_DIGEST_HOUR": "0", "KEHOACH_MAIL_RETRY_SCALE": "0.02",
    "KEHOACH_PUBLIC_URL": "{base}",
}


def wait(what, condition, seconds=30):
    end = time.time() + seconds
    while time.time() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    check(what + f" (waited {seconds} s)", False)
    return None


def mails_to(address, subject_part=""):
    return [m for m in relay.messages if address in str(m["To"]) and subject_part in str(m["Subject"])]


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message):
    m = re.search(r"(http://127\.0\.0\.1:\d+/\S+)", text_of(message))
    return m.group(1) if m else None


db = os.path.join(work, "demo.sqlite")
demo = subprocess.run([BIN, "demo", "--scale", "small", "--db", db, "--seeds", SEEDS], capture_output=True, text=True, check=True).stdout
a = Server(db, accounts_text=demo, name="a", work=work, env=MAIL_ENV)
b = None
try:
    accounts = a.accounts
    # The officer of Sở Nội vụ (demo province): an address, refused when malformed, confirmed by the mailed link.
    officer = signed_in(a.base, "canbo.noivu.mau", accounts["canbo.noivu.mau"], "can-bo-noi-vu-mau-2026")
    page = officer.get(a.base + "/account").text
    check("the account page offers an address for notifications", 'name="email"' in page)
    bad = officer.post(a.base + "/account/email", data={"_csrf": token(page), "email": "canbo noivu@mau"})
    check("a malformed address is refused beside its field", bad.status_code == 422 and "không hợp lệ" in bad.text)
    sent = officer.post(a.base + "/account/email", data={"_csrf": token(page), "email": "canbo.noivu@mau.gov.vn"})
    check("a confirmation is sent to the new address", sent.ok and "Đã gửi thư xác nhận đến canbo.noivu@mau.gov.vn" in sent.text)
    confirmation = wait("the confirmation mail arrives", lambda: mails_to("canbo.noivu@mau.gov.vn", "Xác nhận"))
    if confirmation:
        m = confirmation[0]
        check("the mail is from KeHoach, in Vietnamese, plain text and HTML", "Hệ thống KeHoach" in str(m["From"])
              and m.get_body(preferencelist=("html",)) is not None and "Kính gửi" in text_of(m))
        link = link_in(m)
        check("the mail links to the confirmation page of the site", link and "/account/email/confirm?token=" in link)
        before = officer.get(a.base + "/account").text
        check("no mail to the address before it is confirmed", "Chờ xác nhận" in before and "Địa chỉ nhận thông báo" not in before)
        form = officer.get(link).text
        done = officer.post(a.base + "/account/email/confirm", data={"_csrf": token(form), "token": link.split("token=")[1]})
        check("the link confirms the address", done.ok and "Địa chỉ nhận thông báo: <strong>canbo.noivu@mau.gov.vn</strong>" in done.text)

    # What waits for the agency is mailed at once (an urgent notification: a proposal to answer), with its link.
    request = wait("the request to answer is mailed at once", lambda: mails_to("canbo.noivu@mau.gov.vn", "Cần trả lời"))
    if request:
        page = officer.get(link_in(request[0]))
        # (The demo's officer answered this one already: the page shows the answer instead of the form.)
        check("the mailed link opens the item to answer", page.ok and "Kiến nghị, đề xuất" in page.text and ("Gửi trả lời" in page.text or "Đã trả lời" in page.text))

    # The coordinator returns one of the agency's reports: the officer is mailed at once and the link opens the form.
    coordinator = signed_in(a.base, "dieuphoi.mau", accounts["dieuphoi.mau"], "dieu-phoi-tinh-mau-2026")
    con = sqlite3.connect(db)
    returnable = con.execute("""SELECT r.id, r.plan_id, r.period FROM report r JOIN agency g ON g.id = r.agency_id
                                JOIN province p ON p.id = g.province_id WHERE g.name = 'Sở Nội vụ' AND p.name = 'Tỉnh Mẫu' AND r.status = 'submitted'
                                ORDER BY r.period DESC LIMIT 12""").fetchall()
    con.close()
    check("the demo province has submitted reports of Sở Nội vụ to return", len(returnable) >= 8)

    def give_back(n, server=None):
        rid, plan, period = returnable[n]
        base = (server or a).base
        matrix = coordinator.get(base + f"/plans/{plan}/matrix").text
        r = coordinator.post(base + f"/reviews/{rid}/return", data={"_csrf": token(matrix), "comment": f"Bổ sung số liệu chỉ tiêu (lần {n + 1})"},
                             allow_redirects=False)
        check(f"report {rid} returned", r.status_code == 303)
        return f"/reports/{plan}/{period}"

    # The agency's own address (set by the coordinator on the agency's page) receives what is urgent for it too.
    con = sqlite3.connect(db)
    agency_id, kind, code = con.execute("""SELECT g.id, g.kind, g.code FROM agency g JOIN province p ON p.id = g.province_id
                                           WHERE g.name = 'Sở Nội vụ' AND p.name = 'Tỉnh Mẫu'""").fetchone()
    con.close()
    agency_page = coordinator.get(a.base + f"/agencies/{agency_id}").text
    bad = coordinator.post(a.base + f"/agencies/{agency_id}", data={"_csrf": token(agency_page), "name": "Sở Nội vụ", "kind": kind, "code": code or "",
                                                                     "email": "noivu@"}, allow_redirects=False)
    check("a malformed agency address is refused", bad.status_code == 422)
    saved = coordinator.post(a.base + f"/agencies/{agency_id}", data={"_csrf": token(agency_page), "name": "Sở Nội vụ", "kind": kind, "code": code or "",
                                                                       "email": "snv@mau.gov.vn"})
    check("the coordinator sets the agency's address", saved.ok and "snv@mau.gov.vn" in saved.text)

    form_link = give_back(0)
    wait("the agency's own address receives the return", lambda: mails_to("snv@mau.gov.vn", "bị trả lại"))
    returned = wait("the returned report is mailed at once", lambda: mails_to("canbo.noivu@mau.gov.vn", "bị trả lại"))
    if returned:
        check("the mail says why and links to the report form", "Bổ sung số liệu chỉ tiêu (lần 1)" in text_of(returned[0])
              and link_in(returned[0]).endswith(form_link))
        page = officer.get(link_in(returned[0]))
        check("the link opens the report form", page.ok and f'action="{form_link}"' in page.text)

    # The leader: the day's digest of what was answered.
    leader = signed_in(a.base, "lanhdao.mau", accounts["lanhdao.mau"], "lanh-dao-tinh-mau-2026")
    page = leader.get(a.base + "/account").text
    leader.post(a.base + "/account/email", data={"_csrf": token(page), "email": "lanhdao@mau.gov.vn"})
    confirm = wait("the leader's confirmation arrives", lambda: mails_to("lanhdao@mau.gov.vn", "Xác nhận"))
    if confirm:
        link = link_in(confirm[0])
        leader.post(a.base + "/account/email/confirm", data={"_csrf": token(leader.get(link).text), "token": link.split("token=")[1]})
    digest = wait("the leader's digest arrives", lambda: mails_to("lanhdao@mau.gov.vn", "thông báo ngày"))
    if digest:
        body = text_of(digest[0])
        check("the digest lists the answers by kind with links", "Đã có trả lời" in body and "/follow-ups/" in body and "/todo" in body)
    time.sleep(3)
    check("one digest a day, whatever the rounds", len(mails_to("lanhdao@mau.gov.vn", "thông báo ngày")) == 1)

    def deliveries():
        return coordinator.get(a.base + "/deliveries").text

    # The relay refuses for good (550): the mail is not retried, and the log says why.
    relay.mode = "refuse"
    give_back(1)
    wait("a refused mail is logged as not sent", lambda: "550 5.1.1 Mailbox unavailable" in deliveries())
    con = sqlite3.connect(db)
    failed = con.execute("SELECT status, attempts FROM mail_delivery WHERE last_error LIKE '%550%'").fetchall()
    con.close()
    check("a refusal is final: not sent, one attempt (the officer's and the agency's mail)", failed == [("failed", 1), ("failed", 1)])

    # The relay drops the connection, then answers too slowly: retried with back-off, then delivered once.
    for mode, words, n in [("drop", "kết nối", 2), ("slow", "không trả lời sau 2 giây", 3)]:
        relay.mode = mode
        count = len(mails_to("canbo.noivu@mau.gov.vn", "bị trả lại"))
        give_back(n)
        wait(f"{mode}: the failure is logged with a retry", lambda: words in deliveries() and "Gửi lại lúc" in deliveries())
        relay.mode = "normal"
        wait(f"{mode}: delivered on a later attempt", lambda: len(mails_to("canbo.noivu@mau.gov.vn", "bị trả lại")) == count + 1, seconds=40)
        time.sleep(2)
        check(f"{mode}: delivered once", len(mails_to("canbo.noivu@mau.gov.vn", "bị trả lại")) == count + 1)

    # Two server processes on the database: each mail once.
    b = Server(db, accounts_text=demo, name="b", work=work, env=MAIL_ENV)
    count = len(relay.messages)
    for n in range(4, 8):
        give_back(n, server=b if n % 2 else a)
    # Each return: one mail to the officer, one to the agency's address.
    wait("the four returns are mailed", lambda: len(relay.messages) >= count + 8, seconds=40)
    time.sleep(4)
    ids = [str(m["Message-ID"]) for m in relay.messages]
    check("two instances: each mail sent once", len(relay.messages) == count + 8 and len(ids) == len(set(ids)))
    con = sqlite3.connect(db)
    check("every queued mail is sent or given up, none twice", con.execute("SELECT COUNT(*) FROM mail_delivery WHERE status IN ('pending', 'sending')").fetchone()[0] == 0)
    con.close()
    for log in (a.log.name, b.log.name):
        check("the relay's password is never logged", RELAY_PASSWORD not in open(log).read())
    check("the relay is named in the start log, without its password", f"starttls://{RELAY_USER}@localhost:{port}" in open(a.log.name).read())

    # Calendar feeds, read by icalendar.
    import icalendar
    page = officer.get(a.base + "/account/calendars").text
    made = officer.post(a.base + "/account/calendars", data={"_csrf": token(page), "whose": "agency"}).text
    address = re.search(r'value="(http://[^"]+\.ics)"', made)
    check("a calendar address is shown", address is not None)
    if address:
        feed = requests.get(address.group(1))
        calendar = icalendar.Calendar.from_ical(feed.content)
        events = [c for c in calendar.walk("VEVENT")]
        check("the feed parses as iCalendar 2.0 in Asia/Ho_Chi_Minh", calendar.get("VERSION") == "2.0" and calendar.get("X-WR-TIMEZONE") == "Asia/Ho_Chi_Minh"
              and any(t.get("TZID") == "Asia/Ho_Chi_Minh" for t in calendar.walk("VTIMEZONE")))
        check("report and task dates as all-day events with stable UIDs", events and all(
            type(e.decoded("DTSTART")).__name__ == "date" and str(e.get("UID")).endswith("@kehoach") for e in events))
        again = icalendar.Calendar.from_ical(requests.get(address.group(1)).content)
        check("the same UIDs on the next read", sorted(str(e.get("UID")) for e in again.walk("VEVENT")) == sorted(str(e.get("UID")) for e in events))
        check("an agency feed lists the agency's report dates", any(str(e.get("UID")).startswith("report-") for e in events))
        listing = officer.get(a.base + "/account/calendars").text
        feed_id = re.search(r'action="/account/calendars/(\d+)/revoke"', listing).group(1)
        officer.post(a.base + f"/account/calendars/{feed_id}/revoke", data={"_csrf": token(listing)})
        check("a revoked feed is gone", requests.get(address.group(1)).status_code == 404)

    # In a browser: the mailed link, followed before signing in, opens the report form after it; the leader sees the
    # agency's explanation on the task's page.
    from browser_common import By, EC, WebDriverWait, new_driver, sign_in_as, sign_out
    driver = new_driver()
    try:
        if returned:
            driver.get(link_in(returned[0]))
            WebDriverWait(driver, 15).until(EC.url_contains("/signin"))
            driver.find_element(By.ID, "username").send_keys("canbo.noivu.mau")
            driver.find_element(By.ID, "password").send_keys("can-bo-noi-vu-mau-2026")
            driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
            WebDriverWait(driver, 15).until(EC.url_contains(form_link))
            check("browser: the mailed link opens the report form after signing in", len(driver.find_elements(By.CSS_SELECTOR, f'form[action="{form_link}"]')) == 1)
            badge = driver.find_elements(By.CSS_SELECTOR, "header .badge")
            check("browser: the header counts unread notifications", badge and int(badge[0].text) >= 1)
            sign_out(driver)
        sign_in_as(driver, a.base, "lanhdao.mau", "lanh-dao-tinh-mau-2026")
        driver.get(a.base + "/follow-ups?status=answered&kind=explanation")
        driver.find_element(By.CSS_SELECTOR, "main table a").click()
        WebDriverWait(driver, 15).until(EC.url_contains("/follow-ups/"))
        answer = driver.find_element(By.CSS_SELECTOR, "main blockquote.text:nth-of-type(2)").text
        driver.find_element(By.CSS_SELECTOR, "main dl.facts a").click()
        WebDriverWait(driver, 15).until(EC.url_contains("/dashboard/"))
        section = driver.find_element(By.ID, "giai-trinh").text
        check("browser: the answered explanation shows on the dashboard's page of the task or indicator", answer[:40] in section and "Đã trả lời" in section)
        driver.save_screenshot(os.path.join(work, "giai-trinh.png"))
    finally:
        driver.quit()
finally:
    a.stop()
    if b:
        b.stop()
    controller.stop()

report("follow-up and mail", work)
