"""A bot against the Bot API emulator, with the real conversation, storage, checks and ask
service (fake embeddings: these tests judge who sees what, not ranking)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from base.settings import Settings
from bot.app import build_application
from bot.dependencies import BotServices
from services.storage import open_store
from storage.repository import Store
from tests.auxil.bot_api_emulator import BotApiEmulator, Call, polling
from tests.auxil.fake_embeddings import fake_embeddings

TOKEN = "424242:SECURITY-TEST-TOKEN"
SUPERVISOR = 9000  # configured, oversees every region
DAWA_SUPERVISOR = 9001  # configured for 大洼区 only
ALLOWED = 1001  # in XXGK_ALLOWED_CHATS
TODAY = date(2024, 1, 10)
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Bot:
    emu: BotApiEmulator
    settings: Settings
    store: Store
    services: BotServices
    outside: Path
    """A folder outside XXGK_HOME (the working directory): nothing may appear in it."""

    async def say(self, text: str, chat_id: int) -> Call:
        """Send ``text`` and return the bot's first new message to that chat. The first
        question on a fresh home builds the search index (some 7,000 passages and typical
        questions), so the wait is as long as an upload's."""
        before = len(self.messages_to(chat_id))
        await self.emu.push_text(text, chat_id=chat_id)
        calls = await self.emu.wait_call(
            "sendMessage",
            before + 1,
            timeout=120,
            where=lambda c: c.params.get("chat_id") == chat_id,
        )
        return calls[before]

    async def upload(self, filename: str, data: bytes, chat_id: int) -> Call:
        before = len(self.messages_to(chat_id))
        await self.emu.push_document(filename, data, chat_id=chat_id)
        calls = await self.emu.wait_call(
            "sendMessage",
            before + 1,
            timeout=120,
            where=lambda c: c.params.get("chat_id") == chat_id,
        )
        return calls[before]

    def messages_to(self, chat_id: int) -> list[Call]:
        return [c for c in self.emu.calls_to("sendMessage") if c.params.get("chat_id") == chat_id]

    def approved_member(self, chat_id: int, organ: str, region: str, kind: str = "乡镇") -> int:
        """A chat a supervisor already approved for ``organ``; returns the organ id."""
        record = self.store.upsert_organ(organ, kind, region)
        self.store.register_chat(chat_id, organ)
        self.store.approve_chat(chat_id)
        return record.id


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("security-template")
    open_store(Settings(home=home)).close()
    return home


@pytest.fixture
async def bot(
    tmp_path: Path, migrated: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Bot]:
    outside = tmp_path / "cwd"
    outside.mkdir()
    monkeypatch.chdir(outside)
    home = tmp_path / "home"
    home.mkdir()
    for db_file in migrated.glob("xxgk.sqlite3*"):
        shutil.copy(db_file, home / db_file.name)
    async with BotApiEmulator(TOKEN) as emu:
        with fake_embeddings() as provider:
            settings = Settings(
                home=home,
                embedding_provider=provider,
                TELEGRAM_BOT_TOKEN=TOKEN,
                TELEGRAM_BASE_URL=emu.base_url,
                TELEGRAM_BASE_FILE_URL=emu.base_file_url,
                allowed_chats=str(ALLOWED),
                supervisor_chats=f"{SUPERVISOR},大洼区:{DAWA_SUPERVISOR}",
            )
            store = open_store(settings)
            services = BotServices(settings, store, today=lambda: TODAY)
            application = build_application(settings, services)
            try:
                async with polling(application, emu):
                    yield Bot(emu, settings, store, services, outside)
            finally:
                store.close()
    assert list(outside.iterdir()) == [], "a file was written outside XXGK_HOME"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cwd", "home"]


@pytest.fixture
def sample_text() -> str:
    return sorted((ROOT / "corpus" / "reports").glob("*.txt"))[0].read_text(encoding="utf-8")


def report_text(sample: str, organ: str, sentence: str) -> bytes:
    """The sample report as ``organ``'s, with ``sentence`` in its 一、总体情况."""
    text = sample.replace("保安镇人民政府", organ).replace("保安镇", organ)
    head, sep, rest = text.partition("## 一、总体情况\n")
    return (head + sep + "\n" + sentence + "\n" + rest).encode()


def no_traceback(text: str) -> bool:
    return "Traceback" not in text
