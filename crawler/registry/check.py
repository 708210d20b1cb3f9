"""Checking the sites registry, with the file's line number in every message.

PyYAML's node marks give each block and value its line, so a problem reads
``crawler/sites.yaml:42: site 'tinhuy-x': unknown family 'nukevet'`` and the
operator goes straight to it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from archive.provinces import UnknownProvince, canonical_province
from crawler.profiles import load_families
from crawler.registry import evidence
from crawler.registry.entries import OPTIONAL_KEYS, PUBLISHER_TYPES, REQUIRED_KEYS, host_key

_SITE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_HOST = re.compile(rf"^(?:{_LABEL}\.)*{_LABEL}(?::\d{{1,5}})?$")
URL_KEYS = evidence.URL_LISTS


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass
class RegistryCheck:
    """The registry's entries (as plain data) and every problem found in it."""

    path: Path
    entries: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _parse(path: Path, check: RegistryCheck) -> tuple[yaml.Node | None, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        check.problems.append(Problem(path, 0, f"cannot read the registry: {exc.strerror}"))
        return None, None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        problem = getattr(exc, "problem", None) or str(exc)
        check.problems.append(Problem(path, line, f"not valid YAML: {problem}"))
        return None, None
    finally:
        loader.dispose()


def check_registry(path: Path) -> RegistryCheck:
    """Every problem of the registry at ``path``; ``entries`` holds the usable blocks."""
    check = RegistryCheck(path)
    node, document = _parse(path, check)
    if node is None:
        if not check.problems:
            check.problems.append(Problem(path, 1, "the file is empty; expected 'sites:'"))
        return check
    sites_node = _value_node(node, "sites")
    if not isinstance(document, dict) or not isinstance(document.get("sites"), list):
        check.problems.append(Problem(path, _line(node), "expected a top-level 'sites:' list"))
        return check
    assert isinstance(sites_node, yaml.SequenceNode)
    checker = _SiteChecker(check, set(load_families()))
    for item_node, entry in zip(sites_node.value, document["sites"], strict=True):
        checker.check(item_node, entry)
    check.problems.sort(key=lambda problem: problem.line)
    return check


def _value_node(mapping: yaml.Node, key: str) -> yaml.Node | None:
    if not isinstance(mapping, yaml.MappingNode):
        return None
    for key_node, value_node in mapping.value:
        if getattr(key_node, "value", None) == key:
            return value_node
    return None


class _SiteChecker:
    """Checks site blocks one by one, remembering ids and hosts across blocks."""

    def __init__(self, result: RegistryCheck, families: set[str]) -> None:
        self.result = result
        self.families = families
        self.ids: dict[str, int] = {}
        self.hosts: dict[str, tuple[str, int]] = {}

    def problem(self, node: yaml.Node, message: str, severity: str = "error") -> None:
        self.result.problems.append(Problem(self.result.path, _line(node), message, severity))

    def check(self, node: yaml.Node, entry: Any) -> None:
        if not isinstance(entry, dict) or not isinstance(node, yaml.MappingNode):
            self.problem(node, "each site must be a block of 'key: value' lines")
            return
        errors_before = len(self.result.errors)
        label = f"site {entry.get('id', '?')!r}"
        self._keys(node, entry, label)
        self._identity(node, entry, label)
        self._hosts(node, entry, label)
        self._urls(node, entry, label)
        self._evidence(node, entry, label)
        if len(self.result.errors) == errors_before:
            self.result.entries.append(entry)

    def _at(self, node: yaml.Node, key: str) -> yaml.Node:
        return _value_node(node, key) or node

    def _keys(self, node: yaml.MappingNode, entry: dict[str, Any], label: str) -> None:
        seen: set[str] = set()
        for key_node, _ in node.value:
            key = str(key_node.value)
            if key in seen:
                self.problem(key_node, f"{label}: key '{key}' appears twice in the block")
            seen.add(key)
            if key not in REQUIRED_KEYS and key not in OPTIONAL_KEYS:
                close = difflib.get_close_matches(key, (*REQUIRED_KEYS, *OPTIONAL_KEYS), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.problem(key_node, f"{label}: unknown key '{key}'{hint}", "warning")
        for key in REQUIRED_KEYS:
            if entry.get(key) in (None, "", []):
                self.problem(node, f"{label}: missing required key '{key}'")
        if not any(entry.get(key) for key in URL_KEYS):
            self.problem(node, f"{label}: no start URL: give listings, feeds or sitemaps")
        self._values(node, entry, label)

    def _values(self, node: yaml.MappingNode, entry: dict[str, Any], label: str) -> None:
        """Values that must be of one kind: a yes/no is true or false, never "maybe"."""
        if "obey_robots" in entry and not isinstance(entry["obey_robots"], bool):
            self.problem(
                self._at(node, "obey_robots"),
                f"{label}: obey_robots must be true or false, not {entry['obey_robots']!r}",
            )
        interval = entry.get("expected_interval_days")
        if interval is not None and (
            isinstance(interval, bool) or not isinstance(interval, int | float) or interval <= 0
        ):
            self.problem(
                self._at(node, "expected_interval_days"),
                f"{label}: expected_interval_days must be a number of days above 0, "
                f"not {interval!r}",
            )

    def _identity(self, node: yaml.MappingNode, entry: dict[str, Any], label: str) -> None:
        site_id = entry.get("id")
        if site_id is not None:
            if not _SITE_ID.match(str(site_id)):
                self.problem(
                    self._at(node, "id"),
                    f"{label}: id must be lowercase letters, digits and '-' (at most 64)",
                )
            elif str(site_id) in self.ids:
                self.problem(
                    self._at(node, "id"),
                    f"{label}: duplicate id (first used on line {self.ids[str(site_id)]})",
                )
            else:
                self.ids[str(site_id)] = _line(node)
        family = entry.get("family")
        if family and family not in self.families:
            self.problem(
                self._at(node, "family"),
                f"{label}: unknown family {family!r}; known: {', '.join(sorted(self.families))}",
            )
        kind = entry.get("publisher_type")
        if kind and kind not in PUBLISHER_TYPES:
            self.problem(
                self._at(node, "publisher_type"),
                f"{label}: unknown publisher_type {kind!r}; known: {', '.join(PUBLISHER_TYPES)}",
            )
        province = entry.get("province")
        if not province and kind != "trung_uong":
            self.problem(node, f"{label}: missing 'province' (only trung_uong sites have none)")
        for key in ("province", "province_current"):
            value = entry.get(key)
            if not value:
                continue
            try:
                canonical_province(str(value))
            except UnknownProvince as exc:
                self.problem(self._at(node, key), f"{label}: {exc}")

    def _listed(
        self, node: yaml.MappingNode, entry: dict[str, Any], key: str, label: str, what: str
    ) -> list[tuple[Any, yaml.Node]]:
        """The values of list ``key`` with each one's node (for its line); [] if absent/bad."""
        values = entry.get(key)
        if values is None:
            return []
        list_node = self._at(node, key)
        if not isinstance(values, list):
            self.problem(list_node, f"{label}: '{key}' must be a list of {what}")
            return []
        items = list_node.value if isinstance(list_node, yaml.SequenceNode) else []
        return [
            (value, items[index] if index < len(items) else list_node)
            for index, value in enumerate(values)
        ]

    def _hosts(self, node: yaml.MappingNode, entry: dict[str, Any], label: str) -> None:
        for host, at in self._listed(node, entry, "hosts", label, "host names"):
            text = str(host).lower()
            if not _HOST.match(text):
                self.problem(at, f"{label}: malformed host {host!r} (a name, no scheme or path)")
                continue
            key = host_key(text)
            if key in self.hosts:
                other, line = self.hosts[key]
                self.problem(at, f"{label}: duplicate host {host!r}: site {other!r}, line {line}")
            else:
                self.hosts[key] = (str(entry.get("id", "?")), _line(at))

    def _urls(self, node: yaml.MappingNode, entry: dict[str, Any], label: str) -> None:
        own_hosts = {host_key(str(h)) for h in entry.get("hosts") or () if isinstance(h, str)}
        for key in URL_KEYS:
            for url, at in self._listed(node, entry, key, label, "URLs"):
                self._url(at, str(url), own_hosts, label)
        for pattern, at in self._listed(node, entry, "article_urls", label, "patterns"):
            try:
                re.compile(str(pattern))
            except re.error as exc:
                self.problem(at, f"{label}: article_urls pattern {pattern!r} is invalid: {exc}")

    def _url(self, node: yaml.Node, url: str, own_hosts: set[str], label: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
            self.problem(node, f"{label}: malformed URL {url!r} (expected http(s)://host/path)")
        elif own_hosts and host_key(parts.netloc) not in own_hosts:
            self.problem(node, f"{label}: URL {url!r} is not on the site's hosts")

    def _evidence(self, node: yaml.MappingNode, entry: dict[str, Any], label: str) -> None:
        """Each entry well formed and about a value of the block; each required value covered."""
        given = entry.get("evidence")
        evidence_node = _value_node(node, "evidence")
        if given is not None and not isinstance(given, dict):
            self.problem(
                evidence_node or node, f"{label}: 'evidence' must map keys to seen/guessed"
            )
            given = None
        given = given or {}
        own = evidence.own_values(entry)
        pairs = evidence_node.value if isinstance(evidence_node, yaml.MappingNode) else []
        for key_node, value_node in pairs:
            key = str(key_node.value)
            if key not in evidence.EVIDENCE_KEYS and key not in own:
                close = difflib.get_close_matches(key, (*evidence.EVIDENCE_KEYS, *own), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.problem(
                    key_node,
                    f"{label}: evidence for {key!r}, not a key or URL of the block{hint}",
                    "warning",
                )
            elif key in evidence.EVIDENCE_KEYS and entry.get(key) in (None, "", []):
                self.problem(
                    key_node, f"{label}: evidence for {key!r}, which the block lacks", "warning"
                )
            why = evidence.malformed(given.get(key))
            if why:
                self.problem(value_node, f"{label}: evidence for {key!r} {why}")
        for key in evidence.required_evidence(entry):
            if not evidence.covers(given, entry, key):
                self.problem(
                    self._at(node, key),
                    f"{label}: no evidence for {key!r}: add it under 'evidence:' as "
                    '{seen: "<where>"} or {guessed: "<why>"}',
                    "warning",
                )
