"""Shared pieces of the browser tests: a `kehoach` server on a temporary database, headless Chromium, checks
counted and reported, and the first sign-in with its password change."""
import os, re, socket, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("KEHOACH_BIN", os.path.join(ROOT, ".build/debug/kehoach"))
SEEDS = os.environ.get("KEHOACH_SEEDS", os.path.join(ROOT, "..", "shared", "seeds"))
OUT = os.environ.get("KEHOACH_SCREENSHOTS", os.path.join(ROOT, ".build", "browser-test"))
os.makedirs(OUT, exist_ok=True)

from checks import check, report, results  # noqa: F401 (re-exported for the browser tests)

def fold(text):
    import unicodedata
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn")

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

def new_postgres_database(server, name):
    """A new, empty database `name` on the PostgreSQL server of URL `server` (as scripts/pg-cluster prints it);
    returns its URL."""
    from urllib.parse import urlsplit, parse_qs
    u = urlsplit(server)
    q = {k: v[0] for k, v in parse_qs(u.query).items()}
    host = q.get("host") or u.hostname or "127.0.0.1"
    port = str(q.get("port") or u.port or 5432)
    user = u.username or "postgres"
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", "-h", host, "-p", port, "-U", user, "-d", "postgres", "-qc", sql], check=True)
    return f"{u.scheme}://{u.netloc}/{name}" + (f"?{u.query}" if u.query else "")

class Server:
    """`kehoach serve` on `db` (created by the server, or made before by `kehoach demo`); reads the printed accounts
    from `accounts_text` (the serve log, or the demo command's output)."""
    def __init__(self, db, accounts_text=None, name="serve", work=None, files=None):
        self.work = work or os.path.dirname(db)
        self.port = free_port()
        self.log = open(os.path.join(self.work, name + ".log"), "w+")
        extra = ["--files", files] if files else []
        self.process = subprocess.Popen([BIN, "serve", "--db", db, "--port", str(self.port), "--seeds", SEEDS] + extra,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(120):
            time.sleep(0.5)
            try:
                urllib.request.urlopen(self.base + "/signin", timeout=2)
                break
            except Exception:
                continue
        self.log.seek(0)
        text = accounts_text if accounts_text is not None else self.log.read()
        m = re.search(r"admin / (\S+)", text)
        self.admin_password = m.group(1) if m else None
        self.accounts = dict(re.findall(r"tài khoản thử nghiệm: (\S+) / (\S+)", text))

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()

def new_driver():
    options = Options()
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=vi"]:
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    return driver

def sign_in_as(driver, base, user, pw, lands="/plans"):
    driver.get(base + "/signin")
    driver.find_element(By.ID, "username").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(pw)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(driver, 15).until(EC.url_contains(lands))

def first_sign_in(driver, base, user, one_time, new):
    """Signs in with a one-time password, changes it, and signs in again."""
    sign_in_as(driver, base, user, one_time, lands="/account")
    driver.find_element(By.ID, "a-current").send_keys(one_time)
    driver.find_element(By.ID, "a-new").send_keys(new)
    driver.find_element(By.ID, "a-repeat").send_keys(new)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(driver, 15).until(EC.url_contains("/signin"))
    sign_in_as(driver, base, user, new)

def sign_out(driver):
    driver.find_element(By.CSS_SELECTOR, "form.signout button").click()
    WebDriverWait(driver, 15).until(EC.url_contains("/signin"))

def finish(driver, server, label):
    """Closes the browser and the server, prints the tally and exits with its status."""
    if driver:
        driver.quit()
    server.stop()
    report(label, f"screenshots in {OUT}")
