#!/usr/bin/env python3
"""Browser test of the leaders' dashboard on the generated demo province (`kehoach demo`): a coordinator signs
in, reads the overview (targets achieved / at risk / missed, overdue tasks, ranking), follows a figure down to an
overdue task and from it to the agency's report, opens an at-risk indicator with its charts, checks a phone's
width and prints the overview to PDF. Saves screenshots in .build/browser-test."""
import base64, os, re, subprocess, sys, tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_common import finish, BIN, OUT, SEEDS, Server, check, first_sign_in, new_driver, results

scale = os.environ.get("KEHOACH_DEMO_SCALE", "province")
work = tempfile.mkdtemp(prefix="kehoach-dashboard-")
db = os.path.join(work, "demo.sqlite")
demo = subprocess.run([BIN, "demo", "--scale", scale, "--db", db, "--seeds", SEEDS], capture_output=True, text=True, timeout=900)
check("kehoach demo succeeds", demo.returncode == 0)
if demo.returncode != 0:
    print(demo.stdout, demo.stderr); raise SystemExit(1)
reports = int(re.search(r"\((\d+) báo cáo", demo.stdout).group(1))
check("the demo province has three years of reports", reports > (5000 if scale == "province" else 300))
server = Server(db, accounts_text=demo.stdout)
base = server.base
driver = None
try:
    driver = new_driver()
    first_sign_in(driver, base, "dieuphoi.mau", server.accounts.get("dieuphoi.mau", ""), "dieu-phoi-tinh-mau-2026")
    driver.find_element(By.LINK_TEXT, "Tổng quan").click()
    WebDriverWait(driver, 60).until(EC.presence_of_element_located((By.ID, "h-ind")))
    check("the overview names the province", "Tỉnh Mẫu" in driver.find_element(By.TAG_NAME, "h1").text)
    counts = {li.get_attribute("class"): int(li.find_element(By.TAG_NAME, "strong").text)
              for li in driver.find_elements(By.CSS_SELECTOR, "#h-ind + ul.counts li")}
    total = int(re.search(r"\((\d+)\)", driver.find_element(By.ID, "h-ind").text).group(1))
    check("indicator counts add up to the indicators of the province", sum(counts.values()) == total and total == (150 if scale == "province" else 20))
    check("some targets are achieved, some at risk, some missed", counts.get("s-achieved", 0) > 0 and counts.get("s-at-risk", 0) > 0 and counts.get("s-missed", 0) > 0)
    overdue = int(driver.find_element(By.CSS_SELECTOR, "p.big strong").text)
    check("overdue tasks are counted", overdue > 0)
    ranking = driver.find_elements(By.CSS_SELECTOR, "#h-rank + table tbody tr")
    check("the first screen shows the top five of the ranking", len(ranking) == 5)
    overdue_rows = driver.find_elements(By.CSS_SELECTOR, "#h-overdue + div table tbody tr")
    check("the first screen lists overdue tasks with their agencies", len(overdue_rows) == min(10, overdue) and all(r.find_elements(By.TAG_NAME, "td")[1].text for r in overdue_rows))
    driver.save_screenshot(os.path.join(OUT, "dashboard.png"))

    # Print: the overview as a PDF (A4) through the browser's own print.
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": False})
    data = base64.b64decode(pdf["data"])
    open(os.path.join(OUT, "dashboard.pdf"), "wb").write(data)
    check("the overview prints to a PDF", data.startswith(b"%PDF") and len(data) > 10_000)

    # From the count of overdue tasks to the list, to one task, to the agency's report behind it.
    driver.find_element(By.PARTIAL_LINK_TEXT, "Nhiệm vụ quá hạn").click()
    WebDriverWait(driver, 30).until(EC.url_contains("/dashboard/tasks"))
    rows = driver.find_elements(By.CSS_SELECTOR, "#tasks tbody tr")
    check("the overdue list has as many rows as the count", len(rows) == overdue)
    rows[0].find_element(By.CSS_SELECTOR, "a").click()
    WebDriverWait(driver, 30).until(EC.url_matches(r"/dashboard/tasks/\d+$"))
    check("the task page says how long it is overdue", "quá hạn" in driver.page_source)
    report_links = driver.find_elements(By.CSS_SELECTOR, "main table a[href^='/reports/']")
    check("the task page links the reports behind it", len(report_links) > 0)
    if report_links:
        report_links[0].click()
        WebDriverWait(driver, 30).until(EC.url_contains("/reports/"))
        check("the agency's report opens", "Báo cáo" in driver.find_element(By.TAG_NAME, "h1").text)

    # An at-risk indicator: the bullet and line charts with their titles, the agencies' values.
    driver.get(base + "/dashboard/indicators?status=at-risk")
    driver.find_element(By.CSS_SELECTOR, "main table tbody tr a").click()
    WebDriverWait(driver, 30).until(EC.url_matches(r"/dashboard/indicators/\d+$"))
    driver_indicator_url = driver.current_url.replace(base, "")
    svgs = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
    check("the indicator has its charts", len(svgs) >= 2 and all(s.find_elements(By.TAG_NAME, "title") for s in svgs))
    check("the indicator says it is at risk and why", "Có nguy cơ không đạt" in driver.page_source and "Dự báo" in driver.page_source)
    driver.save_screenshot(os.path.join(OUT, "indicator.png"))

    # The consolidated report's print view: A4 pages from its own print style.
    driver.get(base + "/dashboard")
    plan_form = driver.find_element(By.CSS_SELECTOR, "#h-docs ~ form")
    plan_form.find_element(By.CSS_SELECTOR, "button").click()
    WebDriverWait(driver, 60).until(EC.url_contains("/report"))
    check("the print view is the administrative document", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in driver.page_source and "Nơi nhận" in driver.page_source)
    printed = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False})["data"])
    open(os.path.join(OUT, "bao-cao-in.pdf"), "wb").write(printed)
    pages = printed.count(b"/Type /Page") - printed.count(b"/Type /Pages")
    check(f"the print view prints on several A4 pages ({pages})", printed.startswith(b"%PDF") and pages > 2)

    driver.get(base + "/dashboard/agencies")
    check("the scorecard states its formula", "Điểm = 100" in driver.page_source)
    check("the scorecard ranks the agencies", len(driver.find_elements(By.CSS_SELECTOR, "table.scores tbody tr")) >= 50)

    # A leader's phone.
    driver.set_window_size(390, 844)
    driver.get(base + "/dashboard")
    width = driver.execute_script("return document.documentElement.scrollWidth")
    check("the overview fits a phone's width", width <= 400)
    driver.save_screenshot(os.path.join(OUT, "dashboard-phone.png"))
    for page in ["/dashboard/tasks?status=overdue", "/dashboard/agencies", driver_indicator_url]:
        driver.get(base + page)
        check(f"{page} fits a phone's width (tables scroll inside their box)", driver.execute_script("return document.documentElement.scrollWidth") <= 400)
finally:
    finish(driver, server, "browser (dashboard)")
