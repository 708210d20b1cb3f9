"""What a newcomer meets first: every expected failure is one line that says what to do,
and output cut short by a reader (``| head``) ends quietly."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from partyline.cli import build_parser
from tests.conftest import REPO, Crawled, cli_environment, run_cli


@pytest.mark.parametrize(
    ("url", "advice"),
    [
        ("mysql://root@127.0.0.1/test", "SQLite (the default) or PostgreSQL"),
        ("postgresql+pg8000://postgres@127.0.0.1/test", "pip install 'partyline[postgres]'"),
        ("not a url", "Invalid database URL"),
    ],
)
def test_an_unusable_database_url_is_one_line_with_advice(tmp_path, url: str, advice: str) -> None:
    result = run_cli(tmp_path, "report", env={"PARTYLINE_DB_URL": url})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert advice in line


def test_output_cut_short_by_its_reader_ends_quietly(crawled: Crawled) -> None:
    command = f"{sys.executable} -m partyline search 'tinh uy' --limit 500 --json | head -1"
    result = subprocess.run(
        ["sh", "-c", command],
        capture_output=True,
        text=True,
        timeout=120,
        env=cli_environment(crawled.home),
        cwd=REPO,
    )
    assert result.stdout.count("\n") == 1
    assert result.stderr == ""


def _options(parser: argparse.ArgumentParser, path: str = "partyline") -> list[tuple[str, str]]:
    """Every option and argument of every command, with where it is."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _options(sub, f"{path} {name}")
        elif not isinstance(action, argparse._HelpAction | argparse._VersionAction):
            found.append((path, action.dest) if not action.help else ("", ""))
    return [item for item in found if item != ("", "")]


def test_every_option_of_every_command_says_what_it_does() -> None:
    assert _options(build_parser()) == []


def test_a_home_that_is_a_file_or_a_damaged_database_is_one_line(tmp_path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "archive.db").write_bytes(b"this is no SQLite database\n" * 100)
    for home, says in ((not_a_folder, "is a file, not a folder"), (damaged, "is it an archive?")):
        for command in (("report",), ("search", "x"), ("crawl",)):
            result = run_cli(home, *command)
            assert result.returncode == 2 and "Traceback" not in result.stderr, command
            (line,) = result.stderr.strip().splitlines()
            assert says in line and "--home" in line, line
