# Replaces PyInstaller's hook for PySide6.QtCore: the same collection, less what the app never uses.
from PyInstaller.utils.hooks.qt import add_qt6_dependencies
from qt_selection import select

hiddenimports, binaries, datas = select(add_qt6_dependencies(__file__))
