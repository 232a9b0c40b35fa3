"""nengli doctor: every check passing on a ready computer, and each failing on purpose — git
missing from PATH, no identity, a merge driver that does not exist, data with an error, no CJK
fonts, an unreachable remote, a console without Chinese, materials that cannot be written,
Windows without long paths — with its line, its fix and exit 1.

Real git (a bare remote and a clone), real font files made here with fontTools, the merge
driver really run; the campaign sits in a folder with Chinese characters and a space.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write_data
from gitutil import git, isolate_git, make_repo
from nengli import doctor, driver, gitio
from nengli.doctor import Setting, check_console, check_long_paths, diagnose
from nengli.render.doctor import doctor_text

#: real git, fonts and a remote, as on an office computer: left out of the quick run (pytest -m "not slow")
pytestmark = pytest.mark.slow

#: the faces the Word documents name by default, each with its English name
FACES = {"仿宋_GB2312": "FangSong_GB2312", "方正小标宋简体": "FZXiaoBiaoSong-B05S", "黑体": "SimHei",
         "楷体_GB2312": "KaiTi_GB2312", "宋体": "SimSun"}
FIX = "　改法："


def make_font(path: Path, family: str, english: str, *, gb2312: bool = False) -> Path:
    """A real TrueType file named like a Windows font: an English family name and a Chinese one
    for zh-CN (or, ``gb2312``, the Chinese one in the GB2312 encoding, as some 方正 fonts have)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef"])
    fb.setupCharacterMap({})
    fb.setupGlyf({".notdef": TTGlyphPen(None).glyph()})
    fb.setupHorizontalMetrics({".notdef": (500, 0)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": {"en": english} if gb2312 else {"en": english, "zh": family},
                       "styleName": "Regular"}, mac=False)
    if gb2312:
        fb.font["name"].setName(family, 1, 3, 3, 0x804)  # platform 3, encoding 3: PRC (GB2312)
    fb.setupOS2()
    fb.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(path))
    return path


@pytest.fixture(scope="module")
def fonts(tmp_path_factory) -> Path:
    """A font folder with the five faces (方正小标宋简体 named in GB2312), a broken file and a
    file that is not a font."""
    folder = tmp_path_factory.mktemp("字体")
    for i, (face, english) in enumerate(FACES.items()):
        make_font(folder / f"{english}.ttf", face, english, gb2312=face == "方正小标宋简体")
    (folder / "损坏.ttf").write_bytes(b"\x00\x01\x00\x00broken")
    (folder / "说明.txt").write_text("不是字体", encoding="utf-8")
    return folder


@pytest.fixture
def office(tmp_path, monkeypatch, fonts):
    """A campaign in “督导 活动” (git, identity 张三, merge driver registered, pushed to a bare
    remote), run from its folder, with the fonts above as the system's."""
    isolate_git(monkeypatch)
    monkeypatch.delenv("NENGLI_DATA", raising=False)
    root = tmp_path / "督导 活动"
    data = write_data(root, {})
    (root / ".gitignore").write_text("*.lock\n/材料/\n", encoding="utf-8")
    make_repo(root)
    driver.ensure_merge_driver(data)
    remote = tmp_path / "远程 仓库.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(root, "remote", "add", "origin", str(remote))
    git(root, "push", "-q", "-u", "origin", "main")
    monkeypatch.chdir(root)
    monkeypatch.setattr(doctor, "font_folders", lambda: [fonts])
    return {"root": root, "data": data, "remote": remote}


def lines(result) -> dict[str, str]:
    """The doctor's lines by label."""
    out = {}
    for line in result.stdout.splitlines()[:-1]:
        label, _, rest = line[2:].partition("：")
        out[label] = f"{line[0]} {rest}"
    return out


def test_a_ready_computer_passes_every_check(office, cli):
    result = cli("doctor")
    assert result.exit_code == 0, result.output
    got = lines(result)
    root, data = office["root"], office["data"]
    from importlib.metadata import version

    assert list(got) == ["nengli", "Python", "git", "git 提交人", "数据", "git 仓库", "合并程序", "远程仓库",
                         "公文字体", "控制台编码", "文件名编码", "材料文件夹"]
    assert got["nengli"] == f"✓ nengli {version('nengli')}（{Path(doctor.__file__).parent}）"
    assert got["Python"].startswith(f"✓ Python {sys.version.split()[0]}（")
    assert got["git"].startswith("✓ git version ")
    assert got["git 提交人"] == "✓ 张三 <zhangsan@example.com>"
    assert got["数据"] == f"✓ {data}：4 个单位、1 个阶段，检查没有发现错误"
    assert got["git 仓库"] == f"✓ {root}（分支 main）"
    assert got["合并程序"] == "✓ 已登记；试合并两位同事各自新增的单位，按单位合并成功"
    assert got["远程仓库"] == f"✓ origin（{office['remote']}）可以连接"
    assert got["公文字体"] == "✓ 已安装 仿宋_GB2312、方正小标宋简体、黑体、楷体_GB2312、宋体"
    assert got["控制台编码"] == "✓ utf-8"
    assert got["文件名编码"] == "✓ utf-8"
    assert got["材料文件夹"] == f"✓ {root / '材料'}：可以写入（尚未建立，第一次归档材料时建立）"
    assert result.stdout.splitlines()[-1] == "12 项检查全部通过。"


def test_json_for_scripts(office, cli):
    result = cli("doctor", "--json", "--offline")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["ok"] is True
    remote = next(c for c in answer["checks"] if c["key"] == "remote")
    assert remote == {"key": "remote", "label": "远程仓库", "status": "skip", "text": "未检查（--offline）", "fix": ""}


def test_git_missing_from_path(office, cli, monkeypatch, tmp_path):
    empty = tmp_path / "空"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = cli("doctor")
    assert result.exit_code == 1
    got = lines(result)
    assert got["git"] == ("✗ 找不到 git 程序。" + FIX + "请安装 Git（Windows 上为 Git for Windows），"
                          "并确认在命令行中可以运行 git。")
    for label in ("git 提交人", "git 仓库", "合并程序", "远程仓库"):
        assert got[label] == "－ 未检查：没有 git"
    assert got["数据"].startswith("✓ ")
    assert result.stdout.splitlines()[-1] == "1 项检查没有通过（✗），请按该行的改法处理，再运行 nengli doctor。"


def test_no_identity(office, cli):
    git(office["root"], "config", "--unset", "user.name")
    git(office["root"], "config", "--unset", "user.email")
    result = cli("doctor", "--offline")
    assert result.exit_code == 1
    assert lines(result)["git 提交人"] == (
        "✗ git 还没有设置提交人的姓名和邮箱，无法提交。" + FIX
        + "请先运行：git config --global user.name \"张三\" 和 git config --global user.email \"zhangsan@example.com\"。")
    assert [k for k, v in lines(result).items() if v.startswith("✗")] == ["git 提交人"]


def path_without_nengli(tmp_path) -> str:
    """A PATH with git and sh but no nengli (git's and the system's folders)."""
    import shutil

    folders = {str(Path(shutil.which("git")).parent), str(Path(shutil.which("sh")).parent)}
    assert not any((Path(f) / "nengli").exists() for f in folders)
    return os.pathsep.join(sorted(folders))


def test_a_merge_driver_whose_nengli_is_gone(office, cli, tmp_path, monkeypatch):
    """Registered by a nengli since moved or removed, with no other nengli on PATH: git would
    merge the data files by lines (the registered command's fallback). The trial merge shows it."""
    gone = tmp_path / "旧的 nengli" / "bin" / "python"
    git(office["root"], "config", "merge.nengli.driver", driver.driver_command(str(gone)))
    monkeypatch.setenv("PATH", path_without_nengli(tmp_path))
    result = cli("doctor", "--offline")
    assert result.exit_code == 1
    assert lines(result)["合并程序"] == (
        "✗ 登记的合并程序没有按登记合并（试合并两位同事各自新增的单位时留下了冲突标记）：nengli：找不到可以运行的 nengli，"
        "以下文件按 git 的方式逐行合并（有冲突时留下冲突标记）；请在这个仓库中运行 nengli setup： data/units.yaml"
        + FIX + "在活动文件夹中运行一次 nengli setup，登记本机现在的 nengli（nengli 移动或重新安装过时就会这样）；"
        "仍不行时，把这一行发给维护人员。")


def test_a_nengli_on_path_stands_in_for_a_python_gone(office, cli, tmp_path, monkeypatch):
    gone = tmp_path / "旧的 nengli" / "bin" / "python"
    git(office["root"], "config", "merge.nengli.driver", driver.driver_command(str(gone)))
    folder = tmp_path / "新的 bin"
    folder.mkdir()
    (folder / "nengli").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m nengli "$@"\n', encoding="utf-8")
    (folder / "nengli").chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{path_without_nengli(tmp_path)}")
    result = cli("doctor", "--offline")
    assert result.exit_code == 0, result.output
    assert lines(result)["合并程序"] == "✓ 已登记；试合并两位同事各自新增的单位，按单位合并成功"


def test_a_merge_driver_not_registered(office, cli):
    git(office["root"], "config", "--unset", "merge.nengli.driver")
    result = cli("doctor", "--offline")
    assert result.exit_code == 1
    assert lines(result)["合并程序"].startswith("✗ 这个克隆中没有登记 nengli 的合并程序")


def test_data_files_given_to_another_merge(office, cli):
    (office["root"] / ".gitattributes").write_text("data/phases/*.yaml merge=union\n", encoding="utf-8")
    (office["root"] / ".git" / "info" / "attributes").unlink()
    result = cli("doctor", "--offline")
    assert result.exit_code == 1
    assert lines(result)["合并程序"].startswith(
        "✗ 数据文件“data/units.yaml”没有交给 nengli 的合并程序（git check-attr 显示 merge: unspecified）。")


def test_data_with_an_error(office, cli):
    phase = office["data"] / "phases" / "phase1.yaml"
    phase.write_text(phase.read_text("utf-8").replace("一中: 2022-01-09", "一中: 2022-01-32"), encoding="utf-8")
    result = cli("doctor", "--offline")
    assert result.exit_code == 1
    assert lines(result)["数据"] == (
        "✗ 数据有 1 个错误，第一个：data/phases/phase1.yaml:15:9: 错误：单位“一中”的报送日期“2022-01-32”不是有效的日期："
        "2022年1月没有32日。" + FIX + "运行 nengli check 查看每个错误的位置和改法；改正后再运行 nengli doctor。")
    assert lines(result)["材料文件夹"].startswith("✓ ")  # the campaign is still there to ask


def test_no_data_folder(cli, tmp_path, monkeypatch, fonts):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NENGLI_DATA", raising=False)
    monkeypatch.setattr(doctor, "font_folders", lambda: [fonts])
    result = cli("doctor")
    assert result.exit_code == 1
    got = lines(result)
    assert got["数据"].startswith("✗ 找不到数据目录：当前文件夹及其上级文件夹中都没有 data/units.yaml。" + FIX)
    assert got["git 仓库"] == got["合并程序"] == got["远程仓库"] == got["材料文件夹"] == "－ 未检查：没有找到数据"


def test_no_cjk_fonts(office, cli, monkeypatch, tmp_path):
    empty = tmp_path / "没有字体"
    empty.mkdir()
    monkeypatch.setattr(doctor, "font_folders", lambda: [empty, tmp_path / "不存在"])
    result = cli("doctor", "--offline")
    assert result.exit_code == 1
    assert lines(result)["公文字体"] == (
        "✗ 缺少 仿宋_GB2312（及替代它的 仿宋）、方正小标宋简体（及替代它的 宋体）、黑体、楷体_GB2312（及替代它的 楷体）、"
        "宋体。Word 和 WPS 会用别的字体显示和打印督导通报，不合公文格式。" + FIX
        + "请安装这些字体（单位的字体库、WPS 或方正字库的安装包中都有；Windows：右键字体文件 →“安装”），"
          "或在 data/campaign.yaml 的 fonts: 中改用本机已有的字体，例如 body: 仿宋。")


def test_windows_faces_stand_in_for_the_gb2312_ones(office, cli, monkeypatch, tmp_path):
    folder = tmp_path / "Windows 字体"
    for face, english in (("仿宋", "FangSong"), ("楷体", "KaiTi"), ("黑体", "SimHei"), ("宋体", "SimSun")):
        make_font(folder / f"{english}.ttf", face, english)
    monkeypatch.setattr(doctor, "font_folders", lambda: [folder])
    result = cli("doctor", "--offline")
    assert result.exit_code == 0, result.output
    assert lines(result)["公文字体"] == (
        "✓ 已安装 黑体、宋体；没有 仿宋_GB2312，Word 和 WPS 用 仿宋 代替；没有 方正小标宋简体，Word 和 WPS 用 宋体 代替；"
        "没有 楷体_GB2312，Word 和 WPS 用 楷体 代替")


def test_the_fonts_campaign_yaml_names(office, cli, monkeypatch, tmp_path):
    (office["data"] / "campaign.yaml").write_text("fonts:\n  body: 方正仿宋_GBK\n", encoding="utf-8")
    folder = tmp_path / "方正"
    make_font(folder / "FZFSK.ttf", "方正仿宋_GBK", "FZFangSong-Z02")
    monkeypatch.setattr(doctor, "font_folders", lambda: [folder])
    result = cli("doctor", "--offline")
    line = lines(result)["公文字体"]
    assert line.startswith("✗ 缺少 方正小标宋简体（及替代它的 宋体）、黑体、")
    assert "仿宋" not in line.split("。")[0]


def test_an_unreachable_remote_and_offline(office, cli, tmp_path):
    moved = tmp_path / "搬走了.git"
    git(office["root"], "remote", "set-url", "origin", str(moved))
    result = cli("doctor")
    assert result.exit_code == 1
    line = lines(result)["远程仓库"]
    assert line.startswith(f"✗ 无法连接远程仓库 origin（{moved}）。git：")
    assert "git remote set-url origin 新地址" in line
    offline = cli("doctor", "--offline")
    assert offline.exit_code == 0, offline.output
    assert lines(offline)["远程仓库"] == "－ 未检查（--offline）"


def test_no_remote_is_not_a_failure(office, cli):
    git(office["root"], "remote", "remove", "origin")
    result = cli("doctor")
    assert result.exit_code == 0, result.output
    assert lines(result)["远程仓库"].startswith("－ 没有设置远程仓库（一个人使用时不需要；")


def test_materials_that_cannot_be_written(office, cli):
    (office["root"] / "共享盘").write_text("这是一个文件", encoding="utf-8")
    (office["data"] / "campaign.yaml").write_text("materials: 共享盘/督导材料\n", encoding="utf-8")
    result = cli("doctor", "--offline")
    assert result.exit_code == 1
    line = lines(result)["材料文件夹"]
    assert line.startswith(f"✗ 无法在材料文件夹“{office['root'] / '共享盘' / '督导材料'}”中写入文件：")
    assert "nengli intake 不能归档收到的材料。" in line


def test_a_console_that_cannot_show_chinese():
    assert check_console("ascii").status == "fail"
    assert check_console("cp437").text == "控制台编码是 cp437，不能显示中文：nengli 的输出会变成问号。"
    gbk = check_console("gbk")
    assert (gbk.status, gbk.text) == ("ok", "gbk（可以显示中文；对错符号改用 √ ×）")
    assert check_console("utf-8").text == "utf-8"


def test_file_names_in_gbk_on_linux(office):
    """A Linux locale in GBK names files in GBK: git and .gitignore see other bytes."""
    checks = diagnose(Setting(offline=True, file_names="gbk", cwd=office["root"]))
    names = next(c for c in checks if c.key == "file-names")
    assert (names.status, names.text) == ("fail", "文件名按 gbk 编码（系统的区域设置不是 UTF-8）：git、nengli 写的 "
                                          ".gitignore 和同事的电脑都按 UTF-8 读中文文件名，会对不上（例如 nengli init "
                                          "提交失败、材料文件夹被提交进仓库）。")
    assert "export LANG=zh_CN.UTF-8" in names.fix
    assert all(c.key != "file-names" for c in diagnose(Setting(offline=True, windows=True,
                                                               long_paths=lambda: True, cwd=office["root"])))


def test_gbk_output_uses_marks_gbk_has(office):
    checks = diagnose(Setting(offline=True, encoding="gbk", cwd=office["root"]))
    text = doctor_text(checks, "gbk")
    text.encode("gbk")  # every character survives a GBK console
    assert text.splitlines()[0].startswith("√ nengli：")
    assert "控制台编码：gbk（可以显示中文；对错符号改用 √ ×）" in text
    broken = doctor_text([check_long_paths(lambda: False)], "gbk")
    assert broken.startswith("× 长路径：Windows 没有开启长路径支持")
    assert broken.splitlines()[-1] == "1 项检查没有通过（×），请按该行的改法处理，再运行 nengli doctor。"


@pytest.mark.parametrize("value, status", [(True, "ok"), (False, "fail")])
def test_windows_long_paths(office, value, status):
    checks = diagnose(Setting(offline=True, windows=True, long_paths=lambda: value, cwd=office["root"]))
    assert checks[-1].key == "long-paths" and checks[-1].status == status
    if status == "fail":
        assert checks[-1].text.startswith("Windows 没有开启长路径支持：材料的路径超过 260 个字符时")
        assert "LongPathsEnabled -Value 1" in checks[-1].fix


def test_everyday_commands_do_not_load_the_doctor():
    """doctor's modules and fontTools are imported by doctor only."""
    probe = ("import sys; sys.argv = ['nengli', 'status']\n"
             "from nengli.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "sys.stderr.write('PROBE ' + repr(sorted(m for m in sys.modules"
             " if m.startswith(('fontTools', 'nengli.doctor', 'nengli.render.doctor')))))\n")
    from conftest import SHIPPED

    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "NENGLI_DATA": str(SHIPPED)})
    assert done.stderr.splitlines()[-1] == "PROBE []", done.stderr
