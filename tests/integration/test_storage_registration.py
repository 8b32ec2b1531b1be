"""Registration requests on SQLite and PostgreSQL: each change of organ or role is a new
numbered request, and an approval names the request it approves (``/approve 会话ID 申请号``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import text

from storage import Store, db

TOWNS = [f"第{n}镇人民政府" for n in range(1, 9)]


def test_each_new_organ_or_role_is_a_new_request(store: Store) -> None:
    first = store.register_chat(-1001, "城关镇人民政府")
    assert first.registration == 1
    assert store.register_chat(-1001, "城关镇人民政府").registration == 1  # the same request
    moved = store.register_chat(-1001, "西城街道办事处")
    assert moved.registration == 2 and not moved.approved
    back = store.register_chat(-1001, "城关镇人民政府")
    assert back.registration == 3  # back and forth: the supervisor must look again
    invited = store.register_chat(-1001, "西城街道办事处", approved=True)
    assert invited.registration == 4 and invited.approved
    assert store.chat_info(-1001) == invited


def test_an_approval_approves_only_the_request_it_names(store: Store) -> None:
    seen = store.register_chat(-1001, "城关镇人民政府")
    store.register_chat(-1001, "西城街道办事处")  # re-registered after the supervisor looked
    assert store.approve_registration(-1001, seen.registration) is None
    waiting = store.chat_info(-1001)
    assert waiting is not None and not waiting.approved
    approved = store.approve_registration(-1001, waiting.registration)
    assert approved is not None and approved.approved
    assert approved.organ_name == "西城街道办事处"
    assert store.approve_registration(42, 1) is None  # an unknown chat


def test_racing_registrations_of_one_chat_get_distinct_numbers(store: Store) -> None:
    """Two messages of one chat handled at once (two webhook workers): neither fails on the
    new row, and no two requests share a number, or approving the one a supervisor saw could
    approve the other."""
    for town in TOWNS:
        store.upsert_organ(town, "乡镇", "某县")
    barrier = threading.Barrier(len(TOWNS))

    def register(town: str) -> tuple[int, str | None]:
        barrier.wait(timeout=10)
        record = store.register_chat(-2002, town)
        return record.registration, record.organ_name

    with ThreadPoolExecutor(len(TOWNS)) as pool:
        results = list(pool.map(register, TOWNS))
    numbers = sorted(n for n, _ in results)
    assert numbers == list(range(1, len(TOWNS) + 1))
    final = store.chat_info(-2002)
    assert final is not None and final.registration == len(TOWNS)
    assert (final.registration, final.organ_name) in results


def test_an_approval_racing_a_re_registration_never_approves_the_new_organ(store: Store) -> None:
    for town in TOWNS[:2]:
        store.upsert_organ(town, "乡镇", "某县")
    for round_ in range(20):
        chat = -3000 - round_
        seen = store.register_chat(chat, TOWNS[0])
        _at_once(
            lambda: store.approve_registration(chat, seen.registration),  # noqa: B023
            lambda: store.register_chat(chat, TOWNS[1]),  # noqa: B023
        )
        final = store.chat_info(chat)
        assert final is not None and final.organ_name == TOWNS[1]
        assert not final.approved  # approved before the move (withdrawn) or refused after


def _at_once(*calls: Callable[[], object]) -> None:
    """Run ``calls`` in threads released together; re-raise any failure."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], object]) -> object:
        barrier.wait(timeout=10)
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        for future in [pool.submit(run, c) for c in calls]:
            future.result()


def test_chats_registered_before_the_migration_have_request_one(database_url: str) -> None:
    with Store(database_url) as store:
        db.upgrade(store.engine, "0004")
        with store.engine.begin() as conn:
            organ = conn.execute(
                text(
                    "INSERT INTO organs (name, kind, demo, created_at)"
                    " VALUES ('城关镇人民政府', '乡镇', :no, CURRENT_TIMESTAMP) RETURNING id"
                ),
                {"no": False},
            ).scalar_one()
            for chat_id, organ_id in ((11, organ), (12, None)):  # a member, a supervisor
                conn.execute(
                    text(
                        "INSERT INTO chats (chat_id, organ_id, role, approved, demo, created_at)"
                        " VALUES (:chat, :organ, 'member', :no, :no, CURRENT_TIMESTAMP)"
                    ),
                    {"chat": chat_id, "organ": organ_id, "no": False},
                )
        store.upgrade()
        assert [store.chat_info(c).registration for c in (11, 12)] == [1, 0]  # type: ignore[union-attr]
        assert store.register_chat(11, "西城街道办事处").registration == 2
