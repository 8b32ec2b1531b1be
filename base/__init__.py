"""The base every layer stands on: ``settings`` (the one configuration object, read from
``XXGK_*``) and ``errors`` (the exceptions whose Chinese message the user reads).

It imports nothing of the application (import-linter's layers contract keeps it so), which is
what lets the domain, the adapters, the services and the channels all depend on it.
"""
