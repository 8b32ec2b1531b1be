"""Opening the database for a command or the bot: one place that knows how."""

from __future__ import annotations

from typing import TYPE_CHECKING

from base.settings import Settings

if TYPE_CHECKING:
    from storage.repository import Store


def open_store(settings: Settings) -> Store:
    """The store for these settings, its schema migrated to the current version."""
    from storage.repository import Store

    settings.ensure_home()
    store = Store.from_settings(settings)
    store.upgrade()
    return store
