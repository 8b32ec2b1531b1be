"""The WeCom channel end to end: the real callback server (aiohttp, as ``xxgk wecom`` runs it)
receives encrypted callbacks from a local WeCom emulator and answers through the emulator's
message API; a SQLite store in the test's directory. The conversation is the one Telegram
uses, so the assertions are about what the WeCom channel adds: crypto, replays, identity,
limits, files, concurrency, the token, reminders."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from base.settings import Settings
from bot.dependencies import BotServices
from retrieval.extractive import Answer
from services.storage import open_store
from storage.repository import Store
from tests.auxil.layouts import broken_balance_data, sample_data, write_docx
from tests.auxil.wecom_emulator import WeComEmulator
from wecom.api import WeComClient
from wecom.formatting import MARKDOWN_LIMIT, TEXT_LIMIT
from wecom.server import CHANNEL, build_app, channel_settings

ORGAN = "东城镇人民政府"
REGION = "某县"
SUPERVISOR = "lishi"  # XXGK_WECOM_SUPERVISORS
ALLOWED = "wangwu"  # XXGK_WECOM_ALLOWED_USERS, not registered
STRANGER = "zhaoliu"
TODAY = date(2024, 1, 10)
ROBOT_KEY = "robot-key-moujian"


class FakeAsk:
    """Answers every question with the question in it (so a reply shows its conversation)."""

    def __init__(self) -> None:
        self.questions: list[str] = []
        self.long = False

    def __call__(self, settings: Settings, question: str, **options: Any) -> Answer:
        self.questions.append(question)
        text = f"答：{question}\n依据第三十三条，20个工作日内答复。"
        if self.long:
            text = "\n\n".join(
                f"{i}. 第三十三条规定的答复期限为二十个工作日。" * 12 for i in range(30)
            )
        return Answer(text=text, mode="llm", citations=[])


@dataclass
class Harness:
    emu: WeComEmulator
    settings: Settings
    store: Store
    services: BotServices
    ask: FakeAsk
    app: web.Application

    async def say(self, user: str, text: str, count: int = 1) -> list[str]:
        """Send ``text`` as ``user``; the contents of the next ``count`` messages to them."""
        before = len(self.emu.sent_to(user))
        status, body = await self.emu.post_text(user, text)
        assert (status, body) == (200, "success")
        sent = await self.emu.wait_sent(user, before + count)
        return [s.content for s in sent[before:]]

    async def drain(self) -> None:
        await self.app[CHANNEL].drain()


@pytest.fixture(scope="module")
def migrated_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("wecom-template")
    open_store(Settings(home=home)).close()
    return home


@pytest.fixture
async def emu() -> AsyncIterator[WeComEmulator]:
    async with WeComEmulator() as emulator:
        emulator.robot_keys.add(ROBOT_KEY)
        yield emulator


@pytest.fixture
async def harness(
    tmp_path: Path, emu: WeComEmulator, migrated_home: Path
) -> AsyncIterator[Harness]:
    settings = Settings(
        home=tmp_path / "home",
        wecom_allowed_users=ALLOWED,
        wecom_supervisors=f"{REGION}:{SUPERVISOR}",
        wecom_robots=f"{REGION}:{ROBOT_KEY}",
        max_upload_mb=1,
        **emu.app_settings(),
    )
    settings.home.mkdir(parents=True)
    for db_file in migrated_home.glob("xxgk.sqlite3*"):
        shutil.copy(db_file, settings.home / db_file.name)
    store = open_store(settings)
    store.upsert_organ(ORGAN, "乡镇", region=REGION)
    ask = FakeAsk()
    services = BotServices(channel_settings(settings, store), store, ask=ask, today=lambda: TODAY)
    app = build_app(settings, services, WeComClient(settings), scheduler=False)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    emu.callback_url = f"http://127.0.0.1:{runner.addresses[0][1]}/wecom/callback"
    try:
        yield Harness(emu, settings, store, services, ask, app)
    finally:
        await runner.cleanup()
        store.close()
    assert not emu.refused, emu.refused


def docx(data: dict[str, Any]) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return write_docx(data, Path(tmp) / "draft.docx").read_bytes()


# -- the callback URL -----------------------------------------------------------------------


async def test_url_verification_answers_the_decrypted_echostr(harness: Harness) -> None:
    assert await harness.emu.verify_url("echo-5678") == (200, "echo-5678")
    status, _ = await harness.emu.verify_url("echo-5678", signature="0" * 40)
    assert status == 403


async def test_wrong_signature_stale_timestamp_and_replays_are_refused(harness: Harness) -> None:
    emu = harness.emu
    forged = emu.callback(emu.message_fields(ALLOWED, "text", Content="伪造"), token="WrongToken")
    assert (await emu.post(forged))[0] == 403
    stale = emu.callback(
        emu.message_fields(ALLOWED, "text", Content="旧消息"), timestamp=int(emu.clock()) - 3600
    )
    assert (await emu.post(stale))[0] == 403
    good = emu.callback(emu.message_fields(ALLOWED, "text", Content="真问题"))
    assert await emu.post(good) == (200, "success")
    assert (await emu.post(good))[0] == 403  # the same request again: same nonce and timestamp
    fields = emu.message_fields(ALLOWED, "text", Content="重发的问题")
    assert await emu.post(emu.callback(fields)) == (200, "success")
    assert await emu.post(emu.callback(fields)) == (200, "success")  # WeCom's retry: new nonce
    garbage = emu.callback(emu.message_fields(ALLOWED, "text", Content="x"))
    garbage.body = b"<xml><Encrypt><![CDATA[bm90IGVuY3J5cHRlZA==]]></Encrypt></xml>"
    assert (await emu.post(garbage))[0] == 403
    await harness.drain()
    await emu.settle()
    assert harness.ask.questions == ["真问题", "重发的问题"]
    assert len(emu.sent_to(ALLOWED)) == 2


# -- the staff journey ----------------------------------------------------------------------


async def test_staff_journey_register_approve_check_deadline_draft(harness: Harness) -> None:
    emu = harness.emu
    # a stranger is refused, registers, and the region's supervisor is told over WeCom
    (refusal,) = await harness.say(STRANGER, "依申请公开期限是多少？")
    assert "尚未获准" in refusal and harness.ask.questions == []
    (registered,) = await harness.say(STRANGER, f"/register {ORGAN}")
    assert f"已申请登记为「{ORGAN}」" in registered
    (notice,) = await emu.wait_sent(SUPERVISOR)
    assert f"「{STRANGER}」" in notice.content and f"申请登记为「{ORGAN}」" in notice.content
    assert f"批准请发送 /approve {STRANGER} 1" in notice.content
    # the supervisor approves the request by WeCom UserID and the request's number
    (approved,) = await harness.say(SUPERVISOR, f"/approve {STRANGER} 1")
    assert "已批准会话" in approved and ORGAN in approved
    welcome = (await emu.wait_sent(STRANGER, 3))[-1]
    assert "已获督导批准" in welcome.content
    # a question
    (answer,) = await harness.say(STRANGER, "依申请公开最晚多少个工作日内答复？")
    assert "依申请公开最晚多少个工作日内答复" in answer and "第三十三条" in answer
    # a draft with a broken 勾稽关系: findings in the chat and as a file
    before = len(emu.sent_to(STRANGER))
    assert await emu.post_file(STRANGER, "东城镇2023年报草稿.docx", docx(broken_balance_data()))
    await emu.wait_sent(STRANGER, before + 2)
    summary, findings = emu.sent_to(STRANGER)[before : before + 2]
    assert "T3-BALANCE" in summary.content and f"已保存为「{ORGAN}」的草稿" in summary.content
    # the reviewed Word copy, with the findings as comments
    assert findings.msgtype == "file" and findings.content == "东城镇2023年报草稿（检查意见）.docx"
    assert findings.data.startswith(b"PK")
    draft = harness.store.latest_draft(ORGAN, 2023)
    assert draft is not None and draft.error_count == 2
    # /deadline
    (deadline,) = await harness.say(STRANGER, "/deadline 2026-03-02")
    assert "答复期限：2026年3月30日" in deadline and "**第三十三条第二款**" in deadline
    # /draft from the uploaded numbers of a good draft: a Word file
    before = len(emu.sent_to(STRANGER))
    await emu.post_file(STRANGER, "东城镇2023年报.docx", docx(sample_data()))
    await emu.wait_sent(STRANGER, before + 2)
    note, _ = await harness.say(STRANGER, "/draft", count=2)
    assert "起草全文" in note
    word = emu.sent_to(STRANGER)[-1]
    assert word.msgtype == "file" and word.content.endswith(".docx") and ORGAN in word.content
    from ingest.parser import parse_report
    from ingest.readers import read_bytes

    report = parse_report(read_bytes(word.data, word.content))
    assert report.applications is not None
    assert report.applications.rows["总计"].values() == sample_data()["applications"]["总计"]
    # the supervisor sees the organ's state
    (status,) = await harness.say(SUPERVISOR, "/status")
    assert "2023年度年报进度" in status and ORGAN in status


async def test_a_member_that_switched_organs_is_not_approved_for_the_new_one(
    harness: Harness,
) -> None:
    harness.store.upsert_organ("西城镇人民政府", "乡镇", region=REGION)
    await harness.say(STRANGER, f"/register {ORGAN}")
    (notice,) = await harness.emu.wait_sent(SUPERVISOR)
    assert f"申请登记为「{ORGAN}」" in notice.content and f"/approve {STRANGER} 1" in notice.content
    await harness.say(STRANGER, "/register 西城镇人民政府")  # after the supervisor's look
    (stale,) = await harness.say(SUPERVISOR, f"/approve {STRANGER} 1")
    assert "该会话已改为申请「西城镇人民政府」" in stale
    (shown,) = await harness.say(SUPERVISOR, f"/approve {STRANGER}")  # shows, approves nothing
    assert "当前申请登记为「西城镇人民政府」" in shown and f"/approve {STRANGER} 2" in shown
    chat = harness.store.chat_info(harness.store.channel_user_chat_id("wecom", STRANGER) or 0)
    assert chat is not None and not chat.approved
    (approved,) = await harness.say(SUPERVISOR, f"/approve {STRANGER} 2")
    assert "已批准会话" in approved and "西城镇人民政府" in approved


async def test_unapproved_member_cannot_approve_and_gets_one_refusal(harness: Harness) -> None:
    (refusal,) = await harness.say(STRANGER, "/approve wangwu")
    assert "尚未获准" in refusal
    (denied,) = await harness.say(ALLOWED, f"/approve {STRANGER}")
    assert "只有督导" in denied
    await harness.emu.settle()
    assert len(harness.emu.sent_to(STRANGER)) == 1


async def test_register_with_several_matches_offers_numbered_choices(harness: Harness) -> None:
    harness.store.upsert_organ("东城镇人民政府办公室", "部门", region=REGION)
    (choices,) = await harness.say(ALLOWED, "/register 东城镇")
    assert "1. 东城镇人民政府" in choices and "请回复序号选择" in choices
    (picked,) = await harness.say(ALLOWED, "1")
    assert "已申请登记为「东城镇人民政府" in picked


# -- limits ---------------------------------------------------------------------------------


async def test_long_answer_is_split_under_wecom_limits(harness: Harness) -> None:
    harness.ask.long = True
    await harness.emu.post_text(ALLOWED, "很长的问题")
    await harness.drain()
    await harness.emu.settle()
    pieces = harness.emu.sent_to(ALLOWED)
    assert len(pieces) >= 3
    for p in pieces:
        limit = TEXT_LIMIT if p.msgtype == "text" else MARKDOWN_LIMIT
        assert len(p.content.encode()) <= limit
    joined = "".join("".join(p.content.split()) for p in pieces).replace("*", "")
    assert joined.count("第三十三条规定的答复期限为二十个工作日") == 30 * 12


async def test_oversize_upload_is_refused_before_download(harness: Harness) -> None:
    registered = harness.store.upsert_organ(ORGAN, "乡镇")
    chat = harness.store.channel_chat_id("wecom", ALLOWED)
    harness.store.register_chat(chat, registered.name)
    harness.store.approve_chat(chat)
    big = b"%PDF-1.4\n" + b"0" * (48 * 1024 * 1024)  # more than loopback buffers hold
    # the message states the size: nothing is downloaded
    (refused,) = [
        s.content
        for s in await _post_file_and_wait(harness, ALLOWED, "大文件.pdf", big, with_size=True)
    ]
    assert "超过" in refused and harness.emu.media_gets == []
    # no size in the message: refused on Content-Length, the body is not read
    (refused,) = [
        s.content
        for s in await _post_file_and_wait(harness, ALLOWED, "大文件.pdf", big, with_size=False)
    ]
    assert "超过" in refused
    assert len(harness.emu.media_gets) == 1 and harness.emu.media_completed == []


async def _post_file_and_wait(
    harness: Harness, user: str, name: str, data: bytes, *, with_size: bool
) -> list[Any]:
    before = len(harness.emu.sent_to(user))
    await harness.emu.post_file(user, name, data, with_size=with_size)
    return (await harness.emu.wait_sent(user, before + 1))[before:]


# -- load and the token ---------------------------------------------------------------------


async def test_hundred_messages_from_twenty_users_each_answered_once(harness: Harness) -> None:
    users = [f"user{i:02d}" for i in range(20)]
    harness.services.settings = harness.services.settings.model_copy(
        update={"wecom_allowed_users": ",".join(users)}
    )
    harness.services.settings = channel_settings(harness.services.settings, harness.store)
    questions = [(u, f"{u}的第{n}个问题") for n in range(5) for u in users]
    results = await asyncio.gather(*(harness.emu.post_text(u, q) for u, q in questions))
    assert all(r == (200, "success") for r in results)
    await harness.drain()
    await harness.emu.settle()
    for user in users:
        got = [s.content for s in harness.emu.sent_to(user)]
        assert len(got) == 5, (user, got)
        assert all(c.startswith(f"答：{user}的第") for c in got)
        assert sorted(c.split("\n")[0] for c in got) == [
            f"答：{user}的第{n}个问题" for n in range(5)
        ]
    assert harness.emu.token_requests == 1


async def test_expired_token_is_refreshed_once_for_many_messages(harness: Harness) -> None:
    await harness.say(ALLOWED, "第一个问题")
    assert harness.emu.token_requests == 1
    harness.emu.expire_tokens()
    # within each member's rate limit (8 at once): 7 more from one, 8 from another
    await asyncio.gather(
        *(harness.emu.post_text(ALLOWED, f"问题{i}") for i in range(7)),
        *(harness.emu.post_text(SUPERVISOR, f"督导问题{i}") for i in range(8)),
    )
    await harness.drain()
    await harness.emu.settle()
    assert len(harness.emu.sent_to(ALLOWED)) == 8 and len(harness.emu.sent_to(SUPERVISOR)) == 8
    assert harness.emu.token_requests == 2


async def test_a_flood_gets_one_warning_as_on_telegram(harness: Harness) -> None:
    """The conversation's per-chat rate limit holds for WeCom members too."""
    await asyncio.gather(*(harness.emu.post_text(ALLOWED, f"刷屏{i}") for i in range(12)))
    await harness.drain()
    await harness.emu.settle()
    got = [s.content for s in harness.emu.sent_to(ALLOWED)]
    assert len(got) == 9, got
    assert sum("操作过于频繁" in c for c in got) == 1
    assert len(harness.ask.questions) == 8


# -- reminders ------------------------------------------------------------------------------


async def test_reminders_reach_wecom_users_and_the_region_robot(harness: Harness) -> None:
    from scheduler import jobs

    store = harness.store
    await harness.say(STRANGER, f"/register {ORGAN}")
    await harness.emu.wait_sent(SUPERVISOR)  # the notice
    await harness.say(SUPERVISOR, f"/approve {STRANGER} 1")
    await harness.emu.wait_sent(STRANGER, 2)  # the welcome
    store.upsert_organ("西城镇人民政府", "乡镇", region=REGION)  # nobody registered: the group
    sender = harness.app[CHANNEL].sender
    context = jobs.JobContext(harness.services.settings, store, sender)
    result = await jobs.run_due_reminders(context, "2024-01-24T09:00+08:00")
    assert result is not None and not result.of("failed"), result.of("failed")
    reminders = [s for s in harness.emu.sent_to(STRANGER) if "年度报告" in s.content]
    assert reminders and "东城镇人民政府" in reminders[-1].content
    group = [s.content for s in harness.emu.robot if s.to == ROBOT_KEY]
    assert any("西城镇人民政府" in c for c in group)
    # a second run at the same moment sends nothing again
    again = await jobs.run_due_reminders(context, "2024-01-24T09:00+08:00")
    assert again is not None and again.of("sent") == []


# -- channels -------------------------------------------------------------------------------


async def test_sender_routes_telegram_chats_to_the_bot(harness: Harness) -> None:
    """One sender for the reminder jobs: WeCom ids go to WeCom, other ids to Telegram."""

    class Bot:
        def __init__(self) -> None:
            self.sent: list[tuple[int, str]] = []

        async def send_message(self, chat_id: int, text: str) -> None:
            self.sent.append((chat_id, text))

    bot = Bot()
    sender = harness.app[CHANNEL].sender
    sender.telegram = bot
    wecom_chat = harness.store.channel_chat_id("wecom", ALLOWED)
    await sender.send_message(chat_id=123456789, text="给 Telegram 会话")
    await sender.send_message(chat_id=wecom_chat, text="给企业微信成员")
    assert bot.sent == [(123456789, "给 Telegram 会话")]
    assert [s.content for s in harness.emu.sent_to(ALLOWED)] == ["给企业微信成员"]


def test_xxgk_wecom_without_settings_says_what_to_set(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from xxgk.cli import app

    result = CliRunner().invoke(app, ["wecom"], env={"XXGK_HOME": str(tmp_path)})
    assert result.exit_code != 0
    assert "XXGK_WECOM_CORP_ID" in result.output and "Traceback" not in result.output


async def test_the_servers_scheduler_sends_due_reminders_at_start_up(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``xxgk wecom`` starts the reminder jobs with the server; the first run is at once."""
    from datetime import datetime

    from scheduler import jobs

    chat = harness.store.channel_chat_id("wecom", STRANGER)
    harness.store.register_chat(chat, ORGAN, title=STRANGER)
    harness.store.approve_chat(chat)
    monkeypatch.setattr(
        jobs, "now_in", lambda _settings: datetime.fromisoformat("2024-01-24T09:00+08:00")
    )
    app = build_app(
        harness.settings, harness.services, WeComClient(harness.settings), scheduler=True
    )
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        (reminder,) = await harness.emu.wait_sent(STRANGER)
        assert reminder.content.startswith(f"【年报提醒】{ORGAN}")
        (digest,) = await harness.emu.wait_sent(SUPERVISOR)
        assert "【年报进度日报】" in digest.content
    finally:
        await runner.cleanup()


async def test_a_file_message_without_a_name_takes_it_from_the_download(harness: Harness) -> None:
    chat = harness.store.channel_chat_id("wecom", ALLOWED)
    harness.store.register_chat(chat, ORGAN)
    harness.store.approve_chat(chat)
    media_id = harness.emu.add_media("东城镇2023年报草稿.docx", docx(broken_balance_data()))
    fields = harness.emu.message_fields(ALLOWED, "file", MediaId=media_id)
    assert await harness.emu.post(harness.emu.callback(fields)) == (200, "success")
    summary, findings = await harness.emu.wait_sent(ALLOWED, 2)
    assert "「东城镇2023年报草稿.docx」" in summary.content and "T3-BALANCE" in summary.content
    assert findings.content == "东城镇2023年报草稿（检查意见）.docx"


async def test_a_busy_answer_is_retried_once(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("wecom.api.BUSY_PAUSE", 0.01)
    harness.emu.busy = 1
    (answer,) = await harness.say(ALLOWED, "繁忙时的问题")
    assert "繁忙时的问题" in answer
    harness.emu.busy = 2  # twice in a row: given up, logged
    await harness.emu.post_text(ALLOWED, "第二个问题")
    await harness.drain()
    assert len(harness.emu.sent_to(ALLOWED)) == 1


async def test_without_markdown_support_replies_fall_back_to_text(harness: Harness) -> None:
    harness.emu.markdown = False
    (deadline,) = await harness.say(ALLOWED, "/deadline 2026-03-02")
    assert "答复期限：2026年3月30日" in deadline and "**" not in deadline
    assert harness.emu.sent_to(ALLOWED)[-1].msgtype == "text"
    harness.emu.refused.clear()  # the one refused markdown message


async def test_an_oversize_callback_is_refused_unread(harness: Harness) -> None:
    cb = harness.emu.callback(harness.emu.message_fields(ALLOWED, "text", Content="x"))
    cb.body = b"<xml><Encrypt>" + b"A" * (1024 * 1024) + b"</Encrypt></xml>"
    assert (await harness.emu.post(cb))[0] == 413


async def test_a_retry_reaching_a_restarted_server_is_not_answered_again(
    harness: Harness,
) -> None:
    fields = harness.emu.message_fields(ALLOWED, "text", Content="重启前的问题")
    assert await harness.emu.post(harness.emu.callback(fields)) == (200, "success")
    await harness.emu.wait_sent(ALLOWED)
    await harness.drain()
    # a second server on the same database: it has never seen the message in memory
    app = build_app(
        harness.settings, harness.services, WeComClient(harness.settings), scheduler=False
    )
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    harness.emu.callback_url = f"http://127.0.0.1:{runner.addresses[0][1]}/wecom/callback"
    try:
        assert await harness.emu.post(harness.emu.callback(fields)) == (200, "success")
        await app[CHANNEL].drain()
        (answer,) = await harness.say(ALLOWED, "重启后的问题")
        assert "重启后的问题" in answer
    finally:
        await runner.cleanup()
    assert harness.ask.questions == ["重启前的问题", "重启后的问题"]
