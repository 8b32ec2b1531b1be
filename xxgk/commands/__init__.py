"""CLI commands, one module each; see ``xxgk.cli.COMMAND_MODULES``."""
