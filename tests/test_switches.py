"""Every repair switch can be turned off on a real page: the restoration
still runs, keeps its invariants, and makes no edit of that repair."""

from collections import Counter
from pathlib import Path

import pytest

import ocrfix
from ocrfix.chardata import content_chars

SEED = (Path(__file__).resolve().parents[1] / "seeds" / "000_9e6876d41bf3072b.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("switch", ["quotes", "spaces", "punct", "join", "move", "hyphen", "document_memory"])
def test_a_repair_switched_off_on_the_seed_page(switch):
    fixed = ocrfix.fix_and_explain(SEED, ocrfix.Config(**{switch: False}))
    assert ocrfix.apply_edits(SEED, fixed.edits) == fixed.text
    assert Counter(content_chars(fixed.text)) == Counter(content_chars(SEED))
    repair = {"quotes": "quote", "spaces": "space"}.get(switch, switch)
    assert repair not in {e.repair for e in fixed.edits}


def test_all_decoder_repairs_off_leaves_only_layout():
    fixed = ocrfix.fix_and_explain(SEED, ocrfix.Config(quotes=False, spaces=False, punct=False))
    assert {e.repair for e in fixed.edits} <= {"join", "move", "hyphen", "layout"}
