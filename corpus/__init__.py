"""The corpus that ships with xxgk (data, not code): ``regulation/`` the 条例 and the report
formats, ``reports/`` sample reports with their gold JSON, ``eval/`` question sets,
``holidays/`` supplementary holiday files, and whatever other folders are added here.

This file only makes ``corpus`` a regular package, so that every file below it is installed as
package data and found with ``importlib.resources`` (``base.settings.BUNDLED_CORPUS``) from the
source tree, an editable install and a wheel alike.
"""
