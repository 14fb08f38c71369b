#!/usr/bin/env python3
"""Every page of every role in a real headless Chromium, at a phone's width (390 px) and a desktop's (1366 px):
no horizontal scrolling of the page itself (wide tables scroll inside their own box), no name a page's template uses
that its view model lacks (strict views), and an accessibility check of each page with axe-core (the copy
axe-selenium-python ships) at WCAG 2.1 AA with no serious or critical finding. Pages are found by following the
links each role sees, two of each shape, from /plans; before the sweep a commune reporter saves a draft and the
Sở KH&CN of Lào Cai submits its report, so that forms, drafts, submitted reports and the review page are among them.
With --guide, the screenshots of the user guide are written to Sources/KeHoachWeb/Resources/static/guide/."""
import os, re, sys, tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_common import OUT, ROOT, axe_findings, Server, check, finish, first_sign_in, new_driver, open_groups, sign_in_as, sign_out

WIDTHS = (390, 1366)
# The axe-core that axe-selenium-python ships (3.1) tags WCAG 2.1's new A rules with none of these and its AA rules
# "wcag21aa": these three are every A and AA rule it has.
GUIDE = os.path.join(ROOT, "Sources", "KeHoachWeb", "Resources", "static", "guide")
guide = "--guide" in sys.argv

OVERFLOW = """
const W = document.documentElement.clientWidth;
const out = [];
if (document.documentElement.scrollWidth > W + 1) {
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > W + 1 && !el.closest('.scroll') && !el.closest('svg')) {
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' → ' + Math.round(r.right) + 'px');
    }
  }
}
return [document.documentElement.scrollWidth, W, out.slice(0, 4)];
"""

# axe-core on the whole document with the WCAG 2.1 A and AA rules; only what a finding needs comes back.


def shape(path):
    return re.sub(r"/\d+", "/:n", re.sub(r"/(\d{4}(-\d\d|Q\d|S\d|R\d+)?)(?=/|$)", "/:period", path.split("?")[0])) + ("?" if "?" in path else "")

SKIP = ("/signout", "/static/", ".csv", ".json", "/xlsx", "/document", "/files/", "format=", "/report?", "/api/")

def crawl(driver, base, limit=45):
    """Pages a signed-in user reaches by links from /plans: two of each shape."""
    queue, seen, shapes, pages = ["/todo", "/plans", "/reports", "/dashboard", "/directory", "/users", "/import", "/account", "/guide", "/follow-ups",
                                  "/account/calendars", "/deliveries", "/connections", "/open"], set(), {}, []
    while queue and len(pages) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        s = shape(path)
        if shapes.get(s, 0) >= 2:
            continue
        driver.get(base + path)
        if driver.current_url.rstrip("/") != (base + path).rstrip("/") or driver.title.startswith("Có lỗi"):
            continue  # refused or sent elsewhere: not this role's page
        shapes[s] = shapes.get(s, 0) + 1
        pages.append(path)
        for a in driver.find_elements(By.CSS_SELECTOR, "a[href^='/']"):
            href = (a.get_attribute("href") or "").replace(base, "")
            href = href.split("#")[0]
            if href and not any(x in href for x in SKIP):
                queue.append(href)
    return pages

def sweep(driver, base, who):
    """Every page of `who` at both widths, and axe at the phone's width."""
    pages = crawl(driver, base)
    check(f"{who}: the crawl found the role's pages ({len(pages)})", len(pages) >= 4)
    problems = []
    import time
    for path in pages:
        started = time.time()
        for width in WIDTHS:
            driver.set_window_size(width, 900)
            driver.get(base + path)
            if "⟦?" in driver.page_source:
                problems.append(f"{path}: a name the view model lacks ({re.search('⟦[^⟧]*⟧', driver.page_source).group(0)})")
            if width == 1366:
                # Dates as Vietnamese writes them (31/12/2026), statuses in words, no empty brackets: no ISO date, code or
                # "()" in the text read.
                text = driver.execute_script("return document.body.innerText")
                for pattern in (r"\b20\d\d-\d\d-\d\d\b", r"\b(in-progress|not-started|on-track|at-risk|no-data|cannot-do|completed-on-time|overdue)\b",
                                r"\(\s*\)"):
                    found = re.search(pattern, text)
                    if found:
                        problems.append(f"{path}: «{text[max(0, found.start() - 40):found.end() + 20]}» shows a code or an ISO date")
            scroll, client, over = driver.execute_script(OVERFLOW)
            if scroll > client + 1:
                problems.append(f"{path} at {width}px: the page scrolls sideways ({scroll} > {client}): {over}")
            if width == 390:
                # (A page axe cannot finish on is a finding too.)
                problems += [f"{path}: axe {finding}" for finding in axe_findings(driver)]
        driver.set_window_size(1366, 900)
        print(f"  {who} {path}: {time.time() - started:.1f} s", flush=True)
    for p in problems:
        print("  ", p, flush=True)
    check(f"{who}: {len(pages)} pages at 390 and 1366 px: no sideways scrolling, no missing names, no serious or critical axe finding",
          not problems)
    return pages

def shot(driver, name, width=390, height=None):
    """A screenshot for the user guide (full height of the page at `width`, or `height`)."""
    driver.set_window_size(width, 900)
    total = height or min(driver.execute_script("return document.documentElement.scrollHeight"), 2400)
    driver.set_window_size(width, total)
    driver.save_screenshot(os.path.join(OUT, name + ".png"))
    if guide:
        os.makedirs(GUIDE, exist_ok=True)
        driver.save_screenshot(os.path.join(GUIDE, name + ".png"))
    driver.set_window_size(1366, 900)

work = tempfile.mkdtemp(prefix="kehoach-pages-")
server = Server(os.path.join(work, "kh.sqlite"))
base = server.base
driver = None
try:
    demo = server.accounts
    driver = new_driver()
    driver.set_script_timeout(90)
    print("signing in", flush=True)
    # The Sở KH&CN of Lào Cai (91 tasks) saves a refused value, then submits; the form keeps what was typed.
    first_sign_in(driver, base, "canbo.khcn.laocai", demo["canbo.khcn.laocai"], "khcn-lao-cai-2026")
    driver.get(base + "/reports")
    driver.find_elements(By.LINK_TEXT, "Mở báo cáo kỳ này")[-1].click()
    WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "form.report")))
    report = driver.current_url
    shot(driver, "bao-cao-dai", height=1600)
    open_groups(driver)
    percent = driver.find_element(By.CSS_SELECTOR, "fieldset.task:not(.partner) input[name$='.percent']")
    pid = percent.get_attribute("id")
    percent.send_keys("khoảng 50")
    driver.find_element(By.CSS_SELECTOR, ".form-summary button[value=save]").click()
    WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.ID, "problems")))
    check("a refused value stays in its field, with the problem listed at the top", "khoảng 50" in driver.find_element(By.ID, pid).get_attribute("value")
          and "Không phải là số" in driver.find_element(By.ID, "problems").text)
    shot(driver, "bao-cao-loi", height=900)
    open_groups(driver)
    driver.find_element(By.ID, pid).clear()
    for sel in driver.find_elements(By.CSS_SELECTOR, "fieldset.task:not(.partner) select[name$='.status']"):
        Select(sel).select_by_value("in-progress")
    driver.find_element(By.CSS_SELECTOR, ".form-summary button[value=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "Đã gửi báo cáo" in d.page_source)
    check("the long report is submitted from a phone", "I. Kết quả thực hiện nhiệm vụ" in driver.page_source)
    sweep(driver, base, "reporter (Sở KH&CN Lào Cai)")
    sign_out(driver)

    plan = re.search(r"/reports/(\d+)/", report).group(1)
    report_period = re.search(r"/reports/\d+/(\d{4}-\d\d)", report).group(1)

    def review():
        """The coordinator reads the submitted report from the matrix; the matrix and the directory."""
        driver.get(base + f"/plans/{plan}/matrix")
        driver.find_element(By.XPATH, "//tr[th[contains(., 'Sở Khoa học và Công nghệ')]]//a[contains(., 'đúng hạn')]").click()
        WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".review-actions")))
        shot(driver, "duyet-bao-cao", height=1400)
        driver.get(base + f"/plans/{plan}/matrix")
        shot(driver, "tinh-hinh-nop", width=1366, height=900)
        driver.get(base + "/directory")
        shot(driver, "danh-ba", width=1366, height=900)
        # The consolidated report of the quarter the report belongs to: the drafting workspace, a section rewritten
        # and saved, then its first page as it prints (the picture README shows beside `kehoach report`).
        year, month = report_period.split("-")
        quarter = f"{year}Q{(int(month) - 1) // 3 + 1}"
        driver.get(base + f"/drafts/{plan}/{quarter}")
        WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "form.draft")))
        opening = driver.find_element(By.NAME, "s.opening")
        opening.send_keys("\nTrong kỳ, Sở Khoa học và Công nghệ đã chủ động đôn đốc các cơ quan, đơn vị báo cáo đúng hạn.")
        driver.find_element(By.NAME, "number").send_keys("125")
        driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
        WebDriverWait(driver, 15).until(lambda d: "Đã lưu bản 1" in d.page_source)
        check("the coordinator saves a version of the consolidated report with a rewritten opening",
              "đã sửa — giữ khi cập nhật số liệu" in driver.page_source)
        shot(driver, "soan-bao-cao", width=1366, height=1200)
        driver.get(base + f"/drafts/{plan}/{quarter}/document?format=html")
        check("the saved version prints with the clerk's sentence and its number",
              "đôn đốc các cơ quan, đơn vị báo cáo đúng hạn" in driver.page_source and "Số: 125/BC-SKHCN" in driver.page_source)
        shot(driver, "bao-cao-tong-hop", width=900, height=1270)

    def page_shot(path, name, height):
        def take():
            driver.get(base + path)
            shot(driver, name, width=1366, height=height)
        return take

    # Each role: its first sign-in (a one-time password changed), the guide's screenshots of its pages, the sweep.
    roles = [("canbo.tanphong", demo.get("canbo.tanphong"), "reporter (commune)", None),
             ("dieuphoi.laocai", demo.get("dieuphoi.laocai"), "coordinator (Lào Cai)", review),
             ("dieuphoi.laichau", demo.get("dieuphoi.laichau"), "coordinator (Lai Châu)", None),
             ("lanhdao.laichau", demo.get("lanhdao.laichau"), "leader (Lai Châu)", page_shot("/dashboard", "tong-quan", 1200)),
             ("admin", server.admin_password, "administrator", page_shot("/users", "nguoi-dung", 900))]
    for n, (user, one_time, who, shots) in enumerate(roles):
        first_sign_in(driver, base, user, one_time, f"mat-khau-trinh-duyet-{n}-2026")
        if shots:
            shots()
        sweep(driver, base, who)
        sign_out(driver)
finally:
    finish(driver, server, "browser pages")
