"""import-units: the roster spreadsheet into units.yaml — round trip, updates, bad rows."""

from __future__ import annotations

import re
import shutil

from openpyxl import Workbook

from conftest import SHIPPED, UNITS
from nengli.parse import parse_units
from nengli.read import read_text


def _units(path):
    text, problems = read_text(path)
    assert text is not None, problems
    categories, units, problems = parse_units(text)
    assert not problems, problems
    return [(u.id, u.name, u.category, u.aliases, u.group, u.reach) for u in units]


def _csv(path, text, encoding="utf-8-sig"):
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def test_exported_roster_builds_the_same_units(cli, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NENGLI_DATA", raising=False)
    roster = tmp_path / "名册.xlsx"
    result = cli("export", "--roster", "--out", str(roster))
    assert result.exit_code == 0, result.output
    original = (data / "units.yaml").read_bytes()
    expected = _units(data / "units.yaml")

    # the same roster back into the same file: nothing to do, not a byte changed
    result = cli("import-units", str(roster))
    assert result.exit_code == 0, result.output
    assert "无需修改" in result.stdout
    assert (data / "units.yaml").read_bytes() == original

    # into a roster that has the categories but no units yet: the same units come back
    head = original.decode("utf-8").split("\nunits:")[0]
    (data / "units.yaml").write_text(head + "\nunits: []\n", encoding="utf-8")
    result = cli("import-units", str(roster))
    assert result.exit_code == 0, result.output
    assert f"新增 {len(expected)} 个单位" in result.stdout
    assert _units(data / "units.yaml") == expected
    text = (data / "units.yaml").read_text(encoding="utf-8")
    assert text.startswith(head)  # comments and hand alignment above the units are kept
    result = cli("check", "--as-of", "2022-01-24")
    assert result.exit_code == 0, result.output


def test_the_ledger_workbook_imports_through_its_roster_sheet(make_data, cli, tmp_path):
    data = make_data()
    out = tmp_path / "台账.xlsx"
    assert cli("export", "--as-of", "2022-01-24", "--out", str(out)).exit_code == 0
    before = (data / "units.yaml").read_bytes()
    result = cli("import-units", str(out))
    assert result.exit_code == 0, result.output
    assert "无需修改" in result.stdout
    assert (data / "units.yaml").read_bytes() == before


def test_update_add_and_keep_with_header_variants(make_data, cli, tmp_path):
    data = make_data({"units.yaml": "# 名册（手工注释）\n" + UNITS})
    sheet = _csv(tmp_path / "名册.csv", """\
序号,简称,单位名称,单位类别,巡回督导组,联系人,联系电话
1,一中,郑州市第一中学,学校,第二组,张老师,13800000000
2,二中,,,2,,
3,五中,郑州市第五中学,学校,4,赵老师,0371-55555555
""")
    before = (data / "units.yaml").read_bytes()
    result = cli("import-units", str(sheet), "--dry-run")
    assert result.exit_code == 0, result.output
    assert (data / "units.yaml").read_bytes() == before
    assert result.stdout == (
        "data/units.yaml：将新增 1 个单位，将修改 1 个单位，保留名册表中没有的 2 个单位。（试运行，没有写入文件）\n"
        "  新增 五中（全称：郑州市第五中学，类别：学校，督导组：4，联系人：赵老师，电话：0371-55555555）\n"
        "  修改 一中（全称：一中 → 郑州市第一中学，督导组：1 → 2，联系人：（空） → 张老师，电话：（空） → 13800000000）\n")
    # said once, with the count, however many units the sheet leaves out
    assert result.stderr.startswith(
        "data/units.yaml:13:9: 警告：units.yaml 中有 2 个单位名册表中没有（三中、办公室）；都已保留，没有删除。\n")
    assert result.stderr.count("警告：") == 1 and result.stderr.endswith("共 0 个错误，1 个警告。\n")

    result = cli("import-units", str(sheet))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("data/units.yaml：已新增 1 个单位，已修改 1 个单位")
    text = (data / "units.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 名册（手工注释）\n")
    assert _units(data / "units.yaml") == [
        ("一中", "郑州市第一中学", "school", ("第一中学",), 2, "张老师 13800000000"),
        ("二中", "二中", "school", (), 2, ""),
        ("三中", "三中", "school", (), 1, ""),
        ("五中", "郑州市第五中学", "school", (), 4, "赵老师 0371-55555555"),  # after the last school
        ("办公室", "办公室", "office", (), 3, ""),
    ]
    # the new fields sit in the usual order inside the unit
    block = text[text.index("- id: 一中"):text.index("- id: 二中")]
    assert re.findall(r"^[ -]*(\w+):", block, re.M) == ["id", "name", "category", "aliases",
                                                          "group", "contact", "phone"]


def test_bad_rows_are_reported_with_row_numbers_and_nothing_is_written(make_data, cli, tmp_path):
    data = make_data()
    sheet = _csv(tmp_path / "名册.csv", """\
单位简称,类别,督导组,备用
一中,学校,1,x
,学校,2,
六中,医院,3,
七中,学校,第X组,
一中,学校,1,
八中,,,
""")
    before = (data / "units.yaml").read_bytes()
    result = cli("import-units", str(sheet))
    assert result.exit_code == 1
    err = result.stderr
    assert "名册.csv:1:4: 警告：不认识的列名“备用”，这一列不会导入。" in err
    assert "名册.csv:3:1: 错误：第3行有内容，但单位简称是空的，这一行没有导入。" in err
    assert "名册.csv:4:2: 错误：类别“医院”没有在 units.yaml 的 categories 中定义" in err
    assert "名册.csv:5:3: 错误：督导组应当是整数，这里却是“第X组”。" in err
    assert "名册.csv:6:1: 错误：单位简称“一中”在名册表中重复（第一次在第2行），这一行没有导入。" in err
    assert (data / "units.yaml").read_bytes() == before
    # fixed rows but a new unit without a category: still refused, located
    _csv(sheet, "单位简称,类别\n一中,学校\n八中,\n")
    result = cli("import-units", str(sheet))
    assert result.exit_code == 1
    assert "名册.csv:3:1: 错误：单位“八中”没有填写类别，这一行没有导入。" in result.stderr
    assert (data / "units.yaml").read_bytes() == before


def test_header_below_a_title_row_gbk_csv_and_alias_conflict(make_data, cli, tmp_path):
    data = make_data()
    before = (data / "units.yaml").read_bytes()
    sheet = _csv(tmp_path / "名册.csv", "市教育局直属单位名册\n单位简称,别名\n二中,第一中学\n",
                 encoding="gbk")
    result = cli("import-units", str(sheet))
    assert result.exit_code == 1
    assert "名册.csv:3:1: 错误：别名“第一中学”已被单位“一中”使用" in result.stderr
    assert (data / "units.yaml").read_bytes() == before


def test_build_a_new_roster_from_a_workbook(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in (["单位简称", "单位全称", "类别", "督导组", "联系人", "电话"],
                ["一中", "郑州市第一中学", "学校", 1.0, "张老师", 13800000000],
                ["人事处", None, "局机关处室", 11, None, None]):
        ws.append(row)
    wb.save(tmp_path / "名册.xlsx")
    result = cli("import-units", "名册.xlsx", "--data", "data")
    assert result.exit_code == 0, result.output
    assert _units(tmp_path / "data" / "units.yaml") == [
        ("一中", "郑州市第一中学", "学校", (), 1, "张老师 13800000000"),
        ("人事处", "人事处", "局机关处室", (), 11, ""),
    ]


def test_unsupported_and_missing_files(make_data, cli, tmp_path):
    make_data()
    (tmp_path / "名册.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    result = cli("import-units", "名册.xls")
    assert result.exit_code == 1
    assert "名册.xls: 错误：不支持的名册表文件类型“.xls”。" in result.stderr
    result = cli("import-units", "没有.csv")
    assert result.exit_code == 1
    assert "没有.csv: 错误：找不到名册表文件“没有.csv”。" in result.stderr
    assert "units.yaml" not in result.stderr  # not the hint about a data folder's roster
    (tmp_path / "坏.xlsx").write_bytes(b"not a zip")
    result = cli("import-units", "坏.xlsx")
    assert result.exit_code == 1 and "无法读取名册表" in result.stderr
    result = cli("import-units", "坏.xlsx", "--sheet", "名册")
    assert result.exit_code == 1
