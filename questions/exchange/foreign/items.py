"""What every reader produces: plain data, nothing saved."""

from dataclasses import dataclass, field


@dataclass
class ForeignItem:
    """One question as a foreign file has it, its texts already Markdown.
    `external_id`: what the file calls it (an Anki note's guid, a Moodle
    question's idnumber or name, a spreadsheet's id column or title), stable
    across exports so that importing again finds it. `group`: the file's
    own classification (a deck, a category path, a category column), which
    the mapping turns into a category or tags. `location`: "note 12",
    "row 3", "question 4"."""

    external_id: str
    location: str
    title: str
    answer: str
    body: str = ""
    explanation: str = ""
    group: str = ""
    tags: list[str] = field(default_factory=list)
    difficulty: str = ""
    key_points: str = ""
    solutions: str = ""
    # Set when the file names a qbank question itself (a qbank export read
    # back): its slug, and its category's.
    slug: str = ""
    category: str = ""


@dataclass
class ForeignBank:
    """A whole file read: its items, and what it held that no item became."""

    format: str
    name: str
    items: list[ForeignItem] = field(default_factory=list)
    # (location, what) of what was read but is not imported (unknown types, sounds…).
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # What the mapping step offers: the groups seen, in order, and the
    # layouts whose fields map to roles ({note type: its fields}, or
    # {"columns": the header row}).
    groups: list[str] = field(default_factory=list)
    layouts: dict[str, list[str]] = field(default_factory=dict)

    def add(self, item: ForeignItem) -> None:
        self.items.append(item)
        if item.group and item.group not in self.groups:
            self.groups.append(item.group)
