#!/usr/bin/env python3
"""Browser test: a real headless Chromium signs in, opens the Lào Cai plan, searches 'so khoa hoc',
checks the results and saves screenshots. Starts `kehoach serve` on a temporary database itself."""
import os, re, sys, tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_common import finish, OUT, Server, check, first_sign_in, fold, new_driver, open_groups, results, sign_in_as, sign_out

work = tempfile.mkdtemp(prefix="kehoach-browser-")
server = Server(os.path.join(work, "kh.sqlite"))
base = server.base
driver = None
try:
    password = server.admin_password
    check("server printed the one-time admin password", password is not None)
    if password is None:
        server.log.seek(0); print(server.log.read()); raise SystemExit(1)

    driver = new_driver()

    def sign_in(pw):
        driver.get(base + "/signin")
        driver.find_element(By.ID, "username").send_keys("admin")
        driver.find_element(By.ID, "password").send_keys(pw)
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        WebDriverWait(driver, 15).until(lambda d: not d.current_url.endswith("/signin"))

    sign_in(password)
    check("first sign-in asks for a new password", driver.current_url.endswith("/account"))
    driver.find_element(By.ID, "a-current").send_keys(password)
    driver.find_element(By.ID, "a-new").send_keys("mat-khau-trinh-duyet")
    driver.find_element(By.ID, "a-repeat").send_keys("mat-khau-trinh-duyet")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(driver, 15).until(EC.url_contains("/signin"))
    sign_in("mat-khau-trinh-duyet")
    check("signed in lands on Việc cần làm", driver.current_url.endswith("/todo") and "Việc cần làm" in driver.find_element(By.TAG_NAME, "h1").text)
    driver.get(base + "/plans")
    check("five plans are listed", len(driver.find_elements(By.CSS_SELECTOR, "article.card")) == 5)

    driver.find_element(By.LINK_TEXT, "Kế hoạch Chuyển đổi số tỉnh Lào Cai năm 2026").click()
    WebDriverWait(driver, 15).until(EC.url_matches(r"/plans/\d+$"))
    check("the Lào Cai plan opens", "Lào Cai" in driver.find_element(By.TAG_NAME, "h1").text)
    tasks = driver.find_elements(By.CSS_SELECTOR, "article.task")
    check("the plan shows its 92 tasks", len(tasks) == 92)
    check("tasks name their lead agencies", "Sở Khoa học và Công nghệ" in driver.page_source)
    driver.save_screenshot(os.path.join(OUT, "plan.png"))

    driver.find_element(By.LINK_TEXT, "Tìm kiếm").click()
    box = WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.ID, "sq")))
    box.send_keys("so khoa hoc")
    box.submit()
    WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "ul.results")))
    found = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "ul.results li")]
    check("'so khoa hoc' finds Sở Khoa học và Công nghệ", any("Sở Khoa học và Công nghệ" in r for r in found))
    check("the best result comes first: its name holds the words, marks aside", bool(found) and all(w in fold(found[0]).split() for w in ["so", "khoa", "hoc"]))
    driver.save_screenshot(os.path.join(OUT, "search.png"))

    # A phone: the plan page in a narrow window, no horizontal scrolling of the page itself.
    driver.set_window_size(390, 844)
    driver.get(base + "/plans")
    width = driver.execute_script("return document.documentElement.scrollWidth")
    check("the plans page fits a phone's width", width <= 400)
    driver.save_screenshot(os.path.join(OUT, "phone.png"))
    driver.find_element(By.CSS_SELECTOR, "form.signout button").click()
    WebDriverWait(driver, 15).until(EC.url_contains("/signin"))

    # A commune reporter fills and submits its report on a phone; the coordinator returns it; it is fixed,
    # resubmitted, and the matrix shows it on time.
    demo = server.accounts
    check("the demo accounts are printed", "canbo.tanphong" in demo and "dieuphoi.laichau" in demo)

    from selenium.webdriver.support.ui import Select
    first_sign_in(driver, base, "canbo.tanphong", demo.get("canbo.tanphong", ""), "phuong-tan-phong-2026")
    driver.find_element(By.LINK_TEXT, "Báo cáo").click()
    WebDriverWait(driver, 15).until(EC.url_contains("/reports"))
    links = driver.find_elements(By.LINK_TEXT, "Mở báo cáo kỳ này")
    check("the commune has reports due", len(links) > 0)
    links[-1].click()
    WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "form.report")))
    report_url = driver.current_url
    check("the form opens on a summary with save and submit above the tasks",
          driver.find_element(By.CSS_SELECTOR, ".form-summary button[value=submit]").is_displayed())
    open_groups(driver)
    selects = driver.find_elements(By.CSS_SELECTOR, "select[name$='.status']")
    check("the form lists the commune's tasks", len(selects) > 5)
    # The tasks the commune leads get a status; those it supports keep theirs optional.
    for sel in driver.find_elements(By.CSS_SELECTOR, "fieldset.task:not(.partner) select[name$='.status']"):
        Select(sel).select_by_value("in-progress")
    driver.find_element(By.CSS_SELECTOR, "input[name$='.percent']").send_keys("30")
    driver.find_element(By.NAME, "difficulties").send_keys("Thiếu máy tính cho bộ phận một cửa")
    driver.find_element(By.CSS_SELECTOR, "button[value=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "Đã gửi" in d.page_source)
    check("the report is submitted from a phone", "Đã gửi" in driver.page_source and "đúng hạn" in driver.page_source)
    check("a submitted report reads as a document", "I. Kết quả thực hiện nhiệm vụ" in driver.page_source
          and not driver.find_elements(By.CSS_SELECTOR, "select[name$='.status']"))
    driver.save_screenshot(os.path.join(OUT, "report-phone.png"))
    sign_out(driver)

    first_sign_in(driver, base, "dieuphoi.laichau", demo.get("dieuphoi.laichau", ""), "dieu-phoi-lai-chau-2026")
    plan_id = re.search(r"/reports/(\d+)/", report_url).group(1)
    period = report_url.rstrip("/").split("/")[-1]
    driver.get(base + f"/plans/{plan_id}/matrix")
    row = [r for r in driver.find_elements(By.CSS_SELECTOR, "table.matrix tbody tr") if "Tân Phong" in r.text]
    check("the matrix shows the commune on time", bool(row) and "đúng hạn" in row[0].text)
    row[0].find_element(By.LINK_TEXT, "đúng hạn").click()
    WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.ID, "rc")))
    check("the coordinator reads the report with accept and return at the top and the bottom",
          len(driver.find_elements(By.CSS_SELECTOR, "form[action$='/accept']")) == 2 and "Thiếu máy tính cho bộ phận một cửa" in driver.page_source)
    driver.save_screenshot(os.path.join(OUT, "review.png"))
    driver.find_element(By.ID, "rc").send_keys("Ghi rõ số máy tính còn thiếu")
    driver.find_element(By.XPATH, "//textarea[@id='rc']/ancestor::form//button").click()
    WebDriverWait(driver, 15).until(lambda d: "Trả lại để sửa" in d.page_source)
    sign_out(driver)

    sign_in_as(driver, base, "canbo.tanphong", "phuong-tan-phong-2026")
    driver.get(report_url)
    check("the reporter sees the coordinator's comment", "Ghi rõ số máy tính còn thiếu" in driver.page_source)
    open_groups(driver)
    box = driver.find_element(By.NAME, "difficulties")
    box.clear()
    box.send_keys("Thiếu 6 máy tính cho bộ phận một cửa")
    driver.find_element(By.CSS_SELECTOR, "button[value=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "Đã gửi" in d.page_source)
    check("the fixed report is submitted again", "Thiếu 6 máy tính" in driver.page_source)
    sign_out(driver)

    sign_in_as(driver, base, "dieuphoi.laichau", "dieu-phoi-lai-chau-2026")
    driver.get(base + f"/plans/{plan_id}/matrix")
    row = [r for r in driver.find_elements(By.CSS_SELECTOR, "table.matrix tbody tr") if "Tân Phong" in r.text]
    check("the matrix shows the resubmitted report on time", bool(row) and "đúng hạn" in row[0].text)
    driver.save_screenshot(os.path.join(OUT, "matrix-phone.png"))
finally:
    finish(driver, server, "browser")
