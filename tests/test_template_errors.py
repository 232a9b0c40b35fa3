"""Templates are data too: a broken or hostile template gets a located Chinese message.

Every case runs ``nengli report --template FILE`` on the small campaign of conftest.py and
asserts exit 1, the template's file and line, and the words of the message; nothing is
written and no code in the template runs.
"""

from __future__ import annotations

import pytest

from conftest import PHASE

T = "data/notice.j2"

CASES = [
    # the sandbox: no way out to Python's internals
    ("class-mro", "{{ ''.__class__.__mro__ }}\n", 1,
     ["模板试图执行不安全的操作", "访问“__class__”", "不允许"]),
    ("subclasses", "第一行\n\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n", 3,
     ["不安全的操作"]),
    ("globals", "{{ lipsum.__globals__ }}\n", 1, ["不安全的操作"]),
    ("mutate-facts", "{% set _ = tasks.append(1) %}\n", 1, ["不安全的操作", "“append”"]),
    ("format-string", "{{ '{0.__class__}'.format(phase) }}\n", 1, ["不安全的操作"]),
    # misspelled names: an error naming the line, never a silent blank in the notice
    ("misspelled-variable", "标题\n{{ phse.title }}\n", 2,
     ["模板中有拼错或不存在的名字", "变量“phse”没有定义，是不是“phase”？"]),
    ("misspelled-field", "标题\n\n{{ phase.titel }}\n", 3,
     ["“titel”不是这里可用的字段，是不是“title”？"]),
    ("misspelled-field-in-loop", "{% for t in tasks %}\n{{ t.laggard | join_names }}\n{% endfor %}\n",
     2, ["“laggard”不是这里可用的字段，是不是“laggards”？"]),
    ("misspelled-filter", "{{ phase.start | cn_dat }}\n", 1,
     ["模板语法错误", "没有名为“cn_dat”的过滤器，是不是“cn_date”？"]),
    # syntax
    ("unclosed-if", "开头\n{% if tasks %}\n有任务\n", 3,
     ["模板语法错误", "缺少 {% endif %}"]),
    ("stray-brace", "开头\n{% for t in tasks %}\n{{ t.title }\n{% endfor %}\n", 3,
     ["模板语法错误", "多余的“}”"]),
    ("unknown-tag", "{% iff tasks %}x{% endif %}\n", 1, ["不认识的标签“{% iff %}”"]),
    # failures while rendering
    ("wrong-filter-input", "\n{{ phase.title | cn_number }}\n", 2, ["模板渲染出错"]),
]


@pytest.mark.parametrize("text,line,words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_template_is_located(make_data, cli, tmp_path, text, line, words):
    make_data({"notice.j2": text})
    out = tmp_path / "通报.md"
    result = cli("report", "--phase", "1", "--date", "2022-01-24", "--template", T,
                 "--out", str(out))
    assert result.exit_code == 1, result.output
    head = f"{T}:{line}:1: 错误："
    lines = result.output.splitlines()
    assert any(ln.startswith(head) for ln in lines), result.output
    block = "\n".join(lines[[i for i, ln in enumerate(lines) if ln.startswith(head)][0]:])
    for word in words:
        assert word in block, f"{word!r} not in:\n{result.output}"
    assert f"  {line} | " in block  # the template line is shown
    assert "提示：" in block
    assert "Traceback" not in result.output
    assert not out.exists()


def test_template_code_never_runs(make_data, cli, tmp_path):
    marker = tmp_path / "pwned"
    attack = ("{{ ''.__class__.__mro__[1].__subclasses__()[0].__init__.__globals__"
              f"['__builtins__']['__import__']('os').system('touch {marker}') }}}}\n")
    make_data({"notice.j2": attack})
    result = cli("report", "--phase", "1", "--template", T)
    assert result.exit_code == 1
    assert "不安全的操作" in result.output
    assert not marker.exists()


def test_missing_template(make_data, cli):
    make_data()
    result = cli("report", "--phase", "1", "--template", "nope.j2")
    assert result.exit_code == 1
    assert "nope.j2: 错误：找不到模板文件“nope.j2”。" in result.output


def test_template_is_a_folder(make_data, cli):
    data = make_data()
    (data / "t.j2").mkdir()
    result = cli("report", "--phase", "1", "--template", "data/t.j2")
    assert result.exit_code == 1
    assert "“data/t.j2”是一个文件夹" in result.output


def test_gbk_template(make_data, cli):
    data = make_data()
    (data / "notice.j2").write_bytes("督导通报\n{{ phase.title }}\n".encode("gbk"))
    result = cli("report", "--phase", "1", "--template", T)
    assert result.exit_code == 1
    assert f"{T}:1:1: 错误：文件不是 UTF-8 编码（看起来是 GBK/GB18030 编码" in result.output


def test_template_conflict_markers(make_data, cli):
    make_data({"notice.j2": "<<<<<<< HEAD\n{{ phase.title }}\n=======\n{{ phase.theme }}\n>>>>>>> b\n"})
    result = cli("report", "--phase", "1", "--template", T)
    assert result.exit_code == 1
    assert f"{T}:1:1: 错误：文件中留有 git 合并冲突标记“<<<<<<<”" in result.output


def test_template_may_indent_with_tabs_and_carry_a_bom(make_data, cli):
    data = make_data()
    (data / "notice.j2").write_bytes(
        b"\xef\xbb\xbf" + "{% for t in tasks %}\r\n\t{{ t.title }}\r\n{% endfor %}\r\n".encode("utf-8"))
    result = cli("report", "--phase", "1", "--date", "2022-01-24", "--template", T)
    assert result.exit_code == 0, result.output
    assert "动员部署会召开" in result.stdout and "\ufeff" not in result.stdout


def test_broken_data_is_reported_before_the_template(make_data, cli):
    make_data({"notice.j2": "{{ phse }}\n",
               "phases/phase1.yaml": PHASE.replace("due: 2022-01-10", "due: 2022-02-30")})
    result = cli("report", "--phase", "1", "--template", T)
    assert result.exit_code == 1
    assert "data/phases/phase1.yaml:9:10: 错误" in result.output
