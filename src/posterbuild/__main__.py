"""Run the command line as ``python -m posterbuild``."""

from posterbuild.cli import main

raise SystemExit(main())
