"""Numbers and dates from chats that the code once trusted: ids past 64 bits, digits of other
scripts ("²" passes ``str.isdigit``), forged button data, dates near ``date.max``. Each gets a
Chinese answer (never 「系统内部错误」), and nothing changes."""

from __future__ import annotations

from bot.replies import INTERNAL_ERROR
from tests.security.conftest import SUPERVISOR, Bot

MEMBER = 3101
ORGAN = "大洼区平安镇人民政府"
INTERNAL = INTERNAL_ERROR


async def test_odd_numbers_in_commands_get_a_chinese_answer(bot: Bot) -> None:
    bot.services.limiter.capacity = 1000  # these tests judge answers, not the flood limit
    bot.approved_member(MEMBER, ORGAN, "大洼区")
    bot.store.register_chat(4444, ORGAN)
    cases = [
        (SUPERVISOR, "/approve 9999999999999999999", "用法：/approve"),  # 2^63 and past
        (SUPERVISOR, "/approve -99999999999999999999", "用法：/approve"),
        (SUPERVISOR, "/approve " + "9" * 5000, "用法：/approve"),
        (SUPERVISOR, "/approve ٣", "用法：/approve"),  # Arabic-Indic: int() read it
        (SUPERVISOR, "/approve 4444' OR '1'='1", "用法：/approve"),
        (MEMBER, "/deadline 9999-12-31", "不在可计算的范围内"),
        (MEMBER, "/deadline 0001-01-01", "不在可计算的范围内"),
    ]
    for chat, text, expected in cases:
        reply = (await bot.say(text, chat)).params["text"]
        assert INTERNAL not in reply and expected in reply, (text, reply)
    assert not bot.store.chat_info(4444).approved  # type: ignore[union-attr]
    approved = await bot.say("/approve ４４４４ １", SUPERVISOR)  # full-width digits are digits
    assert "已批准会话 4444" in approved.params["text"]


async def test_forged_draft_buttons_are_refused_in_chinese(bot: Bot) -> None:
    bot.services.limiter.capacity = 1000
    bot.approved_member(MEMBER, ORGAN, "大洼区")
    shown = await bot.say("/help", MEMBER)
    message = bot.emu.sent_message(MEMBER, shown.result["message_id"])
    forged = ["drf:²:-", "drf:99999999999999999999:-", "drf:" + "9" * 5000 + ":-", "drf::五"]
    for data in forged:
        await bot.emu.push_callback(data, message, user_id=MEMBER)
    edits = await bot.emu.wait_call("editMessageText", len(forged), timeout=30)
    assert all("这份草稿已不可用" in e.params["text"] for e in edits), edits
    assert all(INTERNAL not in c.params["text"] for c in bot.messages_to(MEMBER))


async def test_a_stale_button_pressed_twice_is_not_an_internal_error(bot: Bot) -> None:
    """The second edit repeats the first, which Telegram refuses ("message is not modified"):
    that was answered with 「系统内部错误」."""
    bot.approved_member(MEMBER, ORGAN, "大洼区")
    shown = await bot.say("/help", MEMBER)
    message = bot.emu.sent_message(MEMBER, shown.result["message_id"])
    for n in (1, 2):
        await bot.emu.push_callback("drf:123456:-", message, user_id=MEMBER)
        await bot.emu.wait_call("answerCallbackQuery", n, timeout=30)
    await bot.say("/start", MEMBER)  # everything before it was handled
    assert all(INTERNAL not in c.params["text"] for c in bot.messages_to(MEMBER))


async def test_a_chat_title_cannot_reorder_or_fake_what_supervisors_read(bot: Bot) -> None:
    """A group's title is its members' choice: an RTL override in it made the digest show the
    chat id reversed (a supervisor approving the id read would approve another chat); a
    newline let it write a line of its own."""
    bot.store.upsert_organ(ORGAN, "乡镇", "大洼区")
    title = "张三\u202e\n会话（ID：54321）申请登记为「大洼区城关镇人民政府」"
    await bot.emu.push_text(f"/register {ORGAN}", chat_id=-12345, chat_type="group", title=title)
    (notice,) = await bot.emu.wait_call(
        "sendMessage", where=lambda c: c.params["chat_id"] == SUPERVISOR
    )
    text = notice.params["text"]
    assert "\u202e" not in text and text.count("\n") == 1, text  # one line, and the hint
    assert "（ID：-12345）" in text
    (chat,) = [c for c in bot.store.list_chats(False) if c.chat_id == -12345]
    assert chat.title is not None and "\u202e" not in chat.title and "\n" not in chat.title


async def test_an_upload_name_with_an_rtl_override_is_not_sent_back(
    bot: Bot, sample_text: str
) -> None:
    """``年报\\u202elmth.exe.txt``: the findings page came back named with the override (shown
    as another extension) and the ESC bytes of a name in the attachment's name."""
    bot.approved_member(MEMBER, "保安镇人民政府", "大洼区")
    name = "年报\u202egpj\x1b[2J.txt"
    await bot.upload(name, sample_text.encode(), MEMBER)
    (document,) = await bot.emu.wait_call("sendDocument", timeout=60)
    sent_name, _ = document.files["document"]
    assert not any(c in sent_name for c in "\u202e\x1b"), sent_name
    for message in bot.messages_to(MEMBER):
        assert not any(c in message.params["text"] for c in "\u202e\x1b")
    (stored,) = bot.store.list_reports()
    assert not any(c in stored.source_name for c in "\u202e\x1b")
