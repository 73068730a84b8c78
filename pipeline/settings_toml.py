"""Settings written back as TOML (:func:`settings_to_toml`): what ``pipeline config``
prints, and for the defaults the shipped ``pipeline/settings.toml``.

Each key comes with the ``#:`` comment written above its field in
:mod:`pipeline.config`; :func:`pipeline.config.load_settings` reads the result back.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from typing import Any

from .config import Settings

__all__ = ["settings_to_toml"]


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(value)  # pragma: no cover


def _field_docs(cls: type) -> dict[str, list[str]]:
    """The ``#:`` comment lines written above each field of a settings class."""
    import inspect

    docs: dict[str, list[str]] = {}
    pending: list[str] = []
    for line in inspect.getsource(cls).splitlines()[1:]:
        text = line.strip()
        if text.startswith("#:"):
            pending.append(text[2:].strip())
        elif ":" in text and not text.startswith(("#", '"')):
            name = text.split(":", 1)[0].strip()
            if name.isidentifier():
                docs[name] = pending
            pending = []
        else:
            pending = []
    return docs


_HEADER = """\
# pipeline settings. Every key with its default and what it does; `pipeline config` prints
# this file with the effective values. Copy it to ./pipeline.toml (or pass --config FILE)
# and change what you need: keys you leave out keep their defaults. TOML has no null, so
# unset values are shown as comments.
"""


def settings_to_toml(settings: Settings, *, comments: bool = True) -> str:
    """The effective settings as a TOML document that :func:`load_settings` reads back.

    Unset (None) values are written as comments, since TOML has no null. With
    ``comments`` each key is preceded by its description; for the default
    settings the result is the shipped ``pipeline/settings.toml``.
    """
    lines: list[str] = [_HEADER] if comments else []

    def emit(obj: Any, table: str, doc: Sequence[str] = ()) -> None:
        docs = _field_docs(type(obj)) if comments else {}
        scalars, tables = [], []
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if dataclasses.is_dataclass(value) or isinstance(value, Mapping):
                tables.append((f.name, value))
            else:
                scalars.append((f.name, value))
        if table and (scalars or doc):
            lines.append(f"\n[{table}]")
            lines.extend(f"# {d}" for d in doc)
        for name, value in scalars:
            lines.extend(f"# {d}" for d in docs.get(name, ()))
            if value is None:
                lines.append(f"# {name} = (unset)")
            else:
                lines.append(f"{name} = {_toml_value(value)}")
        for name, value in tables:
            sub = f"{table}.{name}" if table else name
            if isinstance(value, Mapping):
                lines.append(f"\n[{sub}]")
                lines.extend(f"# {d}" for d in docs.get(name, ()))
                for k, v in sorted(value.items()):
                    lines.append(f"{k} = {_toml_value(v)}")
            else:
                emit(value, sub, docs.get(name, ()))

    emit(settings, "")
    return "\n".join(lines).lstrip("\n") + "\n"
