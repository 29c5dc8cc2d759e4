"""The YAML column mapping of the csv connector: its pydantic model, loading and checks.

See `wi3.connectors.csv_rows` for what each key means. Problems are reported with their path in
the mapping, e.g. "mapping gitter.yaml: kind.values.Foo: 'bar' is not an event kind (create, …)".
"""

from __future__ import annotations

import codecs
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from wi3.errors import InputError
from wi3.events import KINDS, VIAS
from wi3.yamldoc import read_yaml


def _kind_name(value: str) -> str:
    if value not in KINDS:
        raise ValueError(f"{value!r} is not an event kind ({', '.join(KINDS)})")
    return value


def _via_name(value: str) -> str:
    if value not in VIAS:
        raise ValueError(f"{value!r} is not a via value ({', '.join(VIAS)})")
    return value


KindName = Annotated[str, AfterValidator(_kind_name)]
ViaName = Annotated[str, AfterValidator(_via_name)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Source(_Spec):
    """Where a text field comes from: a column, a constant `value`, or the file's name."""

    column: str | None = None
    value: str | None = None
    from_: Literal["filename"] | None = Field(default=None, alias="from")

    @model_validator(mode="before")
    @classmethod
    def _column_shorthand(cls, data: Any) -> Any:
        return {"column": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _exactly_one(self) -> Source:
        if sum(x is not None for x in (self.column, self.value, self.from_)) != 1:
            raise ValueError("give exactly one of column, value, or from: filename")
        return self


class _Choice(_Spec):
    """A constant `value`, or a `column` whose values are used as they are or mapped."""

    column: str | None = None
    values: dict[str, str] | None = None
    default: str | None = None
    value: str | None = None

    @model_validator(mode="after")
    def _column_or_value(self) -> _Choice:
        if (self.column is None) == (self.value is None):
            raise ValueError("give either value (a constant) or column (with optional values)")
        if self.value is not None and (self.values is not None or self.default is not None):
            raise ValueError("values and default go with column, not with value")
        return self


class KindSpec(_Choice):
    """Which kind each row's event is; every name must be an event kind."""

    values: dict[str, KindName] | None = None
    default: KindName | None = None
    value: KindName | None = None


class ViaSpec(_Choice):
    """How each row's contribution was made; every name must be a via value."""

    values: dict[str, ViaName] | None = None
    default: ViaName | None = None
    value: ViaName | None = None


class AccountsSpec(_Spec):
    """Yield an Account per new `key` value, with the other columns as its aliases."""

    key: str
    aliases: list[str] = []


class Mapping(_Spec):
    """A column mapping file, as validated; see the module docstring for each key."""

    format: Literal["csv", "tsv", "jsonl"]
    platform: str | None = None
    """The platform the export comes from (Gitter, Teams), for the initiatives it registers."""
    header: bool = True
    columns: list[str] | None = None
    encoding: str = "utf-8"
    delimiter: str | None = Field(default=None, min_length=1, max_length=1)
    files: str | None = None
    native_id: str | list[str]
    ts: str
    ts_format: str = "iso8601"
    ts_origin: datetime | None = None
    """For epoch_s/epoch_ms: count from this moment instead of 1970 (relative timestamps)."""
    actor: Source
    container: Source
    item: Source | None = None
    parent: Source | None = None
    target: Source | None = None
    kind: KindSpec
    via: ViaSpec | None = None
    size_of: str | None = None
    accounts: AccountsSpec | None = None

    def named_columns(self) -> dict[str, str]:
        """Mapping key (as a path such as `actor` or `kind.column`) → the column it names."""
        named: dict[str, str] = {}
        ids = [self.native_id] if isinstance(self.native_id, str) else self.native_id
        for i, column in enumerate(ids):
            named["native_id" if isinstance(self.native_id, str) else f"native_id.{i}"] = column
        named["ts"] = self.ts
        for key in ("actor", "container", "item", "parent", "target"):
            source = getattr(self, key)
            if source is not None and source.column is not None:
                named[key] = source.column
        for key in ("kind", "via"):
            choice = getattr(self, key)
            if choice is not None and choice.column is not None:
                named[f"{key}.column"] = choice.column
        if self.size_of is not None:
            named["size_of"] = self.size_of
        if self.accounts is not None:
            named["accounts.key"] = self.accounts.key
            for i, alias in enumerate(self.accounts.aliases):
                named[f"accounts.aliases.{i}"] = alias
        return named

    def required_columns(self) -> list[str]:
        """The columns every row needs: native id, ts, actor and column-based container/kind."""
        needed = [self.native_id] if isinstance(self.native_id, str) else list(self.native_id)
        needed += [self.ts]
        for choice in (self.actor, self.container, self.kind):
            if choice.column is not None:
                needed.append(choice.column)
        return list(dict.fromkeys(needed))


def load_mapping(path: Path) -> Mapping:
    """Read and validate a mapping file.

    Raises:
        InputError: naming the file and, for each problem, its path in the mapping, e.g.
            "mapping gitter.yaml: kind.values.Foo: 'bar' is not an event kind (create, …)".
    """
    name = path.name
    if not path.exists():
        raise InputError(key="error.no_mapping", path=path)
    try:
        data = read_yaml(path).data
    except InputError as exc:
        raise InputError(f"mapping {name}: cannot be read as YAML ({exc}).") from exc
    if not isinstance(data, dict):
        raise InputError(
            f"mapping {name}: expected keys such as format, ts, actor and kind "
            "at the top of the file."
        )
    try:
        mapping = Mapping.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(error) for error in exc.errors()]
        raise InputError(_mapping_message(name, problems)) from exc
    problems = _cross_checks(mapping)
    if problems:
        raise InputError(_mapping_message(name, problems))
    return mapping


def _problem(error: Any) -> str:
    """One pydantic error as 'path: message'."""
    loc = ".".join(str(part) for part in error["loc"]) or "(top)"
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "missing":
        message = "is required"
    elif error["type"] == "extra_forbidden":
        message = "is not a mapping key"
    return f"{loc}: {message}"


def _cross_checks(mapping: Mapping) -> list[str]:
    """Problems pydantic's per-field checks cannot see: they involve two keys, or the codec."""
    problems = []
    try:
        codecs.lookup(mapping.encoding)
    except LookupError:
        problems.append(f"encoding: {mapping.encoding!r} is not a known text encoding")
    if mapping.ts_format not in ("iso8601", "epoch_s", "epoch_ms") and "%" not in mapping.ts_format:
        problems.append(
            f"ts_format: {mapping.ts_format!r} is not iso8601, epoch_s, epoch_ms or "
            "a strptime pattern such as '%d/%m/%Y %H:%M'"
        )
    if isinstance(mapping.native_id, list) and not mapping.native_id:
        problems.append("native_id: give at least one column")
    if mapping.format != "jsonl" and not mapping.header:
        if not mapping.columns:
            problems.append(
                "columns: required when header is false (the names of the columns, in order)"
            )
        else:
            for key, column in mapping.named_columns().items():
                if column not in mapping.columns:
                    problems.append(
                        f"{key}: {column!r} is not one of the columns "
                        f"({', '.join(mapping.columns)})"
                    )
    return problems


def _mapping_message(name: str, problems: list[str]) -> str:
    fix = "Fix the mapping file (docs/mappings/gitter.yaml is a complete example)."
    if len(problems) == 1:
        return f"mapping {name}: {problems[0]}\n{fix}"
    listing = "\n".join(f"  {p}" for p in problems)
    return f"mapping {name} has {len(problems)} problems:\n{listing}\n{fix}"
