"""The reviewed Word copy (issue 15): a user's own DOCX back with every finding as a comment
where it is, the document itself unchanged, readable by LibreOffice.

Each test runs on three builds of a draft with known errors (tests/auxil/review_samples.py):
python-docx's (merged headers), LibreOffice's re-save, and one with unusual structure.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

from base.settings import Settings
from checks.registry import Finding
from ingest.document import Table
from ingest.readers import read_bytes
from services.checking import CheckOutcome, check_file
from tests.auxil.review_samples import (
    BAD_YEAR,
    NEW_SENTENCE,
    libreoffice_docx,
    soffice,
    unusual_docx,
    write_errors_docx,
)
from tests.auxil.word_comments import PlacedComment, part, without_comments, word_comments

AUTHOR = "xxgk 信息公开助手"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three builds of the draft with errors, made once for the module."""
    folder = tmp_path_factory.mktemp("review")
    plain = write_errors_docx(folder / "草稿.docx")
    office = libreoffice_docx(plain, folder / "lo")
    unusual = folder / "结构特殊.docx"
    unusual.write_bytes(unusual_docx(plain.read_bytes()))
    return {"python-docx": plain, "libreoffice": office, "unusual": unusual}


BUILDS = ["python-docx", "libreoffice", "unusual"]


@pytest.fixture(scope="module")
def module_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(home=tmp_path_factory.mktemp("home"))


def _review(settings: Settings, path: Path) -> tuple[CheckOutcome, bytes]:
    outcome = check_file(settings, path, review=True)
    assert outcome.reviewed_docx is not None
    return outcome, outcome.reviewed_docx


def _comment_for(comments: list[PlacedComment], f: Finding) -> PlacedComment:
    matching = [c for c in comments if f.message in c.text and c.text.startswith("【")]
    assert len(matching) == 1, (f.code, f.location, [c.text for c in comments])
    return matching[0]


def _cell_text(data: bytes, cell: tuple[int, int, int]) -> str | None:
    table, row, column = cell
    document = read_bytes(data, "x.docx")
    (grid,) = [b for b in document.blocks if isinstance(b, Table) and b.position == table]
    return grid.rows[row][column]


@pytest.mark.parametrize("build", BUILDS)
def test_every_error_is_a_comment_at_its_place(
    builds: dict[str, Path], module_settings: Settings, build: str
) -> None:
    outcome, reviewed = _review(module_settings, builds[build])
    comments = word_comments(reviewed)
    errors = [f for f in outcome.findings if f.severity == "error"]
    codes = {f.code for f in errors}
    assert {
        "T3-BALANCE",
        "T3-CELL",
        "T3-VALUE",
        "T4-SUM",
        "T2-VALUE",
        "X-YEAR",
        "X-APPS",
    } <= codes
    assert all(c.author == AUTHOR for c in comments)
    summary = comments[0]
    assert summary.text.startswith(f"{AUTHOR}检查意见：错误 {outcome.errors} 处")
    assert summary.cell is None and "年度报告" in summary.marked

    def cell_of(f: Finding) -> str | None:
        c = _comment_for(comments, f)
        assert c.cell is not None, f"{f.code} {f.location} is not in a table cell"
        return _cell_text(reviewed, c.cell)

    for f in errors:
        if f.code == "S-SECTION":  # 五 is missing: no place in the file, so in the summary
            assert f.message in summary.text
            continue
        comment = _comment_for(comments, f)
        assert f"修改建议：{f.fix}" in comment.text
        assert f"应为：{f.expected}；实际：{f.actual}" in comment.text
        if f.section.startswith("表"):
            assert comment.cell is not None, (f.code, f.location)
        else:
            assert comment.cell is None and comment.marked, (f.code, f.location)
    by_key = {(f.code, f.location): f for f in errors}
    # a column: its header; a row: its label; a row and column: that cell
    assert cell_of(by_key["T3-BALANCE", "自然人列"]) == "自然人"
    assert cell_of(by_key["T3-BALANCE", "总计列"]) == "总计"
    # （二）部分公开's 总计 printed 3: its row and the 总计 column's outcomes, one cell
    mistyped = next(f for f in errors if f.code == "T3-CELL")
    assert mistyped.location.startswith("（二）部分公开") and mistyped.location.endswith(" / 总计")
    assert cell_of(mistyped) == "3"
    assert cell_of(by_key["T4-SUM", "行政复议 / 总计"]) == "3"
    assert cell_of(by_key["T3-VALUE", "（五）不予处理 2.重复申请 / 商业企业"]) == "2.5"
    assert cell_of(by_key["T2-VALUE", "行政许可 / 本年处理决定数量"]) == "-3"
    # text findings mark the sentence they quote, not the whole paragraph
    apps = next(f for f in errors if f.code == "X-APPS")
    assert _comment_for(comments, apps).marked == NEW_SENTENCE
    year = _comment_for(comments, next(f for f in errors if f.code == "X-YEAR"))
    # the check quotes a window of characters; the comment marks the whole clause
    assert year.marked == f"本报告所列数据的统计期限自{BAD_YEAR}1月1日起至2023年12月31日止"


@pytest.mark.parametrize("build", BUILDS)
def test_the_document_is_unchanged_apart_from_the_comment_marks(
    builds: dict[str, Path], module_settings: Settings, build: str
) -> None:
    original = builds[build].read_bytes()
    _outcome, reviewed = _review(module_settings, builds[build])
    # text of every paragraph and every cell, as the reader reads it, is the same
    before, after = read_bytes(original, "a.docx"), read_bytes(reviewed, "a.docx")
    assert after.blocks == before.blocks
    # the body XML is the same once the comment marks are taken out (and cut runs joined)
    assert without_comments(reviewed) == without_comments(original)
    # every other part is untouched (styles, numbering, settings, headers, media)
    with zipfile.ZipFile(io.BytesIO(original)) as z:
        names = [n for n in z.namelist() if not n.endswith(".rels")]
    for name in names:
        if name in ("word/document.xml", "[Content_Types].xml"):
            continue
        old, new = part(original, name), part(reviewed, name)
        assert new is not None, name
        if name.endswith(".xml") and name != "word/comments.xml":
            old_xml, new_xml = etree.fromstring(old or b""), etree.fromstring(new)
            assert etree.tostring(new_xml, method="c14n") == etree.tostring(
                old_xml, method="c14n"
            ), name
        elif not name.endswith(".xml"):
            assert new == old, name


@pytest.mark.slow
@pytest.mark.parametrize("build", BUILDS)
def test_the_reviewed_copy_opens_in_libreoffice(
    builds: dict[str, Path], module_settings: Settings, build: str, tmp_path: Path
) -> None:
    outcome, reviewed = _review(module_settings, builds[build])
    copy = tmp_path / "草稿（检查意见）.docx"
    copy.write_bytes(reviewed)
    pdf = soffice(copy, tmp_path / "pdf", "pdf")
    with pdfplumber.open(pdf) as document:
        text = "".join(page.extract_text() or "" for page in document.pages)
    assert "年度报告" in text.replace(" ", "") and "行政许可" in text
    # LibreOffice reads every comment where it was put: saved again, they are all still there
    resaved = libreoffice_docx(copy, tmp_path / "resaved")
    again = word_comments(resaved.read_bytes())
    ours = word_comments(reviewed)
    assert len(again) == len(ours) == len(outcome.findings) - len(_unplaced(outcome)) + 1
    t2 = next(f for f in outcome.findings if f.code == "T2-VALUE")
    (placed,) = [c for c in again if t2.message in c.text]
    assert placed.cell is not None and _cell_text(resaved.read_bytes(), placed.cell) == "-3"


def _unplaced(outcome: CheckOutcome) -> list[Finding]:
    """Findings the summary lists: the missing section and the format note."""
    return [f for f in outcome.findings if f.code in ("S-SECTION", "S-FORMAT")]


def test_a_draft_without_errors_gets_only_the_summary(settings: Settings, tmp_path: Path) -> None:
    from tests.auxil.layouts import sample_data, write_docx

    path = write_docx(sample_data(), tmp_path / "good.docx")
    outcome, reviewed = _review(settings, path)
    assert outcome.errors == 0
    comments = word_comments(reviewed)
    assert len(comments) == 1 + sum(1 for f in outcome.findings if f not in _unplaced(outcome))
    assert comments[0].text.startswith(f"{AUTHOR}检查意见：错误 0 处")


def test_a_reviewed_copy_sent_again_is_reviewed_afresh(
    builds: dict[str, Path], module_settings: Settings, tmp_path: Path
) -> None:
    """Staff fix some errors in the reviewed copy and check it again: the earlier review's
    comments are replaced, a colleague's own comment stays."""
    import docx

    document = docx.Document(str(builds["python-docx"]))
    document.add_comment(document.paragraphs[1].runs, text="请科长审核", author="科员")
    mine = tmp_path / "有同事批注.docx"
    document.save(str(mine))
    _outcome, first = _review(module_settings, mine)
    again = tmp_path / "草稿（检查意见）.docx"
    again.write_bytes(first)
    _outcome, second = _review(module_settings, again)
    before, after = word_comments(first), word_comments(second)
    assert sorted(c.text for c in after) == sorted(c.text for c in before)
    assert [c.author for c in after].count(AUTHOR) == len(after) - 1
    assert [c.text for c in after if c.author == "科员"] == ["请科长审核"]
    assert without_comments(second) == without_comments(mine.read_bytes())


def test_tables_typed_as_text_get_comments_on_their_lines(
    module_settings: Settings, tmp_path: Path
) -> None:
    """A Word file whose tables are typed lines (tabs between cells, no Word table)."""
    from tests.auxil.layouts import render_text
    from tests.auxil.render import render_docx
    from tests.auxil.review_samples import errors_data

    path = render_docx(render_text(errors_data(), "tabs").split("\n"), tmp_path / "草稿.docx")
    outcome, reviewed = _review(module_settings, path)
    comments = word_comments(reviewed)
    marked = {
        f.code: _comment_for(comments, f).marked
        for f in outcome.findings
        if f.code in ("T3-CELL", "T2-VALUE", "T4-SUM")
    }
    assert marked["T3-CELL"].startswith("（二）部分公开")  # a typed row: its line
    assert marked["T2-VALUE"].replace("\t", "") == "行政许可-3"
    assert marked["T4-SUM"].startswith("行政复议")
    assert read_bytes(reviewed, "a.docx").blocks == read_bytes(path.read_bytes(), "a.docx").blocks


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def _with_word_extensions(data: bytes) -> bytes:
    """``data`` as Word saves a file with comments: each comment paragraph has a w14:paraId
    and commentsExtended.xml holds an entry per comment (its done state)."""
    import docx
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = docx.Document(io.BytesIO(data))
    comments = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
    )
    entries = []
    for n, p in enumerate(comments.element.iter(f"{{{W}}}p")):
        p.set(f"{{{W14}}}paraId", f"{n:08X}")
        entries.append(f'<w15:commentEx w15:paraId="{n:08X}" w15:done="0"/>')
    xml = f'<w15:commentsEx xmlns:w15="{W15}">{"".join(entries)}</w15:commentsEx>'
    part = Part(
        PackURI("/word/commentsExtended.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
        xml.encode(),
        document.part.package,
    )
    document.part.relate_to(
        part, "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_extension_entries_of_replaced_comments_go_too(
    builds: dict[str, Path], module_settings: Settings, tmp_path: Path
) -> None:
    import docx

    document = docx.Document(str(builds["python-docx"]))
    document.add_comment(document.paragraphs[1].runs, text="请科长审核", author="科员")
    mine = tmp_path / "有同事批注.docx"
    document.save(str(mine))
    _outcome, first = _review(module_settings, mine)
    saved_by_word = tmp_path / "草稿（检查意见）.docx"
    saved_by_word.write_bytes(_with_word_extensions(first))
    _outcome, second = _review(module_settings, saved_by_word)
    extended = etree.fromstring(part(second, "word/commentsExtended.xml") or b"")
    colleague = etree.fromstring(part(second, "word/comments.xml") or b"")
    kept = {p.get(f"{{{W14}}}paraId") for p in colleague.iter(f"{{{W}}}p")} - {None}
    assert [e.get(f"{{{W15}}}paraId") for e in extended] == sorted(kept)
    assert len(kept) == 1  # only the colleague's comment had an id; ours were written anew


def test_a_sentence_after_an_automatic_list_number_is_marked_without_it() -> None:
    """Word's automatic numbers (1. 一、 （二）) read as text but are no run of the file."""
    import docx

    from ingest.parser import parse_report
    from review.anchors import plan_review
    from review.word import annotate_docx

    document = docx.Document()
    document.add_paragraph("东城镇人民政府2023年政府信息公开工作年度报告", style="Title")
    document.add_paragraph("一、总体情况", style="Heading 1")
    document.add_paragraph("本年度共收到政府信息公开申请9件，均已按期答复。", style="List Number")
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    read = read_bytes(data, "a.docx")
    assert "1.本年度共收到" in read.text
    finding = Finding(
        "X-APPS", "error", "一", "一、总体情况", "11", "9",  # type: ignore[arg-type]
        "正文写「本年度共收到政府信息公开申请9件」，但表三总计为 11", "核对", "条例",
    )  # fmt: skip
    reviewed = annotate_docx(data, plan_review(read, parse_report(read), [finding]))
    (_summary, comment) = word_comments(reviewed)
    assert comment.marked == "本年度共收到政府信息公开申请9件"


def test_a_comment_whose_place_is_gone_goes_with_the_summary(builds: dict[str, Path]) -> None:
    from review.anchors import CellAnchor, ParagraphAnchor, ReviewComment, ReviewPlan
    from review.word import annotate_docx

    plan = ReviewPlan(
        comments=(
            ReviewComment(ParagraphAnchor(0), "汇总"),
            ReviewComment(CellAnchor(99, 0, 0), "表格已不存在"),
            ReviewComment(ParagraphAnchor(10_000, "某句"), "段落已不存在"),
        ),
        unplaced=(),
    )
    comments = word_comments(annotate_docx(builds["python-docx"].read_bytes(), plan))
    assert [(c.text, c.paragraph) for c in comments] == [
        ("汇总", 0),
        ("表格已不存在", 0),
        ("段落已不存在", 0),
    ]


def test_a_blank_cell_gets_its_comment_too(module_settings: Settings, tmp_path: Path) -> None:
    """An empty cell has no run: the comment is anchored in its empty paragraph."""
    from tests.auxil.layouts import sample_data, write_docx

    data = sample_data()
    data["review_litigation"] = [None] * 15  # 表四's data row left blank
    path = write_docx(data, tmp_path / "草稿.docx")
    outcome, reviewed = _review(module_settings, path)
    blank = next(f for f in outcome.findings if f.section == "表四")  # T4-ROW: 数据行 blank
    comment = _comment_for(word_comments(reviewed), blank)
    assert comment.cell is not None and comment.marked == ""
    assert _cell_text(reviewed, comment.cell) == ""
    assert without_comments(reviewed) == without_comments(path.read_bytes())


@pytest.mark.slow
def test_libreoffice_keeps_the_comment_on_a_blank_cell(
    module_settings: Settings, tmp_path: Path
) -> None:
    from tests.auxil.layouts import sample_data, write_docx

    data = sample_data()
    data["review_litigation"] = [None] * 15
    _outcome, reviewed = _review(module_settings, write_docx(data, tmp_path / "草稿.docx"))
    copy = tmp_path / "草稿（检查意见）.docx"
    copy.write_bytes(reviewed)
    resaved = word_comments(libreoffice_docx(copy, tmp_path / "lo").read_bytes())
    assert [(c.text, c.cell) for c in resaved] == [
        (c.text, c.cell) for c in word_comments(reviewed)
    ]


def test_a_draft_from_xxgk_draft_edited_by_staff(module_settings: Settings, tmp_path: Path) -> None:
    """The journey staff take: /draft gives a Word file, they change a number in Word and send
    it back; the comment lands on the cell they changed, nothing else moves."""
    import docx

    from services.drafting import draft_report
    from tests.auxil.layouts import sample_data

    drafted = tmp_path / "起草稿.docx"
    draft_report(module_settings, sample_data(), out_path=drafted, model=None, finder=None)
    document = docx.Document(str(drafted))
    (row,) = [
        r for t in document.tables for r in t.rows if r.cells[1].text.startswith("（二）部分公开")
    ]
    row.cells[-1].paragraphs[0].runs[0].text = "9"  # 总计 of （二）部分公开: 2 → 9
    edited = tmp_path / "改过的.docx"
    document.save(str(edited))
    outcome, reviewed = _review(module_settings, edited)
    mistyped = next(f for f in outcome.findings if f.code == "T3-CELL")
    assert (mistyped.expected, mistyped.actual) == ("2", "9")
    comment = _comment_for(word_comments(reviewed), mistyped)
    assert comment.cell is not None and comment.marked == "9"
    assert read_bytes(reviewed, "a.docx").blocks == read_bytes(edited.read_bytes(), "a.docx").blocks
    assert without_comments(reviewed) == without_comments(edited.read_bytes())


def _mutated_report(seed: int) -> tuple[dict[str, object], bool]:
    """A consistent report with one to three 表三 cells and maybe a 表四 cell changed the
    ways staff get them wrong (a slip, a blank, a decimal, a negative, a "/")."""
    import random

    from tests.unit.test_draft_data import consistent_data

    rng = random.Random(seed)
    data = consistent_data(seed, 0.5) | {"organ": "东城镇人民政府"}
    applications = data["applications"]
    for _ in range(rng.randint(1, 3)):
        key, column = rng.choice(list(applications)), rng.randrange(7)
        before = applications[key][column] or 0
        applications[key][column] = rng.choice([before + rng.randint(1, 3), None, "2.5", "-1", "/"])
    if rng.random() < 0.5:
        i = rng.randrange(15)
        data["review_litigation"][i] = (data["review_litigation"][i] or 0) + 2
    return data, rng.random() < 0.5


@pytest.mark.parametrize("seed", range(12))
def test_every_table_finding_of_varied_reports_lands_in_its_table(
    seed: int, tmp_path: Path
) -> None:
    """Reports nobody wrote by hand: every 表二/表三/表四 finding is placed in its table, a
    value finding on the cell holding that value, and the document is unchanged."""
    from checks.registry import run_checks
    from ingest.parser import parse_report
    from review.anchors import CellAnchor, plan_review
    from review.word import annotate_docx
    from tests.auxil.layouts import report_blocks
    from tests.auxil.render import render_docx

    data, merged = _mutated_report(seed)
    path = render_docx(report_blocks(data, vertical_merges=merged), tmp_path / "草稿.docx")
    raw = path.read_bytes()
    document = read_bytes(raw, path.name)
    report = parse_report(document)
    plan = plan_review(document, report, run_checks(report))
    assert [f for f in plan.unplaced if f.section.startswith("表")] == []
    grids = {b.position: b for b in document.blocks if isinstance(b, Table)}
    for comment in plan.placed:
        f = comment.finding
        assert f is not None
        if f.section.startswith("表"):
            assert isinstance(comment.anchor, CellAnchor), (f.code, f.location)
        if f.code in ("T3-VALUE", "T4-VALUE", "T2-VALUE") and f.severity == "error":
            a = comment.anchor
            assert isinstance(a, CellAnchor)
            assert (grids[a.table].rows[a.row][a.column] or "").strip() == f.actual
    reviewed = annotate_docx(raw, plan)
    assert without_comments(reviewed) == without_comments(raw)
    assert len(word_comments(reviewed)) == len(plan.comments)


def test_a_finding_on_the_second_table_three_lands_in_that_table(tmp_path: Path) -> None:
    """A 区政府 report with two 表三 (本级, 全区汇总): the summary's broken row sum is marked on
    the summary's cell, not on the same row of the organ's own 表三."""
    from checks.registry import run_checks
    from ingest.parser import parse_report
    from review.anchors import CellAnchor, plan_review
    from tests.auxil.realistic2 import district_summary_slip
    from tests.auxil.render import render_docx

    blocks, docx_options, _html, _want = district_summary_slip()
    path = render_docx(blocks, tmp_path / "草稿.docx", **docx_options)
    document = read_bytes(path.read_bytes(), path.name)
    report = parse_report(document)
    plan = plan_review(document, report, run_checks(report))
    t3 = [
        b.position
        for b in document.blocks
        if isinstance(b, Table) and "本年新收" in "".join(c or "" for r in b.rows for c in r)
    ]
    assert len(t3) == 2
    grids = {b.position: b for b in document.blocks if isinstance(b, Table)}
    placed = {(c.finding.code, c.finding.section): c.anchor for c in plan.placed if c.finding}
    cell = placed["T3-CELL", "表三（全区汇总）"]  # （一）予以公开 / 总计 printed 207
    assert isinstance(cell, CellAnchor) and cell.table == t3[1]
    grid = grids[cell.table].rows
    assert grid[cell.row][cell.column] == "207"  # a row and column: that cell
    assert any("（一）予以公开" in (c or "") for c in grid[cell.row])
    rowsum = run_checks(report, select=["T3-ROWSUM"])[-1]  # the rule alone still places a row
    anchor = plan_review(document, report, [rowsum]).placed[0].anchor
    assert isinstance(anchor, CellAnchor) and anchor.table == t3[1]
    assert grids[anchor.table].rows[anchor.row][anchor.column] == "（一）予以公开"
    assert [f for f in plan.unplaced if f.section.startswith("表")] == []
