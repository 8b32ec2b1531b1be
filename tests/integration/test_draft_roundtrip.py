"""A drafted report reads back to exactly its numbers and passes the checker: DOCX, Markdown
and (through LibreOffice) PDF, for the sample, zero-heavy and random consistent data."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from langchain_core.language_models import FakeListChatModel

from base.settings import Settings
from checks.registry import run_checks
from ingest.model import report_to_json
from services.drafting import DraftResult, draft_report
from services.parsing import parse_file
from tests.auxil.layouts import sample_data
from tests.unit.test_draft_data import consistent_data, zero_data
from tests.unit.test_draft_llm import CLEAN_FIVE, CLEAN_ONE, CLEAN_SIX
from tests.unit.test_draft_sections import FACTS

NUMBERS = ("organ", "year", "format", "active", "applications", "review_litigation")

DATASETS: dict[str, dict[str, Any]] = {
    "sample": sample_data(),
    "sample-facts": sample_data(facts=FACTS),
    "zero": zero_data(),
    "department": sample_data(organ="东城区教育局", year=2024),
    **{
        f"random-{seed}-{share}": consistent_data(seed, share)
        for seed, share in ((1, 0.2), (2, 0.5), (3, 0.8), (4, 0.95), (5, 0.0))
    },
}


def _draft(settings: Settings, data: dict[str, Any], out: Path, **kwargs: Any) -> DraftResult:
    return draft_report(
        settings, data, out_path=out, model=kwargs.pop("model", None), finder=None, **kwargs
    )


def _assert_reads_back(settings: Settings, path: Path, data: dict[str, Any]) -> None:
    parsed = parse_file(path, settings)
    payload = report_to_json(parsed.report)
    assert {k: payload[k] for k in NUMBERS} == {k: data[k] for k in NUMBERS}
    assert payload["diagnostics"] == []
    assert [s.key for s in parsed.report.sections] == ["一", "二", "三", "四", "五", "六"]
    problems = [(f.code, f.message) for f in run_checks(parsed.report) if f.severity != "info"]
    assert problems == []


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("suffix", [".docx", ".md"])
def test_draft_reads_back_to_the_same_numbers(
    name: str, suffix: str, settings: Settings, tmp_path: Path
) -> None:
    data = DATASETS[name]
    result = _draft(settings, data, tmp_path / f"report{suffix}")
    assert result.out_path is not None and result.out_path.is_file()
    assert [f for f in result.findings if f.severity != "info"] == []
    _assert_reads_back(settings, result.out_path, data)


def test_llm_written_draft_reads_back(settings: Settings, tmp_path: Path) -> None:
    data = sample_data(facts=FACTS)
    model = FakeListChatModel(responses=[CLEAN_ONE, CLEAN_FIVE, CLEAN_SIX])
    result = _draft(settings, data, tmp_path / "llm.docx", model=model)
    assert result.sources["一"] == "llm" and result.notes == ()
    _assert_reads_back(settings, tmp_path / "llm.docx", data)


def test_one_section_as_markdown(settings: Settings, tmp_path: Path) -> None:
    result = _draft(settings, sample_data(), tmp_path / "five.md", section="五")
    text = (tmp_path / "five.md").read_text("utf-8")
    assert text == result.markdown
    assert text.startswith("## 五、存在的主要问题及改进情况\n\n（一）存在的主要问题。")
    assert result.section == "五" and result.findings == ()


def _soffice_to_pdf(docx_path: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (scripts/system-deps.sh installs it)")
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{out_dir / 'lo_profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out_dir / (docx_path.stem + ".pdf")


@pytest.mark.slow
def test_docx_opens_in_libreoffice_and_its_pdf_reads_back(
    settings: Settings, tmp_path: Path
) -> None:
    data = consistent_data(7, 0.3) | {"organ": "东城镇人民政府", "facts": FACTS}
    result = _draft(settings, data, tmp_path / "report.docx")
    pdf = _soffice_to_pdf(result.out_path or Path(), tmp_path)
    with pdfplumber.open(pdf) as document:
        fonts = {char["fontname"] for page in document.pages for char in page.chars}
    assert any("WenQuanYi" in f or "CJK" in f or "Song" in f for f in fonts), fonts
    _assert_reads_back(settings, pdf, data)
