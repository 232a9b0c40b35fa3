"""The offline install kit: its lock files, the builder and the installer.

The lock tests read the committed kit/requirements-*.txt against pyproject.toml (a dependency
added without regenerating the locks fails here, saying how). The builder and installer tests
build kits from small wheels made here, with pip's index switched off, and install them with
the Python running the tests into folders whose paths have Chinese characters and spaces. The
kit built from PyPI's real wheels is built and installed by .ci/run (tools/kit_scenario.sh).
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.tags import compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

from conftest import ROOT

#: builds install kits and installs them with the index switched off: left out of the quick run (pytest -m "not slow")
pytestmark = pytest.mark.slow

KIT = ROOT / "kit"
PLATFORMS = ("win_amd64", "manylinux_x86_64", "manylinux_aarch64")
REGENERATE = "python tools/build_kit.py --lock"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


build_kit = _load("build_kit", ROOT / "tools" / "build_kit.py")
installer = _load("kit_install", KIT / "install.py")


# ---- the committed lock files ------------------------------------------------------------------

def dependencies() -> list[Requirement]:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return [Requirement(r) for r in tomllib.load(f)["project"]["dependencies"]]


def lock_lines(path: Path) -> tuple[dict[str, str], dict[str, tuple[str, str | None, list[str], list[str]]]]:
    """(header fields, name -> (version, marker, hashes, file names)) of a lock, read here
    independently of the builder's reader."""
    header = dict(re.findall(r"^# (platform|python): (.+)$", path.read_text("utf-8"), re.M))
    pins, files = {}, []
    text = path.read_text("utf-8")
    for block in re.split(r"\n(?=[a-z0-9#])", text):
        first = block.splitlines()[0]
        if first.startswith("#   "):
            files.append(first[4:].strip())
            continue
        if first.startswith("#") or not first.strip():
            continue
        m = re.match(r"([a-z0-9-]+)==([^ ;]+)(?: ; (.+?))? \\$", first)
        assert m, f"{path.name}: a line pip would not read as a pinned requirement: {first!r}"
        pins[m.group(1)] = (m.group(2), m.group(3), re.findall(r"--hash=sha256:([0-9a-f]{64})", block), files)
        files = []
    return header, pins


@pytest.mark.parametrize("platform", PLATFORMS)
def test_the_lock_pins_every_dependency_within_its_bounds(platform):
    path = KIT / f"requirements-{platform}.txt"
    assert path.exists(), f"kit/{path.name} is missing: run {REGENERATE}"
    header, pins = lock_lines(path)
    assert header["platform"] == platform
    pythons = header["python"].split()
    assert pythons[0] == "3.11"
    target = build_kit.PLATFORMS[platform]
    for req in dependencies():
        for python in pythons:
            env = build_kit.environment(target, python)
            if req.marker is not None and not req.marker.evaluate(env):
                continue
            name = canonicalize_name(req.name)
            assert name in pins, (f"kit/{path.name} does not pin {req.name}, which pyproject.toml "
                                  f"requires: run {REGENERATE} and commit the locks")
            version, marker, _, _ = pins[name]
            assert req.specifier.contains(version, prereleases=True), (
                f"kit/{path.name} pins {name}=={version}, outside pyproject.toml's {req}: run {REGENERATE}")
            assert marker is None or Marker(marker).evaluate(env), \
                f"kit/{path.name} leaves {name} out on Python {python}: run {REGENERATE}"
    assert "pip" in pins, "the installer runs pip from the kit's own pip wheel"


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_locked_package_has_a_wheel_for_each_python_of_the_kit(platform):
    """Each pin lists its wheel files, one hash each, and some file installs on every Python the
    lock names (cp311 … cp315 or a pure wheel) for that platform."""
    header, pins = lock_lines(KIT / f"requirements-{platform}.txt")
    target = build_kit.PLATFORMS[platform]
    for name, (version, marker, hashes, files) in pins.items():
        assert files and len(files) == len(hashes), f"{name}: {len(files)} files, {len(hashes)} hashes"
        assert len(set(hashes)) == len(hashes)
        for file in files:
            wheel_name, wheel_version, _, _ = parse_wheel_filename(file)
            assert (wheel_name, str(wheel_version)) == (name, version)
        for python in header["python"].split():
            if marker and not Marker(marker).evaluate(build_kit.environment(target, python)):
                continue
            major, minor = map(int, python.split("."))
            supported = set(cpython_tags((major, minor), platforms=target.tags)) | \
                set(compatible_tags((major, minor), platforms=target.tags))
            assert any(set(parse_wheel_filename(f)[3]) & supported for f in files), \
                f"{platform}: no wheel of {name} {version} installs on Python {python}"


def test_the_windows_lock_has_what_only_windows_needs():
    """pip evaluates markers for the machine it runs on; the lock walks them for the target:
    typer (or click) needs colorama on Windows only."""
    _, windows = lock_lines(KIT / "requirements-win_amd64.txt")
    _, linux = lock_lines(KIT / "requirements-manylinux_x86_64.txt")
    assert "colorama" in windows
    assert "colorama" not in linux


# ---- the marker walk ----------------------------------------------------------------------------

def found(name, version, *requires):
    return build_kit.Found(name, version, f"{name}-{version}-py3-none-any.whl", "0" * 64, requires)


def test_the_closure_walks_the_targets_markers_not_the_hosts():
    resolved = {"app": found("app", "1.0", 'colorama; platform_system == "Windows"',
                             'uvloop; sys_platform != "win32"', "rich[jupyter]>=13"),
                "rich": found("rich", "14.0", 'ipywidgets; extra == "jupyter"', "pygments<3"),
                "pygments": found("pygments", "2.19"),
                "uvloop": found("uvloop", "0.21")}
    top = [Requirement("app")]
    windows = build_kit.environment(build_kit.PLATFORMS["win_amd64"], "3.11")
    linux = build_kit.environment(build_kit.PLATFORMS["manylinux_aarch64"], "3.11")
    needed, missing = build_kit.closure(top, resolved, windows)
    assert needed == {"app", "rich", "pygments"}  # uvloop, which the host pulled in, is dropped
    assert [str(r) for r in missing] == ['colorama; platform_system == "Windows"',
                                         'ipywidgets; extra == "jupyter"']
    needed, missing = build_kit.closure(top, resolved, linux)
    assert needed == {"app", "rich", "pygments", "uvloop"}
    assert [str(r) for r in missing] == ['ipywidgets; extra == "jupyter"']


def test_a_version_outside_the_bounds_counts_as_missing():
    resolved = {"app": found("app", "1.0", "pygments>=2.20"), "pygments": found("pygments", "2.19")}
    env = build_kit.environment(build_kit.PLATFORMS["win_amd64"], "3.12")
    needed, missing = build_kit.closure([Requirement("app")], resolved, env)
    assert needed == {"app"} and [str(r) for r in missing] == ["pygments>=2.20"]


def test_python_version_markers_are_the_targets():
    resolved = {"app": found("app", "1.0", 'tomli; python_version < "3.12"'), "tomli": found("tomli", "2.0")}
    platform = build_kit.PLATFORMS["manylinux_x86_64"]
    assert build_kit.closure([Requirement("app")], resolved, build_kit.environment(platform, "3.11"))[0] \
        == {"app", "tomli"}
    assert build_kit.closure([Requirement("app")], resolved, build_kit.environment(platform, "3.13"))[0] \
        == {"app"}


def test_a_lock_written_is_read_back():
    platform = build_kit.PLATFORMS["manylinux_x86_64"]
    pins = [build_kit.Pin("PyYAML", "6.0.4", ["a" * 64, "b" * 64], ["x.whl", "y.whl"]),
            build_kit.Pin("tomli", "2.0.1", ["c" * 64], ["tomli-2.0.1-py3-none-any.whl"], ("3.11",))]
    text = build_kit.write_lock(platform, pins, ("3.11", "3.12"))
    path = ROOT / "build" / "test-lock.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    try:
        name, pythons, back = build_kit.read_lock(path)
    finally:
        path.unlink()
    assert (name, pythons) == ("manylinux_x86_64", ("3.11", "3.12"))
    assert [(p.name, p.version, p.hashes, p.pythons) for p in back] == [
        ("pyyaml", "6.0.4", ["a" * 64, "b" * 64], None), ("tomli", "2.0.1", ["c" * 64], ("3.11",))]
    assert 'tomli==2.0.1 ; python_version == "3.11" \\\n    --hash=sha256:' + "c" * 64 in text


# ---- building and installing kits made of small wheels ------------------------------------------

def make_wheel(folder: Path, name: str, version: str, *, tag: str = "py3-none-any",
               requires: tuple[str, ...] = (), script: bool = False) -> Path:
    """A real, installable wheel: one module, METADATA, WHEEL, RECORD (and a console script
    ``nengli`` that prints the version, for the nengli stand-in)."""
    module = name.replace("-", "_")
    dist = f"{module}-{version}.dist-info"
    files = {f"{module}/__init__.py": (f"VERSION = {version!r}\n"
                                       "def main():\n    print('nengli ' + VERSION)\n").encode(),
             f"{dist}/METADATA": ("Metadata-Version: 2.1\n"
                                  f"Name: {name}\nVersion: {version}\n"
                                  + "".join(f"Requires-Dist: {r}\n" for r in requires)).encode(),
             f"{dist}/WHEEL": f"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: {tag}\n".encode()}
    if script:
        files[f"{dist}/entry_points.txt"] = f"[console_scripts]\nnengli = {module}:main\n".encode()
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{dist}/RECORD,,")
    files[f"{dist}/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = folder / f"{module}-{version}-{tag}.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        for path, data in files.items():
            z.writestr(path, data)
    return wheel


def bundled_pip() -> Path:
    """The pip wheel every CPython carries for ensurepip: a real pip, without a network."""
    import ensurepip

    wheels = sorted((Path(ensurepip.__file__).parent / "_bundled").glob("pip-*.whl"))
    if not wheels:
        pytest.skip("this Python has no bundled pip wheel")
    return wheels[0]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """A find-links folder: pip, two dependencies, a compiled-only one, and two nenglis."""
    folder = tmp_path_factory.mktemp("index")
    shutil.copy2(bundled_pip(), folder)
    make_wheel(folder, "fakedep", "1.0")
    make_wheel(folder, "fakedep2", "2.0")
    make_wheel(folder, "userpkg", "1.0")
    make_wheel(folder, "winonly", "1.0", tag="cp311-cp311-win_amd64")
    wheels = folder / "nengli"
    wheels.mkdir()
    return {"folder": folder,
            "v1": make_wheel(wheels, "nengli", "9.0", requires=("fakedep>=1",), script=True),
            "v2": make_wheel(wheels, "nengli", "9.1", requires=("fakedep2",), script=True)}


def write_test_lock(index, path: Path, platform: str, names: list[str]) -> Path:
    pins = []
    for wheel in sorted(index["folder"].glob("*.whl")):
        name, version, _, _ = parse_wheel_filename(wheel.name)
        if name in names:
            pins.append(build_kit.Pin(name, str(version), [build_kit.sha256(wheel)], [wheel.name]))
    path.write_text(build_kit.write_lock(build_kit.PLATFORMS[platform], pins,
                                         (f"{sys.version_info[0]}.{sys.version_info[1]}",)), encoding="utf-8")
    return path


def build(index, tmp_path, platform="manylinux_x86_64", version="v1", names=("pip", "fakedep")):
    lock = write_test_lock(index, tmp_path / f"lock-{platform}-{version}.txt", platform, list(names))
    return build_kit.build_kit(build_kit.PLATFORMS[platform], tmp_path / "out", index[version],
                               ["--no-index", "--find-links", str(index["folder"])], lock=lock,
                               cache=tmp_path / "cache")


def unpack(kit: Path, into: Path) -> Path:
    """Unzip as unzip does, keeping the Unix modes the kit stores (install.sh executable)."""
    with zipfile.ZipFile(kit) as z:
        for info in z.infolist():
            target = into / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(z.read(info))
            target.chmod((info.external_attr >> 16) & 0o777)
    return into / kit.stem


def tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file below ``folder`` with its size and modification time (ns)."""
    return {str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


def run_installer(kit_dir: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", str(kit_dir / "install.sh"), *args], capture_output=True, text=True,
                          encoding="utf-8", env={**os.environ, "NENGLI_PYTHON": sys.executable,
                                                 "PIP_NO_INDEX": "1", **(env or {})}, timeout=600)


def test_a_linux_kit_holds_what_the_installer_needs(index, tmp_path):
    kit = build(index, tmp_path)
    assert kit.name == "nengli-9.0-manylinux_x86_64.zip"
    with zipfile.ZipFile(kit) as z:
        names = {i.filename: i for i in z.infolist()}
        top = "nengli-9.0-manylinux_x86_64/"
        assert set(names) == {top + n for n in (
            "install.py", "install.sh", "requirements.txt", "kit.json", "安装说明.txt",
            "wheels/nengli-9.0-py3-none-any.whl", "wheels/fakedep-1.0-py3-none-any.whl",
            f"wheels/{bundled_pip().name}")}
        assert names[top + "install.sh"].external_attr >> 16 == 0o100755
        assert names[top + "安装说明.txt"].flag_bits & 0x800  # the name is UTF-8, and says so
        manifest = json.loads(z.read(top + "kit.json"))
        requirements = z.read(top + "requirements.txt").decode()
        guide = z.read(top + "安装说明.txt").decode("utf-8")
        script = z.read(top + "install.sh").decode("utf-8")
    assert manifest["packages"] == {"fakedep": "1.0", "pip": bundled_pip().name.split("-")[1], "nengli": "9.0"}
    assert manifest["sysconfig"] == "linux-x86_64" and manifest["pip"] == bundled_pip().name
    digest = build_kit.sha256(index["v1"])
    assert f"nengli==9.0 \\\n    --hash=sha256:{digest}\n" in requirements
    assert "@" not in guide.replace("@PLATFORM", "") and "nengli 9.0 离线安装包" in guide
    assert "\r" not in guide and not guide.startswith("\ufeff")
    assert f"python{sys.version_info[0]}.{sys.version_info[1]} python3 python" in script


def test_the_same_inputs_build_the_same_zip(index, tmp_path):
    first = build(index, tmp_path).read_bytes()
    again = build(index, tmp_path).read_bytes()
    assert first == again


def test_install_into_a_chinese_folder_with_spaces_then_again_then_upgrade(index, tmp_path):
    base = tmp_path / "下载 文件"
    kit_dir = unpack(build(index, tmp_path), base)
    target = tmp_path / "督导 工具" / "nengli 程序"
    bin_dir = tmp_path / "我的 bin"

    first = run_installer(kit_dir, str(target), "--bin", str(bin_dir), env={"PATH": os.environ["PATH"]})
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"安装 nengli 9.0（manylinux_x86_64）到“{target}”……" in first.stdout
    assert "- 建立了 Python 环境（Python " in first.stdout
    assert f"- 安装了 3 个包：fakedep 1.0、nengli 9.0、pip {bundled_pip().name.split('-')[1]}" in first.stdout
    assert f"- 建立了 {bin_dir / 'nengli'} → {target / 'bin' / 'nengli'}" in first.stdout
    assert f"注意：{bin_dir} 不在当前的 PATH 中" in first.stdout
    assert f"完成：nengli 9.0 已安装在“{target}”。" in first.stdout
    # the command runs, through the link, from a folder with a space and Chinese characters
    ran = subprocess.run([str(bin_dir / "nengli")], capture_output=True, text=True, encoding="utf-8")
    assert ran.stdout == "nengli 9.0\n"
    assert json.loads((target / "nengli-kit.json").read_text("utf-8"))["packages"]["fakedep"] == "1.0"

    before = tree(target)
    again = run_installer(kit_dir, str(target), "--bin", str(bin_dir),
                          env={"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"})
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"没有改动：“{target}”中已是 nengli 9.0，全部依赖都已安装。" in again.stdout
    assert "- " not in again.stdout and "注意" not in again.stdout
    assert tree(target) == before

    # a package put in by hand (say pre-commit) is not the kit's to remove
    subprocess.run([str(target / "bin" / "python"), str(kit_dir / "wheels" / bundled_pip().name / "pip"),
                    "install", "--quiet", "--no-index", "--find-links", str(index["folder"]), "userpkg"],
                   check=True, capture_output=True)
    kit2 = unpack(build(index, tmp_path, version="v2", names=("pip", "fakedep2")), base)
    upgrade = run_installer(kit2, str(target), "--bin", str(bin_dir))
    assert upgrade.returncode == 0, upgrade.stdout + upgrade.stderr
    assert "- 安装了 1 个包：fakedep2 2.0" in upgrade.stdout
    assert "- 升级（或更换）了 1 个包：nengli 9.0 → 9.1" in upgrade.stdout
    assert "- 删除了新版本不再需要的 1 个包：fakedep 1.0" in upgrade.stdout
    assert installer.installed(target / "bin" / "python")["userpkg"] == "1.0"
    assert "建立了 Python 环境" not in upgrade.stdout and "→ " + str(target) not in upgrade.stdout
    assert subprocess.run([str(bin_dir / "nengli")], capture_output=True, text=True).stdout == "nengli 9.1\n"


def test_the_builder_fails_when_a_dependency_has_no_wheel_for_the_platform(index, tmp_path):
    with pytest.raises(build_kit.KitError) as exc:
        build(index, tmp_path, names=("pip", "fakedep", "winonly"))
    assert str(exc.value).startswith(f"winonly==1.0 没有 manylinux_x86_64、Python "
                                     f"{sys.version_info[0]}.{sys.version_info[1]} 的 wheel")
    assert not list((tmp_path / "out").glob("*.zip"))


def test_the_builder_fails_when_the_lock_lacks_a_dependency_of_nengli(index, tmp_path):
    with pytest.raises(build_kit.KitError) as exc:
        build(index, tmp_path, names=("pip",))
    assert "没有锁定 nengli 依赖的 fakedep>=1" in str(exc.value)
    assert REGENERATE in str(exc.value)


def test_a_windows_kit_has_crlf_ascii_batch_files_and_a_notepad_guide(index, tmp_path):
    kit = build(index, tmp_path, platform="win_amd64")
    top = "nengli-9.0-win_amd64/"
    with zipfile.ZipFile(kit) as z:
        names = set(z.namelist())
        assert top + "install.sh" not in names
        cmds = {n: z.read(top + n) for n in ("install.cmd", "nengli.cmd")}
        needed = z.read(top + "files/python-needed.txt")
        guide = z.read(top + "安装说明.txt")
    for name, data in cmds.items():
        assert data.isascii(), f"{name}: cmd.exe reads it in the console's code page"
        assert b"\n" not in data.replace(b"\r\n", b""), f"{name}: every line ends in CRLF"
        text = data.decode("ascii")
        labels = set(re.findall(r"^:(\w+)", text, re.M))
        jumps = set(re.findall(r"\b(?:goto|call) :?(\w+)", text, re.I)) - {"eof"}
        assert jumps <= labels, f"{name}: jumps to missing labels {jumps - labels}"
        for line in text.splitlines():
            if "%~dp0" in line or "%KIT%" in line or "%NENGLI_PYTHON%" in line:
                assert not line.lstrip().startswith(("(", "if")) or ") else (" not in line
    # the Chinese message install.cmd types under code page 65001
    assert needed.decode("utf-8").startswith("安装没有完成：本机没有找到 Python 3.11 或更新的版本")
    assert b"\n" not in needed.replace(b"\r\n", b"")
    assert b"chcp 65001" in cmds["install.cmd"] and b'type "%KIT%files\\python-needed.txt"' in cmds["install.cmd"]
    # Notepad on every Windows 10 opens a UTF-8 file with a BOM as UTF-8
    assert guide.startswith(b"\xef\xbb\xbf") and b"\n" not in guide.replace(b"\r\n", b"")
    assert "install.cmd" in guide.decode("utf-8-sig")


def test_install_sh_explains_a_missing_or_old_python(tmp_path):
    """No Python 3.11 on PATH: a Chinese message saying what was found and what to do, exit 1."""
    shutil.copy2(KIT / "install.sh", tmp_path / "install.sh")
    fake = tmp_path / "bin"
    fake.mkdir()
    for tool in ("dirname", "cat"):
        (fake / tool).symlink_to(shutil.which(tool))
    (fake / "python3").write_text("#!/bin/sh\ncase \"$2\" in *print*) echo 3.7;; *) exit 1;; esac\n")
    (fake / "python3").chmod(0o755)
    env = {"PATH": str(fake), "NENGLI_PYTHON": ""}
    old = subprocess.run(["/bin/sh", str(tmp_path / "install.sh")], capture_output=True, text=True, env=env)
    assert old.returncode == 1
    assert old.stdout.startswith("安装没有完成：本机的 python3（Python 3.7）太旧，nengli 需要 Python 3.11 或更新的版本。\n")
    assert "NENGLI_PYTHON=" in old.stdout and "sudo apt install python3.11" in old.stdout
    (fake / "python3").unlink()
    none = subprocess.run(["/bin/sh", str(tmp_path / "install.sh")], capture_output=True, text=True, env=env)
    assert none.returncode == 1
    assert none.stdout.startswith("安装没有完成：本机没有找到 Python（python3）。")


# ---- the installer's own rules -----------------------------------------------------------------

KIT_JSON = {"nengli": "0.1.0", "platform": "manylinux_x86_64", "sysconfig": "linux-x86_64",
            "python": ["3.11", "3.12", "3.13", "3.14", "3.15"], "glibc": "2.28"}


@pytest.mark.parametrize("kwargs, words", [
    ({"version": (3, 10)}, "本机的 Python 是 3.10"),
    ({"version": (3, 16)}, "这个安装包带的是 Python 3.11–3.15 的文件"),
    ({"platform": "linux-aarch64"}, "请改用 nengli-0.1.0-manylinux_aarch64.zip"),
    ({"platform": "linux-loongarch64"}, "其他平台（如龙芯 loongarch64）请按 README“离线安装”一节"),
    ({"platform": "win32"}, "本机的 Python 是 32 位的"),
    ({"free_threaded": True}, "“自由线程”版本"),
    ({"glibc": "2.17"}, "本机的 C 库是 glibc 2.17，这个安装包需要 glibc 2.28 或更新"),
])
def test_the_installer_refuses_a_python_the_kit_cannot_serve(kwargs, words):
    args = {"version": (3, 12), "platform": "linux-x86_64", "free_threaded": False, "glibc": "2.36"} | kwargs
    with pytest.raises(installer.Refused) as exc:
        installer.check_python(KIT_JSON, **args)
    assert words in str(exc.value)


def test_the_installer_accepts_a_python_the_kit_serves():
    installer.check_python(KIT_JSON, version=(3, 15), platform="linux-x86_64", free_threaded=False,
                           glibc="2.28")


def test_the_installer_refuses_a_folder_of_other_files(tmp_path):
    (tmp_path / "报告.docx").write_bytes(b"x")
    with pytest.raises(installer.Refused) as exc:
        installer.check_folder(tmp_path)
    assert f"文件夹“{tmp_path}”中已有别的文件，它不是 nengli 的安装文件夹。" in str(exc.value)


@pytest.mark.parametrize("current, expected", [
    ("", r"D:\督导 工具\nengli"),
    (r"C:\Windows;%USERPROFILE%\bin", r"C:\Windows;%USERPROFILE%\bin;D:\督导 工具\nengli"),
    (r"C:\Windows;d:\督导 工具\NENGLI\;", None),
    (r'"D:\督导 工具\nengli"', None),
])
def test_the_windows_path_gets_the_folder_once(current, expected):
    assert installer.with_entry(current, r"D:\督导 工具\nengli") == expected


def test_the_command_link_is_made_once_and_follows_a_new_folder(tmp_path):
    bin_dir = tmp_path / "bin"
    first, second = tmp_path / "一", tmp_path / "二"
    assert installer.posix_link(first, bin_dir, path_value=str(bin_dir)) == (
        [f"建立了 {bin_dir / 'nengli'} → {first / 'bin' / 'nengli'}"], [])
    assert installer.posix_link(first, bin_dir, path_value=str(bin_dir)) == ([], [])
    assert installer.posix_link(second, bin_dir, path_value="/usr/bin") == (
        [f"把 {bin_dir / 'nengli'} 改为指向 {second / 'bin' / 'nengli'}（原来指向 {first / 'bin' / 'nengli'}）"],
        [f"注意：{bin_dir} 不在当前的 PATH 中。重新登录后一般会自动加入；否则请在 ~/.bashrc 末尾加一行 "
         f"export PATH=\"{bin_dir}:$PATH\"，或直接运行 {second / 'bin' / 'nengli'}"])
    (bin_dir / "nengli").unlink()
    (bin_dir / "nengli").write_text("#!/bin/sh\n")
    done, said = installer.posix_link(second, bin_dir, path_value=str(bin_dir))
    assert done == [] and said[0].startswith(f"没有建立 {bin_dir / 'nengli'}：那里已有一个同名的文件。")
    assert (bin_dir / "nengli").read_text() == "#!/bin/sh\n"


# ---- the pure-Python fallbacks (the loongarch64 route of the README) -----------------------------

_RUN = """
import sys
if sys.argv.pop(1) == "pure":
    # as on a machine without the C parts: PyYAML without libyaml, MarkupSafe without _speedups
    sys.modules["yaml._yaml"] = None
    sys.modules["markupsafe._speedups"] = None
    import markupsafe, markupsafe._native, yaml
    assert not yaml.__with_libyaml__ and markupsafe._escape_inner is markupsafe._native._escape_inner
sys.argv[0] = "nengli"
from nengli.cli import main
main()
"""


@pytest.mark.parametrize("args", [["report", "--phase", "1", "--date", "2022-01-24", "--as-of", "2022-01-24"],
                                  ["check"]])
def test_nengli_gives_the_same_answers_on_pure_python_yaml_and_markupsafe(args):
    from conftest import SHIPPED

    runs = {}
    for mode in ("compiled", "pure"):
        done = subprocess.run([sys.executable, "-c", _RUN, mode, *args], capture_output=True, text=True,
                              encoding="utf-8", env={**os.environ, "NENGLI_DATA": str(SHIPPED)})
        runs[mode] = (done.returncode, done.stdout, done.stderr)
    assert runs["pure"][0] == 0, runs["pure"][2]
    assert runs["pure"] == runs["compiled"]
    assert runs["pure"][1]
