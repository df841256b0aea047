"""Loaders for the data files shipped in ``fzdata/resources`` (aliases, vocabulary, catalogue)."""

from __future__ import annotations

import functools
from typing import Any

import yaml

from fzdata.core.config import RESOURCES_DIR


@functools.cache
def vocab() -> dict[str, Any]:
    """The cleaning vocabulary (``vocab.yml``)."""
    return _yaml("vocab.yml")


@functools.cache
def headers() -> dict[str, dict[str, list[str]]]:
    """Header aliases per table kind (``headers.yml``)."""
    return _yaml("headers.yml")


@functools.cache
def wording() -> dict[str, Any]:
    """Sentence patterns of the report, shortcomings and follow-up (``wording.yml``)."""
    return _yaml("wording.yml")


@functools.cache
def cli_texts() -> dict[str, Any]:
    """The command line's Chinese text: help, examples, argparse translations (``cli.yml``)."""
    return _yaml("cli.yml")


@functools.cache
def messages() -> dict[str, Any]:
    """Messages for common slips: lock files, folder names, old Word formats (``messages.yml``)."""
    return _yaml("messages.yml")


def message(key: str, **fields: Any) -> str:
    """One message of ``messages.yml`` with its fields filled in."""
    return messages()[key].format(**fields)


def _yaml(name: str) -> dict[str, Any]:
    with open(RESOURCES_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@functools.cache
def stated_readings() -> dict[str, Any]:
    """How reports state figures beyond name + figure + measure (``stated.yml``)."""
    return _yaml("stated.yml")
