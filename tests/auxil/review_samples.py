"""Word drafts with known errors for the tests of the reviewed copy (``review``), in three
builds: as python-docx writes them (merged headers), re-saved by LibreOffice (another writer's
XML, as WPS or Word produce), and with unusual but valid structure (runs cut every few
characters with changing formatting, 表三 inside a content control, tracked insertions and
deletions, bookmarks, spelling marks and rendered page breaks as Word leaves them).

Generated at test time; nothing binary is committed.
"""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.auxil.layouts import report_blocks, sample_data
from tests.auxil.render import render_docx
from tests.auxil.word_comments import w

NEW_SENTENCE = "本年度共收到政府信息公开申请9件"
"""The sentence X-APPS quotes: 表三 says 11."""
BAD_YEAR = "20231年"


def errors_data() -> dict[str, Any]:
    """The sample report with one error of each kind a staff member makes."""
    data = sample_data()
    apps = data["applications"]
    apps["新收"][0] += 1  # T3-BALANCE 自然人列 (and 总计列 with the next line)
    apps["新收"][6] += 1
    apps["部分公开"][6] = 3  # T3-ROWSUM on （二）部分公开
    apps["不予处理.重复申请"][1] = "2.5"  # T3-VALUE: not a count
    data["review_litigation"][4] = 3  # T4-SUM 行政复议 / 总计
    data["active"]["行政许可"] = "-3"  # T2-VALUE 行政许可
    return data


def errors_blocks() -> list[Any]:
    blocks: list[Any] = []
    for block in report_blocks(errors_data()):
        if isinstance(block, str):
            block = block.replace("统计期限自2023年", f"统计期限自{BAD_YEAR}")
            block = block.replace("本年度共收到政府信息公开申请11件", NEW_SENTENCE)
        blocks.append(block)
    start = blocks.index("## 五、存在的主要问题及改进情况")
    del blocks[start : start + 2]  # S-SECTION: 五 missing
    return blocks


def write_errors_docx(path: Path) -> Path:
    return render_docx(errors_blocks(), path)


# -- LibreOffice ------------------------------------------------------------------------------


def soffice(source: Path, out_dir: Path, target: str) -> Path:
    """Convert with LibreOffice headless, in a private profile under ``out_dir``."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        pytest.skip("LibreOffice is not installed (scripts/system-deps.sh installs it)")
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            binary,
            "--headless",
            f"-env:UserInstallation=file://{out_dir / 'lo_profile'}",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    suffix = target.split(":", 1)[0]
    return out_dir / f"{source.stem}.{suffix}"


def libreoffice_docx(source: Path, out_dir: Path) -> Path:
    """``source`` opened and saved again as DOCX by LibreOffice (its own styles, runs, XML)."""
    return soffice(source, out_dir, "docx:MS Word 2007 XML")


# -- unusual structure -------------------------------------------------------------------------


def _replace_part(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, content if item.filename == name else src.read(item.filename))
    return out.getvalue()


def _cut_runs(body: etree._Element, every: int = 3) -> None:
    """Every run of one text cut into runs of ``every`` characters, every other one bold."""
    for r in list(body.iter(w("r"))):
        t = r.find(w("t"))
        content = [c for c in r if c.tag != w("rPr")]
        if t is None or len(content) != 1 or len(t.text or "") <= every:
            continue
        text = t.text or ""
        pieces = [text[i : i + every] for i in range(0, len(text), every)]
        for k, piece in enumerate(pieces):
            run = copy.deepcopy(r)
            run_t = run.find(w("t"))
            assert run_t is not None
            run_t.text = piece
            run_t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            if k % 2:
                rpr = run.find(w("rPr"))
                if rpr is None:
                    rpr = etree.SubElement(run, w("rPr"))
                    run.insert(0, rpr)
                rpr.insert(0, etree.Element(w("b")))
            r.addprevious(run)
        r.getparent().remove(r)


def _wrap(el: etree._Element, tag: str, **attrs: str) -> etree._Element:
    wrapper = etree.Element(w(tag), {w(k): v for k, v in attrs.items()})
    el.addprevious(wrapper)
    wrapper.append(el)
    return wrapper


def unusual_docx(data: bytes) -> bytes:
    """The same report with unusual but valid WordprocessingML (see the module docstring)."""
    root = etree.fromstring(_read(data, "word/document.xml"))
    body = root.find(w("body"))
    assert body is not None
    _cut_runs(body)
    tables = list(body.iter(w("tbl")))
    t3 = tables[1]
    sdt = etree.Element(w("sdt"))
    etree.SubElement(sdt, w("sdtPr"))
    t3.addprevious(sdt)
    etree.SubElement(sdt, w("sdtContent")).append(t3)
    for p in body.iter(w("p")):
        text = "".join(t.text or "" for t in p.iter(w("t")))
        if "统计期限" in text:  # the whole paragraph is a tracked insertion
            runs = [r for r in p if r.tag == w("r")]
            ins = etree.Element(w("ins"), {w("id"): "901", w("author"): "科员", w("date"): _DATE})
            runs[0].addprevious(ins)
            for r in runs:
                ins.append(r)
        if "收到政府信息公开申请" in text:  # deleted words in the middle of the sentence
            runs = [r for r in p if r.tag == w("r")]
            attrs = {w("id"): "902", w("author"): "科员", w("date"): _DATE}
            deleted = etree.Element(w("del"), attrs)
            run = etree.SubElement(deleted, w("r"))
            etree.SubElement(run, w("delText")).text = "申请9件"
            runs[len(runs) // 2].addnext(deleted)
            runs[1].addprevious(etree.Element(w("proofErr"), {w("type"): "spellStart"}))
            runs[2].addnext(etree.Element(w("proofErr"), {w("type"): "spellEnd"}))
        if "年度报告" in text:
            first = next(r for r in p if r.tag == w("r"))
            first.insert(1, etree.Element(w("lastRenderedPageBreak")))  # as Word leaves them
            first.addprevious(etree.Element(w("bookmarkStart"), {w("id"): "0", w("name"): "标题"}))
            p.append(etree.Element(w("bookmarkEnd"), {w("id"): "0"}))
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _replace_part(data, "word/document.xml", xml)


_DATE = "2024-01-05T09:00:00Z"


def _read(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)
