"""The desktop bundle and the Debian package, tried as an advisor would use them.

Marked `bundle` and skipped without PyInstaller (`pip install -e ".[bundle]"`). The bundle is
built once per session into a temporary folder, or taken from AIPI_BUNDLE (CI builds it with
scripts/build_bundle.py first). The .deb test installs into the system, so it runs only when
asked: as root, with AIPI_DEB naming the package (CI does).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import advisor_app
from advisor_app.plans import save_plan
from tests.packaging.startup import time_to_first_paint, user_folders
from tests.plans_for_tests import meeting_plan

pytestmark = pytest.mark.bundle
REPO = Path(__file__).resolve().parents[2]
BUDGET_BYTES = 150_000_000  # issue 14: at most 150 MB on disk


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Path:
    given = os.environ.get("AIPI_BUNDLE")
    if given:
        return Path(given).resolve()
    pytest.importorskip("PyInstaller", reason='needs PyInstaller: pip install -e ".[bundle]"')
    dist, work = tmp_path_factory.mktemp("dist"), tmp_path_factory.mktemp("work")
    spec = REPO / "packaging" / "aipi-advisor.spec"
    options = ["--noconfirm", "--log-level", "ERROR", "--distpath", dist, "--workpath", work]
    subprocess.run([sys.executable, "-m", "PyInstaller", spec, *options], cwd=REPO, check=True)
    return dist / "aipi-advisor"


@pytest.fixture
def home(tmp_path) -> dict[str, str]:
    return user_folders(tmp_path / "home")


@pytest.fixture
def sample_plan(tmp_path, catalog) -> Path:
    """A full 16-month plan, as an advisor would bring to a meeting."""
    path = tmp_path / "plan.json"
    save_plan(meeting_plan(catalog, "standard-16"), path)
    return path


def run(program: Path, *args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(program), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_bundle_holds_what_the_app_needs_and_nothing_else(bundle):
    internal = bundle / "_internal"
    assert (internal / "data" / "catalog.sqlite").is_file()
    assert (internal / "resources" / "fonts" / "DejaVuSans.ttf").is_file()
    assert (internal / "resources" / "style.qss").is_file()
    names = {p.relative_to(internal).as_posix() for p in internal.rglob("*")}
    for unwanted in ("pytest", "_pytest", "hypothesis", "mypy", "PyInstaller", "setuptools"):
        assert unwanted not in names, unwanted
    qt = internal / "PySide6"
    assert {p.name.split(".")[0] for p in qt.glob("Qt*.*")} == {"QtCore", "QtGui", "QtWidgets"}
    assert not list(qt.rglob("*.qm")), "Qt translations"
    plugins = {p.relative_to(qt / "Qt" / "plugins").as_posix() for p in qt.rglob("plugins/*/*")}
    if sys.platform.startswith("linux"):
        assert "platforms/libqxcb.so" in plugins and "platforms/libqoffscreen.so" in plugins
        assert not {
            p for p in plugins if p.startswith(("imageformats/libqjpeg", "platforms/libqvnc"))
        }
    size = sum(p.lstat().st_size for p in bundle.rglob("*") if p.is_file() or p.is_symlink())
    assert size <= BUDGET_BYTES, f"{size / 1e6:.1f} MB"


def test_command_line_from_the_bundle(bundle, home, tmp_path):
    cli = bundle / "advisor-app"
    version = run(cli, "--version", env=home, cwd=tmp_path)
    assert version.returncode == 0
    assert version.stdout.startswith(f"advisor-app {advisor_app.__version__} (catalog 20")
    window_version = run(bundle / "aipi-advisor", "--version", env=home, cwd=tmp_path)
    assert window_version.stdout.startswith(f"aipi-advisor {advisor_app.__version__} (catalog")

    made = run(cli, "new", "--track", "standard-16", "--start-year", "2026", "--student",
               "Priya Raman 李", "--advisor", "Dr. Ada Advisor", "-o", "plan.json",
               env=home, cwd=tmp_path)  # fmt: skip
    assert made.returncode == 0, made.stderr
    validated = run(cli, "validate", "plan.json", env=home, cwd=tmp_path)
    assert validated.returncode == 0 and "plan.json" in validated.stdout, validated.stderr
    (tmp_path / "pass.txt").write_text("correct horse\n")
    certificate = run(cli, "certificate", "--name", "Dr. Ada Advisor", "-o", "advisor.p12",
                      "--pem", "advisor.pem", "--passphrase-file", "pass.txt",
                      env=home, cwd=tmp_path)  # fmt: skip
    assert certificate.returncode == 0, certificate.stderr
    exported = run(cli, "export", "plan.json", "-o", "plan.pdf", "--sign", "advisor.p12",
                   "--passphrase-file", "pass.txt", env=home, cwd=tmp_path)  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")
    verified = run(cli, "verify", "plan.pdf", "--require-signature", "--trust", "advisor.pem",
                   env=home, cwd=tmp_path)  # fmt: skip
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "signed by Dr. Ada Advisor" in verified.stdout

    unreadable = run(cli, "validate", "missing.json", env=home, cwd=tmp_path)
    assert unreadable.returncode == 2 and unreadable.stderr.count("\n") == 1
    in_place = run(cli, "catalog", "build", env=home, cwd=tmp_path)
    assert in_place.returncode == 2 and "--output" in in_place.stderr


def test_window_from_the_bundle_paints(bundle, home, tmp_path, sample_plan):
    start = time_to_first_paint([str(bundle / "aipi-advisor"), "plan.json"], home, tmp_path)
    assert start.messages == []  # no warning, no missing plugin, no traceback
    assert start.seconds < 30


@pytest.fixture
def installed(bundle):
    package = os.environ.get("AIPI_DEB")
    if not package or not shutil.which("dpkg") or os.geteuid() != 0:
        pytest.skip("installs into the system: only as root, with AIPI_DEB=the .deb (CI)")
    subprocess.run(["dpkg", "-i", package], check=True, capture_output=True)
    try:
        yield Path(package)
    finally:  # never leave it installed, whatever failed
        if subprocess.run(["dpkg", "-s", "aipi-advisor"], capture_output=True).returncode == 0:
            subprocess.run(["dpkg", "-P", "aipi-advisor"], check=True, capture_output=True)


def test_deb_installs_works_and_removes_cleanly(installed, home, tmp_path, sample_plan):
    owned = subprocess.run(
        ["dpkg", "-L", "aipi-advisor"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert shutil.which("aipi-advisor") == "/usr/bin/aipi-advisor"
    assert shutil.which("advisor-app") == "/usr/bin/advisor-app"
    desktop = Path("/usr/share/applications/aipi-advisor.desktop")
    subprocess.run(["desktop-file-validate", str(desktop)], check=True)
    assert "/usr/share/icons/hicolor/scalable/apps/aipi-advisor.svg" in owned
    metainfo = "/usr/share/metainfo/edu.duke.aipi.advisor.metainfo.xml"
    assert metainfo in owned
    if shutil.which("appstreamcli"):
        subprocess.run(["appstreamcli", "validate", "--no-net", metainfo], check=True)

    marker = tmp_path / "before"
    marker.touch()
    version = run(Path("aipi-advisor"), "--version", env=home, cwd=tmp_path)
    assert version.stdout.startswith(f"aipi-advisor {advisor_app.__version__} (catalog")
    assert run(Path("advisor-app"), "validate", "plan.json", env=home, cwd=tmp_path).returncode == 0
    exec_line = next(
        line.split("=", 1)[1]
        for line in desktop.read_text().splitlines()
        if line.startswith("Exec=")
    )
    command = [word for word in exec_line.split() if not word.startswith("%")] + ["plan.json"]
    assert time_to_first_paint(command, home, tmp_path).messages == []
    written = subprocess.run(
        ["find", "/opt/aipi-advisor", "-newer", str(marker)], capture_output=True, text=True
    ).stdout
    assert written == "", f"the app wrote into /opt: {written}"

    subprocess.run(["dpkg", "-P", "aipi-advisor"], check=True, capture_output=True)
    assert not [path for path in owned if Path(path).is_file() or Path(path).is_symlink()]
    assert not Path("/opt/aipi-advisor").exists()
