"""A Chinese (CJK) font on this machine, for drawing the board image.

An office PC has at least one: Windows has 微软雅黑 (msyh), 黑体 (simhei), 等线 and 宋体 in its
fonts folder (and fonts installed for one user only in that user's own fonts folder); Linux
and the 信创 systems (统信 UOS, 麒麟) carry Noto CJK / 思源 (Source Han) or 文泉驿 (WenQuanYi)
in the usual font folders; macOS has 苹方. ``--font`` or ``font:`` in campaign.yaml names
another (a file, or a file name found in those folders). Sans-serif faces come first: they
read best small on a phone. Nothing here imports Pillow; board_image opens what it finds.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterable, Mapping, NamedTuple

#: file names of CJK fonts, in order of preference (lower case)
KNOWN = (
    # Windows
    "msyh.ttc", "msyh.ttf", "simhei.ttf", "deng.ttf", "simsun.ttc", "simsun.ttf",
    # macOS
    "pingfang.ttc", "stheiti medium.ttc", "hiragino sans gb.ttc",
    # Linux, 统信 UOS, 麒麟: Noto CJK / 思源黑体, 文泉驿, then the serif faces
    "notosanscjk-regular.ttc", "notosanscjksc-regular.otf", "notosanssc-regular.otf",
    "notosanssc-regular.ttf", "sourcehansanssc-regular.otf", "sourcehansans-regular.ttc",
    "sourcehansanscn-regular.otf", "wqy-microhei.ttc", "wqy-zenhei.ttc",
    "notoserifcjk-regular.ttc", "notoserifcjksc-regular.otf", "sourcehanserifsc-regular.otf",
    "uming.ttc", "ukai.ttc",
)
#: a regular face's bold sibling, where its name does not follow "Regular" -> "Bold"
BOLD_OF = {"msyh.ttc": "msyhbd.ttc", "msyh.ttf": "msyhbd.ttf", "deng.ttf": "dengb.ttf",
           "wqy-microhei.ttc": None, "wqy-zenhei.ttc": None, "simhei.ttf": None,
           "simsun.ttc": None, "simsun.ttf": None, "uming.ttc": None, "ukai.ttc": None}
FONT_SUFFIXES = (".ttc", ".ttf", ".otf")
#: how deep to look below a fonts folder (Linux packages use /usr/share/fonts/opentype/noto)
DEPTH = 4


class FontFiles(NamedTuple):
    """The regular face to draw with, and its bold sibling when there is one."""

    regular: Path
    bold: Path | None


def font_dirs(environ: Mapping[str, str] = os.environ, platform: str = sys.platform,
              home: Path | None = None) -> list[Path]:
    """The folders where this system keeps fonts, the user's own included, in search order."""
    home = home if home is not None else Path(environ.get("HOME") or environ.get("USERPROFILE")
                                              or Path.home())
    if platform == "win32":
        windows = environ.get("WINDIR") or environ.get("SystemRoot") or r"C:\Windows"
        dirs = [Path(windows) / "Fonts"]
        local = environ.get("LOCALAPPDATA")
        if local:  # fonts installed "for this user only" (Windows 10 1809 and later)
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    # freedesktop: $XDG_DATA_HOME/fonts, ~/.fonts, then each $XDG_DATA_DIRS entry's fonts
    data_home = environ.get("XDG_DATA_HOME") or str(home / ".local" / "share")
    data_dirs = environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    dirs = [Path(data_home) / "fonts", home / ".fonts"]
    dirs += [Path(d) / "fonts" for d in data_dirs.split(":") if d]
    return list(dict.fromkeys(dirs))


def _font_files(folder: Path, depth: int = DEPTH) -> Iterable[Path]:
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir():
                if depth > 0:
                    yield from _font_files(entry, depth - 1)
            elif entry.suffix.lower() in FONT_SUFFIXES:
                yield entry
        except OSError:
            continue


def _bold_of(regular: Path, files: dict[str, Path]) -> Path | None:
    name = regular.name.lower()
    if name in BOLD_OF:
        sibling = BOLD_OF[name]
        return files.get(sibling) if sibling else None
    if "regular" in name:
        return files.get(name.replace("regular", "bold"))
    return None


def find_cjk_font(dirs: Iterable[Path]) -> FontFiles | None:
    """The most preferred known CJK font in ``dirs`` (and its bold face), or None."""
    files: dict[str, Path] = {}
    for folder in dirs:
        for path in _font_files(folder):
            files.setdefault(path.name.lower(), path)
    for name in KNOWN:
        if name in files:
            return FontFiles(files[name], _bold_of(files[name], files))
    return None


def named_font(value: str, base: Path | None, dirs: Iterable[Path]) -> Path | None:
    """A font the user named: a path (relative to ``base``), or a file name in the font folders."""
    path = Path(value).expanduser()
    if not path.is_absolute() and base is not None and (base / path).is_file():
        return base / path
    if path.is_file():
        return path
    if len(path.parts) == 1:
        for folder in dirs:
            for found in _font_files(folder):
                if found.name.lower() == value.lower():
                    return found
    return None
