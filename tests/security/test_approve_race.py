"""A supervisor approves exactly the registration it saw: a chat that re-registers for another
organ of the same region between the supervisor's look (the notice, the /approve list) and the
approval is not approved for the organ the supervisor never saw. Walked through the Bot API
emulator with the real conversation and storage."""

from __future__ import annotations

import re

from bot import conversation as conv
from tests.security.conftest import DAWA_SUPERVISOR, SUPERVISOR, Bot

CHAT = 6601
EAST = "东城镇人民政府"
WEST = "西城镇人民政府"


async def nth_to(bot: Bot, chat: int, n: int) -> str:
    """The text of the ``n``-th message (from 1) the bot sent to ``chat``, once it is there."""
    calls = await bot.emu.wait_call(
        "sendMessage", n, where=lambda c: c.params.get("chat_id") == chat
    )
    return str(calls[n - 1].params["text"])


def commands(text: str, chat: int) -> list[str]:
    """The /approve commands for ``chat`` a supervisor's message offers."""
    return re.findall(rf"/approve {chat} \d+", text)


async def test_a_switch_after_the_list_is_not_approved_by_the_command_seen(bot: Bot) -> None:
    bot.store.upsert_organ(EAST, "乡镇", "大洼区")
    bot.store.upsert_organ(WEST, "乡镇", "大洼区")
    await bot.say(f"/register {EAST}", CHAT)
    notice = await nth_to(bot, DAWA_SUPERVISOR, 1)
    assert f"申请登记为「{EAST}」" in notice and commands(notice, CHAT) == [f"/approve {CHAT} 1"]
    listed = (await bot.say("/approve", DAWA_SUPERVISOR)).params["text"]
    assert EAST in listed and commands(listed, CHAT) == [f"/approve {CHAT} 1"]

    # between the look and the approval, the chat asks for another organ of the region
    await bot.say(f"/register {WEST}", CHAT)

    stale = await bot.say(f"/approve {CHAT} 1", DAWA_SUPERVISOR)
    assert f"该会话已改为申请「{WEST}」（大洼区），请重新发送 /approve 查看" in stale.params["text"]
    bare = await bot.say(f"/approve {CHAT}", DAWA_SUPERVISOR)  # the old form: shows, never approves
    assert f"当前申请登记为「{WEST}」" in bare.params["text"]
    assert commands(bare.params["text"], CHAT) == [f"/approve {CHAT} 2"]
    chat = bot.store.chat_info(CHAT)
    assert chat is not None and chat.organ_name == WEST and not chat.approved
    assert not any("已获督导批准" in c.params["text"] for c in bot.messages_to(CHAT))

    # the supervisor looked again, and approves what it now sees
    approved = await bot.say(f"/approve {CHAT} 2", DAWA_SUPERVISOR)
    assert f"已批准会话 {CHAT}，登记为「{WEST}」" in approved.params["text"]
    chat = bot.store.chat_info(CHAT)
    assert chat is not None and chat.organ_name == WEST and chat.approved
    told = await nth_to(bot, CHAT, 3)
    assert "已获督导批准" in told and WEST in told
    again = await bot.say(f"/approve {CHAT} 2", DAWA_SUPERVISOR)
    assert "无需重复批准" in again.params["text"]


async def test_a_switch_by_button_after_the_notice_is_refused(bot: Bot) -> None:
    bot.store.upsert_organ("城关镇人民政府", "乡镇", "大洼区")
    bot.store.upsert_organ("城关街道办事处", "街道", "大洼区")
    offered = await bot.say("/register 城关", CHAT)
    keyboard = offered.params["reply_markup"]["inline_keyboard"]
    town, street = (
        next(r[0]["callback_data"] for r in keyboard if name in r[0]["text"])
        for name in ("城关镇人民政府", "城关街道办事处")
    )
    message = bot.emu.sent_message(CHAT, offered.result["message_id"])
    await bot.emu.push_callback(town, message, user_id=CHAT)
    await bot.emu.wait_call("editMessageText")
    seen = await nth_to(bot, SUPERVISOR, 1)
    assert "申请登记为「城关镇人民政府」" in seen
    (command,) = commands(seen, CHAT)

    await bot.emu.push_callback(street, message, user_id=CHAT)  # the other button, later
    await bot.emu.wait_call("editMessageText", 2)
    refused = await bot.say(command, SUPERVISOR)
    assert "该会话已改为申请「城关街道办事处」" in refused.params["text"]
    assert not bot.store.chat_info(CHAT).approved  # type: ignore[union-attr]
    # the batched notice of the new request carries its own command
    await conv.flush_notices(bot.services, force=True)
    digest = bot.messages_to(SUPERVISOR)[-1].params["text"]
    assert "申请登记为「城关街道办事处」" in digest
    assert commands(digest, CHAT) == [f"/approve {CHAT} 2"]


async def test_the_approval_names_a_request_of_the_supervisors_region(bot: Bot) -> None:
    bot.store.upsert_organ(EAST, "乡镇", "大洼区")
    bot.store.upsert_organ("金乡县平安镇人民政府", "乡镇", "金乡县")
    await bot.say(f"/register {EAST}", CHAT)
    await bot.say("/register 金乡县平安镇人民政府", CHAT)  # moved out of the region
    denied = await bot.say(f"/approve {CHAT} 1", DAWA_SUPERVISOR)
    assert "不在您督导的地区" in denied.params["text"]
    assert "金乡县" not in denied.params["text"]  # nothing said of the other region's request
    for bad in (f"/approve {CHAT} x", f"/approve {CHAT} 1 2", f"/approve {CHAT} ٣"):
        usage = await bot.say(bad, SUPERVISOR)
        assert "用法：/approve 会话ID 申请号" in usage.params["text"], bad
    assert not bot.store.chat_info(CHAT).approved  # type: ignore[union-attr]
