"""``ocrfix lm``: build, inspect and try KenLM character models.

``ocrfix lm build --pd1998-train -o MODEL`` rebuilds the shipped model;
``ocrfix lm build MY_PAPER.txt -o MODEL`` builds one for another paper (use
it with ``--model MODEL``, ``Config(model=...)`` or ``$OCRFIX_MODEL``);
``ocrfix lm info MODEL --dev FILE`` prints order, size, vocabulary and
perplexity; ``ocrfix lm score`` prints the log10 probability of each line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from . import lm


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="lm_command", metavar="ACTION", required=True)

    build = sub.add_parser("build", help="train a character model with KenLM's lmplz and build_binary")
    build.add_argument("corpus", nargs="*", type=Path, metavar="CORPUS", help="UTF-8 text files, one paragraph a line (- for stdin)")
    build.add_argument("--pd1998-train", action="store_true", help="also train on the People's Daily 1998 train split (the shipped model's corpus)")
    build.add_argument("--pd1998-split", choices=("train", "fit"), help="also train on this People's Daily 1998 split (train: as --pd1998-train; fit: the train split's first 8/9, for a tuning model, see bench/tune_set.sh)")
    build.add_argument("-o", "--output", type=Path, required=True, metavar="MODEL", help="the model file to write")
    build.add_argument("--order", type=int, default=5, help="n-gram order (default 5; the tools are built for at most 6)")
    build.add_argument("--prune", type=int, nargs="+", metavar="N", help="lmplz count thresholds per order, e.g. --prune 0 0 1")
    build.add_argument("--memory", default="30%", help="lmplz memory for sorting (default 30%%)")
    build.add_argument("--arpa", action="store_true", help="write the ARPA text instead of a trie -q 8 -b 8 binary")

    info = sub.add_parser("info", help="order, size, vocabulary, sha256 and dev perplexity of a model")
    info.add_argument("model", type=Path, metavar="MODEL")
    info.add_argument("--dev", type=Path, metavar="FILE", help="text to compute the per-character perplexity on")
    info.add_argument("--pd1998-dev", action="store_true", help="compute perplexity on the People's Daily 1998 dev split")
    info.add_argument("--json", action="store_true", help="print one JSON object")

    score = sub.add_parser("score", help="log10 probability and perplexity of each line")
    score.add_argument("files", nargs="*", type=Path, metavar="FILE", help="text files (default: stdin)")
    score.add_argument("--model", metavar="PATH", help="KenLM model (default: $OCRFIX_MODEL or the shipped one)")


def run(args: argparse.Namespace) -> int:
    return {"build": _build, "info": _info, "score": _score}[args.lm_command](args)


def _read_lines(path: Path) -> Iterator[str]:
    if str(path) == "-":
        yield from sys.stdin
        return
    with open(path, encoding="utf-8") as f:
        yield from f


def _build(args: argparse.Namespace) -> int:
    split = args.pd1998_split or ("train" if args.pd1998_train else None)
    if not args.corpus and not split:
        raise ValueError("nothing to train on: give CORPUS files, --pd1998-train or --pd1998-split")
    for path in args.corpus:
        if str(path) != "-" and not path.is_file():
            raise FileNotFoundError(f"corpus file {path} does not exist")

    def lines() -> Iterator[str]:
        if split:
            from . import corpus

            yield from corpus.load_split(split)
        for path in args.corpus:
            yield from _read_lines(path)

    out = lm.build_model(lines(), args.output, order=args.order, prune=args.prune, memory=args.memory, binary=not args.arpa)
    _print_info(lm.model_info(out), as_json=False)
    return 0


def _info(args: argparse.Namespace) -> int:
    dev = None
    if args.dev:
        dev = list(_read_lines(args.dev))
    elif args.pd1998_dev:
        from . import corpus

        dev = corpus.load_split("dev")
    _print_info(lm.model_info(args.model, dev), as_json=args.json)
    return 0


def _print_info(info: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(info, ensure_ascii=False))
        return
    for key, value in info.items():
        if isinstance(value, list):
            value = " ".join(map(str, value))
        print(f"{key}: {value}")


def _score(args: argparse.Namespace) -> int:
    model = lm.load_model(args.model)
    sources = args.files or [Path("-")]
    for path in sources:
        for line in _read_lines(path):
            tokens = lm.tokenize(line)
            logp = model.score(tokens) if tokens else 0.0
            ppl = 10 ** (-logp / (len(tokens) + 1)) if tokens else float("nan")
            print(f"{logp:.4f}\t{ppl:.2f}\t{line.rstrip()}")
    return 0
