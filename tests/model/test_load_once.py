"""The growth model is parsed once per process, by libyaml where PyYAML has it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import wi3.yamldoc
from wi3.model import load_model
from wi3.model._load import _load


def test_the_model_is_parsed_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    parses: list[tuple[str, str]] = []
    parse = wi3.yamldoc._parse

    def counted(path: Path, text: str, loader: Any) -> Any:
        parses.append((path.name, loader.__name__))
        return parse(path, text, loader)

    monkeypatch.setattr(wi3.yamldoc, "_parse", counted)
    _load.cache_clear()
    first = load_model()
    assert load_model() is first
    assert load_model() is first
    assert parses == [("wi3.yaml", "_FastLoader")]


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="this PyYAML was built without libyaml")
def test_the_fast_loader_is_libyaml() -> None:
    assert issubclass(wi3.yamldoc._FastLoader, yaml.CSafeLoader)
