"""Deadlines: working days (工作日), 依申请公开 reply periods, annual-report due dates and the
reminder plan. Pure Python, no clock and no I/O, except ``holiday_data`` (the file adapter)."""
