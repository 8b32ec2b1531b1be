"""Channel users on SQLite and PostgreSQL: a WeCom UserID gets one integer chat id, above
every Telegram id, the same from every thread and process."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from storage import Store
from storage.tables import CHANNEL_CHAT_BASE


def test_a_user_keeps_one_chat_id_and_maps_back(store: Store) -> None:
    first = store.channel_chat_id("wecom", "zhangsan")
    assert first > CHANNEL_CHAT_BASE > 2**52
    assert store.channel_chat_id("wecom", "zhangsan") == first
    other = store.channel_chat_id("wecom", "lisi")
    robot = store.channel_chat_id("wecom_robot", "zhangsan")  # same key, other channel
    assert len({first, other, robot}) == 3
    assert store.channel_user(first) == ("wecom", "zhangsan")
    assert store.channel_user(robot) == ("wecom_robot", "zhangsan")
    assert store.channel_user(123456789) is None  # a Telegram chat
    assert store.channel_user_chat_id("wecom", "lisi") == other
    assert store.channel_user_chat_id("wecom", "nobody") is None


def test_racing_first_messages_get_the_same_id(store: Store) -> None:
    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(lambda _: store.channel_chat_id("wecom", "wangwu"), range(16)))
    assert len(set(ids)) == 1


def test_channel_chats_register_and_are_approved_like_telegram_chats(store: Store) -> None:
    chat = store.channel_chat_id("wecom", "zhaoliu")
    store.upsert_organ("东城镇人民政府", "乡镇")
    store.register_chat(chat, "东城镇人民政府", title="zhaoliu")
    store.approve_chat(chat)
    info = store.chat_info(chat)
    assert info is not None and info.approved and info.chat_id == chat


def test_a_message_is_claimed_once_and_forgotten_later(store: Store) -> None:
    now = datetime(2027, 1, 24, 1, 0, tzinfo=UTC)
    keep = timedelta(days=1)
    assert store.claim_channel_message("wecom", "msg:1", now, keep)
    assert not store.claim_channel_message("wecom", "msg:1", now + timedelta(hours=1), keep)
    assert store.claim_channel_message("wecom_robot", "msg:1", now, keep)  # other channel
    later = now + timedelta(days=2)
    assert store.claim_channel_message("wecom", "msg:2", later, keep)  # prunes msg:1
    assert store.claim_channel_message("wecom", "msg:1", later, keep)
