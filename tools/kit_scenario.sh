#!/usr/bin/env bash
# The offline install kit, proved on the built artifact (run once by .ci/run):
#   1. build the three kits (tools/build_kit.py, wheels from PyPI by the committed locks);
#   2. install nengli-*-manylinux_x86_64.zip with its install.sh into a fresh folder whose path has
#      Chinese characters and a space, with the index switched off (PIP_NO_INDEX=1) and, where
#      the system allows it, no network at all (a network namespace of its own: unshare -n);
#   3. run a clerk's day with the INSTALLED nengli, found on PATH through the link install.sh made,
#      never the source tree: --version, init, import-units, record --commit, intake,
#      report --out 通报.docx, board, export, sync with a bare remote and a second clerk, doctor;
#      then the same day's commands again with a GBK console (zh_CN.GBK, made with localedef).
# Every step checks what it made; the first failure stops the script with "KIT FAILED".
#
#   bash tools/kit_scenario.sh [python]       # python: one with the project's test extras
set -Eeuo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=${1:-$root/.venv/bin/python}
work=$(mktemp -d "${TMPDIR:-/tmp}/nengli kit.XXXXXX")   # a space in every path below
started=$SECONDS
# a command that fails: say which, with the output it wrote last; keep the folder to look into
trap 'echo "KIT FAILED: line $LINENO: $BASH_COMMAND" >&2
      newest=$(ls -t "$work"/*.txt "$work"/logs*/*.txt 2>/dev/null | head -1 || true)
      [ -z "$newest" ] || { echo "--- $newest:" >&2; cat "$newest" >&2; }' ERR
trap 'if [ $? = 0 ]; then rm -rf "$work"; else echo "KIT FAILED; the files are kept in $work" >&2; fi' EXIT

step() { printf '== kit (%ss): %s\n' "$((SECONDS - started))" "$*"; }
fail() { printf 'KIT FAILED: %s\n' "$*" >&2; exit 1; }
has() {  # has FILE TEXT: FILE contains TEXT
    grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 lacks: $2"; }
}

step "building the three kits"
"$python" -m pip wheel --quiet --no-deps --wheel-dir "$work/wheel" "$root"
wheel=$(ls "$work"/wheel/nengli-*.whl)
version=$(basename "$wheel" | cut -d- -f2)
"$python" "$root/tools/build_kit.py" --platform all --wheel "$wheel" --out "$work/dist"
for platform in win_amd64 manylinux_x86_64 manylinux_aarch64; do
    kit="$work/dist/nengli-$version-$platform.zip"
    [ -s "$kit" ] || fail "no $kit"
    "$python" -c 'import sys, zipfile; sys.exit(sys.argv[2] not in zipfile.ZipFile(sys.argv[1]).namelist())' \
        "$kit" "nengli-$version-$platform/wheels/nengli-$version-py3-none-any.whl" || fail "$kit holds no nengli wheel"
done

step "installing the manylinux_x86_64 kit with the index off"
home="$work/用户 张三"
mkdir -p "$home/下载"
if command -v unzip >/dev/null; then  # as the IT person would (UTF-8 names by the zip's flag)
    unzip -q "$work/dist/nengli-$version-manylinux_x86_64.zip" -d "$home/下载"
else
    "$python" -m zipfile -e "$work/dist/nengli-$version-manylinux_x86_64.zip" "$home/下载"
fi
[ -f "$home/下载/nengli-$version-manylinux_x86_64/安装说明.txt" ] || fail "the kit unpacks without 安装说明.txt"
target="$home/督导 工具/nengli"
offline=(env)
if unshare --net true 2>/dev/null; then
    offline=(unshare --net)
else
    echo "   (unshare --net is not allowed here: PIP_NO_INDEX=1 alone keeps pip off the network)"
fi
PIP_NO_INDEX=1 HOME="$home" "${offline[@]}" bash "$home/下载/nengli-$version-manylinux_x86_64/install.sh" \
    "$target" --bin "$home/bin" > "$work/install.txt" 2>&1 || { cat "$work/install.txt"; fail "install.sh"; }
cat "$work/install.txt"
has "$work/install.txt" "完成：nengli $version 已安装在“$target”。"
PIP_NO_INDEX=1 HOME="$home" "${offline[@]}" bash "$home/下载/nengli-$version-manylinux_x86_64/install.sh" \
    "$target" --bin "$home/bin" > "$work/again.txt" 2>&1 || { cat "$work/again.txt"; fail "install.sh, again"; }
has "$work/again.txt" "没有改动：“$target”中已是 nengli $version，全部依赖都已安装。"

# the installed nengli only: its link first on PATH, no virtual environment of the source tree,
# git's own settings out of the way, and a home of its own
export HOME="$home" PATH="$home/bin:/usr/local/bin:/usr/bin:/bin" GIT_CONFIG_NOSYSTEM=1
unset VIRTUAL_ENV PYTHONPATH NENGLI_DATA
[ "$(command -v nengli)" = "$home/bin/nengli" ] || fail "nengli on PATH is $(command -v nengli)"
git config --global user.name "张三"
git config --global user.email "zhangsan@example.com"
git config --global init.defaultBranch main

day() {  # a clerk's day in the campaign folder $1, saying $2 where output is compared
    local campaign=$1 log=$2
    nengli --version > "$log/version.txt"
    has "$log/version.txt" "nengli $version"
    nengli init "$campaign" > "$log/init.txt" 2>&1
    cd "$campaign"
    printf '单位简称,单位全称,类别,督导组,联系人\n一中,某某市第一中学,school,1,王老师\n二中,某某市第二中学,school,1,李老师\n三中,某某市第三中学,school,2,赵老师\n办公室,某某市教育局办公室,office,2,张老师\n' > "名册 2024.csv"
    nengli import-units "名册 2024.csv" --replace > "$log/import.txt" 2>&1
    git add data/units.yaml && git commit -q -m "名册"
    nengli record lists 一中 --date 2024-03-11 --commit > "$log/record.txt" 2>&1
    git log -1 --format=%s > "$log/commit.txt"
    has "$log/commit.txt" "登记：责任清单制定、报送 一中 2024-03-11"
    mkdir -p "收件箱 3月9日/动员部署会召开"
    printf '会议纪要' > "收件箱 3月9日/动员部署会召开/【二中】动员会纪要.docx"
    nengli intake "收件箱 3月9日" --date 2024-03-09 --commit > "$log/intake.txt" 2>&1
    [ -f "材料/第1阶段/动员部署会召开/二中-【二中】动员会纪要.docx" ] || fail "intake filed nothing"
    nengli report --phase 1 --date 2024-03-12 --as-of 2024-03-12 --out 通报.docx > "$log/report.txt" 2>&1
    python3 -c 'import sys, zipfile; x = zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode()
assert "督导通报" in x and "三中" in x, "the notice lacks its title or the late unit"' 通报.docx \
        || fail "通报.docx"
    nengli board --as-of 2024-03-12 --out 看板.html > "$log/board.txt" 2>&1
    has 看板.html "动员部署会召开"
    nengli export --as-of 2024-03-12 --format xlsx --out 台账.xlsx > "$log/export.txt" 2>&1
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).read("xl/workbook.xml")' 台账.xlsx \
        || fail "台账.xlsx"
}

step "a clerk's day with the installed nengli (UTF-8)"
mkdir -p "$work/logs utf8"
day "$home/督导/能力 作风" "$work/logs utf8"

step "sync with a bare remote and a second clerk"
git init -q --bare "$home/共享/督导 仓库.git"
git remote add origin "$home/共享/督导 仓库.git"
nengli sync > "$work/sync1.txt" 2>&1 || { cat "$work/sync1.txt"; fail "first sync"; }
git clone -q "$home/共享/督导 仓库.git" "$home/督导/乙的克隆"
(cd "$home/督导/乙的克隆" && git config user.name "李四" \
    && nengli record lists 三中 --date 2024-03-11 --commit > /dev/null \
    && nengli sync > "$work/sync2.txt" 2>&1) || { cat "$work/sync2.txt"; fail "second clerk's sync"; }
nengli sync > "$work/sync3.txt" 2>&1 || { cat "$work/sync3.txt"; fail "sync back"; }
has "$work/sync3.txt" "同事 李四 登记了 1 条"
has data/phases/phase1.yaml "三中: 2024-03-11"

step "doctor of the installed nengli"
code=0
nengli doctor > "$work/doctor.txt" 2>&1 || code=$?
cat "$work/doctor.txt"
has "$work/doctor.txt" "✓ nengli：nengli $version（$target/lib/"
has "$work/doctor.txt" "✓ 合并程序：已登记；试合并两位同事各自新增的单位，按单位合并成功"
git config --get merge.nengli.driver > "$work/driver.txt"
has "$work/driver.txt" "\"$target/bin/python\" -m nengli merge-driver"  # the installed nengli
has "$work/doctor.txt" "✓ 远程仓库：origin（$home/共享/督导 仓库.git）可以连接"
# this machine has no 仿宋_GB2312: that line, and only that line, fails (exit 1)
[ "$code" = 1 ] && [ "$(grep -c '^✗' "$work/doctor.txt")" = 1 ] && grep -q '^✗ 公文字体：' "$work/doctor.txt" \
    || fail "doctor: expected exit 1 with only the fonts failing, got exit $code"
# with the faces the documents name installed for this user, every check passes (exit 0)
"$target/bin/python" - "$home/.local/share/fonts" <<'EOF'
import sys
from pathlib import Path
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
folder = Path(sys.argv[1])
folder.mkdir(parents=True, exist_ok=True)
for face, english in {"仿宋_GB2312": "FangSong_GB2312", "方正小标宋简体": "FZXiaoBiaoSong-B05S",
                      "黑体": "SimHei", "楷体_GB2312": "KaiTi_GB2312", "宋体": "SimSun"}.items():
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef"]); fb.setupCharacterMap({})
    fb.setupGlyf({".notdef": TTGlyphPen(None).glyph()}); fb.setupHorizontalMetrics({".notdef": (500, 0)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": {"en": english, "zh": face}, "styleName": "Regular"}, mac=False)
    fb.setupOS2(); fb.setupPost(); fb.save(str(folder / f"{english}.ttf"))
EOF
nengli doctor --json > "$work/doctor.json" || { cat "$work/doctor.json"; fail "doctor with the fonts installed"; }
has "$work/doctor.json" '"ok": true'

step "the same day with a GBK console"
# As on Windows, where the console's code page is 936 (GBK) while file names are Unicode: the
# locale zh_CN.GBK (made with localedef), nengli's output in GBK, file names still UTF-8
# (PYTHONUTF8=1). A Linux whose file names are GBK is another matter: doctor fails it
# ("文件名编码"), since git and .gitignore read names as UTF-8.
locales="$work/locales"
mkdir -p "$locales"
if localedef -i zh_CN -f GBK "$locales/zh_CN.GBK" 2>/dev/null; then
    how="LC_ALL=zh_CN.GBK, PYTHONIOENCODING=gbk, PYTHONUTF8=1"
    nengli() { env LOCPATH="$locales" LC_ALL=zh_CN.GBK PYTHONIOENCODING=gbk PYTHONUTF8=1 nengli "$@"; }
else  # no locale definitions on this system: the console's encoding alone
    how="PYTHONIOENCODING=gbk (localedef could not make zh_CN.GBK)"
    nengli() { env PYTHONIOENCODING=gbk nengli "$@"; }
fi
echo "   ($how)"
mkdir -p "$work/logs gbk"
day "$home/督导/GBK 活动" "$work/logs gbk"
nengli status --as-of 2024-03-12 > "$work/status-gbk.txt" 2>&1
iconv -f gbk -t utf-8 "$work/status-gbk.txt" > "$work/status-gbk.utf8.txt"
has "$work/status-gbk.utf8.txt" "动员部署会召开"
code=0
nengli doctor --offline > "$work/doctor-gbk.txt" 2>&1 || code=$?
iconv -f gbk -t utf-8 "$work/doctor-gbk.txt" > "$work/doctor-gbk.utf8.txt"
cat "$work/doctor-gbk.utf8.txt"
[ "$code" = 0 ] || fail "doctor with a GBK console: exit $code"
has "$work/doctor-gbk.utf8.txt" "√ 控制台编码：gbk（可以显示中文；对错符号改用 √ ×）"
unset -f nengli
step "done: the kits build, install offline and work"
