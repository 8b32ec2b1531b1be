"""The reminder scheduler: APScheduler in the bot's event loop, jobs persisted in the database.

``setup`` starts and stops it (``attach_scheduler`` hooks it into the bot's Application);
``jobs`` holds the job functions APScheduler stores by name.
"""
