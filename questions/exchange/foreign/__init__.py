"""Banks kept elsewhere, brought in: Anki packages, Moodle XML, spreadsheets.

Each reader turns a file into plain `ForeignItem`s (items.py) or raises
`ImportProblems` naming `file:location` for everything wrong with it; the
files it reads are bounded first (archive.py, `ImportLimits`). `save.py`
writes the items through the one bulk write path, remembering each
question's origin so that a second import updates instead of duplicating
and leaves editors' changes alone (the rules of exchange/conflicts.py).
"""
