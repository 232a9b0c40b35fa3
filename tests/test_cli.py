"""The command line, in-process through typer's CliRunner: exit codes and exact output."""

from __future__ import annotations

import json
import os

import pytest

from conftest import SHIPPED
from nengli.cli import app


def test_status_json_shape(make_data, cli):
    make_data()
    result = cli("status", "--phase", "1", "--as-of", "2022-01-24", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["phase"] == 1 and data["as_of"] == "2022-01-24"
    meet, lst = data["tasks"]
    assert {k: meet[k] for k in ("id", "title", "applicable", "on_time", "late", "missing",
                                 "pending", "exempt", "laggards")} == {
        "id": "meet", "title": "动员部署会召开", "applicable": 3, "on_time": 1, "late": 1,
        "missing": 1, "pending": 0, "exempt": 0, "laggards": ["二中", "三中"]}
    assert lst["exempt"] == 1 and lst["laggards"] == ["二中", "三中"]


def test_status_json_on_shipped_data(cli):
    result = cli("status", "--data", str(SHIPPED), "--phase", "1", "--as-of", "2022-01-24", "--json")
    assert result.exit_code == 0, result.output
    tasks = {t["id"]: t for t in json.loads(result.stdout)["tasks"]}
    assert tasks["mobilization"]["laggards"] == []
    assert tasks["cases"]["laggards"] == ["24中", "信息中心", "成教室"]
    assert (tasks["cases"]["applicable"], tasks["cases"]["on_time"], tasks["cases"]["late"],
            tasks["cases"]["missing"]) == (54, 51, 1, 2)
    assert tasks["lists"]["laggards"] == ["31中", "103中"]
    assert tasks["lists"]["applicable"] == 76


def test_report_phase_one_clauses(cli):
    result = cli("report", "--data", str(SHIPPED), "--phase", "1", "--date", "2022-01-24")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "督查学校41所，二级机构13个，局机关处室22个。" in text
    assert "除24中、信息中心、成教室未按时报送外，其它学校（单位）均已完成。" in text
    assert "除31中、103中未按时报送外，其它学校（单位）均已完成，局机关各处室全部完成。" in text
    # the seed's words: the schools by their label, the cases' item as the phase file titles it
    assert "动员部署会召开情况汇总：各学校（单位）、二级机构均全部完成。" in text
    assert "3. 创新案例、改革案例的情况汇总：除24中" in text
    assert text.rstrip().endswith("2022年1月24日") or "2022年1月24日" in text.splitlines()[-1] \
        or "2022年1月24日\n" in text


def test_report_as_of_earlier_changes_the_facts(cli):
    # on 2022-01-21 24中's late report (01-22) is not yet known: it is simply missing
    result = cli("report", "--data", str(SHIPPED), "--phase", "1", "--date", "2022-01-24",
                 "--as-of", "2022-01-19")
    assert result.exit_code == 0, result.output
    assert "创新案例、改革案例的情况汇总：截止日期为2022年1月20日" in result.stdout


def test_report_out_writes_file(cli, tmp_path):
    out = tmp_path / "通报.md"
    result = cli("report", "--data", str(SHIPPED), "--phase", "1", "--date", "2022-01-24",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "除24中、信息中心、成教室未按时报送外" in out.read_text(encoding="utf-8")


def test_check_ok_summary(cli):
    result = cli("check", "--data", str(SHIPPED), "--as-of", "2022-12-31")
    assert result.exit_code == 0, result.output
    assert result.stdout == "数据无误：76 个单位，2 个阶段，5 项任务，187 条登记。\n"


def test_check_reports_located_problem_and_exits_1(make_data, cli):
    make_data({"phases/phase1.yaml": """\
        phase: 1
        title: 第一阶段
        start: 2022-01-01
        end: 2022-01-31
        tasks:
          - {id: meet, title: 会议, due: 2022-01-10}
        records:
          meet:
            四中: 2022-01-05
        """})
    result = cli("check")
    assert result.exit_code == 1
    assert "data/phases/phase1.yaml:9:5: 错误：名册中没有单位“四中”" in result.stderr


def test_status_refuses_invalid_data_with_same_message(make_data, cli):
    make_data({"units.yaml": "categories: {school: {name: 学校}}\nunits:\n  - id: 101\n    category: school\n"})
    result = cli("status")
    assert result.exit_code == 1
    assert "data/units.yaml:3:9: 错误：单位简称（id）“101”被 YAML 读成了数字，而不是文字。" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [
    ["report", "--date", "2022-01-24"], ["status"], ["bulletin", "--issue", "6"],
    ["board", "--out", "看板.html"],
    ["remind"], ["rank"], ["export", "--format", "csv"], ["record", "cases", "24中"],
    ["intake", "收件箱"], ["intake", "收件箱", "--task", "cases"],
])
def test_unknown_phase_is_one_usage_error_for_every_command(cli, tmp_path, monkeypatch, args):
    """Every command that takes --phase says the same about a phase there is not, naming
    those there are, and changes nothing (a copy of the shipped data: record and intake lock
    the phase files, which leaves git-ignored lock files beside them)."""
    import shutil

    shutil.copytree(SHIPPED, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "收件箱").mkdir()
    (tmp_path / "收件箱" / "24中-案例.docx").write_text("案例", encoding="utf-8")
    result = cli(*args, "--data", "data", "--phase", "9")
    assert result.exit_code == 2, result.output
    assert result.stderr == "用法错误：没有第 9 阶段（已有：1、2）。\n  提示：请用 --phase 指定已有的阶段编号。\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "收件箱"]
    for path in SHIPPED.rglob("*"):
        if path.is_file():
            assert (tmp_path / "data" / path.relative_to(SHIPPED)).read_bytes() == path.read_bytes()


def test_bad_option_date_is_usage_error(cli):
    result = cli("status", "--data", str(SHIPPED), "--as-of", "2022/01/24")
    assert result.exit_code == 2
    assert "选项 --as-of 的日期“2022/01/24”无效" in result.stderr


def test_data_found_upward_from_cwd(make_data, cli, monkeypatch):
    data = make_data()
    sub = data.parent / "notes" / "deep"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    result = cli("check", "--as-of", "2022-01-24")
    assert result.exit_code == 0, result.output


def test_data_from_environment(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NENGLI_DATA", str(SHIPPED))
    result = cli("status", "--phase", "1", "--as-of", "2022-01-24", "--json")
    assert result.exit_code == 0, result.output


def test_no_data_found_says_how_to_fix(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NENGLI_DATA", raising=False)
    result = cli("status")
    assert result.exit_code == 1
    assert "找不到数据目录" in result.stderr and "--data" in result.stderr


def test_missing_data_dir_is_one_clear_line(cli):
    result = cli("check", "--data", "/nonexistent/data")
    assert result.exit_code == 1
    assert result.stderr.startswith("/nonexistent/data: 错误：数据目录“/nonexistent/data”不存在或不是文件夹。")
    assert "Traceback" not in result.output


def _commands(group):
    import typer.main

    click_app = typer.main.get_command(group)
    return sorted(click_app.list_commands(click_app.make_context("nengli", ["--help"], resilient_parsing=True)))


@pytest.mark.parametrize("command", [None, *_commands(app)])
def test_every_command_has_chinese_help(cli, command):
    args = [command, "--help"] if command else ["--help"]
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert "用法：nengli" in result.stdout and "Usage" not in result.stdout
    assert "显示本帮助并退出。" in result.stdout
    # the docstring (first line) is Chinese, and every option has help text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stdout)


@pytest.mark.parametrize("command", [None, *_commands(app)])
def test_help_has_no_english_framework_words(cli, command):
    """typer and click's own words (sections, markers, type names) come out in Chinese."""
    result = cli(*([command] if command else []), "--help")
    assert result.exit_code == 0, result.output
    for english in ("Usage", "Options", "Arguments", "Commands", "required", "default:",
                    "Show this", "<str>", "<list", "<bool>", "<int>", "<path>", "{"):
        assert english not in result.stdout, (english, result.stdout)
    assert "\n选项：\n" in result.stdout


def _help(group) -> str:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert group.main(["--help"], prog_name="nengli", standalone_mode=False) == 0
    return out.getvalue()


def test_command_table_gives_each_commands_summary():
    """The app lists its commands from COMMANDS without importing them: each entry's summary
    is the first paragraph of the command's own help, and hidden as the command is."""
    import inspect

    import typer.main

    from nengli.cli import COMMANDS

    group = typer.main.get_command(app)
    ctx = group.make_context("nengli", [], resilient_parsing=True)
    for name, entry in COMMANDS.items():
        command = group.get_command(ctx, name)
        assert command is not None, name
        assert (inspect.cleandoc(command.help).split("\n\n")[0], command.hidden) == \
            (entry.summary, entry.hidden), name


def test_help_from_the_table_is_the_help_of_the_built_commands():
    """`nengli --help` before any command is built (the table's summaries) is the same text,
    byte for byte, as after every command is built (their own help), and lists them in the
    table's order, hidden merge-driver left out."""
    import typer.main

    from nengli.cli import COMMANDS

    lazy = _help(typer.main.get_command(app))
    group = typer.main.get_command(app)
    ctx = group.make_context("nengli", [], resilient_parsing=True)
    for name in COMMANDS:
        group.get_command(ctx, name)
    assert _help(group) == lazy
    listed = [line.split()[0] for line in lazy.split("\n命令：\n")[1].splitlines() if line.strip()]
    assert listed == [name for name, entry in COMMANDS.items() if not entry.hidden]
    assert listed[:3] == ["rollup", "bulletin", "status"] and "merge-driver" not in listed


def test_command_table_names_the_module_that_registers_each_command():
    """Importing nengli.cli registers no command; importing an entry's module registers it;
    together the modules register exactly the table's commands."""
    import subprocess
    import sys

    from nengli.cli import COMMANDS

    script = ("import importlib, sys\nfrom nengli.cli import app\n"
              "print(' '.join(app.lazy) or '-')\nimportlib.import_module(sys.argv[1])\n"
              "print(' '.join(app.lazy))\n")
    registered: set[str] = set()
    for module in dict.fromkeys(entry.module for entry in COMMANDS.values()):
        done = subprocess.run([sys.executable, "-c", script, module], capture_output=True,
                              text=True, encoding="utf-8")
        before, after = done.stdout.splitlines()
        assert before == "-", done.stderr
        names = set(after.split())
        assert {n for n, e in COMMANDS.items() if e.module == module} <= names, module
        registered |= names
    assert registered == set(COMMANDS)


def test_help_names_arguments_by_their_chinese_metavar(cli):
    result = cli("record", "--help")
    assert result.stdout.startswith("用法：nengli record [选项] 任务 单位...\n")
    assert "\n参数：\n  任务     任务 id 或任务名称，如 cases。  [必填]\n" in result.stdout
    assert "  单位...  单位简称或别名，可以写多个，用空格分开。  [必填]\n" in result.stdout
    assert "  -p, --phase 编号  阶段编号，如 1。默认：含有该任务的阶段。\n" in result.stdout
    assert "[选项] [文件夹]" in cli("init", "--help").stdout


def test_required_option_and_default_value_are_marked_in_chinese(cli):
    assert "阶段编号，如 1。  [必填]" in cli("report", "--help").stdout
    assert "[默认：task]" in cli("status", "--help").stdout


@pytest.mark.parametrize("args, message", [
    (["status", "--bogus"], "用法错误：没有选项“--bogus”。"),
    (["status", "--dat"], "用法错误：没有选项“--dat”，是不是 --data？"),
    (["report"], "用法错误：缺少必填的选项 --phase。"),
    (["status", "--phase", "x"], "用法错误：--phase 的值无效：“x”不是整数。"),
    (["status", "--by", "z"], "用法错误：--by 的值无效：“z”不是可选的值，可选：task、unit。"),
    (["report", "-p", "1", "-f", "doc"], "用法错误：--format 的值无效：“doc”不是可选的值，可选：md、docx、json、pdf。"),
    (["status", "--as-of"], "用法错误：选项 --as-of 后面要写一个值。"),
    (["status", "--json=1"], "用法错误：选项 --json 是开关，后面不能写值。"),
    (["frob"], "用法错误：没有命令“frob”。"),
    (["intake", "收件箱", "--phase", "y"], "用法错误：--phase 的值无效：“y”不是整数。"),
    (["log", "-p", "一"], "用法错误：--phase 的值无效：“一”不是整数。"),
    (["bulletin", "--issue", "六"], "用法错误：--issue 的值无效：“六”不是整数。"),
])
def test_usage_errors_in_chinese_exit_2(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == message
    command = "nengli" if args[0] == "frob" else f"nengli {args[0]}"
    assert result.stderr.splitlines()[1] == f"  提示：运行“{command} --help”查看用法。"


def test_a_run_leaves_the_language_environment_as_it_was(cli, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "en_US")
    cli("--help")
    assert os.environ["LANGUAGE"] == "en_US"
    monkeypatch.delenv("LANGUAGE")
    assert "选项：" in cli("--help").stdout
    assert "LANGUAGE" not in os.environ


#: per command: lines a GBK console shows whole, and what is left of them in bare ASCII
NARROW_CONSOLES = [
    (["status", "--phase", "1", "--as-of", "2022-01-24"],
     ["第一阶段：提高认识、找准问题",
      "| 动员部署会召开               | 1月14日 |   54 |   54 |    0 |    0 |    0 |    0 |",
      "  创新案例、改革案例（3）：24中、信息中心、成教室",
      "  第一阶段“三个清单”制定、报送（2）：31中、103中"],
     ["| 1?14? |   54 |   54 |    0 |    0 |    0 |    0 | ######## 100% |",
      "  ??????????3??24??????????"]),
    (["status", "--phase", "1", "--as-of", "2022-01-24", "--by", "unit"],
     ["| 单位                 | 组 | 1 | 2 | 3 | 预警     |",
      "| 1中                  |  1 | ● | ● | ● | 按时报送 |"],
     ["| 1?                  |  1 | v | v | v | ???? |"]),
    (["report", "--phase", "1", "--date", "2022-01-24"],
     ["：除24中、信息中心、成教室未按时报送外，其它学校（单位）均已完成。"],
     ["1. ????41??????13???????22??"]),
    (["check", "--data", "/nonexistent"],
     ["/nonexistent: 错误：数据目录“/nonexistent”不存在或不是文件夹。", "共 1 个错误，0 个警告。"],
     ["/nonexistent: ????????/nonexistent???????????", "? 1 ????0 ????"]),
]


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["gbk", "ascii"])
@pytest.mark.parametrize(("args", "gbk", "ascii"), NARROW_CONSOLES)
def test_output_survives_a_narrow_console_encoding(encoding, args, gbk, ascii):
    """A GBK console (Chinese Windows) shows the text itself, the table drawn in ASCII; a bare
    ASCII pipe gets every character it cannot show as ?: no crash, nothing lost but letters."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": encoding, "NENGLI_DATA": str(SHIPPED)}
    done = subprocess.run([sys.executable, "-m", "nengli", *args], capture_output=True, env=env)
    assert done.returncode == (1 if "/nonexistent" in args else 0), done.stderr
    assert b"Traceback" not in done.stderr
    lines = (done.stdout + done.stderr).decode(encoding).splitlines()
    for expected in (gbk if encoding == "gbk" else ascii):
        assert any(expected in line for line in lines), (expected, lines)


def test_help_keeps_the_docstring_lines_without_joining_them_with_spaces(cli):
    """click rewraps a paragraph at spaces; Chinese has none, so its lines are kept as written."""
    out = cli("record", "--help").stdout
    assert "写入前后都检查数据，\n  有错误时不写入。\n\n  示例：nengli record cases 24中 31中 --date 2022-01-26 --commit\n" in out
    for command in _commands(app):
        text = cli(command, "--help").stdout.split("\n选项：")[0].split("\n参数：")[0]
        assert "。 " not in text and "， " not in text, text
