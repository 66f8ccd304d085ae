"""Headless subcommands of the ``cpdesk`` command (one module each)."""
