#!/bin/sh
# nengli 离线安装（Linux：统信 UOS、麒麟等）：bash install.sh [文件夹] [--no-path]
# 找到本机的 Python 3.11 或更新版本，由它运行 install.py；安装只用本安装包中的文件，不连网。
kit=$(cd "$(dirname "$0")" && pwd) || exit 1
old=""
for py in "${NENGLI_PYTHON:-}" @PYTHONS@ python3 python; do
    [ -n "$py" ] || continue
    command -v "$py" >/dev/null 2>&1 || continue
    if "$py" -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else 1)' >/dev/null 2>&1; then
        exec "$py" "$kit/install.py" "$@"
    fi
    version=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
    [ -n "$old" ] || old="$py（Python ${version:-版本不明}）"
done
if [ -n "$old" ]; then
    echo "安装没有完成：本机的 ${old}太旧，nengli 需要 Python 3.11 或更新的版本。"
else
    echo "安装没有完成：本机没有找到 Python（python3）。nengli 需要 Python 3.11 或更新的版本。"
fi
cat <<'HELP'
办法（任选其一）：
  1. 用系统的软件商店或软件源安装 Python 3.11 或更新版本，例如：sudo apt install python3.11 python3.11-venv
     （统信 UOS、麒麟的软件源中有的版本，可用 apt-cache search python3.1 查看）；
  2. 已装在别处的 Python，用环境变量指定：NENGLI_PYTHON=/opt/python3.12/bin/python3.12 bash install.sh
  3. 系统较旧、软件源中没有时，见安装说明.txt 和 nengli 的 README“离线安装（办公室电脑）”一节。
HELP
exit 1
