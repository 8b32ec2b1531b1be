"""Opening WeCom callbacks with wechatpy: signatures, stale timestamps, replays, duplicates.
The callbacks are sealed by the emulator's own implementation of the WeCom spec."""

from __future__ import annotations

import pytest

from tests.auxil.wecom_emulator import AES_KEY, CORP_ID, TOKEN, WeComEmulator, encrypt, signature
from wecom.callback import CallbackGuard, Duplicate, Refused, require_crypto
from xxgk.errors import ConfigError
from xxgk.settings import Settings

NOW = 1_767_000_000


class Clock:
    def __init__(self) -> None:
        self.now = float(NOW)

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def guard(clock: Clock) -> CallbackGuard:
    return CallbackGuard(TOKEN, AES_KEY, CORP_ID, clock=clock)


@pytest.fixture
def emu(clock: Clock) -> WeComEmulator:
    return WeComEmulator(clock=clock)


def open_(guard: CallbackGuard, cb: object) -> dict[str, str]:
    p = cb.params  # type: ignore[attr-defined]
    return guard.open(cb.body, p["msg_signature"], p["timestamp"], p["nonce"])  # type: ignore[attr-defined]


def test_a_message_opens_to_its_fields(guard: CallbackGuard, emu: WeComEmulator) -> None:
    fields = emu.message_fields("zhangsan", "text", Content="依申请公开<期限>&多少？")
    message = open_(guard, emu.callback(fields))
    assert message["FromUserName"] == "zhangsan"
    assert message["Content"] == "依申请公开<期限>&多少？"
    assert message["MsgId"] == fields["MsgId"]


def test_wrong_token_or_tampered_body_is_refused(guard: CallbackGuard, emu: WeComEmulator) -> None:
    fields = emu.message_fields("zhangsan", "text", Content="x")
    with pytest.raises(Refused):
        open_(guard, emu.callback(fields, token="other"))
    cb = emu.callback(fields)
    cb.body = cb.body.replace(b"<Encrypt><![CDATA[", b"<Encrypt><![CDATA[A")
    with pytest.raises(Refused):
        open_(guard, cb)


def test_stale_and_future_timestamps_are_refused(guard: CallbackGuard, emu: WeComEmulator) -> None:
    for offset in (-301, 301):
        fields = emu.message_fields("zhangsan", "text", Content="x")
        with pytest.raises(Refused, match="stale"):
            open_(guard, emu.callback(fields, timestamp=NOW + offset))
    fields = emu.message_fields("zhangsan", "text", Content="x")
    assert open_(guard, emu.callback(fields, timestamp=NOW - 299))


def test_a_replayed_request_is_refused_even_later(
    guard: CallbackGuard, emu: WeComEmulator, clock: Clock
) -> None:
    cb = emu.callback(emu.message_fields("zhangsan", "text", Content="x"))
    open_(guard, cb)
    with pytest.raises(Refused, match="replayed"):
        open_(guard, cb)
    clock.now += 3600  # by then the timestamp is stale anyway
    with pytest.raises(Refused):
        open_(guard, cb)


def test_a_retried_message_is_a_duplicate(guard: CallbackGuard, emu: WeComEmulator) -> None:
    fields = emu.message_fields("zhangsan", "text", Content="x")
    open_(guard, emu.callback(fields))
    with pytest.raises(Duplicate):
        open_(guard, emu.callback(fields))  # new nonce, same MsgId


def test_url_verification(guard: CallbackGuard) -> None:
    echo = encrypt("1234567890")
    ts, nonce = str(NOW), "n1"
    assert guard.verify_url(signature(TOKEN, ts, nonce, echo), ts, nonce, echo) == "1234567890"
    with pytest.raises(Refused):
        guard.verify_url("0" * 40, ts, nonce, echo)


def test_settings_missing_or_wrong_key_say_what_to_set(tmp_path: object) -> None:
    with pytest.raises(ConfigError, match="XXGK_WECOM_TOKEN"):
        require_crypto(Settings(wecom_corp_id=CORP_ID, wecom_aes_key=AES_KEY))
    with pytest.raises(ConfigError, match="43"):
        require_crypto(Settings(wecom_corp_id=CORP_ID, wecom_token=TOKEN, wecom_aes_key="short"))


def test_settings_parse_users_supervisors_and_robots() -> None:
    s = Settings(
        wecom_allowed_users="zhangsan, wangwu；li.si",
        wecom_supervisors="某县：lishi,zhaoliu",
        wecom_robots="某县:key-1,另一区:key-2",
    )
    assert s.wecom_allowed_user_ids == ["zhangsan", "wangwu", "li.si"]
    assert s.wecom_supervisor_users == [("某县", "lishi"), ("", "zhaoliu")]
    assert s.wecom_robot_keys == {"某县": "key-1", "另一区": "key-2"}


def test_xxgk_config_masks_the_wecom_secrets(tmp_path: object) -> None:
    from typer.testing import CliRunner

    from xxgk.cli import app

    env = {
        "XXGK_HOME": str(tmp_path),
        "XXGK_WECOM_CORP_ID": CORP_ID,
        "XXGK_WECOM_SECRET": "app-secret-value",
        "XXGK_WECOM_TOKEN": "token-value",
        "XXGK_WECOM_AES_KEY": AES_KEY,
        "XXGK_WECOM_ROBOTS": "某县:robot-key-value",
    }
    result = CliRunner().invoke(app, ["config"], env=env)
    assert result.exit_code == 0
    assert CORP_ID in result.output  # not a secret
    for secret in ("app-secret-value", "token-value", AES_KEY, "robot-key-value"):
        assert secret not in result.output
    assert result.output.count("（已设置）") >= 4
