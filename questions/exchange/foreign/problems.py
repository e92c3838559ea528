"""What is wrong with a file, said as `file:location: message` lines."""


class ImportProblems(Exception):
    """Everything wrong with a file: nothing of it is written.
    `problems`: (location, message) pairs; the location names the row, note,
    question or archive member ("row 3", "note 1520", "media/x.png")."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{where}: {message}" for where, message in problems))

    def lines(self, name: str) -> list[str]:
        return [
            f"{name}:{where}: {message}" if where else f"{name}: {message}"
            for where, message in self.problems
        ]


def problem(location: str, message: str) -> ImportProblems:
    return ImportProblems([(location, message)])
