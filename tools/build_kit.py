"""Build nengli's offline install kits, and regenerate the lock files they are built from.

    python tools/build_kit.py --platform win_amd64 --out dist        # one kit
    python tools/build_kit.py --platform all --out dist              # the three kits
    python tools/build_kit.py --lock                                 # kit/requirements-*.txt anew

A kit is ``DIR/nengli-<version>-<platform>.zip``: the nengli wheel, every dependency as a wheel
for that platform and for each Python the kit supports (3.11 to 3.15), the installer
(``install.cmd`` or ``install.sh``, both running ``install.py``), the ``nengli.cmd`` launcher on
Windows, and 安装说明.txt for the IT person. Exact versions and sha256 come from the lock file
``kit/requirements-<platform>.txt`` (pip's ``--require-hashes`` format; ``*.lock`` files are
ignored by git, hence the name), which ``--lock`` writes from pyproject.toml's dependencies.

The lock is resolved by pip (``pip install --dry-run --report --only-binary=:all: --platform …
--python-version 3.11``; only the metadata is fetched). pip evaluates environment markers for the
machine it runs on, not for the ``--platform`` asked for: on Linux it leaves out typer's
``colorama; platform_system == "Windows"``. So the closure is walked again here with the target's
markers, what pip left out is asked for by name and resolved again, and what the target does not
need is dropped. The versions found for Python 3.11 are then pinned for every other Python.

The build fails when a locked package has no wheel for the platform and a supported Python
(pip download, only binaries), when the nengli wheel requires something the lock lacks or pins
outside its bounds, and when any file's sha256 differs from the lock's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass, field
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import unquote, urlparse

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / "kit"
#: the Pythons a kit carries wheels for; 3.11 is nengli's floor (pyproject's requires-python)
PYTHONS = ("3.11", "3.12", "3.13", "3.14", "3.15")
#: the newest glibc a Linux kit's wheels may need: 统信 UOS 20 and 麒麟 V10 have 2.28
GLIBC = (2, 28)
#: the installer itself runs pip from this wheel, so it is locked like a dependency
TOOLS = ("pip",)
#: packages whose compiled wheels only speed up what nengli does not use: the kit takes their
#: pure-Python wheel (fontTools: doctor reads font names; its compiled parts are for
#: outlines, about 5 MB a Python on Linux)
PURE_ONLY = ("fonttools",)


@dataclass(frozen=True)
class Platform:
    name: str
    #: pip --platform values, preferred first
    tags: tuple[str, ...]
    #: the environment markers of a CPython there (python_version added per Python)
    markers: dict[str, str]
    #: sysconfig.get_platform() of a Python that can install the kit
    sysconfig: str
    windows: bool


def _manylinux(arch: str) -> tuple[str, ...]:
    newest = [f"manylinux_2_{minor}_{arch}" for minor in range(GLIBC[1], 16, -1)]
    return (*newest, f"manylinux2014_{arch}")


def _linux(machine: str) -> dict[str, str]:
    return {"os_name": "posix", "sys_platform": "linux", "platform_system": "Linux",
            "platform_machine": machine}


PLATFORMS = {
    "win_amd64": Platform("win_amd64", ("win_amd64",), {
        "os_name": "nt", "sys_platform": "win32", "platform_system": "Windows",
        "platform_machine": "AMD64"}, "win-amd64", True),
    "manylinux_x86_64": Platform("manylinux_x86_64", _manylinux("x86_64"), _linux("x86_64"),
                                 "linux-x86_64", False),
    "manylinux_aarch64": Platform("manylinux_aarch64", _manylinux("aarch64"), _linux("aarch64"),
                                  "linux-aarch64", False),
}


class KitError(Exception):
    """A build or lock that cannot be made; the message says what to do."""


def environment(platform: Platform, python: str) -> dict[str, str]:
    """The marker environment of CPython ``python`` on ``platform``."""
    return {"implementation_name": "cpython", "implementation_version": f"{python}.0",
            "platform_python_implementation": "CPython", "platform_release": "",
            "platform_version": "", "python_version": python, "python_full_version": f"{python}.0",
            **platform.markers, "extra": ""}


def applies(req: Requirement, env: dict[str, str], extras: frozenset[str] = frozenset()) -> bool:
    """Whether ``req`` is needed in ``env`` by a package installed with ``extras``."""
    if req.marker is None:
        return True
    return any(req.marker.evaluate({**env, "extra": extra}) for extra in ("", *sorted(extras)))


# ---- the lock file -------------------------------------------------------------------------

@dataclass
class Pin:
    """One locked package: its version, the sha256 of each wheel the kit carries, the file
    names (for readers of the lock), and the Pythons that need it (None: every one)."""

    name: str
    version: str
    hashes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    pythons: tuple[str, ...] | None = None

    @property
    def marker(self) -> str:
        if self.pythons is None:
            return ""
        return " or ".join(f'python_version == "{p}"' for p in self.pythons)

    def needed_on(self, python: str) -> bool:
        return self.pythons is None or python in self.pythons


def lock_path(platform: str) -> Path:
    return KIT / f"requirements-{platform}.txt"


def write_lock(platform: Platform, pins: list[Pin], pythons: tuple[str, ...]) -> str:
    lines = [f"# nengli 离线安装包的依赖（{platform.name}，Python {' '.join(pythons)}）：",
             "# 确切的版本和每个 wheel 文件的 sha256，pip --require-hashes 的格式。",
             "# 不要手改：pyproject.toml 的依赖改动后，运行 python tools/build_kit.py --lock 重新生成。",
             f"# platform: {platform.name}",
             f"# python: {' '.join(pythons)}",
             ""]
    for pin in sorted(pins, key=lambda p: canonicalize_name(p.name)):
        for name in sorted(pin.files):
            lines.append(f"#   {name}")
        marker = f" ; {pin.marker}" if pin.marker else ""
        lines.append(f"{canonicalize_name(pin.name)}=={pin.version}{marker} \\")
        hashes = sorted(set(pin.hashes))
        for i, digest in enumerate(hashes):
            lines.append(f"    --hash=sha256:{digest}" + (" \\" if i < len(hashes) - 1 else ""))
    return "\n".join(lines) + "\n"


def read_lock(path: Path) -> tuple[str, tuple[str, ...], list[Pin]]:
    """(platform, Pythons, pins) of a lock file written by write_lock."""
    if not path.exists():
        raise KitError(f"没有锁定文件 {path.relative_to(ROOT)}：请运行 python tools/build_kit.py --lock")
    text = path.read_text(encoding="utf-8")
    platform = re.search(r"^# platform: (\S+)$", text, re.M)
    pythons = re.search(r"^# python: (.+)$", text, re.M)
    if platform is None or pythons is None:
        raise KitError(f"{path.relative_to(ROOT)} 缺少 platform 或 python 行：请重新生成锁定文件")
    joined = re.sub(r"\\\n", " ", "\n".join(ln for ln in text.splitlines()
                                            if not ln.lstrip().startswith("#")))
    pins = []
    for line in joined.splitlines():
        if not line.strip():
            continue
        spec, _, rest = line.partition(" --hash=")
        hashes = re.findall(r"sha256:([0-9a-f]{64})", line)
        req = Requirement(spec.strip())
        version = next(iter(req.specifier)).version
        pythons_needed = tuple(re.findall(r'python_version == "([0-9.]+)"', str(req.marker))) \
            if req.marker else None
        pins.append(Pin(req.name, version, hashes, [], pythons_needed or None))
    return platform.group(1), tuple(pythons.group(1).split()), pins


# ---- resolving with pip ----------------------------------------------------------------------

@dataclass(frozen=True)
class Found:
    """A package pip chose: version, wheel file name, sha256 and requirements."""

    name: str
    version: str
    file: str
    sha256: str
    requires: tuple[str, ...]


def pip_target_options(platform: Platform, python: str, pure: bool = False) -> list[str]:
    if pure:  # only wheels tagged py3-none-any
        return ["--only-binary=:all:", "--python-version", python, "--implementation", "py",
                "--abi", "none", "--platform", "any"]
    options = ["--only-binary=:all:", "--python-version", python, "--implementation", "cp"]
    for tag in platform.tags:
        options += ["--platform", tag]
    return options


def run_pip(args: list[str], what: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True,
                          encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        said = [ln for ln in proc.stderr.splitlines() if ln.strip() and "is ignored" not in ln]
        raise KitError(f"{what}失败：\n" + "\n".join(said[-12:]))
    return proc


def pip_resolve(platform: Platform, python: str, requirements: list[str],
                constraints: dict[str, str], index: list[str], pure: bool = False) -> dict[str, Found]:
    """What pip would install for ``requirements`` on the platform and Python (dry run);
    ``pure``: the pure-Python wheels of exactly these requirements."""
    with tempfile.TemporaryDirectory(prefix="nengli-lock-") as tmp:
        report = Path(tmp) / "report.json"
        args = ["install", "--dry-run", "--ignore-installed", "--quiet", "--report", str(report),
                "--target", str(Path(tmp) / "target"), *pip_target_options(platform, python, pure),
                *(["--no-deps"] if pure else []), *index]
        if constraints:
            pinned = Path(tmp) / "constraints.txt"
            pinned.write_text("".join(f"{n}=={v}\n" for n, v in sorted(constraints.items())),
                              encoding="utf-8")
            args += ["--constraint", str(pinned)]
        run_pip([*args, *requirements],
                f"解析 {platform.name}、Python {python} 的依赖（{' '.join(requirements)}）")
        data = json.loads(report.read_text(encoding="utf-8"))
    found = {}
    for item in data["install"]:
        meta, info = item["metadata"], item["download_info"]
        url = info["url"]
        digest = info.get("archive_info", {}).get("hashes", {}).get("sha256")
        if digest is None and url.startswith("file:"):
            digest = sha256(Path(unquote(urlparse(url).path)))
        if digest is None:
            raise KitError(f"索引没有给出 {url} 的 sha256")
        name = canonicalize_name(meta["name"])
        found[name] = Found(name, meta["version"], unquote(url.rsplit("/", 1)[1]), digest,
                            tuple(meta.get("requires_dist") or ()))
    return found


def closure(top: list[Requirement], found: dict[str, Found], env: dict[str, str]
            ) -> tuple[set[str], list[Requirement]]:
    """The packages ``top`` needs in ``env`` among those ``found`` (by canonical name), and the
    requirements of that closure that ``found`` lacks or pins outside their bounds."""
    needed: set[str] = set()
    missing: list[Requirement] = []
    queue = [(req, frozenset[str]()) for req in top]
    seen: set[tuple[str, frozenset[str]]] = set()
    while queue:
        req, parent_extras = queue.pop(0)
        if not applies(req, env, parent_extras):
            continue
        name = canonicalize_name(req.name)
        got = found.get(name)
        if got is None or not req.specifier.contains(got.version, prereleases=True):
            missing.append(req)
            continue
        needed.add(name)
        extras = frozenset(req.extras)
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        queue += [(Requirement(text), extras) for text in got.requires]
    return needed, missing


def resolve(platform: Platform, python: str, requirements: list[str], constraints: dict[str, str],
            index: list[str]) -> dict[str, Found]:
    """The packages the target needs, resolved by pip and walked with the target's markers."""
    env = environment(platform, python)
    top = [Requirement(r) for r in requirements]
    asked = [_unmarked(r) for r in top if applies(r, env)]
    for _ in range(10):
        found = pip_resolve(platform, python, asked, constraints, index)
        needed, missing = closure(top, found, env)
        if not missing:
            chosen = {name: found[name] for name in needed}
            pure = [f"{name}=={chosen[name].version}" for name in PURE_ONLY if name in chosen]
            if pure:
                chosen |= pip_resolve(platform, python, pure, {}, index, pure=True)
            return chosen
        new = [_unmarked(r) for r in missing if _unmarked(r) not in asked]
        if not new:
            raise KitError(f"{platform.name}、Python {python}：pip 找不到满足 "
                           f"{'、'.join(map(str, missing))} 的版本")
        asked += new
    raise KitError(f"{platform.name}、Python {python}：依赖解析没有收敛")  # pragma: no cover


def _unmarked(req: Requirement) -> str:
    extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
    return f"{req.name}{extras}{req.specifier}"


def project_dependencies() -> list[str]:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return list(tomllib.load(f)["project"]["dependencies"])


def make_lock(platform: Platform, index: list[str]) -> str:
    """The lock file of ``platform``: versions resolved for the oldest Python, pinned for all."""
    requirements = project_dependencies() + list(TOOLS)
    base = resolve(platform, PYTHONS[0], requirements, {}, index)
    versions = {name: f.version for name, f in base.items()}
    pins: dict[str, Pin] = {}
    users: dict[str, list[str]] = {}
    for python in PYTHONS:
        chosen = base if python == PYTHONS[0] else resolve(platform, python, requirements, versions, index)
        for name, f in chosen.items():
            if name not in versions:
                raise KitError(f"{platform.name}：{name} 只有 Python {python} 需要，Python {PYTHONS[0]} "
                               "不需要；请在 pyproject.toml 中给它加上下限后重新生成")
            pin = pins.setdefault(name, Pin(f.name, f.version))
            pin.hashes.append(f.sha256)
            if f.file not in pin.files:
                pin.files.append(f.file)
            users.setdefault(name, []).append(python)
    for name, pin in pins.items():
        pin.pythons = None if len(users[name]) == len(PYTHONS) else tuple(users[name])
    return write_lock(platform, list(pins.values()), PYTHONS)


# ---- building a kit --------------------------------------------------------------------------

def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build_wheel(out: Path, index: list[str]) -> Path:
    """nengli's own wheel, built from this source tree."""
    run_pip(["wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), *index, str(ROOT)],
            "构建 nengli 的 wheel")
    wheels = sorted(out.glob("nengli-*.whl"))
    if len(wheels) != 1:
        raise KitError(f"构建 nengli 的 wheel 后在 {out} 中找到 {len(wheels)} 个文件")
    return wheels[0]


def wheel_requirements(wheel: Path) -> tuple[str, list[Requirement]]:
    """(version, Requires-Dist) of a wheel, from its METADATA."""
    name, version, _, _ = parse_wheel_filename(wheel.name)
    with zipfile.ZipFile(wheel) as z:
        meta_name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        meta = BytesParser().parsebytes(z.read(meta_name))
    return str(version), [Requirement(r) for r in meta.get_all("Requires-Dist") or ()]


def check_wheel_against_lock(platform: Platform, requires: list[Requirement], pins: list[Pin],
                             pythons: tuple[str, ...], lock_name: str) -> None:
    """Every requirement of the nengli wheel, on every Python, pinned within its bounds."""
    by_name = {canonicalize_name(p.name): p for p in pins}
    for python in pythons:
        env = environment(platform, python)
        for req in requires:
            if not applies(req, env):
                continue
            pin = by_name.get(canonicalize_name(req.name))
            if pin is None or not pin.needed_on(python):
                raise KitError(f"{lock_name} 没有锁定 nengli 依赖的 {req}（Python {python}）："
                               "pyproject.toml 的依赖改过了，请运行 python tools/build_kit.py --lock")
            if not req.specifier.contains(pin.version, prereleases=True):
                raise KitError(f"{lock_name} 锁定的 {pin.name}=={pin.version} 不符合 nengli 的依赖 {req}："
                               "请运行 python tools/build_kit.py --lock")


def cache_folder() -> Path:
    """Where wheels downloaded for kits are kept between builds (pip checks each by sha256)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nengli" / "kit-wheels"


def download(platform: Platform, pins: list[Pin], pythons: tuple[str, ...], folder: Path,
             index: list[str], cache: Path | None = None) -> None:
    """Every locked wheel for every Python into ``folder``, each checked against its sha256.

    ``cache`` keeps the wheels of earlier builds as ``<sha256>/<file>``; the locked ones found
    there are offered to pip without the index (a build with everything cached makes no network
    request), and only what is missing is downloaded, then cached."""
    locked = {h for p in pins for h in p.hashes}
    cached = {h: sorted((cache / h).glob("*.whl")) for h in locked} if cache is not None else {}
    if cached and all(len(files) == 1 for files in cached.values()):
        # every locked file is cached (the lock names exactly this platform's files): no pip
        for digest, (file,) in cached.items():
            if sha256(file) != digest:
                raise KitError(f"缓存中的 {file} 已损坏（sha256 不符）：请删除它后重新构建")
            shutil.copy2(file, folder / file.name)
        return
    with tempfile.TemporaryDirectory(prefix="nengli-kit-") as tmp:
        offered = Path(tmp) / "cached"
        offered.mkdir()
        for files in cached.values():  # only locked files: pip picks by tag, checks hashes after
            for file in files:
                shutil.copy2(file, offered / file.name)
        for python in pythons:
            wanted = [p for p in pins if p.needed_on(python)]
            req = Path(tmp) / f"requirements-{python}.txt"
            req.write_text("".join(f"{p.name}=={p.version} "
                                   + " ".join(f"--hash=sha256:{h}" for h in p.hashes) + "\n"
                                   for p in wanted), encoding="utf-8")
            args = ["download", "--no-deps", "--quiet", "--require-hashes", "--dest", str(folder),
                    *pip_target_options(platform, python), "-r", str(req)]
            what = f"下载 {platform.name}、Python {python} 的 wheel"
            try:
                run_pip([*args, "--no-index", "--find-links", str(offered), *index], what)
                continue
            except KitError:
                pass  # not all cached yet: ask the index for the rest
            try:
                run_pip([*args, *index], what)
            except KitError as exc:
                lacking = re.findall(r"satisfies the requirement (\S+)", str(exc))
                if lacking:
                    raise KitError(f"{'、'.join(lacking)} 没有 {platform.name}、Python {python} 的 wheel"
                                   f"（安装包只收 wheel，不在办公室电脑上编译）：\n{exc}") from None
                raise
    for wheel in folder.glob("*.whl"):
        digest = sha256(wheel)
        if digest not in locked:
            raise KitError(f"{wheel.name} 的 sha256 不在锁定文件中")  # pragma: no cover - pip checks
        if cache is not None and not (cache / digest / wheel.name).exists():
            (cache / digest).mkdir(parents=True, exist_ok=True)
            shutil.copy2(wheel, cache / digest / wheel.name)


def text_file(text: str, windows: bool) -> bytes:
    """A text file for the kit: CRLF on Windows; UTF-8, with a BOM for Notepad when asked."""
    return (text.replace("\r\n", "\n").replace("\n", "\r\n") if windows else text).encode("utf-8")


def glibc_needed(files: list[str]) -> tuple[int, int] | None:
    """The newest glibc any of the manylinux wheels asks for."""
    newest = None
    for name in files:
        for tag in parse_wheel_filename(name)[3]:
            m = re.match(r"manylinux_(\d+)_(\d+)_", tag.platform)
            version = (int(m.group(1)), int(m.group(2))) if m else \
                (2, 17) if tag.platform.startswith("manylinux2014") else None
            if version and (newest is None or version > newest):
                newest = version
    return newest


def commit_of_tree() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short=7", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
    return head + ("（有未提交的修改）" if dirty else "")


def build_kit(platform: Platform, out: Path, wheel: Path, index: list[str],
              lock: Path | None = None, date_time: tuple[int, ...] = (2020, 1, 1, 0, 0, 0),
              cache: Path | None = None) -> Path:
    """``out/nengli-<version>-<platform>.zip``; returns its path."""
    lock = lock or lock_path(platform.name)
    locked_platform, pythons, pins = read_lock(lock)
    if locked_platform != platform.name:
        raise KitError(f"{lock.name} 是 {locked_platform} 的锁定文件，不是 {platform.name} 的")
    version, requires = wheel_requirements(wheel)
    check_wheel_against_lock(platform, requires, pins, pythons, lock.name)
    base = f"nengli-{version}-{platform.name}"
    with tempfile.TemporaryDirectory(prefix="nengli-kit-") as tmp:
        wheels = Path(tmp) / "wheels"
        wheels.mkdir()
        download(platform, pins, pythons, wheels, index, cache)
        shutil.copy2(wheel, wheels / wheel.name)
        files = sorted(p.name for p in wheels.glob("*.whl"))
        pip_wheel = [n for n in files if n.startswith("pip-")]
        if len(pip_wheel) != 1:
            raise KitError(f"{lock.name} 应锁定一个 pip 的 wheel（安装程序用它安装），找到 {len(pip_wheel)} 个")
        glibc = glibc_needed(files) if not platform.windows else None
        requirements = lock.read_text(encoding="utf-8") + \
            f"\n# nengli 本身（{platform.name} 安装包构建时生成）\nnengli=={version} \\\n" \
            f"    --hash=sha256:{sha256(wheel)}\n"
        manifest = {"nengli": version, "platform": platform.name, "sysconfig": platform.sysconfig,
                    "python": list(pythons), "glibc": ".".join(map(str, glibc)) if glibc else None,
                    "pip": pip_wheel[0], "commit": commit_of_tree(),
                    "packages": {canonicalize_name(p.name): p.version for p in pins}
                    | {"nengli": version}}
        members: list[tuple[str, bytes, bool]] = [
            ("install.py", (KIT / "install.py").read_bytes(), False),
            ("requirements.txt", requirements.encode("utf-8"), False),
            ("kit.json", (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), False),
        ]
        guide = (KIT / ("安装说明-windows.txt" if platform.windows else "安装说明-linux.txt")) \
            .read_text(encoding="utf-8")
        guide = guide.replace("@VERSION@", version).replace("@PLATFORM@", platform.name) \
            .replace("@PYTHONS@", f"{pythons[0]}–{pythons[-1]}") \
            .replace("@GLIBC@", manifest["glibc"] or "")
        if platform.windows:
            members += [("install.cmd", text_file((KIT / "install.cmd").read_text("utf-8"), True), False),
                        ("nengli.cmd", text_file((KIT / "nengli.cmd").read_text("utf-8"), True), False),
                        ("files/python-needed.txt",
                         text_file((KIT / "python-needed-windows.txt").read_text("utf-8"), True), False),
                        ("安装说明.txt", b"\xef\xbb\xbf" + text_file(guide, True), False)]
        else:
            script = (KIT / "install.sh").read_text("utf-8").replace(
                "@PYTHONS@", " ".join(f"python{p}" for p in reversed(pythons)))
            members += [("install.sh", script.encode("utf-8"), True),
                        ("安装说明.txt", guide.encode("utf-8"), False)]
        out.mkdir(parents=True, exist_ok=True)
        target = out / f"{base}.zip"
        partial = out / f".{base}.zip.part"
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as z:
            def add(name: str, data: bytes, executable: bool) -> None:
                info = zipfile.ZipInfo(f"{base}/{name}", date_time=date_time)
                info.create_system = 3  # Unix: the mode below is read by unzip
                info.external_attr = (0o100755 if executable else 0o100644) << 16
                # a wheel is a zip already: stored as it is, text compressed
                info.compress_type = zipfile.ZIP_STORED if name.endswith(".whl") else zipfile.ZIP_DEFLATED
                z.writestr(info, data)

            for name, data, executable in members:
                add(name, data, executable)
            for name in files:
                add(f"wheels/{name}", (wheels / name).read_bytes(), False)
        os.replace(partial, target)
    return target


# ---- command line ----------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--platform", action="append", choices=[*PLATFORMS, "all"],
                        help="目标平台（可以写多次；all 为全部三个）")
    parser.add_argument("--out", type=Path, help="写入安装包的文件夹")
    parser.add_argument("--lock", action="store_true",
                        help="由 pyproject.toml 重新生成 kit/requirements-<平台>.txt（需要连接 PyPI）")
    parser.add_argument("--wheel", type=Path, help="使用已构建的 nengli wheel，而不是从源码构建")
    parser.add_argument("--find-links", action="append", default=[], metavar="目录",
                        help="另外从这个目录找 wheel（交给 pip）")
    parser.add_argument("--no-index", action="store_true", help="不连接 PyPI，只用 --find-links（交给 pip）")
    parser.add_argument("--cache", type=Path, default=cache_folder(), metavar="目录",
                        help=f"保存下载过的 wheel 的文件夹，下次直接使用（默认 {cache_folder()}）")
    args = parser.parse_args(argv)
    names = list(PLATFORMS) if not args.platform or "all" in args.platform else list(dict.fromkeys(args.platform))
    index = [opt for d in args.find_links for opt in ("--find-links", str(d))] + \
        (["--no-index"] if args.no_index else [])
    try:
        if args.lock:
            for name in names:
                text = make_lock(PLATFORMS[name], index)
                lock_path(name).write_text(text, encoding="utf-8")
                print(f"已写入 {lock_path(name).relative_to(ROOT)}")
            return 0
        if args.out is None:
            parser.error("构建安装包要用 --out 指定文件夹（或用 --lock 重新生成锁定文件）")
        with tempfile.TemporaryDirectory(prefix="nengli-wheel-") as tmp:
            wheel = args.wheel or build_wheel(Path(tmp), index)
            for name in names:
                print(f"已写入 {build_kit(PLATFORMS[name], args.out, wheel, index, cache=args.cache)}")
    except KitError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
