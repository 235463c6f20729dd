"""Write src/ocrfix/_charclasses.py: the ``regex`` module's Unicode classes
that ocrfix's hot patterns use, as ranges for the standard ``re`` engine.
Run it after upgrading ``regex`` when tests/test_chardata.py says they differ.

    python scripts/charclasses.py
"""

from ocrfix.chardata import write_classes

if __name__ == "__main__":
    print(write_classes())
