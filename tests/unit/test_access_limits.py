"""Invite codes, signed buttons, the per-chat token bucket and the supervisors' batching."""

from __future__ import annotations

from pathlib import Path

from base.settings import Settings
from bot.limits import NoticeBatcher, digest_text, take_token
from services.access import invite_digest, new_invite_code, sign, verify
from storage.records import BucketState


def test_invite_codes_are_random_and_read_back_in_any_case() -> None:
    code = new_invite_code()
    assert code.startswith("XXGK-") and len(code) == 19 and code != new_invite_code()
    digest = invite_digest(code)
    assert digest is not None and len(digest) == 64
    assert invite_digest(code.lower().replace("-", "")) == digest
    assert invite_digest("东城镇人民政府") is None and invite_digest("XXGK-0000-0000-0000") is None


def test_signatures_bind_data_to_one_chat(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    mark = sign(settings, 1, "7")
    assert verify(settings, 1, "7", mark)
    assert not verify(settings, 2, "7", mark) and not verify(settings, 1, "8", mark)
    assert (tmp_path / "callback.key").stat().st_mode & 0o777 == 0o600
    assert verify(Settings(home=tmp_path), 1, "7", mark)  # the key survives a restart


def test_token_bucket_warns_once_then_drops_until_refilled() -> None:
    def run(bucket: BucketState | None, now: float, n: int) -> tuple[BucketState, list[str]]:
        outcomes = []
        for _ in range(n):
            assert bucket is None or bucket.stamp <= max(bucket.stamp, now)
            bucket, verdict = take_token(bucket, now, capacity=3, refill=2.0)
            outcomes.append(verdict.outcome + (f":{verdict.wait}" if verdict.wait else ""))
        assert bucket is not None
        return bucket, outcomes

    bucket, outcomes = run(None, 0.0, 5)
    assert outcomes == ["ok", "ok", "ok", "warn:2", "drop:2"]
    bucket, outcomes = run(bucket, 2.0, 2)  # one token back after 2 s
    assert outcomes == ["ok", "warn:2"]
    bucket, outcomes = run(bucket, 1.0, 1)  # another worker's clock, a little behind
    assert outcomes == ["drop:2"] and bucket.stamp == 2.0
    bucket, outcomes = run(bucket, 100.0, 4)  # full again, never more than the capacity
    assert outcomes == ["ok", "ok", "ok", "warn:2"]


def test_notices_are_batched_per_period() -> None:
    now = [0.0]
    batch = NoticeBatcher(period=600, clock=lambda: now[0])
    assert batch.add([9], "a") == {9: ["a"]}
    assert batch.add([9], "b") == {} and batch.add([9], "c") == {}
    assert batch.due() == {}
    now[0] = 601
    assert batch.due() == {9: ["b", "c"]}
    assert len(digest_text([str(i) for i in range(30)])) == 21
