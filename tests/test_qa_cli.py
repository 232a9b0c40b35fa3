"""QA: the command line used as office staff use it (edge inputs, paths, consoles)."""

from __future__ import annotations


def test_out_into_a_new_folder_is_created(make_data, cli, tmp_path):
    make_data()
    result = cli("report", "--phase", "1", "--date", "2022-01-24", "--out", "通报/第一阶段.md")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "通报" / "第一阶段.md").read_text(encoding="utf-8").startswith("# 督导通报")


def test_out_under_a_file_is_a_located_error(make_data, cli, tmp_path):
    make_data()
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    result = cli("report", "--phase", "1", "--date", "2022-01-24", "--out", "a.txt/b.md")
    assert result.exit_code == 1
    assert "无法写入文件“a.txt/b.md”" in result.output
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "x"
