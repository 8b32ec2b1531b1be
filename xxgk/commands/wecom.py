"""``xxgk wecom``: run the WeCom (企业微信 / 政务微信) callback server."""

from __future__ import annotations

import logging

import typer

from xxgk.commands._common import load_settings, user_errors


def wecom() -> None:
    """运行企业微信（政务微信）自建应用的回调服务：问答、检查草稿、登记机关、提醒。

    需要 XXGK_WECOM_CORP_ID、XXGK_WECOM_AGENT_ID、XXGK_WECOM_SECRET、XXGK_WECOM_TOKEN、
    XXGK_WECOM_AES_KEY；回调地址为 /wecom/callback，监听 XXGK_WECOM_LISTEN:XXGK_WECOM_PORT，
    一般放在单位的 nginx 反向代理之后。

    示例：XXGK_WECOM_CORP_ID=ww... XXGK_WECOM_AGENT_ID=1000002 ... xxgk wecom
    """
    from wecom.server import run_wecom

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = load_settings()
    with user_errors():
        run_wecom(settings)


def register(app: typer.Typer) -> None:
    app.command("wecom")(wecom)
