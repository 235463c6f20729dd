"""The ``ocrfix`` command line.

Each subcommand lives in the module that owns its concept and exposes two
functions: ``add_arguments(parser)`` and ``run(args) -> int`` (the exit
status). This module only wires them together and turns errors into
``ocrfix: error: ...`` on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__

#: subcommand -> (module, one-line help)
SUBCOMMANDS = {
    "fix": ("ocrfix.fixcli", "restore OCR pages (files in place, - for stdin/stdout)"),
    "eval": ("ocrfix.evaluate", "score restored pages against gold restorations"),
    "lm": ("ocrfix.lmcli", "build and inspect KenLM character models"),
    "review": ("ocrfix.review", "write an HTML page that shows every edit"),
    "width": ("ocrfix.widthcli", "estimate the column width a sample's line-break spaces fall on (for fix --line-width)"),
}


def _search_kind() -> str:
    """Which beam search restores text here: "compiled" where the C
    extension was built at install, else "Python" (the same results,
    slower; docs/how-it-works.md#the-search-compiled)."""
    from . import decode

    return "compiled" if decode.COMPILED else "Python"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ocrfix", description="Restore Chinese newspaper OCR text.")
    parser.add_argument("--version", action="version", version=f"ocrfix {__version__} ({_search_kind()} beam search)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        p = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        print("ocrfix: interrupted", file=sys.stderr)
        return 130
    except (OSError, ValueError, RuntimeError) as exc:
        print(f"ocrfix: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
