"""Use cases shared by every channel (CLI, bot, console chat, scheduler).

Channels call only these functions, so what a user gets does not depend on where they ask.

``parsing``     a file or uploaded bytes → ``AnnualReport`` (and the upload pre-check)
``checking``    run the rules, keep the result, the latest stored check of an organ
``ingesting``   store reports and index them (``xxgk ingest``, ``xxgk init``)
``ask``         answer a question from the index (``xxgk ask``, chat questions)
``drafting``    draft a report from numbers or a stored draft (``xxgk draft``, ``/draft``)
``deadlines``   settings → the pure ``deadlines`` package's arguments; 依申请公开 deadlines
``remind``      plan and send the season's reminders exactly once
``roster``      the organs that owe a report and their chats (CSV import, listing)
``llm``         the configured chat model
``storage``     opening the database
``rendering``   how results read: findings as text or HTML, the deadlines as text
"""
