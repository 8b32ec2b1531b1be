"""xxgk (信息公开助手): ask, check, draft and remind for 政府信息公开工作年度报告."""

__version__ = "0.1.0"
