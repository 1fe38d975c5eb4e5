"""ReportLab's paragraph module compiles, as it is imported, a URL pattern whose case-insensitive
character ranges reach U+FFFF: 60 ms, an eighth of a signed export, for a pattern only used to
break an overlong URL across lines. This hook makes the regular expressions those modules compile
at import compile on first use instead: a pattern the export never touches costs nothing, one it
touches behaves exactly as before."""

import importlib.abc
import importlib.machinery
import re
import sys
import threading
from collections.abc import Sequence
from types import ModuleType
from typing import Any

#: The modules whose import-time patterns are deferred (the URL pattern; the CJK splitter, 7 ms).
DEFERRED_MODULES = frozenset({"reportlab.platypus.paragraph", "reportlab.lib.textsplit"})


class DeferredPattern:
    """re.compile(pattern, flags), made when an attribute (match, sub, split...) is first read."""

    __slots__ = ("_arguments", "_compiled", "_lock")

    def __init__(self, pattern: Any, flags: int) -> None:
        self._arguments = (pattern, flags)
        self._compiled: re.Pattern[Any] | None = None
        self._lock = threading.Lock()

    def compiled(self) -> "re.Pattern[Any]":
        if self._compiled is None:
            with self._lock:
                if self._compiled is None:
                    self._compiled = re.compile(*self._arguments)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"DeferredPattern({self._arguments[0]!r}, {self._arguments[1]!r})"


class _DeferringLoader(importlib.abc.Loader):
    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        create = getattr(self._loader, "create_module", None)
        return create(spec) if create else None

    def exec_module(self, module: ModuleType) -> None:
        real_compile = re.compile

        def deferring_compile(pattern: Any, flags: int = 0) -> Any:
            # Only the module's own top level gets a stand-in: what it imports meanwhile (the
            # standard library's html.parser...), and every other caller, gets re.compile.
            if sys._getframe(1).f_globals is vars(module) and isinstance(pattern, str | bytes):
                return DeferredPattern(pattern, flags)
            return real_compile(pattern, flags)

        re.compile = deferring_compile
        try:
            self._loader.exec_module(module)
        finally:
            re.compile = real_compile


class _DeferringFinder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in DEFERRED_MODULES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _DeferringLoader(spec.loader)
        return spec


def install() -> None:
    """Defer the patterns of DEFERRED_MODULES when they are imported (once; harmless after)."""
    if not any(isinstance(finder, _DeferringFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _DeferringFinder())
