"""The converters staff really use to turn a published report into text, run on our own files.

A report is written once as DOCX and as a portal HTML page (``tests.auxil.render``), then
converted the ways a clerk or a crawler does: LibreOffice's text export, ``pdftotext`` of the
PDF LibreOffice makes (default, ``-layout``, ``-raw``), pandoc to plain text and Markdown,
``w3m -dump`` and ``html2text`` of the page, BeautifulSoup ``get_text("\\n")``, python-docx's
paragraph text (which drops the tables), a browser's select-all-copy (headless Chromium
``innerText``) and that text with its line breaks lost.

``convert_batch`` converts many reports with one LibreOffice start per target (LibreOffice takes
seconds to start), so the matrix stays within minutes on two cores.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

FORMS: tuple[str, ...] = (
    "docx",
    "pdf",
    "lo-txt",
    "pdftotext",
    "pdftotext-layout",
    "pdftotext-raw",
    "pandoc-plain",
    "pandoc-md",
    "w3m",
    "html2text",
    "bs4",
    "crawler",
    "docx-paragraphs",
    "chromium",
    "flat",
)
"""Every form of the matrix: the two originals staff upload, then the text forms."""

TOOLS: dict[str, str] = {
    "lo-txt": "soffice",
    "pdf": "soffice",
    "pdftotext": "pdftotext",
    "pdftotext-layout": "pdftotext",
    "pdftotext-raw": "pdftotext",
    "pandoc-plain": "pandoc",
    "pandoc-md": "pandoc",
    "w3m": "w3m",
    "html2text": "html2text",
    "chromium": "chromium",
    "flat": "chromium",
}

_TIMEOUT = 240


def available(form: str) -> bool:
    """Whether the tool behind ``form`` is installed (``scripts/system-deps.sh`` installs it)."""
    tool = TOOLS.get(form)
    return tool is None or shutil.which(tool) is not None


def _run(args: Sequence[str], *, cwd: Path | None = None) -> str:
    done = subprocess.run(
        list(args), capture_output=True, check=True, timeout=_TIMEOUT, cwd=cwd, env=_env()
    )
    return done.stdout.decode("utf-8", errors="replace")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("HOME", "/tmp")
    env["LANG"] = "C.UTF-8"
    return env


def _soffice(paths: Sequence[Path], target: str, outdir: Path, profile: Path) -> None:
    """One LibreOffice start converts all ``paths`` (a private profile: no clash with others)."""
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, paths),
        ],
        capture_output=True,
        check=True,
        timeout=_TIMEOUT,
        env=_env(),
    )


def lo_text(docxs: Sequence[Path], outdir: Path, profile: Path) -> dict[Path, str]:
    _soffice(docxs, "txt:Text (encoded):UTF8", outdir, profile)
    return {d: (outdir / f"{d.stem}.txt").read_text("utf-8-sig") for d in docxs}


def lo_pdf(docxs: Sequence[Path], outdir: Path, profile: Path) -> dict[Path, Path]:
    _soffice(docxs, "pdf", outdir, profile)
    return {d: outdir / f"{d.stem}.pdf" for d in docxs}


def pdftotext(pdf: Path, mode: str = "") -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if mode:
        args.append(mode)
    return _run([*args, str(pdf), "-"])


def pandoc(docx: Path, target: str) -> str:
    return _run(["pandoc", "-f", "docx", "-t", target, "--wrap=none", str(docx)])


def w3m(page: Path) -> str:
    return _run(["w3m", "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", str(page)])


def html2text(page: Path) -> str:
    return _run(["html2text", "-nobs", "-utf8", "-width", "200", str(page)])


def bs4_text(page: Path) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_bytes(), "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return soup.get_text("\n")


def crawler_text(page: Path) -> str:
    """What a crawler or a "save as text" of a portal page gives: every paragraph and table
    cell as a block followed by a blank line, so an empty cell is two more blank lines. A cell
    that holds a nested table (a portal laid out in tables) is no block: its cells are."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_bytes(), "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    blocks: list[str] = []
    for node in soup.find_all(["p", "h1", "h2", "h3", "h4", "td", "th", "li", "a"]):
        if node.name in ("td", "th") and node.find("table") is not None:
            continue  # a layout cell of an old table-laid portal: its own cells are the blocks
        holder = node.find_parent(["td", "th", "li"])
        if node.name in ("p", "li", "a") and holder is not None and holder.find("table") is None:
            continue
        blocks.append(" ".join(node.get_text(" ").split()))
    return "".join(f"{b}\n\n" for b in blocks)


def docx_paragraphs(docx: Path) -> str:
    import docx as python_docx

    return "\n".join(p.text for p in python_docx.Document(str(docx)).paragraphs)


_BATCH_SCRIPT = """
<script>
(function () {
  var out = {};
  document.querySelectorAll('div.xxgk-report').forEach(function (div) {
    out[div.id] = div.innerText;
  });
  var pre = document.createElement('pre');
  pre.id = 'xxgk-inner-text';
  pre.textContent = JSON.stringify(out);
  document.body.innerHTML = '';
  document.body.appendChild(pre);
})();
</script>
"""


def chromium_inner_texts(pages: Sequence[Path], workdir: Path) -> dict[Path, str]:
    """``innerText`` of many pages with one browser start: each page's body in a ``div`` of
    one page (innerText is computed per element, so the result is the page's own)."""
    import json

    bodies = []
    for i, page in enumerate(pages):
        source = page.read_text("utf-8")
        m = re.search(r"<body[^>]*>(.*)</body>", source, re.S | re.I)
        body = re.sub(r"<script.*?</script>", "", m.group(1) if m else source, flags=re.S | re.I)
        bodies.append(f'<div class="xxgk-report" id="r{i}">{body}</div>')
    probe = workdir / "innertext-batch.html"
    probe.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        + "\n".join(bodies)
        + _BATCH_SCRIPT
        + "</body></html>",
        "utf-8",
    )
    dom = _run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            f"--user-data-dir={workdir / 'chromium-profile'}",
            "--dump-dom",
            probe.as_uri(),
        ]
    )
    m = re.search(r'<pre id="xxgk-inner-text">(.*?)</pre>', dom, re.S)
    if m is None:
        raise RuntimeError("chromium gave no innerText")
    texts = json.loads(html.unescape(m.group(1)))
    return {page: texts[f"r{i}"] for i, page in enumerate(pages)}


def flatten(text: str) -> str:
    """The text with its line breaks lost (a paste into a one-line field, a crawler that
    collapses white space)."""
    return re.sub(r" *\n *", " ", text).strip()  # tabs stay: they are the row's empty cells


def convert_batch(
    reports: dict[str, tuple[Path, Path]],
    workdir: Path,
    forms: Sequence[str] = FORMS,
) -> dict[str, dict[str, Path]]:
    """Every report (name -> (DOCX, HTML)) in every available form -> the file to check.

    Text forms are written as ``.txt`` (the name a clerk's paste gets); the originals are the
    DOCX and LibreOffice's PDF of it.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    profile = workdir / "lo-profile"
    docxs = [d for d, _ in reports.values()]
    out: dict[str, dict[str, Path]] = {name: {} for name in reports}
    texts: dict[str, dict[str, str]] = {name: {} for name in reports}
    wanted = [f for f in forms if available(f)]
    if "lo-txt" in wanted:
        lo = lo_text(docxs, workdir / "lo-txt", profile)
        for name, (d, _) in reports.items():
            texts[name]["lo-txt"] = lo[d]
    pdfs: dict[Path, Path] = {}
    if any(f.startswith("pdf") for f in wanted):
        pdfs = lo_pdf(docxs, workdir / "pdf", profile)
    per_file: dict[str, Callable[[Path, Path], str]] = {
        "pdftotext": lambda d, h: pdftotext(pdfs[d]),
        "pdftotext-layout": lambda d, h: pdftotext(pdfs[d], "-layout"),
        "pdftotext-raw": lambda d, h: pdftotext(pdfs[d], "-raw"),
        "pandoc-plain": lambda d, h: pandoc(d, "plain"),
        "pandoc-md": lambda d, h: pandoc(d, "markdown"),
        "w3m": lambda d, h: w3m(h),
        "html2text": lambda d, h: html2text(h),
        "bs4": lambda d, h: bs4_text(h),
        "crawler": lambda d, h: crawler_text(h),
        "docx-paragraphs": lambda d, h: docx_paragraphs(d),
    }
    inner: dict[Path, str] = {}
    if "chromium" in wanted:
        inner = chromium_inner_texts([h for _, h in reports.values()], workdir)
    for name, (d, h) in reports.items():
        for form, convert in per_file.items():
            if form in wanted:
                texts[name][form] = convert(d, h)
        if h in inner:
            texts[name]["chromium"] = inner[h]
        if "flat" in wanted and "chromium" in texts[name]:
            texts[name]["flat"] = flatten(texts[name]["chromium"])
        if "docx" in wanted:
            out[name]["docx"] = d
        if "pdf" in wanted and d in pdfs:
            out[name]["pdf"] = pdfs[d]
        for form, text in texts[name].items():
            path = workdir / "forms" / form / f"{name}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
            out[name][form] = path
    return out
