"""Real temporary git repositories for the tests of record, log, init and provenance.

No mocks: git itself runs. Identity and dates are pinned in the environment, and the user's
global and system git config are ignored, so every commit id is the same on every machine.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

DATE = "2022-01-26T10:00:00+08:00"


def isolate_git(monkeypatch: pytest.MonkeyPatch, date: str = DATE) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_DATE", date)
    monkeypatch.setenv("GIT_COMMITTER_DATE", date)
    monkeypatch.delenv("GIT_CEILING_DIRECTORIES", raising=False)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_AUTHOR_NAME",
                 "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name, raising=False)


def git(cwd: Path, *args: str, check: bool = True) -> str:
    proc = subprocess.run(["git", "-c", "core.quotepath=false", *args], cwd=cwd,
                          capture_output=True, encoding="utf-8")
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {proc.stderr}")
    return proc.stdout


def set_identity(repo: Path, name: str = "张三", email: str = "zhangsan@example.com") -> None:
    git(repo, "config", "user.name", name)
    git(repo, "config", "user.email", email)


def make_repo(root: Path, name: str = "张三") -> Path:
    """``root`` (holding data/) as a git repository with everything in one first commit."""
    git(root, "init", "-q", "-b", "main")
    set_identity(root, name)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "初始数据")
    return root


def added_removed(repo: Path, *paths: str) -> tuple[list[str], list[str]]:
    """The lines ``git diff`` adds and removes (working tree against the index)."""
    diff = git(repo, "diff", "--no-color", "-U0", "--", *paths)
    added = [ln[1:] for ln in diff.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    removed = [ln[1:] for ln in diff.splitlines() if ln.startswith("-") and not ln.startswith("---")]
    return added, removed
