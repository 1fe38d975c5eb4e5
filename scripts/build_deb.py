"""Package the desktop bundle for Debian and Ubuntu with dpkg-deb alone:
dist/aipi-advisor_VERSION_ARCH.deb.

    python scripts/build_deb.py [BUNDLE] [--output DIR]     (after scripts/build_bundle.py)

It installs the bundle under /opt/aipi-advisor, `aipi-advisor` and `advisor-app` in /usr/bin,
the desktop entry, the icons (hicolor) and the AppStream metadata. Everything it installs is in
the package's file list, so `dpkg -r aipi-advisor` removes all of it. Depends lists the system
libraries the bundle uses but does not carry (computed from the bundle's ELF files); the build
stops on a library it cannot name a package for, rather than ship a package that fails to start.
"""

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINUX = REPO / "packaging" / "linux"
ICONS = REPO / "resources" / "icons"
METAINFO = "edu.duke.aipi.advisor.metainfo.xml"
MAINTAINER = os.environ.get(
    "AIPI_DEB_MAINTAINER", "AIPI Advisor maintainers <maintainers@aipi-advisor.invalid>"
)
GLIB = "libglib2.0-0t64 | libglib2.0-0"  # renamed in Debian 13 and Ubuntu 24.04

# System libraries the bundle uses and the packages that hold them.
PACKAGES = {
    "libc.so.6": "libc6",
    "libm.so.6": "libc6",
    "libdl.so.2": "libc6",
    "libpthread.so.0": "libc6",
    "librt.so.1": "libc6",
    "libutil.so.1": "libc6",
    "ld-linux-x86-64.so.2": "libc6",
    "ld-linux-aarch64.so.1": "libc6",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": GLIB,
    "libgthread-2.0.so.0": GLIB,
    "libgobject-2.0.so.0": GLIB,
    "libgio-2.0.so.0": GLIB,
    "libdbus-1.so.3": "libdbus-1-3",
}
# Only the Wayland platform plugin needs these; without them Qt uses X11 (XWayland).
RECOMMENDED = {
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
}
ARCHITECTURES = {"x86_64": "amd64", "aarch64": "arm64"}


def _xcb_package(soname: str) -> str | None:
    """libxcb-render-util.so.0 -> libxcb-render-util0, libxcb.so.1 -> libxcb1 (Debian's rule:
    the library's name, then its major version)."""
    match = re.fullmatch(r"(libxcb(?:-[a-z-]+)?)\.so\.(\d+)", soname)
    return f"{match.group(1)}{match.group(2)}" if match else None


def app_version() -> str:
    sys.path.insert(0, str(REPO))
    from advisor_app import __version__

    return __version__


def _is_elf(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(4) == b"\x7fELF"


def _readelf(*args: str) -> str:
    return subprocess.run(["readelf", *args], capture_output=True, text=True, check=True).stdout


def system_libraries(bundle: Path) -> tuple[set[str], tuple[int, ...]]:
    """The libraries the bundle's ELF files need that it does not carry, and the newest glibc
    symbol version they ask for."""
    carried: set[str] = set()
    needed: set[str] = set()
    glibc: tuple[int, ...] = (2, 17)
    for path in bundle.rglob("*"):
        carried.add(path.name)
        if path.is_symlink() or not path.is_file() or not _is_elf(path):
            continue
        dynamic = _readelf("-d", "--wide", str(path))
        needed.update(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))
        versions = _readelf("-V", "--wide", str(path))
        for found in re.findall(r"Name: GLIBC_(\d+(?:\.\d+)+)", versions):
            glibc = max(glibc, tuple(int(part) for part in found.split(".")))
    return needed - carried, glibc


def dependencies(bundle: Path) -> tuple[str, str]:
    """(Depends, Recommends) for the control file. Raises SystemExit naming any library without
    a known package."""
    missing, glibc = system_libraries(bundle)
    depends: set[str] = set()
    recommends: set[str] = set()
    unknown: list[str] = []
    for soname in sorted(missing):
        if soname in RECOMMENDED:
            recommends.add(RECOMMENDED[soname])
        elif package := PACKAGES.get(soname) or _xcb_package(soname):
            depends.add(package)
        else:
            unknown.append(soname)
    if unknown:
        raise SystemExit(
            f"build_deb: no Debian package known for {', '.join(unknown)}; add it to PACKAGES "
            "in scripts/build_deb.py (or bundle the library)"
        )
    depends.discard("libc6")
    libc = f"libc6 (>= {'.'.join(map(str, glibc))})"
    return ", ".join([libc, *sorted(depends)]), ", ".join(sorted(recommends))


def release_date() -> str:
    """The date of the commit being packaged (reproducible), or today outside a git checkout."""
    result = subprocess.run(
        ["git", "log", "-1", "--format=%cs"], cwd=REPO, capture_output=True, text=True
    )
    return result.stdout.strip() or datetime.now(UTC).date().isoformat()


def metainfo(version: str) -> str:
    text = (LINUX / METAINFO).read_text(encoding="utf-8")
    release = (
        f'  <releases>\n    <release version="{version}" date="{release_date()}"/>\n  </releases>\n'
    )
    return text.replace("</component>", release + "</component>")


def control(version: str, architecture: str, depends: str, recommends: str, size_kb: int) -> str:
    fields = {
        "Package": "aipi-advisor",
        "Version": version,
        "Architecture": architecture,
        "Maintainer": MAINTAINER,
        "Installed-Size": str(size_kb),
        "Depends": depends,
        "Recommends": recommends,
        "Section": "education",
        "Priority": "optional",
        "Description": "degree planning for Duke's MEng in AI for Product Innovation\n"
        " AIPI Advisor is the advising meeting's desktop app: the course catalog, the\n"
        " student's terms, every rule of the track checked live, and a signed-off PDF\n"
        " for the record. Includes the advisor-app command line.",
    }
    return "".join(f"{key}: {value}\n" for key, value in fields.items() if value)


def stage(bundle: Path, root: Path, version: str) -> None:
    """Lay out the package's files under `root` as they will be installed."""
    shutil.copytree(bundle, root / "opt" / "aipi-advisor", symlinks=True)
    bin_dir = root / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for program in ("aipi-advisor", "advisor-app"):
        (bin_dir / program).symlink_to(f"/opt/aipi-advisor/{program}")
    share = root / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy(LINUX / "aipi-advisor.desktop", share / "applications")
    for png in ICONS.glob("aipi-advisor-*.png"):
        size = png.stem.rsplit("-", 1)[1]
        folder = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copy(png, folder / "aipi-advisor.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy(ICONS / "aipi-advisor.svg", scalable)
    (share / "metainfo").mkdir()
    (share / "metainfo" / METAINFO).write_text(metainfo(version), encoding="utf-8")


def _normalise_modes(root: Path) -> None:
    """Folders 0755, programs and libraries 0755, everything else 0644: whatever the umask
    of the build was, every user may run the app."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        executable = path.is_dir() or os.access(path, os.X_OK)
        path.chmod(0o755 if executable else 0o644)


def build_deb(bundle: Path, output: Path, fast: bool = False) -> Path:
    """Build the package from `bundle` into `output`; `fast` compresses less (about 10% bigger,
    a fifth of the time: for CI)."""
    if not (bundle / "aipi-advisor").is_file():
        raise SystemExit(f"build_deb: {bundle}: no bundle there; run scripts/build_bundle.py")
    version = app_version()
    architecture = ARCHITECTURES.get(platform.machine(), platform.machine())
    name = f"aipi-advisor_{version}_{architecture}"
    root = REPO / "build" / "deb" / name
    if root.exists():
        shutil.rmtree(root)
    stage(bundle, root, version)
    _normalise_modes(root)
    depends, recommends = dependencies(bundle)
    size_kb = sum(p.lstat().st_size for p in root.rglob("*")) // 1024
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(
        control(version, architecture, depends, recommends, size_kb), encoding="utf-8"
    )
    output.mkdir(parents=True, exist_ok=True)
    package = output / f"{name}.deb"
    level = "-z1" if fast else "-z6"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", level, "--build", str(root), str(package)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return package


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=REPO / "dist" / "aipi-advisor")
    parser.add_argument("--output", type=Path, default=REPO / "dist")
    parser.add_argument("--fast", action="store_true", help="compress less, build faster")
    args = parser.parse_args(argv)
    if not shutil.which("dpkg-deb") or not shutil.which("readelf"):
        print("build_deb: needs dpkg-deb and readelf (binutils)", file=sys.stderr)
        return 2
    package = build_deb(args.bundle, args.output, args.fast)
    print(f"Built {package} ({package.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
