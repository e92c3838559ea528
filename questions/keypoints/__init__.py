"""Key points: what a strong answer to a question covers, and feedback on a typed answer.

A pure package (no models, no Django ORM), beside `markdown`, `quality` and
`search` at the bottom of the layers: editors write a question's key points
as text (`Question.key_points`), this package parses them into `KeyPoint`s,
and the checkers turn a candidate's typed answer into `Feedback` — which
points it covers, where in the candidate's own words, and a suggested grade
the candidate confirms or changes (never applied silently).

The value types shared by the parser, the deterministic checker and the
optional language-model checker live in `points.py`.
"""
