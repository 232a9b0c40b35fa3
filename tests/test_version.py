"""`nengli --version` and `-V`: the version of the installed package, from its metadata."""

from importlib.metadata import version

import pytest


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_is_the_installed_package_version(cli, flag):
    result = cli(flag)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"nengli {version('nengli')}\n"


def test_version_is_listed_in_help(cli):
    result = cli("--help")
    assert "-V, --version" in result.stdout and "显示 nengli 的版本号并退出。" in result.stdout
