"""Shared pieces of the browser tests: a `kehoach` server on a temporary database, headless Chromium, checks
counted and reported, and the first sign-in with its password change."""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from server_common import BIN, ROOT, SEEDS, Server, free_port, new_postgres_database  # noqa: F401 (re-exported)
OUT = os.environ.get("KEHOACH_SCREENSHOTS", os.path.join(ROOT, ".build", "browser-test"))
os.makedirs(OUT, exist_ok=True)

from checks import check, report, results  # noqa: F401 (re-exported for the browser tests)

# axe-core (injected by axe-selenium-python) at WCAG 2.1 AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then(
  r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                  nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))}),
  e => done({error: String(e)}));
"""

def axe_findings(driver):
    """The serious and critical axe-core findings of the page shown (or axe's own failure)."""
    from axe_selenium_python import Axe
    driver.set_script_timeout(90)
    Axe(driver).inject()
    result = driver.execute_async_script(AXE_RUN, AXE_TAGS)
    if "error" in result:
        return [f"axe did not finish ({result['error']})"]
    return [f"{v['impact']} {v['id']} ({v['help']}) at {'; '.join(v['nodes'])}" for v in result["violations"] if v["impact"] in ("serious", "critical")]

def fold(text):
    import unicodedata
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn")

def new_driver():
    options = Options()
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=vi"]:
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    return driver

def sign_in_as(driver, base, user, pw, lands="/todo"):
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

def open_groups(driver):
    """Opens every folded group of a page (`<details>`), as a person filling the whole form would."""
    for summary in driver.find_elements(By.CSS_SELECTOR, "details:not([open]) > summary"):
        if summary.is_displayed():
            summary.click()

def sign_out(driver):
    driver.find_element(By.CSS_SELECTOR, "form.signout button").click()
    WebDriverWait(driver, 15).until(EC.url_contains("/signin"))

def finish(driver, server, label):
    """Closes the browser and the server, prints the tally and exits with its status. Called from a `finally`: an
    exception on its way out (a page that did not load, an element not found) is printed and counted as a failure,
    never swallowed by the exit."""
    import traceback
    error = sys.exc_info()[1]
    if error is not None:
        traceback.print_exception(error)
        check(f"the test ran to its end (stopped by {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''})", False)
    if driver:
        driver.quit()
    server.stop()
    report(label, f"screenshots in {OUT}")
