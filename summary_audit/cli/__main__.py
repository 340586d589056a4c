"""``python -m summary_audit.cli``: the same as the ``summary-audit`` command."""

from summary_audit.cli import main

raise SystemExit(main())
