"""One module per command, each with ``run(args) -> int``; :mod:`posterbuild.cli.main` imports a
command's module only when that command runs (its table ``COMMANDS``)."""
