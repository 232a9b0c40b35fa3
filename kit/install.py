"""Install nengli from this kit, without a network: install.cmd and install.sh run this file.

    python install.py [文件夹] [--no-path] [--bin 目录]

Makes (or reuses) a virtual environment in 文件夹 (default: ``nengli`` beside the kit's folder)
with the Python that runs this file, installs the kit's wheels into it with pip from the kit
itself (``--no-index --require-hashes``), removes what an earlier kit installed and this one no
longer has, and puts the one command ``nengli`` on the user's PATH: ``文件夹\\nengli.cmd`` on
Windows (the folder goes on the user's Path, not ``Scripts``, whose python.exe would hide the
system's), a link in ~/.local/bin (/usr/local/bin for root) elsewhere. Run again, it changes
nothing; run from a newer kit, it upgrades in place.

This file runs before nengli exists on the computer, so it uses the standard library only and
its messages are written here, not in nengli's messages.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

KIT = Path(__file__).resolve().parent
WINDOWS = os.name == "nt"
#: sysconfig.get_platform() -> the kit for it
KITS = {"win-amd64": "win_amd64", "linux-x86_64": "manylinux_x86_64",
        "linux-aarch64": "manylinux_aarch64"}
RECORD = "nengli-kit.json"


class Refused(Exception):
    """Why the kit cannot be installed here, and what to do: printed, exit 1."""


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def manifest() -> dict:
    return json.loads((KIT / "kit.json").read_text(encoding="utf-8"))


def check_python(kit: dict, version: tuple[int, int] | None = None, platform: str | None = None,
                 free_threaded: bool | None = None, glibc: str | None = None) -> None:
    """Refuse a Python the kit has no wheels for, naming what to install instead."""
    version = version or sys.version_info[:2]
    platform = platform or sysconfig.get_platform()
    if free_threaded is None:
        free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    shown = f"{version[0]}.{version[1]}"
    supported = kit["python"]
    span = f"{supported[0]}–{supported[-1]}"
    if platform != kit["sysconfig"]:
        right = KITS.get(platform)
        if platform == "win32":
            raise Refused(f"本机的 Python 是 32 位的（{sys.executable}），这个安装包需要 64 位的 Python {span}。\n"
                          "请从 https://www.python.org/downloads/windows/ 下载“Windows installer (64-bit)”安装后再运行。")
        raise Refused(f"这是 {kit['platform']} 的安装包，本机的 Python 是 {platform}。\n"
                      + (f"请改用 nengli-{kit['nengli']}-{right}.zip。" if right else
                         "nengli 的安装包只有 Windows（64 位）、Linux x86_64 和 Linux arm64（aarch64）三种；"
                         "其他平台（如龙芯 loongarch64）请按 README“离线安装”一节使用系统自带的 Python 安装。"))
    if shown not in supported:
        raise Refused(f"本机的 Python 是 {shown}（{sys.executable}），这个安装包带的是 Python {span} 的文件。\n"
                      f"请安装 Python {supported[-1]}（或 {span} 中的任一版本），再运行安装程序；"
                      "也可以设置环境变量 NENGLI_PYTHON 指向一个合适的 python。")
    if free_threaded:
        raise Refused(f"本机的 Python {shown} 是“自由线程”版本（{sys.executable}），安装包中没有它用的文件。\n"
                      "请改用普通版本的 Python（python.exe，而不是 python3.13t.exe 之类）。")
    needed = kit.get("glibc")
    if needed and not WINDOWS:
        have = glibc if glibc is not None else _glibc()
        if have is None or _version(have) < _version(needed):
            raise Refused(f"本机的 C 库是 {('glibc ' + have) if have else '非 glibc'}，这个安装包需要 glibc {needed} 或更新"
                          "（统信 UOS 20、麒麟 V10 及更新的系统都满足）。\n"
                          "更早的系统请按 README“离线安装”一节使用系统自带的 Python 安装。")


def _glibc() -> str | None:
    try:
        name, _, version = os.confstr("CS_GNU_LIBC_VERSION").partition(" ")  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return None
    return version if name == "glibc" else None


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(".") if p.isdigit())


# ---- the virtual environment --------------------------------------------------------------

def venv_python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if WINDOWS else "bin/python")


def venv_command(folder: Path) -> Path:
    return folder / ("Scripts/nengli.exe" if WINDOWS else "bin/nengli")


def child_env() -> dict[str, str]:
    """The environment for the venv's Python and pip: no PYTHONHOME/PYTHONPATH that would point
    it at another Python's modules, UTF-8 in and out."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME", "PYTHONPATH", "PYTHONSTARTUP")
           and not k.startswith("PIP_")}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def works(python: Path) -> bool:
    try:
        return subprocess.run([str(python), "-c", "import sys"], capture_output=True,
                              env=child_env(), timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise Refused(f"“{folder}”是一个文件，不能安装到这里。请换一个文件夹。")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / "pyvenv.cfg").exists():
        raise Refused(f"文件夹“{folder}”中已有别的文件，它不是 nengli 的安装文件夹。\n"
                      "请在安装命令后写一个新的（或空的）文件夹，例如 install.cmd D:\\软件\\nengli"
                      "（Linux：bash install.sh ~/nengli）。")


def make_venv(folder: Path) -> str | None:
    """Create the venv, or recreate a broken one; what was done, or None when it was fine."""
    import venv

    python = venv_python(folder)
    if (folder / "pyvenv.cfg").exists() and works(python):
        return None
    broken = (folder / "pyvenv.cfg").exists()
    venv.EnvBuilder(with_pip=False, clear=broken, symlinks=not WINDOWS).create(folder)
    if not works(python):
        raise Refused(f"在“{folder}”中建立的 Python 环境无法运行。请检查这个文件夹的权限，或换一个文件夹。")
    version = ".".join(map(str, sys.version_info[:3]))
    return (f"重建了损坏的 Python 环境（Python {version}）" if broken
            else f"建立了 Python 环境（Python {version}，{sys.executable}）")


def installed(python: Path) -> dict[str, str]:
    """name -> version of every package in the venv (names as pip normalises them)."""
    code = ("import importlib.metadata as m, json, re\n"
            "print(json.dumps({re.sub(r'[-_.]+', '-', d.metadata['Name']).lower(): d.version"
            " for d in m.distributions() if d.metadata['Name']}))")
    proc = subprocess.run([str(python), "-c", code], capture_output=True, text=True,
                          encoding="utf-8", env=child_env(), timeout=120)
    if proc.returncode != 0:
        raise Refused(f"无法列出已安装的包：{proc.stderr.strip()}")
    return json.loads(proc.stdout)


def pip(python: Path, kit: dict, *args: str) -> None:
    """pip, run from the kit's own pip wheel, with no index, no cache and no user settings."""
    command = [str(python), str(KIT / "wheels" / kit["pip"] / "pip"), "--isolated",
               "--disable-pip-version-check", "--no-input", *args]
    proc = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", env=child_env())
    if proc.returncode != 0:
        said = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
        raise Refused(f"pip 安装失败（退出码 {proc.returncode}）：\n{said}\n"
                      "请确认安装包完整（重新解压 zip），并把以上信息发给维护人员。")


def install_packages(folder: Path, kit: dict) -> list[str]:
    """Install the kit's wheels; what changed, in words."""
    python = venv_python(folder)
    before = installed(python)
    pip(python, kit, "install", "--no-index", "--find-links", str(KIT / "wheels"), "--require-hashes",
        "--no-cache-dir", "--no-warn-script-location", "--quiet", "-r", str(KIT / "requirements.txt"))
    previous = read_record(folder).get("packages", {})
    stale = sorted(name for name in previous if name not in kit["packages"] and name in before)
    if stale:
        pip(python, kit, "uninstall", "--yes", "--quiet", *stale)
    after = installed(python)
    return describe_changes(before, after)


def describe_changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    lines = []
    added = [f"{n} {after[n]}" for n in sorted(after) if n not in before]
    changed = [f"{n} {before[n]} → {after[n]}" for n in sorted(after) if n in before and before[n] != after[n]]
    removed = [f"{n} {before[n]}" for n in sorted(before) if n not in after]
    if added:
        lines.append(f"安装了 {len(added)} 个包：{'、'.join(added)}")
    if changed:
        lines.append(f"升级（或更换）了 {len(changed)} 个包：{'、'.join(changed)}")
    if removed:
        lines.append(f"删除了新版本不再需要的 {len(removed)} 个包：{'、'.join(removed)}")
    return lines


def read_record(folder: Path) -> dict:
    try:
        return json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


# ---- the command on PATH --------------------------------------------------------------------

def with_entry(path_value: str, folder: str) -> str | None:
    """The Windows Path value with ``folder`` appended, or None when it is already there
    (compared without case, trailing backslash or surrounding quotes)."""
    def norm(entry: str) -> str:
        return os.path.expandvars(entry.strip().strip('"')).rstrip("\\/").replace("/", "\\").casefold()

    entries = [e for e in path_value.split(";") if e.strip()]
    if any(norm(e) == norm(folder) for e in entries):
        return None
    return ";".join([*entries, folder])


def windows_path(folder: Path) -> list[str]:
    """Put ``folder`` (holding nengli.cmd) on the user's Path in the registry."""
    import ctypes
    import winreg

    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, "Environment", 0,
                        winreg.KEY_READ | winreg.KEY_WRITE) as key:
        try:
            value, kind = winreg.QueryValueEx(key, "Path")
        except FileNotFoundError:
            value, kind = "", winreg.REG_EXPAND_SZ
        new = with_entry(str(value), str(folder))
        if new is None:
            return []
        if kind not in (winreg.REG_SZ, winreg.REG_EXPAND_SZ):
            kind = winreg.REG_EXPAND_SZ
        winreg.SetValueEx(key, "Path", 0, kind, new)
    # tell Explorer, so that windows opened from now on see the new Path
    result = ctypes.c_ulong()
    ctypes.windll.user32.SendMessageTimeoutW(0xFFFF, 0x001A, 0, "Environment", 0x0002, 5000,
                                             ctypes.byref(result))
    return [f"把“{folder}”加入了当前用户的 Path：新打开的命令行窗口中可以直接输入 nengli"
            "（已经打开的窗口要关掉重开）"]


def link_dir() -> Path:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return Path("/usr/local/bin")
    return Path.home() / ".local" / "bin"


def posix_link(folder: Path, where: Path | None = None, path_value: str | None = None
               ) -> tuple[list[str], list[str]]:
    """A link ``nengli`` in ~/.local/bin (or /usr/local/bin for root) to the venv's command:
    (what was changed, what the user should know)."""
    where = Path(os.path.abspath(where or link_dir()))
    link = where / "nengli"
    target = venv_command(folder)
    done: list[str] = []
    if link.is_symlink():
        old = os.readlink(link)
        if Path(old) != target:
            link.unlink()
            link.symlink_to(target)
            done.append(f"把 {link} 改为指向 {target}（原来指向 {old}）")
    elif link.exists():
        return [], [f"没有建立 {link}：那里已有一个同名的文件。请在命令中写全路径 {target}，"
                    f"或删去 {link} 后再运行安装程序"]
    else:
        where.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target)
        done.append(f"建立了 {link} → {target}")
    path_value = os.environ.get("PATH", "") if path_value is None else path_value
    on_path = any(Path(p).expanduser() == where for p in path_value.split(os.pathsep) if p)
    notes = [] if on_path else [
        f"注意：{where} 不在当前的 PATH 中。重新登录后一般会自动加入；否则请在 ~/.bashrc "
        f"末尾加一行 export PATH=\"{where}:$PATH\"，或直接运行 {target}"]
    return done, notes


# ---- the whole install ----------------------------------------------------------------------

def install(folder: Path, kit: dict, *, on_path: bool = True, bin_dir: Path | None = None
            ) -> tuple[list[str], list[str]]:
    """Install into ``folder``: (what was changed, in words; empty when nothing was), and what
    the user should know."""
    check_folder(folder)
    done, notes = [], []
    made = make_venv(folder)
    if made:
        done.append(made)
    done += install_packages(folder, kit)
    if WINDOWS:
        launcher = (KIT / "nengli.cmd").read_bytes()
        if write_if_changed(folder / "nengli.cmd", launcher):
            done.append(f"写入了启动命令 {folder / 'nengli.cmd'}")
    record = {"nengli": kit["nengli"], "platform": kit["platform"], "commit": kit.get("commit", ""),
              "packages": kit["packages"]}
    write_if_changed(folder / RECORD, (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    if on_path:
        if WINDOWS:
            done += windows_path(folder)
        else:
            changed, said = posix_link(folder, bin_dir)
            done += changed
            notes += said
    return done, notes


def version_of(folder: Path) -> str:
    proc = subprocess.run([str(venv_command(folder)), "--version"], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", env=child_env(), timeout=120)
    if proc.returncode != 0:
        raise Refused(f"安装后运行 nengli --version 失败：{(proc.stderr or proc.stdout).strip()}")
    return proc.stdout.strip()


USAGE = """用法：install [文件夹] [--no-path] [--bin 目录]
  文件夹      安装到哪里（默认：安装包文件夹旁边的 nengli 文件夹）；再次运行即升级或检查
  --no-path   不改动 PATH（由 IT 人员自行配置）
  --bin 目录  （Linux）nengli 命令的链接放在这个目录，默认 ~/.local/bin（root 为 /usr/local/bin）"""


def parse_args(argv: list[str]) -> tuple[Path | None, dict] | None:
    """(folder, options), or None for a command line that is not understood."""
    folder, options, rest = None, {"path": True, "bin": None}, list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--no-path":
            options["path"] = False
        elif arg == "--bin" and rest:
            options["bin"] = Path(rest.pop(0)).expanduser()
        elif arg.startswith("-") or folder is not None:
            return None
        else:
            folder = Path(arg).expanduser()
    return folder, options


def main(argv: list[str]) -> int:
    if any(a in ("-h", "--help", "/?") for a in argv):
        say(USAGE)
        return 0
    parsed = parse_args(argv)
    if parsed is None:
        say(f"看不懂这个命令：install {' '.join(argv)}\n{USAGE}")
        return 2
    given, options = parsed
    try:
        kit = manifest()
        check_python(kit)
        folder = Path(os.path.abspath(given or KIT.parent / "nengli"))
        say(f"安装 nengli {kit['nengli']}（{kit['platform']}）到“{folder}”……")
        done, notes = install(folder, kit, on_path=options["path"], bin_dir=options["bin"])
        shown = version_of(folder)
    except Refused as exc:
        say(f"安装没有完成：{exc}")
        return 1
    except OSError as exc:
        say(f"安装没有完成：{exc.strerror or exc}（{exc.filename or ''}）。\n"
            "请检查文件夹的权限和磁盘空间后再运行。")
        return 1
    if done:
        for line in done:
            say(f"- {line}")
        say(f"完成：{shown} 已安装在“{folder}”。")
    else:
        say(f"没有改动：“{folder}”中已是 {shown}，全部依赖都已安装。")
    for line in notes:
        say(line)
    command = folder / "nengli.cmd" if WINDOWS else venv_command(folder)
    say(f"nengli 命令：{command}\n下一步：在新打开的命令行窗口中运行 nengli doctor，检查本机的 git、字体和数据文件夹。")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
