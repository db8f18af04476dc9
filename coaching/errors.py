"""Domain errors that name the field at fault, so every layer above can say exactly what is wrong."""

from collections.abc import Mapping, Sequence

from pydantic import ValidationError


class FieldProblem(ValueError):
    """A list of `path: message` problems found in one input (a plan, a team file, a /log text)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


class FormProblems(ValueError):
    """Field errors of one form, keyed by field: a modal shows each under its own input."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


def describe(error: ValidationError) -> list[str]:
    """Return one `path: message` line per pydantic error, with list indexes as `people[2].role`."""
    return [f"{_path(err['loc'])}: {err['msg']}" for err in error.errors()]


def _path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(top level)"
