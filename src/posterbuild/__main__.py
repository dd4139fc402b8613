"""Run the command line as ``python -m posterbuild``."""

from posterbuild.cli.main import main

raise SystemExit(main())
