"""Build the desktop bundle, dist/aipi-advisor/: the window (`aipi-advisor`) and the command line
(`advisor-app`) with Python, Qt, the catalog, fonts and resources, for computers without Python.

    python scripts/build_bundle.py [--deb [--fast-deb]] [--clean]

Needs PyInstaller: `pip install -e ".[bundle]"`. The recipe is packaging/aipi-advisor.spec;
--deb then packages the bundle for Debian and Ubuntu (scripts/build_deb.py), --clean rebuilds
without PyInstaller's cache. Builds on the platform it runs on (Linux, Windows, macOS).
"""

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "packaging" / "aipi-advisor.spec"
DIST = REPO / "dist"
BUNDLE = DIST / "aipi-advisor"
WORK = REPO / "build" / "pyinstaller"


def bundle_bytes(folder: Path) -> int:
    """Bytes of the files in `folder` (links counted once, as themselves)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def build(clean: bool = False) -> float:
    """Run PyInstaller on the spec; returns the seconds it took. Raises CalledProcessError."""
    command = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm"]
    command += ["--log-level", "WARN", "--distpath", str(DIST), "--workpath", str(WORK)]
    if clean:
        command.append("--clean")
    if BUNDLE.exists():  # nothing from an earlier build may survive in the new one
        shutil.rmtree(BUNDLE)
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, check=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deb", action="store_true", help="also build the Debian package")
    parser.add_argument("--clean", action="store_true", help="ignore PyInstaller's cache")
    parser.add_argument("--fast-deb", action="store_true", help="compress the package less")
    args = parser.parse_args(argv)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print(
            'build_bundle: PyInstaller is missing; install it with: pip install -e ".[bundle]"',
            file=sys.stderr,
        )
        return 2
    try:
        seconds = build(args.clean)
    except subprocess.CalledProcessError as error:
        print(f"build_bundle: PyInstaller failed (exit code {error.returncode})", file=sys.stderr)
        return 1
    size = bundle_bytes(BUNDLE)
    print(f"Built {BUNDLE.relative_to(REPO)} in {seconds:.0f} s: {size / 1e6:.1f} MB")
    if args.deb:
        from build_deb import build_deb

        start = time.perf_counter()
        package = build_deb(BUNDLE, DIST, fast=args.fast_deb)
        print(
            f"Built {package.relative_to(REPO)} in {time.perf_counter() - start:.0f} s: "
            f"{package.stat().st_size / 1e6:.1f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
