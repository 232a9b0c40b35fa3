"""PDF of the Word documents: the .docx nengli writes, converted by LibreOffice.

There is one layout of each document (render/docx.py); the PDF is that Word file as
LibreOffice prints it, never a second layout. LibreOffice runs headless with a profile of its
own in a temporary folder (so that a LibreOffice the clerk has open, or a damaged profile, is
not in the way) and a time limit; every failure is a ``ConversionError`` with its reason in
Chinese, which the command reports.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Mapping

#: seconds one conversion may take: LibreOffice's first start in a fresh profile takes 10–30 s
#: on an office PC, a notice a second or two more
TIMEOUT = 240


class ConversionError(Exception):
    """A conversion that did not give a PDF, with the reason (Chinese, for the message)."""


def converter_places(environ: Mapping[str, str] = os.environ,
                     platform: str = sys.platform) -> list[Path]:
    """Where LibreOffice's soffice is looked for, besides PATH, in order."""
    if platform == "win32":
        roots = [environ.get(k) for k in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")]
        local = environ.get("LOCALAPPDATA")
        places = [Path(r) / "LibreOffice" / "program" for r in roots if r]
        if local:
            places.append(Path(local) / "Programs" / "LibreOffice" / "program")
        # soffice.com waits for the conversion and reports on the console; soffice.exe returns at once
        return [p / name for p in places for name in ("soffice.com", "soffice.exe")]
    if platform == "darwin":
        return [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    places = [Path("/usr/lib/libreoffice/program/soffice"),
              Path("/usr/lib64/libreoffice/program/soffice")]
    opt = Path("/opt")
    try:  # LibreOffice's own packages (and 信创 builds) install to /opt/libreoffice7.x
        places += sorted((p / "program" / "soffice" for p in opt.glob("libreoffice*")), reverse=True)
    except OSError:
        pass
    return places


def find_converter(environ: Mapping[str, str] = os.environ, platform: str = sys.platform
                   ) -> Path | None:
    """LibreOffice's soffice: on PATH (soffice, libreoffice), else in its usual install folders."""
    path = environ.get("PATH")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name, path=path)
        if found:
            return Path(found)
    for place in converter_places(environ, platform):
        if place.is_file():
            return place
    return None


def _stop(proc: subprocess.Popen) -> None:
    """End a conversion that ran out of time, with the office process it started."""
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True)
    else:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            proc.kill()
    proc.wait()


def docx_to_pdf(docx: bytes, converter: Path, timeout: float = TIMEOUT) -> bytes:
    """The PDF of a Word file given as bytes; ConversionError when LibreOffice gives none."""
    with tempfile.TemporaryDirectory(prefix="nengli-pdf-") as work:
        folder = Path(work)
        source = folder / "document.docx"  # an ASCII name: no console encoding in the way
        source.write_bytes(docx)
        profile = folder / "profile"
        command = [str(converter), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--norestore", "--convert-to", "pdf", "--outdir", str(folder), str(source)]
        kwargs: dict = {"start_new_session": True} if sys.platform != "win32" else {
            "creationflags": getattr(subprocess, "CREATE_NO_WINDOW", 0)}
        try:
            proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, **kwargs)
        except OSError as exc:
            raise ConversionError(f"无法启动 {converter}：{exc.strerror or exc}") from None
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(proc)
            raise ConversionError(f"LibreOffice 在 {int(timeout)} 秒内没有完成转换") from None
        result = folder / "document.pdf"
        if not result.is_file() or result.stat().st_size == 0:
            said = output.decode("utf-8", "replace").strip().splitlines()
            tail = f"（LibreOffice：{said[-1]}）" if said else ""
            raise ConversionError(f"LibreOffice 没有生成 PDF，退出码 {proc.returncode}{tail}")
        return result.read_bytes()
