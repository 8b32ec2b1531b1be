"""Staff journeys through Telegram (issue 14), on the real ``Application`` and the Bot API
emulator: another organ's report is saved only when the clerk says so, help fits the
channel, and demo data (samples, the console) stays out of the supervisor's views."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from bot.console import CONSOLE_CHAT_ID, Console
from tests.auxil.bot_api_emulator import Call
from tests.auxil.layouts import sample_data, write_docx
from tests.integration import test_bot
from tests.integration.test_bot import MEMBER, ORGAN, SUPERVISOR, Harness

# the Telegram harness of test_bot (real Application, Bot API emulator, SQLite store)
emu = test_bot.emu
bot_settings = test_bot.bot_settings
migrated_home = test_bot.migrated_home
bot_store = test_bot.bot_store
harness = test_bot.harness


def docx(tmp_path: Path, name: str, **overrides: Any) -> bytes:
    return write_docx(sample_data(**overrides), tmp_path / name).read_bytes()


async def upload(h: Harness, name: str, data: bytes, chat_id: int, replies: int) -> list[Call]:
    """Send a file; the bot's first ``replies`` messages to the chat after it."""
    before = len(h.messages_to(chat_id))
    await h.emu.push_document(name, data, chat_id=chat_id)
    await h.emu.wait_call(
        "sendMessage", before + replies, where=lambda c: c.params.get("chat_id") == chat_id
    )
    return h.messages_to(chat_id)[before:]


async def say_many(h: Harness, text: str, chat_id: int, count: int) -> list[Call]:
    """Send ``text``; the bot's first ``count`` new messages to that chat."""
    before = len(h.messages_to(chat_id))
    await h.emu.push_text(text, chat_id=chat_id)
    calls = await h.emu.wait_call(
        "sendMessage", before + count, where=lambda c: c.params.get("chat_id") == chat_id
    )
    return calls[before : before + count]


async def press(h: Harness, chat_id: int, message: Call, label: str) -> Call:
    """Press the button labelled ``label`` under ``message``; the edited message."""
    keyboard = message.params["reply_markup"]["inline_keyboard"]
    (data,) = [row[0]["callback_data"] for row in keyboard if label in row[0]["text"]]
    edits = len(h.emu.calls_to("editMessageText"))
    sent = h.emu.sent_message(chat_id, message.result["message_id"])
    await h.emu.push_callback(data, sent)
    return (await h.emu.wait_call("editMessageText", edits + 1))[edits]


# -- 1. another organ's report ------------------------------------------------------------


async def test_another_organs_report_is_stored_only_when_the_clerk_says_so(
    harness: Harness, tmp_path: Path
) -> None:
    other = docx(tmp_path, "西城镇.docx", organ="西城镇人民政府")
    summary, question = await upload(harness, "西城镇2023年报.docx", other, MEMBER, 2)
    assert "检查结果" in summary.params["text"]
    assert "已保存" not in summary.params["text"]
    text = question.params["text"]
    assert "发布机关是「西城镇人民政府」" in text and f"登记的是「{ORGAN}」" in text
    assert "尚未保存" in text
    assert harness.store.list_reports() == []  # nothing stored while the clerk decides

    edit = await press(harness, MEMBER, question, "不保存")
    assert "未保存「西城镇2023年报.docx」" in edit.params["text"]
    assert harness.store.list_reports() == []

    # sent again, and this time it is ours after all
    question = (await upload(harness, "西城镇2023年报.docx", other, MEMBER, 2))[-1]
    edit = await press(harness, MEMBER, question, "保存为")
    assert f"已保存为「{ORGAN}」的草稿" in edit.params["text"]
    (draft,) = harness.store.reports_for_organ(ORGAN)
    assert draft.uploaded_by_chat == MEMBER

    # a button pressed twice (or forged) does nothing more
    edits = len(harness.emu.calls_to("editMessageText"))
    sent = harness.emu.sent_message(MEMBER, question.result["message_id"])
    keyboard = question.params["reply_markup"]["inline_keyboard"]
    await harness.emu.push_callback(keyboard[0][0]["callback_data"], sent)
    (stale,) = (await harness.emu.wait_call("editMessageText", edits + 1))[edits:]
    assert "已不在等待确认" in stale.params["text"]
    assert len(harness.store.reports_for_organ(ORGAN)) == 1


async def test_the_draft_copy_does_not_block_ingesting_the_real_report(
    harness: Harness, tmp_path: Path
) -> None:
    from services.ingesting import ingest_paths

    path = tmp_path / "西城镇2023年报.docx"
    path.write_bytes(docx(tmp_path, "x.docx", organ="西城镇人民政府"))
    question = (await upload(harness, path.name, path.read_bytes(), MEMBER, 2))[-1]
    await press(harness, MEMBER, question, "保存为")
    (item,) = ingest_paths(harness.settings, harness.store, [path], index=False)
    assert item.error is None and item.created  # not 「已导入过」
    (published,) = harness.store.reports_for_organ("西城镇人民政府")
    assert published.status == "published" and published.id == item.report_id


async def test_own_report_is_stored_without_a_question(harness: Harness, tmp_path: Path) -> None:
    (summary,) = await upload(harness, "东城镇2023年报.docx", docx(tmp_path, "a.docx"), MEMBER, 1)
    await harness.emu.wait_call("sendDocument")
    assert len(harness.messages_to(MEMBER)) == 1  # no question
    assert f"已保存为「{ORGAN}」的草稿" in summary.params["text"]


# -- 3. help per channel ------------------------------------------------------------------


async def test_telegram_help_says_send_the_file(harness: Harness) -> None:
    text = (await harness.say("/help", MEMBER)).params["text"]
    assert "把年报草稿作为文件发来" in text and "/check" not in text


# -- 4. demo data -------------------------------------------------------------------------


async def test_samples_and_the_console_stay_out_of_the_supervisors_views(
    harness: Harness,
) -> None:
    from services.ingesting import ingest_paths

    samples = sorted((harness.settings.corpus_dir / "reports").glob("*.txt"))
    items = ingest_paths(harness.settings, harness.store, samples, index=False)
    harness.store.mark_demo_organs(i.organ for i in items if i.organ)  # as xxgk init does
    # the operator tries the console on the server: registers a new organ, checks a draft
    lines: list[str] = []
    operator = dataclasses.replace(  # as xxgk chat builds it: the operator supervises
        harness.services, local_supervisors=frozenset({CONSOLE_CHAT_ID})
    )
    console = Console(operator, lines.append)
    await console.handle("/register 控制台试用镇人民政府")
    assert any("本会话已登记为「控制台试用镇人民政府」" in line for line in lines), lines

    status = (await harness.say("/status 2021", SUPERVISOR)).params["text"]
    for item in items:
        assert item.organ is not None and item.organ not in status
    assert "控制台试用镇" not in status
    assert "东城镇人民政府" in status  # real organs are still there
    waiting = (await harness.say("/approve", SUPERVISOR)).params["text"]
    assert "没有等待批准的会话" in waiting

    # nor are they reminded
    from services.remind import load_roster

    roster = load_roster(harness.store, harness.settings, 2021)
    names = {o.name for o in roster.organs}
    assert names.isdisjoint({i.organ for i in items} | {"控制台试用镇人民政府"})
    assert all(CONSOLE_CHAT_ID not in o.chat_ids for o in roster.organs)


# -- 2. which draft /draft uses -----------------------------------------------------------

SAME_ORGAN = 2004  # another approved chat of 东城镇人民政府 (e.g. the office's second group)


async def test_draft_uses_this_chats_latest_upload_and_offers_the_others(
    harness: Harness, tmp_path: Path
) -> None:
    harness.store.register_chat(SAME_ORGAN, ORGAN)
    harness.store.approve_chat(SAME_ORGAN)
    await upload(harness, "2025.docx", docx(tmp_path, "a.docx", year=2025), SAME_ORGAN, 1)
    await harness.emu.wait_call("sendDocument", 1)
    await upload(harness, "东城镇2024年报.docx", docx(tmp_path, "b.docx", year=2024), MEMBER, 1)
    await harness.emu.wait_call("sendDocument", 2)

    said, offer = await say_many(harness, "/draft", MEMBER, 2)
    (_, _, drafted) = await harness.emu.wait_call("sendDocument", 3)
    name, _ = drafted.files["document"]
    assert "2024年" in name  # this chat's upload, not the other chat's 2025 draft
    text = said.params["text"]
    assert f"已按「{ORGAN}」2024年度草稿中的数字起草全文" in text
    assert "所用草稿：2024年度草稿 #" in text and "「东城镇2024年报.docx」（本会话于 " in text
    assert "另有 1 份草稿" in offer.params["text"]

    edit = await press(harness, MEMBER, offer, "改用 2025年度草稿")
    assert "已改用2025年度草稿" in edit.params["text"] and "其他会话" in edit.params["text"]
    (*_, other) = await harness.emu.wait_call("sendDocument", 4)
    assert "2025年" in other.files["document"][0]


# -- 7. /draft 五 starts from the clerk's own text -----------------------------------------


def draft_with_narrative(tmp_path: Path) -> bytes:
    """A 2024 draft whose 五 has the clerk's own problems and improvements, and whose 六
    gives 信息处理费 as a table of zeros under its heading."""
    from tests.auxil.layouts import report_blocks
    from tests.auxil.render import RTable, render_docx

    blocks = report_blocks(sample_data(year=2024))
    i = blocks.index("## 五、存在的主要问题及改进情况")
    blocks[i + 1 : i + 2] = [
        "（一）存在的主要问题。一是村级公开栏更新不及时；二是政策解读形式单一。",
        "（二）改进情况。针对上年度问题，我镇已建立公开栏月度巡查制度。",
    ]
    j = blocks.index("## 六、其他需要报告的事项")
    blocks[j + 1 :] = [
        "（一）信息处理费收取情况。",
        RTable(rows=[["收费通知件数", "收费金额（元）", "减免件数"], ["0", "0", "0"]], merges=[]),
        "（二）无其他需要报告的事项。",
    ]
    return render_docx(blocks, tmp_path / "2024.docx").read_bytes()


async def test_section_draft_starts_from_the_uploaded_narrative(
    harness: Harness, tmp_path: Path
) -> None:
    await upload(harness, "东城镇2024年报.docx", draft_with_narrative(tmp_path), MEMBER, 1)
    await harness.emu.wait_call("sendDocument", 1)

    (said,) = await say_many(harness, "/draft 五", MEMBER, 1)
    (_, part) = await harness.emu.wait_call("sendDocument", 2)
    markdown = part.files["document"][1].decode()
    assert "一是村级公开栏更新不及时；二是政策解读形式单一" in markdown
    assert "我镇已建立公开栏月度巡查制度" in markdown
    assert "待补充" not in markdown
    assert "需要补充" not in said.params["text"]
    assert "以上传草稿中的原文为起点" in said.params["text"]

    (whole,) = await say_many(harness, "/draft", MEMBER, 1)
    (*_, full) = await harness.emu.wait_call("sendDocument", 3)
    assert "信息处理费" not in whole.params["text"]  # 0/0/0 is an answer, not a gap
    from ingest.readers import read_bytes

    text = read_bytes(full.files["document"][1], "x.docx").text
    assert "本年度未收取信息处理费" in text
    assert "一是村级公开栏更新不及时" in text


# -- 5. the deadline warning comes first ---------------------------------------------------


async def test_deadline_warning_comes_before_the_dates(harness: Harness) -> None:
    text = (await harness.say("/deadline 2026-12-10", MEMBER)).params["text"]
    first = text.splitlines()[0]
    assert "尚未收录2027年的法定节假日和调休安排" in first
    assert "国务院办公厅" in first and "corpus/" not in text
    assert text.index("尚未收录") < text.index("答复期限")
