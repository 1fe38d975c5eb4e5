"""Which Qt plugins the bundle keeps: what a widgets app needs to open a window on Linux (X11
and Wayland), Windows and macOS, type text, draw the desktop's (SVG) icons, and run offscreen.

PyInstaller's own PySide6 hooks collect every plugin of every type QtGui knows (OpenGL, EGL,
framebuffer and VNC platforms, touch and tablet input, eight image formats, the GTK theme with
half of GTK's libraries) and every translation. Filtering here, in the hooks, rather than after
the analysis also drops the libraries only those plugins needed.
"""

import os

# plugin type -> file stems kept (None: every plugin of that type).
KEEP: dict[str, set[str] | None] = {
    "platforms": {"qxcb", "qwayland", "qwindows", "qcocoa", "qoffscreen"},
    "platforms/darwin": None,
    "platforminputcontexts": None,  # compose key and IBus: accents and non-Latin names
    "platformthemes": {"qxdgdesktopportal"},  # not qgtk3: it would load the system's GTK
    "iconengines": {"qsvgicon"},  # the desktop's icon theme is SVG
    "imageformats": {"qsvg"},  # PNG is built into QtGui; the app reads no other images
    "styles": None,  # the native look on Windows and macOS
    "accessiblebridge": None,  # screen readers
    "wayland-shell-integration": {"xdg-shell"},
    "wayland-decoration-client": None,
}


def _stem(path: str) -> str:
    name = os.path.splitext(os.path.basename(path))[0]
    return name[3:] if name.startswith("lib") else name


def keep_plugin(source: str, destination: str) -> bool:
    """`destination` is the plugin's folder in the bundle, e.g. PySide6/Qt/plugins/platforms."""
    parts = destination.replace("\\", "/").split("/plugins/", 1)
    if len(parts) != 2:
        return True  # not a plugin
    stems = KEEP.get(parts[1], set())
    return stems is None or _stem(source) in stems


def select(collected: tuple[list, list, list]) -> tuple[list, list, list]:
    """A Qt hook's (hiddenimports, binaries, datas) without unused plugins and translations (the
    app is in English and loads no Qt translation)."""
    hiddenimports, binaries, _translations = collected
    return hiddenimports, [b for b in binaries if keep_plugin(*b)], []
