"""The assistant's conversation, independent of the channel.

Each command is one async function ``(services, caller, arg) -> list[Reply]``; the Telegram
adapter (``bot.app``) and the console chat (``bot.console``) only turn updates or typed lines
into these calls and render the replies. Access is decided by ``gate`` before any command runs;
supervisor-only commands check again here, so no channel can skip it. Errors are raised
(``XxgkError`` with a Chinese message) and each adapter answers them with ``error_html``.

Uploads: a chat whose registration a supervisor approved stores its drafts under that organ's
id, and they are indexed for that organ only. A file that names another organ is checked but
not stored until the sender confirms with a button (it may be a neighbour's report sent by
mistake); until then it waits in ``bot.pending``. A supervisor chat that is not registered for
an organ stores a draft under the organ the report names (it checks for others). Any other chat
is asked to /register first, before anything is downloaded: storing under the organ read from
the file would let a chat file drafts in another organ's name. Files are parsed in a worker
process with a memory cap (``services.isolation``).

Identity and permissions (docs/SECURITY.md): /register only *requests* a binding to an existing
organ; it counts once a supervisor of the organ's region approves it (/approve) or the chat
redeems a supervisor's one-time code (/invite). Only supervisors create organs. Button data is
signed and checked here. Every message first passes the chat's rate limit in ``gate``.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import PurePath
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from base.errors import AccessDenied, InputError
from base.numbers import small_int
from base.paths import safe_filename
from base.text import one_line, printable
from bot import pending
from bot.access import OPEN_COMMANDS, OPERATOR_CHAT_ID, Access, access_of
from bot.callback_data import (
    is_registration,
    new_data,
    parse_new,
    parse_pick,
    pick_data,
)
from bot.dependencies import BotServices
from bot.limits import digest_text
from bot.replies import (
    CHAT_APP,
    START,
    Attachment,
    Button,
    CallbackAnswer,
    Channel,
    Reply,
    answer_html,
    bold_articles,
    check_summary_html,
    findings_filename,
    help_html,
    refusal_html,
    status_html,
)
from deadlines.reporting import current_report_year
from organs import (
    OrganNameError,
    is_reporting_kind,
    kind_from_name,
    normalise_name,
    same_organ,
    validate_name,
)
from services.access import (
    channel_user_oversees,
    invite_digest,
    looks_like_invite,
    new_invite_code,
    sign,
    supervisors_for_region,
    verify,
)
from services.checking import CheckOutcome
from services.parsing import precheck_upload
from services.rendering import findings_html
from storage.records import OrganRecord

if TYPE_CHECKING:
    from storage.records import ReportRecord
    from storage.repository import Store

logger = logging.getLogger(__name__)

MAX_CHOICES = 8
"""Organs offered as buttons when a /register name matches several."""
INVITE_VALIDITY = timedelta(days=7)
TOO_FAST = "操作过于频繁，请 {seconds} 秒后再试。"
APPROVE_USAGE = (
    "用法：/approve 会话ID 申请号，例如 /approve 123456789 1；发送 /approve 列出待批准的申请。"
)

Fetch = Callable[[], Awaitable[bytes]]
"""Downloads an upload's bytes; called only after the name and size have been checked."""


@dataclass(frozen=True, slots=True)
class Caller:
    """The chat a message came from; ``title`` is kept with a registration. ``access`` is
    what ``gate`` found for this message, so a command need not look it up again.
    ``channel`` says what the chat can do (upload files, read local paths)."""

    chat_id: int
    title: str | None = None
    access: Access | None = None
    channel: Channel = CHAT_APP

    def __post_init__(self) -> None:
        # the title is the chat's own choice, shown to supervisors: one printable line
        object.__setattr__(self, "title", one_line(self.title))


Command = Callable[[BotServices, Caller, str], Awaitable[list[Reply]]]


# -- access -------------------------------------------------------------------------------


async def access(svc: BotServices, chat_id: int) -> Access:
    return await svc.run(access_of, svc.settings, svc.store, chat_id, svc.local_supervisors)


async def gate(
    svc: BotServices, chat_id: int, command: str | None
) -> tuple[Access | None, Reply | None]:
    """The chat's access and, when it may not go on, the one refusal it gets. ``command`` is
    the command's name ("start"), "register" for a registration button, None for anything
    else; the open commands pass without a look-up (access None). Every message first takes a
    token of the chat's rate limit: a flood gets one 「操作过于频繁」 and then an empty reply
    (``Reply("")``), which channels do not send."""
    # the console operator administers the server: not rate-limited
    if chat_id not in svc.local_supervisors:
        verdict = await svc.run(svc.limiter.take, svc.store, chat_id)
        if verdict.outcome != "ok":
            logger.info("rate-limited chat %s (%s)", chat_id, command or "message")
            text = TOO_FAST.format(seconds=verdict.wait)
            return None, Reply(text if verdict.outcome == "warn" else "")
    if command in OPEN_COMMANDS:
        return None, None
    who = await access(svc, chat_id)
    if who.allowed:
        return who, None
    logger.info("refused chat %s (%s)", chat_id, command or "message")
    return who, Reply(refusal_html(chat_id))


async def _who(svc: BotServices, caller: Caller) -> Access:
    return caller.access or await access(svc, caller.chat_id)


async def _supervisor(svc: BotServices, caller: Caller) -> Access:
    who = await _who(svc, caller)
    if not who.supervisor:
        raise AccessDenied("只有督导会话可以使用此命令。")
    return who


# -- commands -----------------------------------------------------------------------------


async def start(svc: BotServices, caller: Caller, arg: str = "") -> list[Reply]:
    """Greeting and the first step (registering)."""
    return [Reply(START)]


async def help_command(svc: BotServices, caller: Caller, arg: str = "") -> list[Reply]:
    """Every command with an example."""
    return [Reply(help_html(svc.settings.max_upload_mb, caller.channel))]


async def ask(svc: BotServices, caller: Caller, arg: str) -> list[Reply]:
    """Answer a question about the 条例 or the reports, with citations."""
    question = arg.strip()
    if not question:
        return [Reply("请在 /ask 后写上问题，例如：/ask 依申请公开最晚多少个工作日内答复？")]
    who = await _who(svc, caller)
    # the chat's own organ sees its drafts in the answers; everyone sees published reports
    answer = await svc.run(svc.ask, svc.settings, question, viewer_organ_id=who.organ_id)
    return [Reply(answer_html(answer))]


async def register(svc: BotServices, caller: Caller, arg: str) -> list[Reply]:
    """Ask to speak for an organ (its exact full name, or a choice among similar names), or
    redeem a supervisor's invite code. Nothing here creates an organ or changes one; the
    binding counts only once a supervisor of the organ's region approves it."""
    text = " ".join(arg.split())
    if not text:
        return [
            Reply(
                "请在 /register 后写上机构全称，例如：/register 东城镇人民政府；"
                "持有督导发给的邀请码时：/register 邀请码"
            )
        ]
    who = await _who(svc, caller)
    if who.supervisor and who.chat is not None and who.chat.role == "supervisor":
        # a supervisor registered in the database: binding it to an organ would end its role
        return [Reply("督导会话不代表某个机关，不能登记为机关会话；请在该机关自己的会话中登记。")]
    if looks_like_invite(text):
        return await _redeem(svc, caller, text)
    try:
        name = validate_name(text)
    except OrganNameError as exc:
        raise InputError(str(exc)) from exc
    found = await svc.run(svc.store.find_organs, name)
    organs = [o for o in found if is_reporting_kind(o.kind)]
    exact = next((o for o in organs if o.name == name), None)
    if exact is not None:
        if who.supervisor and who.oversees(exact.region):
            return await _bind_supervisor(svc, caller, exact, created=False)
        return await _request(svc, caller, exact)
    if who.supervisor and not organs:
        return await _create_for_supervisor(svc, caller, who, name)
    if not organs:
        return [
            Reply(
                _esc(
                    f"系统中没有「{name}」这个机构。机构由督导建立：请联系本地区督导登记，"
                    "或请督导发送 /invite 机构全称 生成邀请码，再在本会话发送 /register 邀请码。"
                )
            )
        ]
    buttons = [
        Button(
            o.name + (f"（{o.region}）" if o.region else ""),
            pick_data(o.id, await svc.run(sign, svc.settings, caller.chat_id, str(o.id))),
        )
        for o in organs[:MAX_CHOICES]
    ]
    if who.supervisor:  # only a supervisor may create the typed name instead
        data = new_data(name, await svc.run(sign, svc.settings, caller.chat_id, "new:" + name))
        if data is not None:
            buttons.append(Button(f"都不是，新建「{name}」", data))
    more = (
        f"（另有 {len(organs) - MAX_CHOICES} 个，请写得更完整）"
        if len(organs) > MAX_CHOICES
        else ""
    )
    text = (
        f"找到 {len(organs)} 个名称包含「{name}」的机构{more}，请选择本会话所属的机构"
        "（选择后需督导批准）："
    )
    return [Reply(_esc(text), buttons=tuple(buttons))]


async def choose_organ(svc: BotServices, caller: Caller, data: str) -> CallbackAnswer:
    """A button of the /register choice was pressed: verified here, whatever the channel."""
    new = parse_new(data)
    if new is not None:
        who = await _who(svc, caller)
        signed = await svc.run(verify, svc.settings, caller.chat_id, "new:" + new[0], new[1])
        if not (signed and who.supervisor):
            logger.warning("refused organ creation button from chat %s", caller.chat_id)
            raise InputError("此按钮无效或已失效，请重新发送 /register 机构名称。")
        replies = await _create_for_supervisor(svc, caller, who, new[0])
        return CallbackAnswer(toast="已登记", edit=replies[0], more=tuple(replies[1:]))
    pick = parse_pick(data)
    organ = None
    if pick is not None and await svc.run(
        verify, svc.settings, caller.chat_id, str(pick[0]), pick[1]
    ):
        organ = await svc.run(svc.store.organ_by_id, pick[0])
    else:
        logger.warning("refused registration button from chat %s: %r", caller.chat_id, data)
    if organ is None or not is_reporting_kind(organ.kind):
        raise InputError("此按钮无效或已失效，请重新发送 /register 机构名称。")
    who = await _who(svc, caller)
    if who.supervisor and who.oversees(organ.region):
        replies = await _bind_supervisor(svc, caller, organ, created=False)
    else:
        replies = await _request(svc, caller, organ)
    return CallbackAnswer(
        toast=f"已申请登记为{organ.name}", edit=replies[0], more=tuple(replies[1:])
    )


async def _create_for_supervisor(
    svc: BotServices, caller: Caller, who: Access, name: str
) -> list[Reply]:
    """A supervisor (the console operator, a county office) registers its chat for an organ
    not yet known: supervisors create organs, in a region they oversee."""
    existing = await svc.run(svc.store.get_organ, name)
    if existing is not None:
        if not is_reporting_kind(existing.kind) or not who.oversees(existing.region):
            raise AccessDenied("该机构不在您督导的地区，不能登记。")
        return await _bind_supervisor(svc, caller, existing, created=False)
    region = next(iter(who.regions)) if who.regions and len(who.regions) == 1 else None
    if who.regions is not None and region is None:
        raise InputError(f"请用 /invite {name} 地区 指明所属地区后再登记。")
    # an organ only the console made up is a demo organ: it owes no report
    organ = await svc.run(
        svc.store.upsert_organ, name, kind_from_name(name), region, demo=caller.channel.operator
    )
    return await _bind_supervisor(svc, caller, organ, created=True)


async def _bind_supervisor(
    svc: BotServices, caller: Caller, organ: OrganRecord, *, created: bool
) -> list[Reply]:
    """A supervisor's chat speaks for an organ it oversees at once (it would approve itself)."""
    before = await svc.run(svc.store.chat_info, caller.chat_id)
    if before is not None and before.organ_id == organ.id and before.approved:
        return [Reply(_esc(f"本会话已是「{organ.name}」，无需重复登记。"))]
    await svc.run(
        svc.store.register_chat,
        caller.chat_id,
        organ.name,
        title=caller.title,
        organ_id=organ.id,
        approved=True,
        demo=caller.channel.operator,
    )
    lines = [f"本会话已登记为「{organ.name}」。"]
    if created:
        lines.append(
            f"系统中原无此机构，已新建（类型按名称推断为“{organ.kind}”，"
            "如有误请用 xxgk organs import 更正）。"
        )
    lines.append(
        "现在可以提问，或用 /check 文件路径 检查年报草稿了。"
        if not caller.channel.uploads
        else "现在可以提问或发送年报草稿了。"
    )
    return [Reply(_esc("\n".join(lines)))]


async def _request(svc: BotServices, caller: Caller, organ: OrganRecord) -> list[Reply]:
    """Register the chat for ``organ``, waiting for approval, and tell its supervisors."""
    before = await svc.run(svc.store.chat_info, caller.chat_id)
    if (
        before is not None
        and before.organ_id == organ.id
        and before.role == "member"
        and before.approved
    ):
        return [Reply(_esc(f"本会话已是「{organ.name}」，无需重复登记。"))]
    record = await svc.run(
        svc.store.register_chat, caller.chat_id, organ.name, title=caller.title, organ_id=organ.id
    )
    where = f"（{organ.region}）" if organ.region else ""
    lines = [
        f"已申请登记为「{organ.name}」{where}，等待本地区督导批准。",
        "批准前，本会话不能以该机构的身份查看或上传草稿。",
    ]
    if before is not None and before.approved and before.organ_id != record.organ_id:
        lines.append("更换机构后，需要督导重新批准。")
    replies = [Reply(_esc("\n".join(lines)))]
    if before is None or before.registration != record.registration:  # a new request
        replies += await _notify_supervisors(svc, caller, organ, record.registration)
    return replies


async def _redeem(svc: BotServices, caller: Caller, code: str) -> list[Reply]:
    """A one-time invite code: the chat speaks for the invite's organ at once."""
    digest = invite_digest(code)
    assert digest is not None
    invite = await svc.run(svc.store.redeem_invite, digest, caller.chat_id, _now())
    organ = await svc.run(svc.store.organ_by_id, invite.organ_id) if invite else None
    if invite is None or organ is None:
        logger.info("chat %s tried an invalid invite code", caller.chat_id)
        return [Reply("邀请码无效、已使用或已过期。请向督导重新索取邀请码。")]
    if not await _may_still_invite(svc, invite.created_by_chat, organ):
        # checked when issued, and again now: a code outlives neither its issuer's duty
        # for the region nor the organ's being a reporting organ (the code is used up)
        logger.warning(
            "chat %s redeemed an invite of chat %s for organ %s, which it no longer may give",
            caller.chat_id,
            invite.created_by_chat,
            organ.id,
        )
        return [
            Reply(
                "此邀请码已失效：签发它的督导已不再负责该机构所在的地区，或该机构已不是报告单位。"
                "请向本地区督导重新索取邀请码。"
            )
        ]
    await svc.run(
        svc.store.register_chat,
        caller.chat_id,
        organ.name,
        title=caller.title,
        organ_id=organ.id,
        approved=True,
    )
    return [
        Reply(
            _esc(f"已凭邀请码登记为「{organ.name}」。")
            + "现在可以提问或发送年报草稿了。/help 查看用法。"
        )
    ]


async def _may_still_invite(svc: BotServices, issuer: int, organ: OrganRecord) -> bool:
    """Whether chat ``issuer`` may still bind a chat to ``organ`` (what /invite checked when
    it issued the code): a reporting organ, and a supervisor of its region (the operator's
    console always is)."""
    if not is_reporting_kind(organ.kind):
        return False
    if issuer == OPERATOR_CHAT_ID:
        return True
    who = await access(svc, issuer)
    if who.supervisor and who.oversees(organ.region):
        return True
    return await svc.run(channel_user_oversees, svc.settings, svc.store, issuer, organ.region)


async def invite(svc: BotServices, caller: Caller, arg: str) -> list[Reply]:
    """Supervisors: a one-time code that binds a chat to an organ of their region (creating the
    organ if it is new: only supervisors create organs)."""
    who = await _supervisor(svc, caller)
    parts = arg.split()
    if not parts or len(parts) > 2:
        return [Reply("用法：/invite 机构全称 [地区]，例如：/invite 东城镇人民政府 某某县")]
    try:
        name = validate_name(parts[0])
        region = validate_name(parts[1]) if len(parts) == 2 else None
    except OrganNameError as exc:
        raise InputError(str(exc)) from exc
    organ = await svc.run(svc.store.get_organ, name)
    if organ is not None:
        if not is_reporting_kind(organ.kind):
            raise InputError(f"「{name}」不是报告单位，不能邀请。")
        if not who.oversees(organ.region):
            raise AccessDenied("该机构不在您督导的地区，不能邀请。")
    else:
        if region is None and who.regions is not None and len(who.regions) == 1:
            region = next(iter(who.regions))
        if region is None:
            return [Reply(_esc(f"系统中还没有「{name}」。请写明地区：/invite {name} 地区"))]
        if not who.oversees(region):
            raise AccessDenied("该地区不在您的督导范围内，不能新建机构。")
        organ = await svc.run(svc.store.upsert_organ, name, kind_from_name(name), region)
    code = new_invite_code()
    digest = invite_digest(code)
    assert digest is not None
    expires = _now() + INVITE_VALIDITY
    await svc.run(svc.store.create_invite, digest, organ.id, caller.chat_id, expires)
    local = expires.astimezone(ZoneInfo(svc.settings.timezone))
    return [
        Reply(
            _esc(f"「{organ.name}」的邀请码：")
            + f"<code>{code}</code>\n"
            + _esc(
                f"只能使用一次，{local:%Y-%m-%d %H:%M} 前有效。"
                f"请对方在其会话中发送：/register {code}"
            )
        )
    ]


def approve_command(chat_id: int, registration: int) -> str:
    """The command that approves request ``registration`` of a chat, and nothing else."""
    return f"/approve {chat_id} {registration}"


async def _notify_supervisors(
    svc: BotServices, caller: Caller, organ: OrganRecord, registration: int
) -> list[Reply]:
    """Tell the organ's region's supervisors that a chat waits: batched, one digest per
    period (``NoticeBatcher``), never one message per registration. Each line carries the
    command that approves this request only."""
    ids = await svc.run(supervisors_for_region, svc.settings, organ.region)
    ids |= {c.chat_id for c in await svc.run(svc.store.supervisor_chats, organ.region)}
    ids.discard(caller.chat_id)
    title = f"「{caller.title}」" if caller.title else ""
    line = (
        f"会话{title}（ID：{caller.chat_id}）申请登记为「{organ.name}」，"
        f"批准请发送 {approve_command(caller.chat_id, registration)}"
    )
    now = svc.notices.add(sorted(ids), line)
    if svc.notices.pending() and svc.deliver is not None:
        _schedule_flush(svc)
    return _digests(now)


def _digests(lines_by_chat: dict[int, list[str]]) -> list[Reply]:
    replies = []
    for chat_id, lines in sorted(lines_by_chat.items()):
        body = "\n".join(_esc(line) for line in digest_text(lines))
        head = "<b>等待批准的会话</b>\n" if len(lines) > 1 else ""
        tail = "\n发送 /approve 查看全部等待批准的会话。"
        replies.append(Reply(head + body + tail, chat_id=chat_id))
    return replies


async def flush_notices(svc: BotServices, *, force: bool = False) -> list[Reply]:
    """The digests whose period has passed (all with ``force``), sent through ``deliver``
    when the channel set it, and returned."""
    replies = _digests(svc.notices.due(force=force))
    if replies and svc.deliver is not None:
        await svc.deliver(replies)
    return replies


_flush_tasks: set[asyncio.Task[None]] = set()


def _schedule_flush(svc: BotServices) -> None:
    async def later() -> None:
        await asyncio.sleep(svc.notices.period)
        try:
            await flush_notices(svc)
        except Exception:
            logger.exception("could not send the supervisors' digest")

    if any(not t.done() for t in _flush_tasks):
        return
    task = asyncio.get_running_loop().create_task(later())
    _flush_tasks.add(task)
    task.add_done_callback(_flush_tasks.discard)


async def status(svc: BotServices, caller: Caller, arg: str = "") -> list[Reply]:
    """Supervisors: every organ's state for the report year (``/status 2025`` for another)."""
    who = await _supervisor(svc, caller)
    today = svc.current_date()
    arg = arg.strip()
    if arg and not re.fullmatch(r"20\d\d", arg):
        return [Reply("用法：/status 或 /status 2025（指定年度）")]
    year = int(arg) if arg else current_report_year(today)
    # the console also sees the demo organ it registered for (no other supervisor does)
    own = caller.chat_id if caller.channel.operator else None
    if who.regions is None:
        statuses = await svc.run(svc.store.organ_status, year, demo_chat=own)
    else:
        statuses = []
        for region in sorted(who.regions):
            statuses += await svc.run(svc.store.organ_status, year, region, demo_chat=own)
    return [Reply(status_html(year, today, statuses))]


async def approve(svc: BotServices, caller: Caller, arg: str) -> list[Reply]:
    """Supervisors: approve the request a chat made for an organ of their region, named by
    the chat's id and the request's number (``/approve 会话ID 申请号``, as the list and the
    notices print it); without arguments, list the requests of their regions that wait.

    The number makes an approval approve what the supervisor saw: a chat that re-registers
    for another organ between the look and the approval makes a new request, and the old
    number is refused. The id alone approves nothing: the server cannot know what the
    supervisor saw, so it shows the current request and the command that approves it."""
    who = await _supervisor(svc, caller)
    parts = arg.split()
    if not parts:
        return await _waiting(svc, who)
    target = small_int(parts[0], signed=True)  # 20 digits overflowed the database before
    seen = small_int(parts[1]) if len(parts) == 2 else None
    if target is None or len(parts) > 2 or (len(parts) == 2 and seen is None):
        return [Reply(APPROVE_USAGE)]
    chat = await svc.run(svc.store.chat_info, target)
    if chat is None or chat.organ_id is None:
        return [Reply(f"会话 {target} 尚未登记，请对方先发送 /register 机构名称。")]
    organ = await svc.run(svc.store.organ_by_id, chat.organ_id)
    if organ is None or not who.oversees(organ.region):
        raise AccessDenied("该会话所属机构不在您督导的地区，不能批准。")
    request = _esc(f"「{organ.name}」" + (f"（{organ.region}）" if organ.region else ""))
    command = approve_command(target, chat.registration)
    if seen is None:
        if chat.approved:
            return [Reply(f"会话 {target} 已获批准，登记为{request}。")]
        return [
            Reply(
                f"会话 {target} 当前申请登记为{request}。"
                f"确认批准这一申请请发送 <code>{command}</code>"
            )
        ]
    if seen != chat.registration:
        return [Reply(f"该会话已改为申请{request}，请重新发送 /approve 查看。")]
    if chat.approved:
        return [Reply(f"会话 {target} 已获批准，登记为{request}，无需重复批准。")]
    done = await svc.run(svc.store.approve_registration, target, seen)
    if done is None:  # it registered again while this ran
        return [Reply("该会话刚刚更改了申请，请重新发送 /approve 查看。")]
    return [
        Reply(f"已批准会话 {target}，登记为{request}。"),
        Reply(
            f"本会话已获督导批准，登记为{request}，可以使用信息公开助手了："
            "直接提问，或发送年报草稿文件。/help 查看用法。",
            chat_id=target,
        ),
    ]


async def _waiting(svc: BotServices, who: Access) -> list[Reply]:
    """The requests of the supervisor's regions that wait, each with its /approve command."""
    waiting = await svc.run(svc.store.list_chats, False)
    waiting = [c for c in waiting if c.chat_id not in svc.local_supervisors]
    if who.regions is not None:
        organs = {o.id: o for o in await svc.run(svc.store.list_organs)}
        waiting = [
            c for c in waiting if c.organ_id in organs and who.oversees(organs[c.organ_id].region)
        ]
    if not waiting:
        return [Reply("没有等待批准的会话。")]
    lines = ["<b>等待批准的会话</b>"] + [
        f"· {_esc(c.organ_name or '未登记机构')}"
        + (f"（{_esc(one_line(c.title) or '')}）" if c.title else "")
        + f"：<code>{approve_command(c.chat_id, c.registration)}</code>"
        for c in waiting
    ]
    return [Reply("\n".join(lines) + "\n批准请发送该行的命令（会话ID 和申请号）。")]


async def deadline(svc: BotServices, caller: Caller, arg: str) -> list[Reply]:
    """The 依申请公开 deadlines for an application received on the given day."""
    from services.deadlines import application_deadlines_for, parse_date
    from services.rendering import deadlines_text

    if not arg.strip():
        return [Reply("请写上收到申请之日，例如：/deadline 2026-03-02")]
    received = parse_date(arg.strip())
    result = await svc.run(application_deadlines_for, received, svc.settings)
    return [Reply(bold_articles(_esc(deadlines_text(result))))]


async def report(svc: BotServices, caller: Caller, arg: str = "") -> list[Reply]:
    """The latest draft's findings: of this chat's organ, or of any organ for a supervisor."""
    who = await _who(svc, caller)
    typed = " ".join(arg.split())
    organ_id, name = who.organ_id, who.organ
    if typed and not (name is not None and same_organ(typed, name)):
        # another organ, named by its exact full name: supervisors of its region only
        if not who.supervisor:
            raise AccessDenied("草稿只对本机关的会话和督导可见。")
        organ = await svc.run(svc.store.get_organ, normalise_name(typed))
        organ_id, name = (organ.id, organ.name) if organ else (None, typed)
        if organ is None or not who.oversees(organ.region):
            organ_id = None
    if name is None:
        return [
            Reply("本会话尚未登记机构。请先发送 /register 机构名称，或写明机构：/report 机构名称")
        ]
    drafts = (
        await svc.run(svc.store.reports_of_organ, organ_id, None, "draft")
        if organ_id is not None
        else []
    )
    if not drafts:
        return [Reply(_esc(f"「{name}」还没有上传过草稿。"))]
    record = (choose_draft(drafts, caller.chat_id) or drafts)[0]  # the one /draft uses
    findings = await svc.run(svc.store.findings_for, record.id)
    outcome = CheckOutcome(
        source_name=record.source_name,
        report=record.report,
        findings=tuple(findings),  # type: ignore[arg-type]  # records render like findings
        report_id=record.id,
    )
    uploaded = record.created_at.astimezone(ZoneInfo(svc.settings.timezone))
    note = f"草稿编号 #{record.id}，上传于 {uploaded:%Y-%m-%d %H:%M}。"
    return [_check_reply(outcome, [note])]


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


DRAFT_PREFIX = "drf:"
"""Callback data of "draft from this upload instead": ``drf:<report id>:<part or ->``."""
MAX_OTHER_DRAFTS = 5
DRAFT_PART = r"[一二三四五六七八九十\d]{1,3}"
"""What /draft takes after the command: a part's numeral (五, 5)."""


def choose_draft(drafts: list[ReportRecord], chat_id: int) -> list[ReportRecord]:
    """The organ's drafts, the one to use first: this chat's latest upload, else the
    organ's latest upload (whatever its year); the others newest first."""
    by_time = sorted(drafts, key=lambda r: (r.created_at, r.id), reverse=True)
    mine = [r for r in by_time if r.uploaded_by_chat == chat_id and r.year is not None]
    usable = [r for r in by_time if r.year is not None]
    first = mine[0] if mine else (usable[0] if usable else None)
    if first is None:
        return []
    return [first, *(r for r in usable if r.id != first.id)]


def _describe_draft(record: ReportRecord, svc: BotServices, caller: Caller) -> str:
    uploaded = record.created_at.astimezone(ZoneInfo(svc.settings.timezone))
    who = "本会话" if record.uploaded_by_chat == caller.chat_id else "其他会话"
    return (
        f"{record.year}年度草稿 #{record.id}「{record.source_name}」"
        f"（{who}于 {uploaded:%Y-%m-%d %H:%M} 上传）"
    )


async def draft(svc: BotServices, caller: Caller, arg: str = "") -> list[Reply]:
    """Draft the report (or one part: /draft 五) from the numbers and the narrative of this
    chat's latest uploaded draft, say which draft it used, and offer the organ's others."""
    who = await _who(svc, caller)
    if who.organ is None or who.organ_id is None:
        return [Reply("本会话尚未登记机构。请先发送 /register 机构名称，再上传草稿。")]
    section = arg.strip().strip("第部分、") or None
    if section is not None and not re.fullmatch(DRAFT_PART, section):
        return [Reply("用法：/draft 起草整份报告，或 /draft 五 只起草第五部分。")]
    drafts = choose_draft(
        await svc.run(svc.store.reports_of_organ, who.organ_id, None, "draft"), caller.chat_id
    )
    if not drafts:
        return [
            Reply(
                _esc(
                    f"「{who.organ}」还没有上传过草稿：请先"
                    + (
                        "把草稿文件发来"
                        if caller.channel.uploads
                        else "用 /check 文件路径 检查草稿"
                    )
                    + "，再用 /draft 起草。"
                )
            )
        ]
    replies = [await _draft_from(svc, caller, who.organ, drafts[0], section)]
    others = drafts[1 : 1 + MAX_OTHER_DRAFTS]
    if others:
        part = section or "-"
        zone = ZoneInfo(svc.settings.timezone)
        buttons = tuple(
            Button(
                f"改用 {r.year}年度草稿 #{r.id}"
                f"（{r.created_at.astimezone(zone):%m-%d %H:%M} 上传）",
                f"{DRAFT_PREFIX}{r.id}:{part}",
            )
            for r in others
        )
        replies.append(
            Reply(
                _esc(
                    f"「{who.organ}」另有 {len(drafts) - 1} 份草稿，需要时可改用其中一份重新起草："
                ),
                buttons=buttons,
            )
        )
    return replies


async def _draft_from(
    svc: BotServices, caller: Caller, organ: str, record: ReportRecord, section: str | None
) -> Reply:
    import tempfile
    from pathlib import Path

    from services.drafting import draft_report

    year = record.year
    # the organ's name is user text: it names the attachment only through a slug, and the
    # file itself lives in a private temporary folder
    stem = f"{organ}{year}年政府信息公开工作年度报告（起草稿）"
    stem += f"_第{section}部分" if section else ""
    name = safe_filename(stem + (".md" if section else ".docx"))
    with tempfile.TemporaryDirectory(prefix="xxgk-draft-") as tmp:
        out = Path(tmp) / ("draft.md" if section else "draft.docx")
        result = await svc.run(
            draft_report,
            svc.settings,
            None,
            out_path=out,
            store=svc.store,
            organ=organ,
            year=year,
            section=section,
            report_id=record.id,
        )
        data = out.read_bytes()
    part = f"第{result.section or section}部分" if section else "全文"
    lines = [
        f"已按「{organ}」{year}年度草稿中的数字起草{part}。",
        f"所用草稿：{_describe_draft(record, svc, caller)}。",
    ]
    if result.missing:
        lines.append("以下内容需要补充（文中标有【待补充】）：" + "、".join(result.missing))
    lines.extend(result.notes)
    mime = "text/markdown" if section else DOCX_MIME
    return Reply(_esc("\n".join(lines)), attachment=Attachment(name, data, mime))


async def draft_other(svc: BotServices, caller: Caller, data: str) -> CallbackAnswer:
    """A "draft from this upload instead" button was pressed."""
    raw_id, _, raw_part = data.removeprefix(DRAFT_PREFIX).partition(":")
    who = await _who(svc, caller)
    report_id = small_int(raw_id)  # "²" and 20-digit ids crashed here before
    record = await svc.run(svc.store.get_report, report_id) if report_id is not None else None
    section = None if raw_part in ("", "-") else raw_part
    if (
        who.organ is None
        or who.organ_id is None
        or record is None
        or record.organ_id != who.organ_id  # by id: never another organ's draft
        or record.status != "draft"
        or record.year is None
        or (section is not None and not re.fullmatch(DRAFT_PART, section))
    ):
        return CallbackAnswer(
            toast="此操作已失效。", edit=Reply("这份草稿已不可用，请重新发送 /draft。")
        )
    reply = await _draft_from(svc, caller, who.organ, record, section)
    edit = Reply(_esc(f"已改用{_describe_draft(record, svc, caller)}，起草结果见下一条消息。"))
    return CallbackAnswer(toast="正在起草", edit=edit, more=(reply,))


async def unknown_command(svc: BotServices, caller: Caller, arg: str = "") -> list[Reply]:
    return [Reply("没有这个命令。发送 /help 查看可用的命令。")]


async def unsupported_message(svc: BotServices, caller: Caller, arg: str = "") -> list[Reply]:
    return [
        Reply(
            "请发送文字问题，或把年报草稿作为文件发送（PDF、DOCX、TXT、MD、HTML）；图片无法检查。"
        )
    ]


COMMANDS: dict[str, Command] = {
    "start": start,
    "help": help_command,
    "ask": ask,
    "register": register,
    "status": status,
    "approve": approve,
    "invite": invite,
    "deadline": deadline,
    "report": report,
    "draft": draft,
}
"""The commands, by name, as both channels offer them."""

DESCRIPTIONS: dict[str, str] = {
    "start": "开始使用",
    "help": "用法和示例",
    "ask": "提问：/ask 问题",
    "register": "登记本机关：/register 机构名称",
    "report": "本机关最新草稿的检查结果",
    "draft": "按本机关草稿的数字起草年报：/draft 或 /draft 五",
    "deadline": "依申请公开答复期限：/deadline 2026-03-02",
    "status": "督导：各机关年报进度",
    "approve": "督导：待批准的申请；批准 /approve 会话ID 申请号",
    "invite": "督导：生成邀请码 /invite 机构全称 [地区]",
}
"""Shown in Telegram's command menu."""


def parse_command(text: str) -> tuple[str | None, str]:
    """``("ask", "问题")`` for "/ask 问题" (also "/ask@xxgk_bot 问题"); ``(None, text)`` else."""
    m = re.match(r"^/([A-Za-z0-9_]+)(?:@\w+)?(?:\s+|$)", text.strip())
    if m is None:
        return None, text
    return m.group(1).lower(), text.strip()[m.end() :]


async def handle_text(svc: BotServices, caller: Caller, text: str) -> list[Reply]:
    """A typed line: a command, or else a question (the console's only entry point)."""
    name, arg = parse_command(text)
    if name is None:
        return await ask(svc, caller, text)
    return await COMMANDS.get(name, unknown_command)(svc, caller, arg)


async def handle_callback(svc: BotServices, caller: Caller, data: str) -> CallbackAnswer:
    """A button was pressed (its data is checked server-side: see ``choose_organ``)."""
    if is_registration(data):
        return await choose_organ(svc, caller, data)
    upload = pending.parse_button(data)
    if upload is not None:
        return await confirm_upload(svc, caller, *upload)
    if data.startswith(DRAFT_PREFIX):
        return await draft_other(svc, caller, data)
    return CallbackAnswer(toast="此按钮已失效。", edit=Reply("此操作已失效，请重新发送命令。"))


def callback_command(data: str) -> str | None:
    """The command a button belongs to, for ``gate``."""
    return "register" if is_registration(data) else None


# -- documents ----------------------------------------------------------------------------


async def check_document(
    svc: BotServices, caller: Caller, filename: str, size: int | None, fetch: Fetch
) -> list[Reply]:
    """Check an uploaded draft and store it for the chat's organ (see the module docstring)."""
    who = await _who(svc, caller)
    filename = printable(PurePath(filename or "").name) or "未命名文件"  # echoed and stored
    if who.organ is None and not who.supervisor:
        return [
            Reply(
                "请先登记本会话所属的机构，再发送草稿：/register 机构名称"
                "（例：/register 东城镇人民政府）。草稿将保存为该机构的草稿。"
            )
        ]
    precheck_upload(filename, size, svc.settings)
    data = bytes(await fetch())
    precheck_upload(filename, len(data), svc.settings)
    known: frozenset[str] = frozenset()
    if caller.channel.operator and who.organ is None:
        known = frozenset(o.name for o in await svc.run(svc.store.list_organs))
    outcome = await svc.run(
        svc.check_upload,
        svc.settings,
        svc.store,
        data,
        filename,
        chat_id=caller.chat_id,
        organ=who.organ,
        organ_id=who.organ_id,
        isolated=True,
        confirm_other_organ=who.organ is not None,
    )
    if outcome.held_for_confirmation and who.organ is not None:
        printed = outcome.organ_as_printed or "未识别机关"
        token = await svc.run(
            pending.hold, svc.settings.home, caller.chat_id, filename, data, who.organ, printed
        )
        return [_check_reply(outcome, []), _confirm_question(who.organ, printed, token)]
    if caller.channel.operator and who.organ is None:
        await svc.run(_keep_demo, svc.store, outcome, known)
    if outcome.report_id is not None and outcome.newly_stored:
        await _index_draft(svc, outcome.report_id)
    return [_check_reply(outcome, _stored_notes(outcome, who))]


async def _index_draft(svc: BotServices, report_id: int) -> None:
    """Make a stored draft searchable by its own organ (draft chunks carry the organ id). A
    failure is logged: the report stays marked unindexed and the next start (or ``xxgk
    doctor``) indexes it."""
    try:
        await svc.run(svc.index_report, svc.settings, svc.store, report_id)
    except Exception:
        logger.exception("could not index draft #%s now; it will be indexed at the next start")


def _keep_demo(store: Store, outcome: CheckOutcome, known: frozenset[str]) -> None:
    """A file the console stored under the organ it names made that organ up: a demo
    organ, which supervisors do not see (an organ that was there stays as it was)."""
    name = outcome.report.organ
    if outcome.newly_stored and name and name not in known:
        store.upsert_organ(name, demo=True)


def _confirm_question(organ: str, printed: str, token: str) -> Reply:
    text = (
        f"这份报告的发布机关是「{printed}」，而本会话登记的是「{organ}」。"
        "以上只是检查结果，文件尚未保存。\n"
        f"如果它就是本机关的草稿，请选“保存”，将保存为「{organ}」的草稿（/report、/draft 会用它）；"
        "如果是其他机关的报告，请选“不保存”。"
    )
    buttons = (
        Button(f"保存为「{organ}」的草稿", pending.button_data(pending.KEEP, token)),
        Button("不保存（只看检查结果）", pending.button_data(pending.DROP, token)),
    )
    return Reply(_esc(text), buttons=buttons)


async def confirm_upload(
    svc: BotServices, caller: Caller, action: str, token: str
) -> CallbackAnswer:
    """The answer to "save another organ's report as ours?": store it, or forget it."""
    taken = await svc.run(pending.take, svc.settings.home, token, caller.chat_id)
    if taken is None:
        return CallbackAnswer(
            toast="此操作已失效。",
            edit=Reply("这份文件已不在等待确认（已处理或超过一天），如需保存请重新发送。"),
        )
    held, data = taken
    if action == pending.DROP:
        return CallbackAnswer(
            toast="未保存",
            edit=Reply(
                _esc(
                    f"未保存「{held.filename}」。其他机关的报告请由该机关自己上传；"
                    "已发布的报告可由管理员用 xxgk ingest 导入。"
                )
            ),
        )
    who = await _who(svc, caller)
    if who.organ != held.organ or who.organ_id is None:
        raise InputError("本会话登记的机构已变更，请重新发送文件。")
    outcome = await svc.run(
        svc.check_upload,
        svc.settings,
        svc.store,
        data,
        held.filename,
        chat_id=caller.chat_id,
        organ=held.organ,
        organ_id=who.organ_id,
        isolated=True,
    )
    if outcome.report_id is not None and outcome.newly_stored:
        await _index_draft(svc, outcome.report_id)
    notes = _stored_notes(outcome, who)
    return CallbackAnswer(toast="已保存", edit=Reply(_esc("\n".join(notes))))


def _stored_notes(outcome: CheckOutcome, who: Access) -> list[str]:
    report, report_id = outcome.report, outcome.report_id
    notes: list[str] = []
    printed = outcome.organ_as_printed
    if who.organ and printed and printed != who.organ:
        notes.append(
            f"注意：报告中的发布机关是「{printed}」，与本会话登记的「{who.organ}」不一致，"
            f"已按「{who.organ}」检查。"
        )
    if report_id is None:
        notes.append("本次只检查，未保存。")
    elif not outcome.newly_stored:
        notes.append(f"该文件此前已上传过（编号 #{report_id}），未重复保存。")
    elif who.organ is None:
        organ = report.organ or "未识别机关"
        notes.append(
            f"督导会话未登记机构，已按报告中的发布机关「{organ}」保存为草稿（编号 #{report_id}）。"
        )
    else:
        notes.append(f"已保存为「{who.organ}」的草稿（编号 #{report_id}）。")
    if report.year is None:
        notes.append("未能从报告中识别年度，请在标题中写明“××××年政府信息公开工作年度报告”。")
    return notes


def _check_reply(outcome: CheckOutcome, notes: list[str]) -> Reply:
    """The summary, with the user's own Word file reviewed (a DOCX upload) or the findings
    page (any other file) attached."""
    if outcome.reviewed_docx is not None:
        from services.reviewing import (
            DOCX_MEDIA_TYPE,
            REVIEWED_NOTE,
            reviewed_attachment_name,
        )

        return Reply(
            check_summary_html(outcome, [*notes, REVIEWED_NOTE]),
            attachment=Attachment(
                reviewed_attachment_name(outcome.source_name),
                outcome.reviewed_docx,
                DOCX_MEDIA_TYPE,
            ),
        )
    return Reply(
        check_summary_html(outcome, notes),
        attachment=Attachment(
            findings_filename(outcome.source_name), findings_html(outcome).encode()
        ),
    )


def _esc(text: str) -> str:
    return escape(text, quote=False)


def _now() -> datetime:
    return datetime.now(UTC)
