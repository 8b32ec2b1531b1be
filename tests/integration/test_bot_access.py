"""Who may use the bot: allowed chats, supervisors (with regions), approved registrations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.access import access_of
from storage.repository import Store
from xxgk.errors import ConfigError
from xxgk.services.storage import open_store
from xxgk.settings import Settings


@pytest.fixture
def access_settings(tmp_path: Path) -> Settings:
    return Settings(
        home=tmp_path / "home", allowed_chats="11, 12", supervisor_chats="东区:21；*:22,23"
    )


@pytest.fixture
def access_store(access_settings: Settings) -> Iterator[Store]:
    store = open_store(access_settings)
    yield store
    store.close()


def test_roles(access_settings: Settings, access_store: Store) -> None:
    def role(chat_id: int) -> str:
        return access_of(access_settings, access_store, chat_id).role

    access_store.register_chat(31, "东城镇人民政府")
    access_store.register_chat(32, "西城镇人民政府")
    access_store.approve_chat(32)
    assert role(11) == "member"  # allowed by settings, not registered
    assert role(31) == "refused"  # registered, waiting
    assert role(32) == "member"
    assert role(99) == "refused"
    assert role(21) == role(22) == role(23) == "supervisor"


def test_supervisor_regions(access_settings: Settings, access_store: Store) -> None:
    east = access_of(access_settings, access_store, 21)
    assert east.regions == frozenset({"东区"})
    assert east.oversees("东区") and not east.oversees("西区") and not east.oversees(None)
    assert access_of(access_settings, access_store, 22).regions is None
    assert access_of(access_settings, access_store, 23).regions is None


def test_database_supervisors_need_approval(access_settings: Settings, access_store: Store) -> None:
    access_store.register_chat(41, "县政务公开办", role="supervisor", region="西区")
    assert access_of(access_settings, access_store, 41).role == "refused"
    access_store.approve_chat(41)
    who = access_of(access_settings, access_store, 41)
    assert who.supervisor and who.regions == frozenset({"西区"})
    assert who.organ is None  # a supervisor does not speak for its 督导 organ


def test_local_supervisor(access_settings: Settings, access_store: Store) -> None:
    who = access_of(access_settings, access_store, 0, local_supervisors={0})
    assert who.supervisor and who.regions is None


def test_member_organ_needs_approval(access_settings: Settings, access_store: Store) -> None:
    access_store.register_chat(11, "东城镇人民政府")
    waiting = access_of(access_settings, access_store, 11)
    assert waiting.allowed and waiting.organ is None and waiting.organ_id is None
    access_store.approve_chat(11)
    approved = access_of(access_settings, access_store, 11)
    organ = access_store.get_organ("东城镇人民政府")
    assert organ is not None
    assert approved.organ == "东城镇人民政府" and approved.organ_id == organ.id


def test_malformed_supervisor_setting(tmp_path: Path, access_store: Store) -> None:
    broken = Settings(home=tmp_path, supervisor_chats="21, 东区:abc")
    with pytest.raises(ConfigError, match="督导会话"):
        access_of(broken, access_store, 21)
