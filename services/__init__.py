"""Use cases shared by every channel (CLI, bot, console chat, scheduler).

Channels call only these functions, so what a user gets does not depend on where they ask.
"""
