#!/usr/bin/env python3
"""Documents read by independent programs: the consolidated report of the generated demo province written by
`kehoach report` as DOCX (read by python-docx, converted to PDF by LibreOffice, text read by pdftotext), XLSX
(read by openpyxl) and HTML. The demo is generated for a fixed day, so the document is the same on every run."""
import os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("KEHOACH_BIN", os.path.join(ROOT, ".build/debug/kehoach"))
SEEDS = os.environ.get("KEHOACH_SEEDS", os.path.join(ROOT, "..", "shared", "seeds"))
OUT = os.environ.get("KEHOACH_SCREENSHOTS", os.path.join(ROOT, ".build", "browser-test"))
os.makedirs(OUT, exist_ok=True)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, report

def squash(text):
    """pdftotext spaces justified Vietnamese letters apart; compare without whitespace."""
    return re.sub(r"\s+", "", text)

work = tempfile.mkdtemp(prefix="kehoach-documents-")
db = os.path.join(work, "demo.sqlite")
run = lambda *args: subprocess.run([BIN, *args], capture_output=True, text=True, timeout=600)
demo = run("demo", "--scale", "small", "--db", db, "--seeds", SEEDS, "--today", "2026-10-10")
check("demo generated", demo.returncode == 0)
plan = "chuyen doi so giai doan"
files = {}
for fmt in ["docx", "xlsx", "html"]:
    path = os.path.join(work, "bao-cao." + fmt)
    r = run("report", "--db", db, "--plan", plan, "--period", "2026Q3", "--format", fmt, "--out", path, "--date", "2026-10-05")
    check(f"kehoach report writes {fmt}", r.returncode == 0 and os.path.getsize(path) > 5000)
    files[fmt] = path
bad = run("report", "--db", db, "--plan", plan, "--period", "2026Q5", "--out", os.path.join(work, "x.docx"))
check("a bad period is refused with a message", bad.returncode != 0 and "Kỳ báo cáo không hợp lệ" in bad.stderr)

# What the demo says, from its own database (independently of the report code): the agency with a proposal in
# the quarter, and the first indicator of the plan.
import sqlite3
con = sqlite3.connect(db)
plan_id, plan_title = con.execute("SELECT id, title FROM plan WHERE title LIKE 'Kế hoạch chuyển đổi số giai đoạn%'").fetchone()
proposal_agency, proposal = con.execute("""
    SELECT a.name, r.proposals FROM report r JOIN agency a ON a.id = r.agency_id
    WHERE r.plan_id = ? AND r.period IN ('2026-07', '2026-08', '2026-09') AND r.status = 'submitted' AND r.proposals <> ''
    ORDER BY a.name LIMIT 1""", (plan_id,)).fetchone()
indicator = con.execute("SELECT json_extract(body, '$.name') FROM indicator WHERE plan_id = ? ORDER BY position LIMIT 1", (plan_id,)).fetchone()[0]
indicators = con.execute("SELECT COUNT(*) FROM indicator WHERE plan_id = ?", (plan_id,)).fetchone()[0]
tasks = con.execute("SELECT COUNT(*) FROM task WHERE plan_id = ?", (plan_id,)).fetchone()[0]
con.close()

import docx
d = docx.Document(files["docx"])
text = "\n".join(p.text for p in d.paragraphs)
heading = d.tables[0]
check("python-docx reads the heading: issuer (broken between words), national name and motto", "SỞ KHOA HỌC\nVÀ CÔNG NGHỆ" in heading.cell(0, 0).text
      and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in heading.cell(0, 1).text and "Độc lập - Tự do - Hạnh phúc" in heading.cell(0, 1).text)
check("place and date in words", "Tỉnh Mẫu, ngày 05 tháng 10 năm 2026" in heading.cell(0, 1).text)
check("number left to fill", "Số: …/BC-SKHCN" in heading.cell(0, 0).text)
check("type and subject", "BÁO CÁO" in text and "quý III/2026" in text)
for h in ["I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", "III. KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN",
          "IV. ĐỀ XUẤT, KIẾN NGHỊ", "V. TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ", "PHỤ LỤC I", "PHỤ LỤC II"]:
    check(f"section {h}", h in text)
section_iv = text[text.index("IV. ĐỀ XUẤT"):text.index("V. TÌNH HÌNH")]
check("the agencies' proposal stated once under IV, with who raised it", section_iv.count(proposal.rstrip(".")) == 1
      and ("cơ quan, đơn vị" in section_iv or proposal_agency in section_iv))
section_i = text[text.index("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"):text.index("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ")]
check("section I names the plan's first indicator in a sentence", indicator in section_i)
check("no table in the body but the heading and the signature: the three tables are appendices", len(d.tables) == 2 + 3)
def table_with(header):
    return next(t for t in d.tables if t.rows and any(header == c.text for c in t.rows[0].cells))
indicator_rows = [r for r in table_with("Chỉ tiêu").rows if indicator in r.cells[1].text]
check("appendix I has the plan's first indicator", len(indicator_rows) == 1)
body = text.split("PHỤ LỤC I")[0]
paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
check(f"no paragraph of the body twice ({len(paragraphs)} paragraphs)", len(paragraphs) == len(set(paragraphs)))
check(f"the body is short ({len(body)} characters < 40,000)", 2_000 < len(body) < 40_000)
import zipfile
footnotes = zipfile.ZipFile(files["docx"]).read("word/footnotes.xml").decode()
notes = re.findall(r'<w:footnote w:id="[1-9][0-9]*">(.*?)</w:footnote>', footnotes)
note_texts = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", n)).strip() for n in notes]
check(f"python-docx's package holds the footnotes of the documents cited ({len(note_texts)})", len(note_texts) >= 1
      and all(len(set(t.rstrip(".").split("; "))) == len(t.rstrip(".").split("; ")) for t in note_texts))
check("every footnote has its mark in the body", d.element.body.xml.count("w:footnoteReference") == len(note_texts))
fonts = {r.font.name for p in d.paragraphs for r in p.runs if r.font.name} | {d.styles["Normal"].font.name}
check("Times New Roman throughout", d.styles.element.xpath("//w:rFonts/@w:ascii") == ["Times New Roman"])
section = d.sections[0]
check("A4 portrait, left margin 30 mm, top 20 mm", abs(section.page_width.mm - 210) < 1 and abs(section.page_height.mm - 297) < 1
      and abs(section.left_margin.mm - 30) < 0.5 and abs(section.top_margin.mm - 20) < 0.5)
check("no page number on the first page", section.different_first_page_header_footer)
check("appendices in landscape", d.sections[-1].page_width > d.sections[-1].page_height)
# Group rows (one merged cell) separate the plan's groups; every other row is an indicator.
appendix_rows = [r for r in table_with("Chỉ tiêu").rows[1:] if r.cells[0]._tc is not r.cells[1]._tc]
check("appendix I lists every indicator", len(appendix_rows) == indicators)

if shutil.which("soffice"):
    pdf_dir = os.path.join(work, "pdf")
    lo = subprocess.run(["soffice", "--headless", "-env:UserInstallation=file://" + os.path.join(work, "lo-profile"),
                         "--convert-to", "pdf", "--outdir", pdf_dir, files["docx"]], capture_output=True, text=True, timeout=300)
    pdf = os.path.join(pdf_dir, "bao-cao.pdf")
    check("LibreOffice converts the DOCX", lo.returncode == 0 and os.path.exists(pdf))
    if os.path.exists(pdf):
        shutil.copy(pdf, os.path.join(OUT, "bao-cao-tong-hop.pdf"))
        body = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
        flat = squash(body)
        check("the PDF has the title", squash("BÁO CÁO") in flat and squash("quý III/2026") in flat)
        check("the PDF has the indicator row", squash(indicator) in flat)
        check("the PDF has the agencies' proposal", squash(proposal.rstrip(".")) in flat)
        check("the PDF has the first footnote at the foot of its page", squash(note_texts[0].split("; ")[0]) in flat)
        pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
        # Checked by hand on the PDF of this demo (LibreOffice with Liberation Serif for Times New Roman): 4 portrait
        # pages of body (I on pages 1-2, II on 2-3 in two groups, III, IV, V and the signature on 4), then landscape
        # appendices: I on pages 5-6 (10 indicators in 3 groups), II on 7-10 (16 tasks in 2 groups), III on 11 (the
        # grid of 22 agencies by month). No blank page after the last table.
        check(f"the PDF has the expected number of pages (got {pages})", pages == 11)
else:
    check("LibreOffice (soffice) is installed", False)

import openpyxl
wb = openpyxl.load_workbook(files["xlsx"])
check("the workbook has the report and the three appendices", wb.sheetnames == ["Báo cáo", "Phụ lục I", "Phụ lục II", "Phụ lục III"])
first = [str(c.value or "") for row in wb["Báo cáo"].iter_rows() for c in row]
check("the workbook's report sheet has the heading and the proposal", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and any(proposal.rstrip(".") in c for c in first))
check("the workbook lists the footnotes after the signature", any(c.startswith("(1) ") for c in first))
check("appendix I has a row per indicator", sum(1 for row in wb["Phụ lục I"].iter_rows(min_row=3) if row[0].value is not None) == indicators)
check("appendix II has a row per task and group", wb["Phụ lục II"].max_row >= tasks + 2)

html = open(files["html"], encoding="utf-8").read()
check("the print view carries its A4 print style", "@page{size:A4" in html and proposal.rstrip(".") in html and 'class="notes"' in html)

report("documents", f"PDF in {OUT}")
