"""An invite code is checked when a supervisor issues it and again when a chat redeems it: a
code outlives neither its issuer's duty for the organ's region nor the organ's being a
reporting organ. Walked through the Bot API emulator with the real conversation and storage."""

from __future__ import annotations

import re

from base.settings import Settings
from bot import conversation as conv
from bot.access import OPERATOR_CHAT_ID
from bot.dependencies import BotServices
from bot.replies import CONSOLE
from services.access import channel_user_oversees
from tests.security.conftest import Bot

OFFICE = 8800  # a supervisor chat imported from the organs CSV, for 大洼区
TOWN = "东城镇人民政府"
REVOKED = "此邀请码已失效"


async def issue(bot: Bot, supervisor: int, organ: str) -> str:
    issued = (await bot.say(f"/invite {organ}", supervisor)).params["text"]
    code = re.search(r"XXGK(?:-[0-9A-Z]{4}){3}", issued)
    assert code is not None, issued
    return code.group()


async def test_a_code_dies_with_its_issuers_duty_for_the_region(bot: Bot) -> None:
    bot.store.register_supervisor(OFFICE, "大洼区政务公开办", "大洼区")
    town = bot.store.upsert_organ(TOWN, "乡镇", "大洼区")
    moved_code = await issue(bot, OFFICE, TOWN)
    suspended_code = await issue(bot, OFFICE, TOWN)
    # the operator moves the office to another county: its outstanding codes are dead
    bot.store.register_supervisor(OFFICE, "大洼区政务公开办", "金乡县")
    refused = await bot.say(f"/register {moved_code}", 7101)
    assert REVOKED in refused.params["text"]
    assert bot.store.chat_info(7101) is None
    # and a supervisor taken off duty altogether
    bot.store.approve_chat(OFFICE, False)
    refused = await bot.say(f"/register {suspended_code}", 7102)
    assert REVOKED in refused.params["text"]
    assert bot.store.chat_info(7102) is None
    # back on duty for the region, a new code works (and the dead ones stay used)
    bot.store.register_supervisor(OFFICE, "大洼区政务公开办", "大洼区")
    used = await bot.say(f"/register {moved_code}", 7101)
    assert "邀请码无效、已使用或已过期" in used.params["text"]
    fresh = await issue(bot, OFFICE, TOWN)
    bound = await bot.say(f"/register {fresh}", 7103)
    assert f"已凭邀请码登记为「{TOWN}」" in bound.params["text"]
    chat = bot.store.chat_info(7103)
    assert chat is not None and chat.approved and chat.organ_id == town.id


async def test_a_code_for_an_organ_that_stopped_reporting_binds_nothing(bot: Bot) -> None:
    bot.store.register_supervisor(OFFICE, "大洼区政务公开办", "大洼区")
    bot.store.upsert_organ("大洼区督导组", "乡镇", "大洼区")  # a careless first import
    code = await issue(bot, OFFICE, "大洼区督导组")
    bot.store.upsert_organ("大洼区督导组", "督导", "大洼区")  # corrected before redemption
    refused = await bot.say(f"/register {code}", 7201)
    assert REVOKED in refused.params["text"]
    assert bot.store.chat_info(7201) is None


async def test_the_operators_console_codes_work_in_the_bot(bot: Bot) -> None:
    console = BotServices(bot.settings, bot.store, local_supervisors=frozenset({OPERATOR_CHAT_ID}))
    caller = conv.Caller(OPERATOR_CHAT_ID, "控制台", channel=CONSOLE)
    (issued,) = await conv.invite(console, caller, f"{TOWN} 大洼区")
    code = re.search(r"XXGK(?:-[0-9A-Z]{4}){3}", issued.html)
    assert code is not None
    bound = await bot.say(f"/register {code.group()}", 7301)  # another process: the bot
    assert f"已凭邀请码登记为「{TOWN}」" in bound.params["text"]


def test_a_wecom_supervisors_code_is_good_in_the_telegram_process(bot: Bot) -> None:
    """The Telegram bot does not fold WeCom members into its supervisors (the WeCom server
    does): the redemption check asks the WeCom configuration for an issuer that is one."""
    settings = Settings(home=bot.settings.home, wecom_supervisors="大洼区:lishi,*:wangwu")
    lishi = bot.store.channel_chat_id("wecom", "lishi")
    wangwu = bot.store.channel_chat_id("wecom", "wangwu")
    zhaoliu = bot.store.channel_chat_id("wecom", "zhaoliu")
    robot = bot.store.channel_chat_id("wecom_robot", "lishi")
    assert channel_user_oversees(settings, bot.store, lishi, "大洼区")
    assert not channel_user_oversees(settings, bot.store, lishi, "金乡县")
    assert channel_user_oversees(settings, bot.store, wangwu, "金乡县")
    assert not channel_user_oversees(settings, bot.store, zhaoliu, "大洼区")
    assert not channel_user_oversees(settings, bot.store, robot, "大洼区")
    assert not channel_user_oversees(settings, bot.store, 9001, "大洼区")  # a Telegram chat
