"""The reminder plan: who gets what when in the 2026 report season, and catching up."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from deadlines.reminders import (
    Organ,
    PlannedMessage,
    ReminderPolicy,
    due_messages,
    plan_reminders,
)

TZ = ZoneInfo("Asia/Shanghai")
BUREAU = Organ("某某县财政局", "部门", "某某县", chat_ids=(101,), state="none")
TOWN = Organ("某某镇人民政府", "乡镇", "某某县", chat_ids=(102, 103), state="errors", error_count=2)
DONE = Organ("某某县教育局", "部门", "某某县", chat_ids=(104,), state="passed")
FAR = Organ("另一区民政局", "部门", "另一区", chat_ids=(105,), state="none")
SUPERVISORS = {"某某县": [900], "*": [901]}
ORGANS = [BUREAU, TOWN, DONE, FAR]


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


@pytest.fixture(scope="module")
def plan() -> list[PlannedMessage]:
    return plan_reminders(ORGANS, SUPERVISORS, 2026, at(2026, 12, 1, 0), at(2027, 2, 28, 23))


def of(plan: list[PlannedMessage], kind: str, chat: int) -> list[PlannedMessage]:
    return [m for m in plan if m.kind == kind and m.chat_id == chat]


def test_reminders_at_each_offset_and_on_the_day(plan: list[PlannedMessage]) -> None:
    days = [m.at for m in of(plan, "reminder", 101)]
    assert days == [
        at(2027, 1, 1),
        at(2027, 1, 17),
        at(2027, 1, 24),
        at(2027, 1, 28),
        at(2027, 1, 30),
        at(2027, 1, 31),
    ]
    seven = of(plan, "reminder", 101)[2]
    assert seven.organ == "某某县财政局"
    assert seven.at.utcoffset() == timedelta(hours=8) and seven.at.time() == time(9, 0)
    assert seven.text.startswith(
        "【年报提醒】某某县财政局：距离2026年度政府信息公开工作年度报告发布截止日"
        "（2027年1月31日）还有7天。"
    )
    assert "尚未收到" in seven.text
    on_the_day = of(plan, "reminder", 101)[-1]
    assert "今天（2027年1月31日）是2026年度政府信息公开工作年度报告发布截止日" in on_the_day.text


def test_organ_with_errors_is_told_how_many_and_every_chat_gets_it(
    plan: list[PlannedMessage],
) -> None:
    for chat in (102, 103):
        msgs = of(plan, "reminder", chat)
        assert len(msgs) == 6
        assert all("还有2处错误未修改" in m.text for m in msgs)


def test_overdue_daily_for_three_days(plan: list[PlannedMessage]) -> None:
    msgs = of(plan, "overdue", 101)
    assert [m.at for m in msgs] == [at(2027, 2, 1), at(2027, 2, 2), at(2027, 2, 3)]
    assert msgs[0].text.startswith(
        "【年报逾期】某某县财政局：2026年度政府信息公开工作年度报告发布截止日（2027年1月31日）已过1天。"
    )
    assert "已过3天" in msgs[2].text
    assert all("还有2处错误未修改" in m.text for m in of(plan, "overdue", 102))


def test_passed_organ_gets_nothing(plan: list[PlannedMessage]) -> None:
    assert [m for m in plan if m.chat_id == 104] == []
    assert all(m.organ != "某某县教育局" for m in plan)


def test_escalation_is_one_summary_per_supervisor_on_the_first_day_after(
    plan: list[PlannedMessage],
) -> None:
    (county,) = of(plan, "escalation", 900)
    assert county.at == at(2027, 2, 1) and county.organ is None
    assert "以下2个单位尚未完成" in county.text
    assert "某某县财政局〔某某县〕：尚未上传年报" in county.text
    assert "某某镇人民政府〔某某县〕：还有2处错误未修改" in county.text
    assert "教育局" not in county.text and "另一区" not in county.text
    (everyone,) = of(plan, "escalation", 901)  # "*" supervises every region
    assert "以下3个单位尚未完成" in everyone.text and "另一区民政局" in everyone.text


def test_digest_daily_from_30_days_before_to_3_days_after(plan: list[PlannedMessage]) -> None:
    digests = of(plan, "digest", 900)
    assert [m.at for m in digests] == [at(2027, 1, 1, 20) + timedelta(days=i) for i in range(34)]
    first = digests[0].text
    assert first.startswith("【年报进度日报】2027年1月1日")
    assert "共3个单位，未上传1个，有错误待修改1个，已通过检查1个。" in first
    assert "一、未上传年报（1个）：\n· 某某县财政局〔某某县〕：距截止日（1月31日）还有30天" in first
    assert "已逾期3天" in digests[-1].text


def test_plan_is_sorted_and_inside_the_window(plan: list[PlannedMessage]) -> None:
    assert plan == sorted(plan, key=lambda m: m.at)
    short = plan_reminders(ORGANS, SUPERVISORS, 2026, at(2027, 1, 24, 9), at(2027, 1, 24, 9))
    assert {m.kind for m in short} == {"reminder"}
    assert {m.chat_id for m in short} == {101, 102, 103, 105}


def test_period_keys_unique_and_stable(plan: list[PlannedMessage]) -> None:
    keys = [m.period_key for m in plan]
    assert len(keys) == len(set(keys))
    # State changes the text, never the key: the sender's exactly-once claim still holds.
    fixed = Organ("某某镇人民政府", "乡镇", "某某县", (102, 103), state="errors", error_count=1)
    again = plan_reminders(
        [BUREAU, fixed, DONE, FAR], SUPERVISORS, 2026, at(2026, 12, 1, 0), at(2027, 2, 28, 23)
    )
    assert [m.period_key for m in again] == keys
    seven = of(plan, "reminder", 102)[2]
    assert seven.period_key == "reminder:2026:D-7:102:某某县/某某镇人民政府"
    assert of(plan, "escalation", 900)[0].period_key == "escalation:2026:2027-02-01:900"
    assert of(plan, "digest", 900)[0].period_key == "digest:2026:2027-01-01:900"
    other_year = plan_reminders([BUREAU], {}, 2027, at(2027, 12, 1, 0), at(2028, 2, 28, 23))
    assert not set(keys) & {m.period_key for m in other_year}


def test_deadline_overrides_move_the_plan() -> None:
    plan = plan_reminders(
        [TOWN], {}, 2026, at(2026, 12, 1, 0), at(2027, 2, 28, 23),
        overrides={"某某县": {"乡镇": "01-20"}},
    )  # fmt: skip
    assert of(plan, "reminder", 102)[-1].at == at(2027, 1, 20)
    assert "（2027年1月20日）" in of(plan, "reminder", 102)[-1].text


def test_policy_is_configurable() -> None:
    policy = ReminderPolicy(
        offsets=(7, 0), overdue_days=1, send_time=time(8, 30), digest_time=None, escalate=False
    )
    plan = plan_reminders(
        [BUREAU], SUPERVISORS, 2026, at(2026, 12, 1, 0), at(2027, 2, 28, 23), policy
    )
    assert [(m.kind, m.at) for m in plan] == [
        ("reminder", at(2027, 1, 24, 8, 30)),
        ("reminder", at(2027, 1, 31, 8, 30)),
        ("overdue", at(2027, 2, 1, 8, 30)),
    ]
    with pytest.raises(ValueError):
        ReminderPolicy(offsets=(7, 7))
    with pytest.raises(ValueError):
        ReminderPolicy(overdue_days=-1)


def test_no_digest_when_every_organ_passed() -> None:
    plan = plan_reminders([DONE], {"某某县": [900]}, 2026, at(2026, 12, 1), at(2027, 3, 1))
    assert plan == []


def test_supervisor_listing_is_capped() -> None:
    many = [Organ(f"单位{i:02d}", "部门", "某某县") for i in range(10)]
    policy = ReminderPolicy(max_list_lines=3)
    plan = plan_reminders(many, {"某某县": [900]}, 2026, at(2027, 2, 1), at(2027, 2, 1), policy)
    (esc,) = plan
    assert "以下10个单位尚未完成" in esc.text and "……另有7个单位" in esc.text


def test_naive_window_is_rejected() -> None:
    with pytest.raises(ValueError):
        plan_reminders(ORGANS, SUPERVISORS, 2026, datetime(2027, 1, 1), datetime(2027, 2, 1))


# --- due_messages ---------------------------------------------------------------------------


def test_due_messages_since_last_run(plan: list[PlannedMessage]) -> None:
    due = due_messages(plan, at(2027, 1, 24, 9, 1), at(2027, 1, 24, 8, 0))
    assert {(m.kind, m.chat_id) for m in due} == {("reminder", c) for c in (101, 102, 103, 105)}
    assert not any(m.late for m in due)
    assert not any(m.text.startswith("【补发】") for m in due)


def test_sent_keys_are_not_sent_again(plan: list[PlannedMessage]) -> None:
    now, last = at(2027, 1, 24, 9, 1), at(2027, 1, 24, 8, 0)
    first = due_messages(plan, now, last)
    sent = {m.period_key for m in first[:2]}
    second = due_messages(plan, now, last, sent_keys=sent)
    assert [m.period_key for m in second] == [m.period_key for m in first[2:]]


def test_catch_up_after_downtime_sends_newest_late(plan: list[PlannedMessage]) -> None:
    # Down from 01-16 to 01-24 noon: D-14 (01-17) and D-7 (01-24) both missed.
    now, last = at(2027, 1, 24, 12), at(2027, 1, 16, 21)
    due = [m for m in due_messages(plan, now, last) if m.chat_id == 101]
    (only,) = due
    assert only.period_key.startswith("reminder:2026:D-7:")
    assert only.late is True and only.text.startswith("【补发】【年报提醒】")
    everything = [m for m in due_messages(plan, now, last, coalesce=False) if m.chat_id == 101]
    assert [m.period_key.split(":")[2] for m in everything] == ["D-14", "D-7"]
    # Digests coalesce too: one per supervisor chat, the newest (01-23 20:00).
    (digest,) = [m for m in due_messages(plan, now, last) if m.chat_id == 900]
    assert digest.at == at(2027, 1, 23, 20) and digest.late


def test_newest_already_sent_keeps_older_ones_quiet(plan: list[PlannedMessage]) -> None:
    now = at(2027, 1, 24, 12)
    newest = next(m for m in of(plan, "reminder", 101) if m.at == at(2027, 1, 24))
    due = due_messages(plan, now, None, sent_keys={newest.period_key})
    assert [m for m in due if m.chat_id == 101] == []


def test_grace_decides_late() -> None:
    msg = PlannedMessage(at(2027, 1, 24), "甲", 1, "reminder", "k", "正文", "s")
    (on_time,) = due_messages([msg], at(2027, 1, 24, 10), None, grace=timedelta(hours=2))
    assert not on_time.late and on_time.text == "正文"
    (late,) = due_messages([msg], at(2027, 1, 24, 12, 1), None, grace=timedelta(hours=2))
    assert late.late and late.text == "【补发】正文"
    assert due_messages([msg], at(2027, 1, 24, 8, 59), None) == []
