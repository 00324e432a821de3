"""Core-layer coded errors. Every refusal in the core raises :class:`CitadelError` with a stable,
machine-readable ``code`` (used by tests, the CLI's exit codes and the apps) and a translated message."""

from __future__ import annotations

from typing import Any

from shared.i18n import tr


class CitadelError(Exception):
    """A refusal with a machine-readable code. ``message(lang)`` gives the translated text."""

    def __init__(self, code: str, detail: str = "", **params: Any) -> None:
        self.code = code
        self.detail = detail
        self.params = params
        super().__init__(f"{code}: {detail or self.message('en')}")

    def message(self, lang: str = "en") -> str:
        return tr(f"error.{self.code}", lang, **self.params)


class InvalidTransition(CitadelError):
    def __init__(self, entity: str, current: str, target: str) -> None:
        super().__init__(
            "invalid_transition",
            f"{entity} cannot go from {current} to {target}",
            entity=entity,
            current=current,
            target=target,
        )


class NotFound(CitadelError):
    def __init__(self, what: str, key: object) -> None:
        super().__init__("not_found", f"{what} {key!r} not found", what=what, key=key)


def startup_error(exc: BaseException) -> CitadelError:
    """What an app shows when it cannot start: a coded, translatable error for ``exc``. A database that
    cannot be reached or opened (``sqlalchemy`` errors) or a data disk that fails (``OSError``) are
    ``database``; a :class:`CitadelError` stays itself; anything else is ``internal``."""
    if isinstance(exc, CitadelError):
        return exc
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return CitadelError("database", str(exc), problem=str(exc.orig).splitlines()[0])
    if isinstance(exc, SQLAlchemyError | OSError):
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return CitadelError("database", str(exc), problem=problem)
    return CitadelError("internal", str(exc), log="the journal (journalctl)")
