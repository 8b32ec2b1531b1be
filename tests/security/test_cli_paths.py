"""The command line on hostile paths and file contents: links out of an ingested folder, text
that looks like terminal markup, special files. One Chinese line each, the batch goes on, and
nothing of what a link points at is stored."""

from __future__ import annotations

import os
from pathlib import Path

from base.settings import Settings
from services.storage import open_store
from tests.security.test_hostile_files import SAMPLE, nothing_outside_home, xxgk

SECRET = "机密-仅供内部-7731"


def stored_texts(tmp_path: Path) -> list[str]:
    store = open_store(Settings(home=tmp_path / "home"))
    try:
        return [r.text for r in store.list_reports()]
    finally:
        store.close()


def test_a_link_in_an_ingested_folder_that_leads_out_is_not_read(tmp_path: Path) -> None:
    """A shared drop folder holding ``年报.txt -> /elsewhere/other-organ.txt``: before, its
    text was published to every chat."""
    outside = tmp_path / "in" / "private"
    outside.mkdir(parents=True)
    secret = outside / "草稿.txt"
    secret.write_text(SAMPLE.read_text(encoding="utf-8") + f"\n{SECRET}\n", encoding="utf-8")
    folder = tmp_path / "in" / "drop"
    (folder / "sub").mkdir(parents=True)
    (folder / "链接年报.txt").symlink_to(secret)
    (folder / "sub" / "上级").symlink_to(folder, target_is_directory=True)  # a loop
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "本镇年报.txt").write_bytes(SAMPLE.read_bytes())
    (folder / "sub" / "内部链接.txt").symlink_to(folder / "本镇年报.txt")  # stays inside
    done = xxgk(["ingest", str(folder)], tmp_path)
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stdout.count("以外的链接，为安全起见未读取") == 2, done.stdout
    assert "新增 1 份" in done.stdout
    texts = stored_texts(tmp_path)
    assert len(texts) == 1 and all(SECRET not in t and "root:" not in t for t in texts)
    # named on the command line, the operator's own choice is read
    direct = xxgk(["ingest", str(folder / "链接年报.txt")], tmp_path)
    assert "新增 1 份" in direct.stdout, direct.stdout + direct.stderr
    assert nothing_outside_home(tmp_path)


def test_markup_in_a_report_or_a_file_name_does_not_end_the_batch(tmp_path: Path) -> None:
    """``xxgk ingest`` prints with rich: an organ line ``[/bold]保安镇人民政府`` raised
    MarkupError after the report was stored, and the rest of the folder was never read."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = SAMPLE.read_text(encoding="utf-8").replace("保安镇人民政府", "[/bold]保安镇人民政府")
    (folder / "1-标记.txt").write_text(text, encoding="utf-8")
    (folder / "2-[red]名字[link=file:x].txt").write_text("不是年报", encoding="utf-8")
    (folder / "3-正常.txt").write_text(
        SAMPLE.read_text(encoding="utf-8").replace("保安镇", "东城镇"), encoding="utf-8"
    )
    done = xxgk(["ingest", str(folder)], tmp_path)
    assert "Traceback" not in done.stderr and "MarkupError" not in done.stderr, done.stderr
    assert "[/bold]保安镇人民政府" in done.stdout
    assert "2-[red]名字[link=file:x].txt" in done.stdout
    assert "新增 2 份" in done.stdout and "失败 1 份" in done.stdout
    assert len(stored_texts(tmp_path)) == 2


def test_special_files_get_one_line(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    fifo = tmp_path / "in" / "年报.txt"
    os.mkfifo(fifo)
    for args in (["check", str(fifo)], ["ingest", str(fifo)], ["check", "/dev/zero"]):
        done = xxgk(args, tmp_path)  # a FIFO nobody writes to must not block
        assert done.returncode == 2 and "不是文件" in done.stdout + done.stderr, args
        assert "Traceback" not in done.stderr
    assert nothing_outside_home(tmp_path)


ESCAPES = "\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b[2J\x9b31m\u202e"
"""OSC 52 (write the terminal's clipboard), clear screen, a C1 CSI and an RTL override."""


def test_terminal_escapes_in_a_file_never_reach_the_terminal_or_the_store(
    tmp_path: Path,
) -> None:
    """Before, ``xxgk check``/``parse`` printed a report's ESC sequences as they were (the
    organ line, a heading) and ``ingest`` stored them for the console chat to print."""
    (tmp_path / "in").mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("保安镇人民政府", f"保安镇{ESCAPES}人民政府", 1)
    text = text.replace("## 一、总体情况", f"## 一、总体情况{ESCAPES}", 1)
    path = tmp_path / "in" / "年报.txt"
    path.write_text(text, encoding="utf-8")
    for args in (["check", str(path)], ["parse", str(path)], ["ingest", str(path)]):
        done = xxgk(args, tmp_path)
        out = done.stdout + done.stderr
        assert "保安镇" in out, (args, out)
        assert not any(c in out for c in "\x1b\x07\x9b\u202e"), (args, out)
    (stored,) = stored_texts(tmp_path)
    assert "保安镇人民政府" in stored and not any(c in stored for c in "\x1b\x07\x9b\u202e")
    assert nothing_outside_home(tmp_path)
