"""The chat channels: Telegram (``bot.app``, run by ``bot.serve``) and the console
(``bot.console``), both thin adapters over one conversation (``bot.conversation``)."""
