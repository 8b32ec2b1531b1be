"""``xxgk doctor``: repair what a crash left — stored reports missing from the search index,
and reminders claimed but never delivered (they are sent at the next reminder run)."""

from __future__ import annotations

import typer

from xxgk.commands._common import load_settings, user_errors


def doctor() -> None:
    """检查并修复：补建崩溃时未完成的索引（已保存但未索引的年报和草稿），列出已认领但未送达的提醒。

    每次启动机器人或运行 xxgk ingest / init 时也会自动补建索引。

    示例：xxgk doctor
    """
    from xxgk.services.ingesting import repair_index
    from xxgk.services.storage import open_store

    settings = load_settings()
    with user_errors():
        store = open_store(settings)
        try:
            summary = repair_index(settings, store, verify=True, progress=typer.echo)
            undelivered = [r for r in store.reminders_sent() if r.delivered_at is None]
        finally:
            store.close()
    typer.echo(
        f"索引：补建 {len(summary.indexed)} 份未完成索引的报告，"
        f"重建 {len(summary.missing)} 份索引缺失的报告。"
    )
    for report_id, error in summary.failed:
        typer.echo(f"  #{report_id} 索引失败：{error}", err=True)
    typer.echo(
        f"提醒：{len(undelivered)} 条已认领但未确认送达，将在下次提醒运行时补发（注明【补发】）。"
        if undelivered
        else "提醒：没有未送达的提醒。"
    )
    if summary.failed:
        raise typer.Exit(1)
    typer.echo("检查完成。")


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor)
