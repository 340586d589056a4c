"""One module per subcommand: ``register(subparsers)`` adds its parser, ``run(args)`` runs it.

:func:`summary_audit.cli.build_parser` discovers every module here; adding a command touches no
other file.
"""
