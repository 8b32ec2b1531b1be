"""The Telegram bot end to end: the real ``Application`` polls a local Bot API emulator over
HTTP, with a SQLite store in the test's directory; assertions are on the recorded calls."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from base.errors import ServiceUnavailable
from base.settings import Settings
from bot.app import build_application
from bot.dependencies import BotServices
from bot.replies import INTERNAL_ERROR
from ingest.readers import read_bytes
from retrieval.extractive import Answer
from services.checking import check_upload
from services.storage import open_store
from storage.repository import Store
from tests.auxil.bot_api_emulator import BotApiEmulator, Call, polling, visible_text
from tests.auxil.fake_embeddings import fake_embeddings
from tests.auxil.layouts import broken_balance_data, render_text, sample_data, write_docx
from tests.auxil.word_comments import word_comments

TOKEN = "123456:TEST-xxgk-token"
SUPERVISOR = 9001
ALLOWED = 1001  # in XXGK_ALLOWED_CHATS, not registered
MEMBER = 2002  # registered for 东城镇人民政府 and approved
OTHER_MEMBER = 2003  # registered for 西城镇人民政府 and approved
STRANGER = 6666
ORGAN = "东城镇人民政府"
TODAY = date(2024, 1, 10)  # report season for 2023


def broken_balance_docx() -> bytes:
    """The sample 2023 report, as a Word file, with a broken 勾稽关系 (T3-BALANCE)."""
    with tempfile.TemporaryDirectory() as tmp:
        return write_docx(broken_balance_data(), Path(tmp) / "draft.docx").read_bytes()


@dataclass
class FakeAsk:
    """Stands in for the ask service: records questions, answers with a citation."""

    questions: list[str] = field(default_factory=list)
    fail_with: list[BaseException] = field(default_factory=list)
    delay: float = 0.0

    viewers: list[int | None] = field(default_factory=list)

    def __call__(self, settings: Settings, question: str, **options: Any) -> Answer:
        self.questions.append(question)
        self.viewers.append(options.get("viewer_organ_id"))
        if self.fail_with:
            raise self.fail_with.pop(0)
        if self.delay:
            time.sleep(self.delay)
        return Answer(
            text=f"答：{question}\n依据第三十三条，20个工作日内答复。",
            mode="llm",
            citations=[
                {"kind": "regulation", "article": 33, "text": "行政机关收到政府信息公开申请……"},
                {
                    "kind": "report",
                    "report_id": "7",
                    "organ": ORGAN,
                    "year": 2023,
                    "section": "三、收到和处理政府信息公开申请情况",
                    "text": "本年新收申请10件。",
                },
                {
                    "kind": "report",
                    "report_id": "7",
                    "organ": ORGAN,
                    "year": 2023,
                    "section": "三、收到和处理政府信息公开申请情况",
                    "text": "上年结转2件。",
                },
            ],
        )


@dataclass
class Harness:
    emu: BotApiEmulator
    settings: Settings
    store: Store
    services: BotServices
    ask: FakeAsk
    app: Any

    async def say(self, text: str, chat_id: int, **kw: Any) -> Call:
        """Send ``text`` and return the bot's first new message to that chat."""
        before = len(self.messages_to(chat_id))
        await self.emu.push_text(text, chat_id=chat_id, **kw)
        calls = await self.emu.wait_call(
            "sendMessage", before + 1, where=lambda c: c.params.get("chat_id") == chat_id
        )
        return calls[before]

    def messages_to(self, chat_id: int) -> list[Call]:
        return [c for c in self.emu.calls_to("sendMessage") if c.params.get("chat_id") == chat_id]


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(TOKEN) as emulator:
        yield emulator


@pytest.fixture
def bot_settings(tmp_path: Path, emu: BotApiEmulator) -> Iterator[Settings]:
    with fake_embeddings() as provider:
        yield Settings(
            home=tmp_path / "home",
            embedding_provider=provider,
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_BASE_URL=emu.base_url,
            TELEGRAM_BASE_FILE_URL=emu.base_file_url,
            allowed_chats=str(ALLOWED),
            supervisor_chats=str(SUPERVISOR),
        )


@pytest.fixture(scope="session")
def migrated_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory whose SQLite database is migrated once; tests copy it (fast)."""
    home = tmp_path_factory.mktemp("bot-template")
    open_store(Settings(home=home)).close()
    return home


@pytest.fixture
def bot_store(bot_settings: Settings, migrated_home: Path) -> Any:
    bot_settings.home.mkdir(parents=True, exist_ok=True)
    for db_file in migrated_home.glob("xxgk.sqlite3*"):
        shutil.copy(db_file, bot_settings.home / db_file.name)
    store = open_store(bot_settings)
    for chat, organ in ((MEMBER, ORGAN), (OTHER_MEMBER, "西城镇人民政府")):
        store.upsert_organ(organ, "乡镇")
        store.register_chat(chat, organ)
        store.approve_chat(chat)
    yield store
    store.close()


@pytest.fixture
async def harness(
    emu: BotApiEmulator, bot_settings: Settings, bot_store: Store
) -> AsyncIterator[Harness]:
    ask = FakeAsk()
    services = BotServices(bot_settings, bot_store, ask=ask, today=lambda: TODAY)
    application = build_application(bot_settings, services)
    async with polling(application, emu):
        yield Harness(emu, bot_settings, bot_store, services, ask, application)
    assert not emu.refused, [(c.method, c.error) for c in emu.refused]


# -- /start, /help, questions -------------------------------------------------------------


async def test_start_answers_any_chat_in_chinese(harness: Harness) -> None:
    call = await harness.say("/start", STRANGER)
    assert "信息公开助手" in call.params["text"]
    assert "/register" in call.params["text"]
    assert call.params["parse_mode"] == "HTML"


async def test_commands_menu_is_set_at_start_up(harness: Harness) -> None:
    await harness.app.post_init(harness.app)  # run_polling() calls it; the test starts by hand
    (commands,) = harness.emu.calls_to("setMyCommands")
    assert {"ask", "register", "status"} <= {c["command"] for c in commands.params["commands"]}
    assert "draft" in {c["command"] for c in commands.params["commands"]}


async def test_help_lists_commands_with_examples(harness: Harness) -> None:
    text = (await harness.say("/help", STRANGER)).params["text"]
    for part in ("/ask", "/register", "/status", "/approve", "/deadline", "PDF、DOCX", "例："):
        assert part in text


async def test_question_answer_has_bold_article_and_sources(harness: Harness) -> None:
    call = await harness.say("依申请公开最晚多少个工作日内答复？", MEMBER)
    text = call.params["text"]
    assert harness.ask.questions == ["依申请公开最晚多少个工作日内答复？"]
    own = harness.store.get_organ(ORGAN)
    assert own is not None
    assert harness.ask.viewers == [own.id]  # its own drafts (by organ id) are visible to it
    assert "依据第<b>三十三条</b>" not in text and "依据<b>第三十三条</b>" in text
    assert "<b>依据</b>\n· 《政府信息公开条例》<b>第三十三条</b>：行政机关收到" in text
    report = "· 东城镇人民政府2023年政府信息公开工作年度报告 · 三、收到和处理政府信息公开申请情况"
    assert text.count(report) == 1
    assert not harness.emu.calls_to("sendChatAction")  # a quick answer needs no "typing…"


async def test_slow_answer_shows_typing(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.app.TYPING_DELAY", 0.05)
    harness.ask.delay = 0.5
    await harness.say("一个慢问题", MEMBER)
    (action,) = harness.emu.calls_to("sendChatAction")
    assert action.params == {"chat_id": MEMBER, "action": "typing"}


async def test_ask_command_and_empty_ask(harness: Harness) -> None:
    await harness.say("/ask 表三怎么填", ALLOWED)
    assert harness.ask.questions == ["表三怎么填"]
    usage = await harness.say("/ask", ALLOWED)
    assert "/ask 依申请公开" in usage.params["text"]


async def test_answer_html_is_escaped(harness: Harness) -> None:
    call = await harness.say("<script>a&b</script> 第十条？", MEMBER)
    text = call.params["text"]
    assert "&lt;script&gt;a&amp;b&lt;/script&gt;" in text
    assert "<b>第十条</b>" in text
    assert call.error is None


async def test_long_answer_is_split_under_the_limit(harness: Harness) -> None:
    paragraph = "第三十三条规定的答复期限为二十个工作日，<需要>延长的应当告知申请人&说明理由。" * 8
    long_answer = "\n\n".join(f"{i}. {paragraph}" for i in range(40))
    harness.services.ask = lambda settings, question, **_: Answer(
        text=long_answer, warnings=["仅供参考"]
    )
    await harness.emu.push_text("很长的问题", chat_id=MEMBER)
    await harness.emu.wait_call(
        "sendMessage", 1, where=lambda c: "仅供参考" in c.params.get("text", "")
    )
    pieces = [c.params["text"] for c in harness.messages_to(MEMBER)]
    assert len(pieces) >= 4
    assert all(len(p.encode("utf-16-le")) // 2 <= 4096 for p in pieces)
    joined = "".join(visible_text(p) for p in pieces)
    assert "".join(joined.split()) == "".join((long_answer + "⚠️ 仅供参考").split())


# -- documents ----------------------------------------------------------------------------


async def test_docx_with_broken_balance_is_checked_and_stored(harness: Harness) -> None:
    data = broken_balance_docx()
    await harness.emu.push_document("东城镇2023年报草稿.docx", data, chat_id=MEMBER)
    (doc_call,) = await harness.emu.wait_call("sendDocument")
    (summary,) = harness.messages_to(MEMBER)
    text = summary.params["text"]
    assert "T3-BALANCE" in text
    assert "自然人列" in text and "总计列" in text
    assert "应为 13，实际 12" in text
    assert f"已保存为「{ORGAN}」的草稿" in text
    assert "每处问题已作为批注标在原文对应位置" in text
    # a Word draft comes back as the user's own file with the findings as comments
    name, reviewed = doc_call.files["document"]
    assert doc_call.params["chat_id"] == MEMBER
    assert name == "东城镇2023年报草稿（检查意见）.docx"
    comments = word_comments(reviewed)
    assert comments[0].text.startswith("xxgk 信息公开助手检查意见：错误 2 处")
    balance = [c for c in comments if "T3-BALANCE" in c.text]
    assert [c.marked for c in balance] == ["自然人", "总计"]  # on the columns' header cells
    assert all(c.cell is not None for c in balance)
    assert read_bytes(reviewed, name).blocks == read_bytes(data, name).blocks
    # downloaded through getFile and the file URL, after the name and size passed
    assert [c.method for c in harness.emu.calls if c.method in ("getFile", "sendMessage")][:2] == [
        "getFile",
        "sendMessage",
    ]
    draft = harness.store.latest_draft(ORGAN, 2023)
    assert draft is not None
    assert draft.uploaded_by_chat == MEMBER
    assert draft.error_count == 2
    codes = {f.code for f in harness.store.findings_for(draft.id)}
    assert "T3-BALANCE" in codes


async def test_text_draft_gets_the_findings_page(harness: Harness) -> None:
    text = render_text(broken_balance_data(), "tabs").encode("utf-8")
    await harness.emu.push_document("东城镇2023年报草稿.txt", text, "text/plain", chat_id=MEMBER)
    (doc_call,) = await harness.emu.wait_call("sendDocument")
    (summary,) = harness.messages_to(MEMBER)
    assert "T3-BALANCE" in summary.params["text"]
    assert "批注" not in summary.params["text"]
    name, page = doc_call.files["document"]
    assert name == "检查结果_东城镇2023年报草稿.html"
    assert "T3-BALANCE" in page.decode() and "<!DOCTYPE html>" in page.decode()


async def test_draft_sends_a_word_file_built_from_the_uploaded_numbers(
    harness: Harness, tmp_path: Path
) -> None:
    from ingest.parser import parse_report
    from ingest.readers import read_bytes

    good = write_docx(sample_data(), tmp_path / "good.docx").read_bytes()
    await harness.emu.push_document("东城镇2023年报.docx", good, chat_id=MEMBER)
    await harness.emu.wait_call("sendDocument")
    await harness.emu.push_text("/draft", chat_id=MEMBER)
    (_, drafted) = await harness.emu.wait_call("sendDocument", 2)
    name, data = drafted.files["document"]
    assert drafted.params["chat_id"] == MEMBER
    assert name.endswith(".docx") and "东城镇人民政府2023年" in name
    report = parse_report(read_bytes(data, name))
    assert report.applications is not None
    assert report.applications.rows["总计"].values() == sample_data()["applications"]["总计"]


async def test_same_file_twice_is_not_stored_twice(harness: Harness) -> None:
    data = broken_balance_docx()
    for n in (1, 2):
        await harness.emu.push_document("草稿.docx", data, chat_id=MEMBER)
        await harness.emu.wait_call("sendDocument", n)
    second = harness.messages_to(MEMBER)[1].params["text"]
    assert "此前已上传过" in second
    assert len(harness.store.reports_for_organ(ORGAN)) == 1


async def test_unregistered_chat_is_asked_to_register_before_download(harness: Harness) -> None:
    await harness.emu.push_document("草稿.docx", broken_balance_docx(), chat_id=ALLOWED)
    (call,) = await harness.emu.wait_call("sendMessage")
    assert "/register" in call.params["text"]
    assert not harness.emu.calls_to("getFile")
    assert harness.store.list_reports() == []


async def test_supervisor_upload_uses_the_organ_in_the_report(harness: Harness) -> None:
    await harness.emu.push_document("草稿.docx", broken_balance_docx(), chat_id=SUPERVISOR)
    await harness.emu.wait_call("sendDocument")
    text = harness.messages_to(SUPERVISOR)[0].params["text"]
    assert f"按报告中的发布机关「{ORGAN}」保存" in text
    assert harness.store.latest_draft(ORGAN, 2023) is not None


async def test_oversize_document_refused_before_download(harness: Harness) -> None:
    harness.settings.max_upload_mb = 0.001  # about 1 KB
    await harness.emu.push_document("大文件.pdf", b"%PDF-1.4\n" + b"0" * 5000, chat_id=MEMBER)
    (call,) = await harness.emu.wait_call("sendMessage")
    assert "超过" in call.params["text"] and "上限" in call.params["text"]
    assert not harness.emu.calls_to("getFile")
    assert harness.store.list_reports() == []
    assert harness.store.recent_uploads() == []


async def test_claimed_size_is_not_trusted(harness: Harness) -> None:
    harness.settings.max_upload_mb = 0.001
    data = b"%PDF-1.4\n" + b"0" * 5000
    await harness.emu.push_document("小文件.pdf", data, chat_id=MEMBER, file_size=100)
    (call,) = await harness.emu.wait_call("sendMessage")
    assert "超过" in call.params["text"]
    assert harness.store.list_reports() == []


async def test_corrupt_pdf_gets_a_clear_message_and_nothing_is_stored(harness: Harness) -> None:
    await harness.emu.push_document(
        "草稿.pdf", b"%PDF-1.4\n1 0 obj <<garbage>> \x00\x01", "application/pdf", chat_id=MEMBER
    )
    (call,) = await harness.emu.wait_call("sendMessage")
    assert (
        call.params["text"]
        == "无法读取「草稿.pdf」：文件已损坏或不是有效的 PDF，请重新导出后再上传。"
    )
    assert not harness.emu.calls_to("sendDocument")
    assert harness.store.list_reports() == []
    assert [u.status for u in harness.store.recent_uploads()] == ["rejected"]


async def test_unsupported_type_refused_before_download(harness: Harness) -> None:
    await harness.emu.push_document("统计表.xlsx", b"PK\x03\x04...", chat_id=MEMBER)
    (call,) = await harness.emu.wait_call("sendMessage")
    assert "暂不支持读取「统计表.xlsx」" in call.params["text"]
    assert not harness.emu.calls_to("getFile")


# -- registration and approval ------------------------------------------------------------


async def test_register_unknown_name_creates_nothing(harness: Harness) -> None:
    # only supervisors create organs (/invite or the organs CSV)
    call = await harness.say("/register 南城街道办事处", STRANGER)
    text = call.params["text"]
    assert "系统中没有「南城街道办事处」" in text and "/invite" in text
    assert harness.store.get_organ("南城街道办事处") is None
    assert harness.store.chat_info(STRANGER) is None


async def test_register_an_existing_organ_waits_for_its_supervisor(harness: Harness) -> None:
    harness.store.upsert_organ("南城街道办事处", "街道", "某某县")
    call = await harness.say("/register 南城街道办事处", STRANGER)
    text = call.params["text"]
    assert "已申请登记为「南城街道办事处」（某某县）" in text and "等待本地区督导批准" in text
    chat = harness.store.chat_info(STRANGER)
    assert chat is not None and chat.organ_name == "南城街道办事处" and not chat.approved
    (notice,) = await harness.emu.wait_call(
        "sendMessage", where=lambda c: c.params["chat_id"] == SUPERVISOR
    )
    assert f"（ID：{STRANGER}）申请登记为「南城街道办事处」" in notice.params["text"]
    assert f"批准请发送 /approve {STRANGER} 1" in notice.params["text"]


async def test_register_ambiguous_name_offers_a_keyboard(harness: Harness) -> None:
    for name in ("城关镇人民政府", "城关镇人民政府办公室", "城关街道办事处"):
        harness.store.upsert_organ(name)
    call = await harness.say("/register 城关", ALLOWED)
    keyboard = call.params["reply_markup"]["inline_keyboard"]
    labels = [row[0]["text"] for row in keyboard]
    assert set(labels[:3]) == {"城关镇人民政府", "城关街道办事处", "城关镇人民政府办公室"}
    assert len(labels) == 3  # no "create" button: chats do not create organs
    assert harness.store.chat_info(ALLOWED) is None
    first = next(row[0] for row in keyboard if row[0]["text"] == "城关镇人民政府")

    sent = harness.emu.sent_message(ALLOWED, call.result["message_id"])
    await harness.emu.push_callback(first["callback_data"], sent, user_id=ALLOWED)
    (answer,) = await harness.emu.wait_call("answerCallbackQuery")
    (edit,) = await harness.emu.wait_call("editMessageText")
    assert "城关镇人民政府" in answer.params["text"]
    assert edit.params["message_id"] == sent["message_id"]
    assert "已申请登记为「城关镇人民政府」" in edit.params["text"]
    assert "reply_markup" not in edit.params
    chat = harness.store.chat_info(ALLOWED)
    assert chat is not None and chat.organ_name == "城关镇人民政府" and not chat.approved
    # an allowed chat may ask questions, but speaks for no organ until a supervisor approves
    await harness.say("有什么要求？", ALLOWED)
    assert harness.ask.viewers == [None]


async def test_approval_lets_a_registered_chat_in(harness: Harness) -> None:
    harness.store.upsert_organ("南城街道办事处", "街道", "某某县")
    await harness.say("/register 南城街道办事处", STRANGER)
    refused = await harness.say("有什么要求？", STRANGER)
    assert "尚未获准" in refused.params["text"]
    assert harness.ask.questions == []

    member_try = await harness.say(f"/approve {STRANGER}", MEMBER)
    assert "只有督导" in member_try.params["text"]

    shown = await harness.say(f"/approve {STRANGER}", SUPERVISOR)  # the id alone only shows
    assert "当前申请登记为「南城街道办事处」（某某县）" in shown.params["text"]
    assert not harness.store.chat_info(STRANGER).approved  # type: ignore[union-attr]
    await harness.say(f"/approve {STRANGER} 1", SUPERVISOR)
    (welcome,) = await harness.emu.wait_call(
        "sendMessage",
        where=lambda c: c.params["chat_id"] == STRANGER and "已获督导批准" in c.params["text"],
    )
    assert welcome.error is None
    chat = harness.store.chat_info(STRANGER)
    assert chat is not None and chat.approved
    answered = await harness.say("有什么要求？", STRANGER)
    assert answered.params["text"].startswith("答：有什么要求？")


async def test_approve_without_id_lists_waiting_chats(harness: Harness) -> None:
    harness.store.register_chat(4242, "北城镇人民政府", title="北城镇办公室群")
    call = await harness.say("/approve", SUPERVISOR)
    assert "/approve 4242 1" in call.params["text"] and "北城镇人民政府" in call.params["text"]
    unknown = await harness.say("/approve 777", SUPERVISOR)
    assert "尚未登记" in unknown.params["text"]


# -- access control -----------------------------------------------------------------------


async def test_unauthorised_chat_gets_the_refusal_and_nothing_else(
    emu: BotApiEmulator, bot_settings: Settings, bot_store: Store
) -> None:
    ask = FakeAsk()
    checked: list[str] = []

    def check(*args: Any, **kwargs: Any) -> Any:
        checked.append(args[3])
        return check_upload(*args, **kwargs)

    services = BotServices(bot_settings, bot_store, ask=ask, check_upload=check)
    async with polling(build_application(bot_settings, services), emu):
        await emu.push_text("依申请公开最晚多少个工作日内答复？", chat_id=STRANGER)
        await emu.push_document("草稿.docx", broken_balance_docx(), chat_id=STRANGER)
        await emu.push_text("/status", chat_id=STRANGER)
        await emu.wait_call("sendMessage", 3)
    # the application has stopped: every handler has finished
    calls = [c for c in emu.calls if c.method not in ("getMe", "deleteWebhook", "setMyCommands")]
    assert [c.method for c in calls] == ["sendMessage"] * 3
    for c in calls:
        assert c.params["chat_id"] == STRANGER
        assert "尚未获准使用" in c.params["text"]
        assert f"/approve {STRANGER}" in c.params["text"]
    assert ask.questions == [] and checked == []
    assert bot_store.list_reports() == [] and bot_store.recent_uploads() == []


async def test_drafts_are_visible_to_their_organ_and_supervisors(harness: Harness) -> None:
    await harness.emu.push_document("草稿.docx", broken_balance_docx(), chat_id=MEMBER)
    await harness.emu.wait_call("sendDocument")
    own = await harness.say("/report", MEMBER)
    assert "T3-BALANCE" in own.params["text"]
    other = await harness.say(f"/report {ORGAN}", OTHER_MEMBER)
    assert other.params["text"] == "草稿只对本机关的会话和督导可见。"
    nothing = await harness.say("/report", OTHER_MEMBER)
    assert "还没有上传过草稿" in nothing.params["text"]
    supervisor = await harness.say(f"/report {ORGAN}", SUPERVISOR)
    assert "T3-BALANCE" in supervisor.params["text"]
    await harness.emu.wait_call("sendDocument", 3)


# -- supervision --------------------------------------------------------------------------


async def test_status_shows_every_organ_for_the_report_year(harness: Harness) -> None:
    await harness.emu.push_document("草稿.docx", broken_balance_docx(), chat_id=MEMBER)
    await harness.emu.wait_call("sendDocument")
    text = (await harness.say("/status", SUPERVISOR)).params["text"]
    assert text.startswith("<b>2023年度年报进度</b>（截至 2024年1月10日）")
    assert f"· {ORGAN}：草稿有 2 处错误" in text
    assert "· 西城镇人民政府：尚未上传草稿" in text
    later = await harness.say("/status 2022", SUPERVISOR)
    assert f"· {ORGAN}：尚未上传草稿" in later.params["text"]
    denied = await harness.say("/status", MEMBER)
    assert denied.params["text"] == "只有督导会话可以使用此命令。"


async def test_status_report_year_follows_the_clock(harness: Harness) -> None:
    harness.services.today = lambda: date(2024, 6, 1)
    text = (await harness.say("/status", SUPERVISOR)).params["text"]
    assert text.startswith("<b>2024年度年报进度</b>")


async def test_deadline_command(harness: Harness) -> None:
    text = (await harness.say("/deadline 2026-03-02", MEMBER)).params["text"]
    assert "答复期限：2026年3月30日" in text
    assert "<b>第三十三条第二款</b>" in text
    bad = await harness.say("/deadline 明天", MEMBER)
    assert "无法识别日期「明天」" in bad.params["text"]


async def test_unknown_command_and_photo(harness: Harness) -> None:
    call = await harness.say("/publish 一、总体情况", MEMBER)
    assert "没有这个命令" in call.params["text"]
    await harness.emu.push_photo(chat_id=MEMBER, caption="年报截图")
    (_, photo) = await harness.emu.wait_call("sendMessage", 2)
    assert "图片无法检查" in photo.params["text"]


async def test_stale_button_is_answered_politely(harness: Harness) -> None:
    harness.store.upsert_organ("城关镇人民政府")
    harness.store.upsert_organ("城关街道办事处")
    call = await harness.say("/register 城关", ALLOWED)
    sent = harness.emu.sent_message(ALLOWED, call.result["message_id"])
    await harness.emu.push_callback("reg:99999", sent)
    await harness.emu.wait_call("answerCallbackQuery")
    (_, reply) = await harness.emu.wait_call("sendMessage", 2)
    assert reply.params["text"] == "此按钮无效或已失效，请重新发送 /register 机构名称。"
    assert harness.store.chat_info(ALLOWED) is None


# -- errors and concurrency ---------------------------------------------------------------


async def test_handler_error_is_answered_and_the_bot_keeps_running(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    harness.ask.fail_with = [
        RuntimeError("boom"),
        ServiceUnavailable("检索索引尚未建立，请先运行 xxgk init。"),
    ]
    first = await harness.say("第一个问题", MEMBER)
    assert first.params["text"] == INTERNAL_ERROR
    assert any("boom" in str(r.exc_info) for r in caplog.records if r.exc_info)
    second = await harness.say("第二个问题", MEMBER)
    assert second.params["text"] == "检索索引尚未建立，请先运行 xxgk init。"
    third = await harness.say("第三个问题", MEMBER)
    assert third.params["text"].startswith("答：第三个问题")


async def test_messages_from_many_chats_are_all_answered_in_their_own_chat(
    harness: Harness,
) -> None:
    harness.ask.delay = 0.01
    chats = [ALLOWED, MEMBER, OTHER_MEMBER, SUPERVISOR]
    for extra in range(4):
        chat_id = 3000 + extra
        harness.store.register_chat(chat_id, ORGAN)
        harness.store.approve_chat(chat_id)
        chats.append(chat_id)
    sent = {c: [f"会话{c}的第{i}个问题" for i in range(5)] for c in chats}
    await asyncio.gather(
        *(
            harness.emu.push_text(q, chat_id=c)
            for i in range(5)
            for c, qs in sent.items()
            for q in [qs[i]]
        )
    )
    await harness.emu.wait_call("sendMessage", 40, timeout=30)
    for chat_id, questions in sent.items():
        got = [visible_text(t).split("\n")[0] for t in harness.emu.texts_to(chat_id)]
        assert sorted(got) == sorted(f"答：{q}" for q in questions)


async def test_a_slow_upload_does_not_stall_other_chats(harness: Harness) -> None:
    release = threading.Event()

    def slow_check(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(10), "the other chat was never answered"
        return check_upload(*args, **kwargs)

    harness.services.check_upload = slow_check
    await harness.emu.push_document("草稿.docx", broken_balance_docx(), chat_id=MEMBER)
    await harness.emu.wait_call("getFile")
    reply = await harness.say("/help", OTHER_MEMBER)  # answered while the check is running
    assert "/register" in reply.params["text"]
    release.set()
    await harness.emu.wait_call("sendDocument")
