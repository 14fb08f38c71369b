#!/usr/bin/env python3
"""Issue 19 end to end, on the demo province served by a real server (JSON logs on): a client of another system
with an agency's write key submits the agency's report through the API as curl would, and the coordinator accepts it
on the page; a read key writes nothing, a revoked key opens nothing; the export for the national reporting system
validates against the schemas written from QCVN 125:2021's structure (XSD by lxml, JSON Schema by jsonschema); the
demo's published plan opens in headless Chromium without signing in, its CSV and JSON downloads and the DCAT-AP
catalogue read by independent parsers, and no unpublished plan or report text shows; /metrics parses with
prometheus_client; /healthz and /readyz answer; every log line is a JSON object."""
import csv, io, json, os, re, subprocess, sys, tempfile

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_common import BIN, ROOT, SEEDS, Server, signed_in, token
from checks import check, report

import jsonschema
from lxml import etree
from prometheus_client.parser import text_string_to_metric_families

work = tempfile.mkdtemp(prefix="kehoach-connect-")
db = os.path.join(work, "demo.sqlite")
demo = subprocess.run([BIN, "demo", "--scale", "small", "--db", db, "--seeds", SEEDS], capture_output=True, text=True, check=True).stdout
published = re.search(r"dữ liệu mở: công bố «(.+)», xem không cần đăng nhập tại (/open/plans/(\d+))", demo)
check("the demo says which plan it published and where", published is not None)
server = Server(db, accounts_text=demo, name="connect", work=work, env={"KEHOACH_LOG_FORMAT": "json", "KEHOACH_BACKGROUND_SECONDS": "0"})
base = server.base
try:
    accounts = server.accounts
    coordinator = signed_in(base, "dieuphoi.mau", accounts["dieuphoi.mau"], "dieu-phoi-mau-2026")
    officer_agency = "Sở Nội vụ"

    # 1. Keys issued on /connections; the secret shown once.
    def issue(client, agency, access):
        page = coordinator.get(base + "/connections").text
        r = coordinator.post(base + "/connections", data={"_csrf": token(page), "client": client, "agency": agency, "access": access, "expiresOn": "2027-06-30"})
        m = re.search(r"khtk_[0-9a-f]{64}", r.text)
        check(f"{client}: key issued and shown once ({r.status_code})", r.status_code == 201 and m is not None)
        return m.group(0) if m else ""
    write_key = issue("Hệ thống QLVB Sở Nội vụ", officer_agency, "write")
    read_key = issue("Cổng thông tin Sở Nội vụ", officer_agency, "read")
    province_key = issue("Kho dữ liệu dùng chung của tỉnh", "", "read")
    check("the list shows keys by their first characters only", write_key[:11] in coordinator.get(base + "/connections").text
          and write_key not in coordinator.get(base + "/connections").text)

    # 2. The client, as curl: the agency's row of the current period, the report, a submission.
    client = requests.Session()
    client.headers["Authorization"] = f"Bearer {write_key}"
    plan_id = published.group(3) if published else "1"
    rows = client.get(f"{base}/api/v1/plans/{plan_id}/reports").json()
    check("an agency's key sees its own agency's row only", len(rows) == 1 and rows[0]["agency"] == officer_agency)
    period = rows[0]["period"] if rows else "2026-11"
    uri = f"{base}/api/v1/reports/{plan_id}/{period}"
    report_doc = client.get(uri).json()
    tasks = [t["task"] for t in report_doc.get("tasks", [])]
    indicators = [i["indicator"] for i in report_doc.get("indicators", [])]
    check("the report lists what the agency reports on", len(tasks) + len(indicators) > 0 and report_doc.get("agencyName") == officer_agency)
    body = {"submit": True, "confirm": True, "difficulties": "Thiếu kinh phí", "proposals": "",
            "tasks": [{"task": t, "status": "in-progress", "percent": 50, "note": "GHI-CHU-NOI-BO"} for t in tasks],
            "indicators": [{"indicator": i, "value": 10} for i in indicators[:1]]}
    wrong = ({"tasks": [{"task": tasks[0], "percent": 140}]}, f"task.{tasks[0]}.percent") if tasks else \
            ({"indicators": [{"indicator": indicators[0], "numerator": 5, "denominator": 2}]}, f"indicator.{indicators[0]}.numerator")
    bad = client.post(uri, json={"submit": True, **wrong[0]}, headers={"Idempotency-Key": "bad-1"})
    check(f"a wrong value is refused as a problem naming the field ({bad.status_code} {bad.text[:200]})", bad.status_code == 422
          and bad.headers["content-type"].startswith("application/problem+json") and any(e["field"] == wrong[1] for e in bad.json().get("errors", [])))
    sent = client.post(uri, json=body, headers={"Idempotency-Key": f"nop-{period}"})
    check(f"submitted through the API ({sent.status_code} {sent.text[:300]})", sent.status_code == 200 and sent.json().get("status") == "submitted")
    again = client.post(uri, json=body, headers={"Idempotency-Key": f"nop-{period}"})
    check("the retried submission gets the first answer, nothing written twice", again.status_code == 200 and again.headers.get("Idempotent-Replayed") == "true")
    reader = requests.Session(); reader.headers["Authorization"] = f"Bearer {read_key}"
    refused = reader.post(uri, json={"difficulties": "x"})
    check("a read key cannot write", refused.status_code == 403 and refused.json().get("type") == "/api/problems/token-read-only")
    agency_id = report_doc.get("agency")
    page = coordinator.get(f"{base}/reports/{plan_id}/{period}?agency={agency_id}").text
    accept = re.search(r'action="(/reviews/\d+/accept)"', page)
    check("the coordinator sees the report sent through the API, with its accept button", accept is not None and "Thiếu kinh phí" in page)
    if accept:
        coordinator.post(base + accept.group(1), data={"_csrf": token(page)})
    check("accepted on the page, the API says so", client.get(uri).json().get("status") == "accepted")
    audit = coordinator.get(base + "/audit").text
    check("every use of the key is in the audit log", "api.use" in audit and "Hệ thống QLVB Sở Nội vụ" in audit)
    page = coordinator.get(base + "/connections").text
    revoke = re.findall(r'action="(/connections/\d+/revoke)"', page)
    check("each live key has a revoke button", len(revoke) == 3)
    if revoke:
        coordinator.post(base + revoke[-1], data={"_csrf": token(page)})  # the oldest: the write key
    gone = client.get(f"{base}/api/v1/plans")
    check("a revoked key is refused with the bearer challenge", gone.status_code == 401 and "invalid_token" in gone.headers.get("www-authenticate", ""))

    # 3. The national export, validated against the schemas written from the regulation's structure.
    xsd = etree.XMLSchema(etree.parse(os.path.join(ROOT, "schemas", "qcvn125-goi-tin.xsd")))
    schema = json.load(open(os.path.join(ROOT, "schemas", "qcvn125-goi-tin.schema.json")))
    national = requests.Session(); national.headers["Authorization"] = f"Bearer {province_key}"
    for p in (period, None):
        q = f"?period={p}" if p else ""
        x = national.get(f"{base}/api/v1/plans/{plan_id}/exchange{q}{'&' if q else '?'}format=xml")
        doc = etree.fromstring(x.content)
        valid = xsd.validate(doc)
        check(f"the XML packet ({p or 'last period due'}) is valid against the XSD: {xsd.error_log.last_error}", x.status_code == 200 and valid)
        j = national.get(f"{base}/api/v1/plans/{plan_id}/exchange{q}")
        try:
            jsonschema.validate(j.json(), schema)
            ok = True
        except jsonschema.ValidationError as e:
            ok = False
            print("  JSON Schema:", e.message, list(e.absolute_path))
        check(f"the JSON packet ({p or 'last period due'}) is valid against the JSON Schema", j.status_code == 200 and ok)
        ns = {"g": "urn:kehoach:qcvn125-2021:goi-tin-bao-cao"}
        xml_values = len(doc.findall(".//g:GiaTriChiTieu", ns))
        check("XML and JSON carry the same values", xml_values == len(j.json()["goiTinBaoCao"]["duLieuChiTieu"]))
        if p == period:
            check("the period's values include the API's report (10, Sở Nội vụ)", any(
                v.findtext("g:DonViBaoCao/g:Ten", namespaces=ns) == officer_agency and float(v.findtext("g:GiaTri", namespaces=ns)) == 10
                for v in doc.findall(".//g:GiaTriChiTieu", ns)))
        check("no report text in the packet", b"GHI-CHU-NOI-BO" not in x.content and "Thiếu kinh phí" not in x.text)

    # 4. Open data, in a browser that never signs in.
    anonymous = requests.Session()
    catalog = anonymous.get(base + "/open/catalog.jsonld")
    check("the catalogue is JSON-LD", catalog.headers["content-type"].startswith("application/ld+json"))
    datasets = catalog.json().get("dcat:dataset", [])
    check("the catalogue lists the published plan's three datasets, each with licence, issued and modified dates",
          len(datasets) == 3 and all(d.get("dct:license") and d.get("dct:issued") and d.get("dct:modified") for d in datasets))
    for d in datasets:
        for dist in d.get("dcat:distribution", []):
            url = dist["dcat:downloadURL"]["@id"]
            r = anonymous.get(url)
            check(f"{url.split('/open/')[1]} downloads without signing in", r.status_code == 200)
            if url.endswith(".csv"):
                text = r.content.decode("utf-8-sig")
                rows = list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))
                check(f"{url.split('/')[-1]}: a CSV with a header row and data", len(rows) > 0 and all(k for k in rows[0]))
            else:
                check(f"{url.split('/')[-1]}: JSON with a licence and rows", "licence" in r.json() and len(r.json()["rows"]) > 0)
            check(f"{url.split('/')[-1]}: no report text", "GHI-CHU-NOI-BO" not in r.text and "Thiếu kinh phí" not in r.text)
    plans = coordinator.get(base + "/api/v1/plans").json()
    unpublished = [p["id"] for p in plans if str(p["id"]) != plan_id]
    check("an unpublished plan is not found by the public", unpublished and all(anonymous.get(f"{base}/open/plans/{p}").status_code == 404 for p in unpublished))

    from browser_common import By, axe_findings, new_driver
    driver = new_driver()
    try:
        driver.get(base + "/open")
        links = driver.find_elements(By.CSS_SELECTOR, "main a[href^='/open/plans/']")
        check("the public list shows the published plan, and only it", len(links) == 1 and published and links[0].text == published.group(1))
        check("no sign-in asked", "/signin" not in driver.current_url and not driver.find_elements(By.ID, "password"))
        if links:
            links[0].click()
            check("the plan's public page opens", driver.current_url.endswith(f"/open/plans/{plan_id}"))
            text = driver.find_element(By.TAG_NAME, "main").text
            check("it names the licence and the dates", "Creative Commons" in text and "Công bố ngày" in text and "cập nhật đến ngày" in text)
            check("it lists indicators and tasks with their status", len(driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")) > 10)
            check("no report text on the public page", "GHI-CHU-NOI-BO" not in driver.page_source and "Thiếu kinh phí" not in driver.page_source)
            check("the downloads are linked", len(driver.find_elements(By.CSS_SELECTOR, "a[href$='.csv']")) == 3)
            # Accessible on a phone: axe-core at WCAG 2.1 AA, no sideways scrolling at 390 px.
            driver.set_window_size(390, 900)
            driver.refresh()
            found = axe_findings(driver)
            check(f"the public page passes axe at 390 px: {found}", not found)
            width = driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            check(f"the public page does not scroll sideways at 390 px ({width})", width[0] <= width[1] + 1)
            driver.set_window_size(1280, 900)
        driver.get(f"{base}/open/plans/{unpublished[0] if unpublished else 0}")
        check("an unpublished plan shows the not-found page", "Không tìm thấy" in driver.page_source or "không tìm thấy" in driver.page_source.lower())
    finally:
        driver.quit()

    # 5. Operations.
    check("/healthz answers", anonymous.get(base + "/healthz").text == "ok\n")
    check("/readyz: database reachable, migrations done", anonymous.get(base + "/readyz").text.startswith("ready: database reachable"))
    metrics = anonymous.get(base + "/metrics")
    families = {f.name: f for f in text_string_to_metric_families(metrics.text)}
    check("metrics parse with prometheus_client", len(families) >= 5)
    requests_total = families.get("kehoach_http_requests")
    routes = {(s.labels.get("route"), s.labels.get("status")) for s in (requests_total.samples if requests_total else [])}
    check("requests counted by route pattern and status", ("/api/v1/reports/:plan/:period", "200") in routes and ("/open/plans/:id", "404") in routes)
    latency = families.get("kehoach_http_request_duration_seconds")
    check("latency is a histogram with buckets", latency is not None and latency.type == "histogram"
          and any(s.name.endswith("_bucket") and s.labels.get("le") == "+Inf" for s in latency.samples))
    check("the database pool is measured", "kehoach_db_transaction_duration_seconds" in families and "kehoach_db_transactions_in_flight" in families)
    check("the evaluation cache is measured", "kehoach_evaluation_cache_requests" in families)
    check("no id of a URL in the metrics' labels", f"/open/plans/{plan_id}\"" not in metrics.text)
finally:
    server.stop()

# Structured logs: every line the server logged is one JSON object; what the command printed at start is not a log.
server.log.seek(0)
lines = [l for l in server.log.read().splitlines() if l.startswith("{")]
parsed = []
for l in lines:
    try:
        parsed.append(json.loads(l))
    except ValueError:
        check(f"a log line is not JSON: {l[:120]}", False)
check(f"the server logged JSON lines with time, level and message ({len(parsed)})",
      parsed and all({"time", "level", "message", "label"} <= set(o) for o in parsed))
check("no key in the logs", not any("khtk_" in l for l in lines))
report("connections (API keys, national export, open data, operations)", work)
