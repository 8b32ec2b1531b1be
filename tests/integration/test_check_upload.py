"""A draft sent in chat is stored for the sender's organ with its findings; nothing else moves."""

from __future__ import annotations

from pathlib import Path

import pytest

from base.errors import InputError
from base.settings import Settings
from services.checking import check_upload
from storage import Store
from tests.auxil.layouts import render_text, sample_data


def _bytes(**changes: object) -> bytes:
    data = sample_data()
    for key, value in changes.items():
        data["applications"][key] = value
    return render_text(data, "tabs").encode("utf-8")


def test_upload_is_stored_as_a_draft_with_its_findings(store: Store, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    payload = _bytes(总计=[4, 2, 1, 0, 1, 2, 11])
    outcome = check_upload(settings, store, payload, "草稿.txt", chat_id=7, organ="东城镇人民政府")
    assert outcome.report_id is not None and outcome.newly_stored
    record = store.get_report(outcome.report_id)
    assert record is not None and record.status == "draft"
    assert record.error_count == outcome.errors > 0
    codes = {f.code for f in store.findings_for(outcome.report_id)}
    assert "T3-CELL" in codes  # （七）总计 / 自然人 mistyped: one finding at that cell


def test_same_file_from_another_organ_leaves_the_first_organs_report_alone(
    store: Store, tmp_path: Path
) -> None:
    settings = Settings(home=tmp_path)
    payload = _bytes()
    first = check_upload(settings, store, payload, "a.txt", chat_id=1, organ="东城镇人民政府")
    assert first.report_id is not None
    before = [(f.code, f.location) for f in store.findings_for(first.report_id)]
    second = check_upload(settings, store, payload, "b.txt", chat_id=2, organ="西城镇人民政府")
    assert second.report.organ == "西城镇人民政府"
    assert second.report_id not in (None, first.report_id)  # 西城镇's own draft, apart
    record = store.get_report(first.report_id)
    assert record is not None and record.organ_name == "东城镇人民政府"
    assert [(f.code, f.location) for f in store.findings_for(first.report_id)] == before


def test_unreadable_upload_stores_no_report(store: Store, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    with pytest.raises(InputError):
        check_upload(
            settings, store, b"%PDF-1.4 broken", "坏.pdf", chat_id=3, organ="东城镇人民政府"
        )
    assert store.list_reports() == []
    (upload,) = store.recent_uploads(chat_id=3)
    assert upload.status == "rejected" and upload.error


def test_another_organs_file_is_only_checked_until_confirmed(store: Store, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    held = check_upload(
        settings,
        store,
        _bytes(),
        "a.txt",
        chat_id=1,
        organ="西城镇人民政府",
        confirm_other_organ=True,
    )
    assert held.held_for_confirmation and held.report_id is None
    assert held.findings  # checked all the same
    assert store.list_reports() == []
    # the file's own organ (with its county, or without 人民政府) is no other organ
    for organ in ("东城镇人民政府", "东城镇", "某县东城镇人民政府"):
        same = check_upload(
            settings, store, _bytes(), "a.txt", chat_id=1, organ=organ, confirm_other_organ=True
        )
        assert not same.held_for_confirmation and same.report_id is not None


def test_outcome_keeps_the_organ_the_file_names(store: Store, tmp_path: Path) -> None:
    outcome = check_upload(
        Settings(home=tmp_path), store, _bytes(), "a.txt", chat_id=1, organ="西城镇人民政府"
    )
    assert outcome.report.organ == "西城镇人民政府"
    assert outcome.organ_as_printed == "东城镇人民政府"


def test_a_word_upload_comes_back_reviewed_and_text_does_not(store: Store, tmp_path: Path) -> None:
    from tests.auxil.layouts import broken_balance_data, write_docx
    from tests.auxil.word_comments import word_comments

    settings = Settings(home=tmp_path)
    docx_bytes = write_docx(broken_balance_data(), tmp_path / "草稿.docx").read_bytes()
    outcome = check_upload(
        settings, store, docx_bytes, "草稿.docx", chat_id=7, organ="东城镇人民政府"
    )
    assert outcome.reviewed_docx is not None and outcome.report_id is not None
    assert sum("T3-BALANCE" in c.text for c in word_comments(outcome.reviewed_docx)) == 2
    text = check_upload(settings, store, _bytes(), "草稿.txt", chat_id=7, organ="东城镇人民政府")
    assert text.reviewed_docx is None


def test_the_findings_still_go_out_when_the_reviewed_copy_cannot_be_written(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.auxil.layouts import broken_balance_data, write_docx

    def broken(data: bytes, plan: object) -> bytes:
        raise KeyError("a part python-docx cannot place")

    monkeypatch.setattr("review.word.annotate_docx", broken)
    settings = Settings(home=tmp_path)
    data = write_docx(broken_balance_data(), tmp_path / "草稿.docx").read_bytes()
    outcome = check_upload(settings, store, data, "草稿.docx", chat_id=7, organ="东城镇人民政府")
    assert outcome.reviewed_docx is None
    assert outcome.errors == 2 and outcome.report_id is not None  # checked and stored as usual
    assert "could not write the reviewed copy" in caplog.text
