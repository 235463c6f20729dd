"""Width repair: which narrow marks sit beside Chinese text."""

import random

from ocrfix import widen


def test_a_marks_neighbours_are_the_nearest_characters_past_gaps():
    """Read in place, they are what the text around the mark, stripped of
    its gaps, ends and starts with."""
    rng = random.Random(5)
    alphabet = ["我", "a", "3", ",", "(", " ", "\n", "\t", "\r", "，"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10)))
        for k in range(len(text)):
            expected = (text[:k].rstrip(widen._GAP)[-1:], text[k + 1 :].lstrip(widen._GAP)[:1])
            assert widen._neighbours(text, k, k + 1) == expected, (text, k)


def test_gaps_around_a_mark_are_looked_past():
    assert widen.widen_text("我们 \n ,他们") == "我们 \n ，他们"
    assert widen.widen_text("abc \n ,def") == "abc \n ,def"
    assert widen.widen_text(",我们") == "，我们"
    assert widen.widen_text("我们,") == "我们，"
