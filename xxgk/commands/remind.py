"""``xxgk remind plan`` (what would be sent when to whom) and ``xxgk remind run`` (send what
is due now, or at ``--now``: the fake clock the tests use, so nothing ever sleeps)."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, time
from typing import TYPE_CHECKING, Annotated, Any

import typer

from base.errors import ConfigError, ServiceUnavailable
from base.settings import Settings
from deadlines.reporting import current_report_year
from deadlines.workdays import weekday_cn
from services.deadlines import parse_date
from services.remind import (
    KIND_LABELS,
    RunResult,
    Sender,
    now_in,
    parse_moment,
    plan_messages,
    rest_day_warning,
    run_reminders,
    season_end,
    zone,
)
from services.storage import open_store
from xxgk.commands._common import load_settings, user_errors

if TYPE_CHECKING:
    from deadlines.reminders import PlannedMessage
    from storage.repository import Store

remind_app = typer.Typer(help="年报提醒：查看提醒计划、发送到期的提醒。", no_args_is_help=True)

STATUS_LABELS = {
    "sent": "已发送",
    "failed": "发送失败",
    "taken": "已由其他进程发送",
    "dry-run": "将发送",
}


def _stamp(at: datetime, settings: Settings) -> str:
    return at.astimezone(zone(settings)).strftime("%Y-%m-%d %H:%M")


def _recipient(m: PlannedMessage) -> str:
    return m.organ if m.organ is not None else "督导"


WEEKENDS_HELP = "周末和法定节假日也发送（默认不在休息日发送；也可设置 XXGK_REMIND_ON_REST_DAYS=1）"


def plan(
    start: Annotated[
        str | None, typer.Option("--from", help="起始日期，如 2027-01-01（默认今天）")
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", help="截止日期（含），如 2027-02-05（默认本轮年报季结束）"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
    year: Annotated[
        int | None, typer.Option("--year", help="报告年度（默认按起始日期推算）")
    ] = None,
    weekends: Annotated[bool | None, typer.Option("--weekends", help=WEEKENDS_HELP)] = None,
) -> None:
    """列出这段时间内将在何时向哪个会话发送哪些提醒及其全文（按各单位当前的年报状态，不发送）。

    不带参数时从今天列到本轮年报季结束（最晚截止日之后的逾期提醒也列出）。
    类型：截止前提醒、逾期提醒、逾期通报（发给督导）、进度日报（发给督导）。
    已发送过的也列出。周末和法定节假日不发送：截止前的提醒提前到前一个工作日，
    逾期提醒和通报顺延到下一个工作日，进度日报当天不发（加 --weekends 则照常发送）。

    示例：xxgk remind plan　或　xxgk remind plan --from 2027-01-01 --to 2027-02-05
    """
    settings = load_settings()
    with user_errors():
        tz = zone(settings)
        first = parse_date(start) if start else now_in(settings).date()
        season = year if year is not None else current_report_year(first)
        last = parse_date(end) if end else season_end(season, settings).date()
        if last < first:
            raise ConfigError(f"截止日期 {last} 早于起始日期 {first}。")
        window = (
            datetime.combine(first, time.min, tzinfo=tz),
            datetime.combine(last, time.max, tzinfo=tz),
        )
        store = open_store(settings)
        try:
            messages = plan_messages(store, settings, *window, year=year, weekends=weekends)
        finally:
            store.close()
    if as_json:
        payload = [
            {
                "at": m.at.isoformat(),
                "organ": m.organ,
                "chat_id": m.chat_id,
                "kind": m.kind,
                "text": m.text,
            }
            for m in messages
        ]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=1))
        return
    on_rest_days = settings.remind_on_rest_days if weekends is None else weekends
    warning = None if on_rest_days else rest_day_warning(settings, first, last)
    if warning:
        typer.echo(warning)
    rest = "" if on_rest_days else "；周末和法定节假日不发送"
    typer.echo(f"{season}年度年报提醒计划：{first} 至 {last}{rest}。")
    if not messages:
        typer.echo("这段时间没有需要发送的提醒。")
        return
    for m in messages:
        typer.echo(
            f"{_stamp(m.at, settings)}（{weekday_cn(m.at.astimezone(tz).date())}）"
            f"　{KIND_LABELS[m.kind]}　→ {_recipient(m)}（会话 {m.chat_id}）"
        )
        typer.echo("　　" + m.text.replace("\n", "\n　　"))
    typer.echo(f"共{len(messages)}条（按各单位当前状态推算；已通过检查的单位不再提醒）。")


async def _run_with_bot(
    store: Store, settings: Settings, now: datetime, dry_run: bool, weekends: bool | None
) -> RunResult:
    """Send through the Telegram bot, the WeCom app, or both (whichever is configured)."""
    if dry_run:
        return await run_reminders(store, settings, None, now, dry_run=True, weekends=weekends)
    from telegram import Bot
    from telegram.error import TelegramError

    token = settings.telegram_bot_token
    has_token = token is not None and bool(token.get_secret_value().strip())
    has_wecom = bool(settings.wecom_corp_id and settings.wecom_agent_id and settings.wecom_secret)
    if not has_token and not has_wecom:
        raise ConfigError(
            "未设置 Telegram 机器人令牌或企业微信应用：请设置环境变量 TELEGRAM_BOT_TOKEN，"
            "或 XXGK_WECOM_CORP_ID、XXGK_WECOM_AGENT_ID、XXGK_WECOM_SECRET 后再发送提醒，"
            "或加 --dry-run 只显示将要发送的内容。"
        )
    bot = None
    if has_token:
        assert token is not None
        bot = Bot(
            token.get_secret_value().strip(),
            base_url=settings.telegram_base_url,
            base_file_url=settings.telegram_base_file_url,
        )
        try:
            await bot.initialize()
        except TelegramError as exc:
            raise ServiceUnavailable(
                f"无法连接 Telegram Bot API（{settings.telegram_base_url}）：{exc}。"
                "本次未发送任何提醒，下次运行时会补发。"
            ) from exc
    client = None
    sender: Sender | None = bot
    if has_wecom:
        from wecom.api import WeComClient
        from wecom.sender import ChannelSender

        client = WeComClient(settings)
        sender = ChannelSender(client, store, settings.wecom_robot_keys, telegram=bot)
    try:
        return await run_reminders(store, settings, sender, now, weekends=weekends)
    finally:
        if bot is not None:
            await bot.shutdown()
        if client is not None:
            await client.aclose()


def _delivery_json(result: RunResult) -> dict[str, Any]:
    return {
        "now": result.now.isoformat(),
        "year": result.year,
        "rechecked": result.rechecked,
        "rest_day": result.rest_day,
        "messages": [
            {
                "at": d.message.at.isoformat(),
                "organ": d.message.organ,
                "chat_id": d.message.chat_id,
                "kind": d.message.kind,
                "late": d.message.late,
                "status": d.status,
                "text": d.message.text,
                "error": d.error,
            }
            for d in result.deliveries
        ],
    }


def run(
    now: Annotated[
        str | None,
        typer.Option("--now", help="按这个时刻运行（如 2027-01-24T09:00+08:00），默认为当前时间"),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只显示将要发送的提醒，不发送、不记录")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
    weekends: Annotated[bool | None, typer.Option("--weekends", help=WEEKENDS_HELP)] = None,
) -> None:
    """发送此刻到期而尚未发送的提醒（每条只发一次；停机期间漏发的标注【补发】后补发）。

    到了每晚复查时间（20:00）还会先重新检查本年度的全部草稿。通过 Telegram Bot API
    （TELEGRAM_BOT_TOKEN、TELEGRAM_BASE_URL）和/或企业微信应用（XXGK_WECOM_*）发送；
    发送失败的下次运行时重试，此时退出码为 1。

    示例：xxgk remind run --now 2027-01-24T09:00+08:00 --dry-run
    """
    settings = load_settings()
    with user_errors():
        moment = parse_moment(now, settings) if now else now_in(settings)
        store = open_store(settings)
        try:
            result = asyncio.run(_run_with_bot(store, settings, moment, dry_run, weekends))
        finally:
            store.close()
    failed = result.of("failed")
    if as_json:
        typer.echo(json.dumps(_delivery_json(result), ensure_ascii=False, indent=1))
    else:
        _print_result(result, settings, dry_run)
    if failed:
        raise typer.Exit(1)


def _print_result(result: RunResult, settings: Settings, dry_run: bool) -> None:
    head = f"{_stamp(result.now, settings)}（{result.year}年度年报）"
    if result.recheck_due:
        head += (
            "：今晚的草稿复查未执行（试运行）"
            if dry_run
            else f"：已重新检查{result.rechecked}份草稿"
        )
    typer.echo(head + "。")
    if result.rest_day:
        typer.echo(
            "今天是周末或法定节假日，不发送提醒；到期的提醒在下一个工作日补发"
            "（加 --weekends 则照常发送）。"
        )
        return
    if not result.deliveries:
        typer.echo("没有到期未发送的提醒。")
        return
    for d in result.deliveries:
        m = d.message
        line = (
            f"{STATUS_LABELS[d.status]}　{_stamp(m.at, settings)}　{KIND_LABELS[m.kind]}"
            f"　→ {_recipient(m)}（会话 {m.chat_id}）"
        )
        if m.late:
            line += "　【补发】"
        if d.error:
            line += f"　原因：{d.error}，下次运行时重试"
        typer.echo(line)
        if dry_run:
            typer.echo("　　" + m.text.replace("\n", "\n　　"))
    counts = {s: len(result.of(s)) for s in STATUS_LABELS}
    typer.echo(
        f"共{len(result.deliveries)}条："
        + "，".join(f"{STATUS_LABELS[s]}{n}条" for s, n in counts.items() if n)
        + "。"
    )


def register(app: typer.Typer) -> None:
    remind_app.command("plan")(plan)
    remind_app.command("run")(run)
    app.add_typer(remind_app, name="remind")
