"""Review workflow: a local web app where people decide on flags, and the append-only record."""
