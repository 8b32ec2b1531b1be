"""Storage for the staff journeys of issue 14, on SQLite and PostgreSQL: a report's key is
its file, organ and status; demo rows (samples, the console) stay out of supervisors' views."""

from __future__ import annotations

from storage import Store
from tests.integration.test_storage import gold, sha


def test_a_draft_copy_does_not_block_the_real_organs_published_report(store: Store) -> None:
    file = sha("西城镇的年报")
    copy, created = store.add_report(
        gold(organ="东城镇人民政府"), source_name="西城镇.docx", content_hash=file, status="draft"
    )
    assert created
    real, created = store.add_report(
        gold(organ="西城镇人民政府"),
        source_name="西城镇.docx",
        content_hash=file,
        status="published",
    )
    assert created and real.id != copy.id
    assert real.organ_name == "西城镇人民政府" and real.status == "published"
    # the same file for the same organ and status is still stored once
    again, created = store.add_report(
        gold(organ="西城镇人民政府"), source_name="副本.docx", content_hash=file, status="published"
    )
    assert not created and again.id == real.id
    assert store.report_by_hash(file) == real  # the published one first
    assert [r.id for r in store.reports_for_organ("东城镇人民政府")] == [copy.id]


def test_sample_organs_and_the_console_stay_out_of_supervision(store: Store) -> None:
    store.add_report(gold(organ="样例镇人民政府"), source_name="样例.txt", content_hash=sha("s"))
    store.upsert_organ("东城镇人民政府", "乡镇", "某县")
    assert store.mark_demo_organs(["样例镇人民政府", "东城镇人民政府"]) == 1  # imported: real
    assert store.mark_demo_organs(["样例镇人民政府"]) == 0  # already marked
    names = [s.organ.name for s in store.organ_status(2021)]
    assert names == ["东城镇人民政府"]

    # the console registers for a new organ: neither the chat nor the organ shows
    store.upsert_organ("控制台试用镇", "乡镇", demo=True)
    store.register_chat(0, "控制台试用镇", title="控制台", demo=True)
    assert [c.chat_id for c in store.list_chats(False)] == []
    assert [c.chat_id for c in store.list_chats(include_demo=True)] == [0]
    assert "控制台试用镇" not in [s.organ.name for s in store.organ_status(2021)]

    # a real chat registering for a sample organ makes it real
    store.register_chat(1002, "样例镇人民政府")
    assert store.get_organ("样例镇人民政府").demo is False
    assert "样例镇人民政府" in [s.organ.name for s in store.organ_status(2021)]
    assert store.mark_demo_organs(["样例镇人民政府"]) == 0  # and init does not hide it again
