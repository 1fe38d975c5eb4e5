"""ReportLab's paragraph module compiles, as it is imported, a URL pattern whose case-insensitive
character ranges reach U+FFFF: 60 ms, an eighth of a signed export, for a pattern only used to
break an overlong URL across lines. This hook makes such patterns (ranges reaching U+FFFF, the
dear kind) that those modules compile at import compile on first use instead: a pattern the
export never touches costs nothing, one it touches behaves as before through its methods (which
is how ReportLab uses them). Every other pattern is compiled as usual."""

import importlib.machinery
import re
import sys
import threading
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.abc import Loader, MetaPathFinder
else:  # the import protocols are duck-typed; importlib.abc costs the window's start 5 ms
    Loader = MetaPathFinder = object

#: The modules whose import-time patterns are deferred (the URL pattern; the CJK splitter, 7 ms).
DEFERRED_MODULES = frozenset({"reportlab.platypus.paragraph", "reportlab.lib.textsplit"})

#: re.compile as it was when this module loaded: what is always put back.
_REAL_COMPILE = re.compile
_swapping = threading.Lock()
_active = 0  # deferred modules being imported right now


def _dear(pattern: Any) -> bool:
    """A pattern whose character ranges reach the end of the Basic Multilingual Plane: what
    makes compiling it slow (every code point of the range is looked at, twice with IGNORECASE)."""
    return isinstance(pattern, str) and "\uffff" in pattern


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
                    self._compiled = _REAL_COMPILE(*self._arguments)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"DeferredPattern({self._arguments[0]!r}, {self._arguments[1]!r})"

    # Copied or pickled, it is the compiled pattern (a lock is neither).
    def __copy__(self) -> "re.Pattern[Any]":
        return self.compiled()

    def __deepcopy__(self, _memo: object) -> "re.Pattern[Any]":
        return self.compiled()

    def __reduce__(self) -> tuple[Any, tuple[Any, int]]:
        return (re.compile, self._arguments)


class _DeferringLoader(Loader):
    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        create = getattr(self._loader, "create_module", None)
        return create(spec) if create else None

    def __getattr__(self, name: str) -> Any:  # get_source, get_data...: the real loader's
        return getattr(self._loader, name)

    def exec_module(self, module: ModuleType) -> None:
        def deferring_compile(pattern: Any, flags: int = 0) -> Any:
            # Only the module's own top level gets a stand-in: what it imports meanwhile (the
            # standard library's html.parser...), and every other caller, gets re.compile.
            if sys._getframe(1).f_globals is vars(module) and _dear(pattern):
                return DeferredPattern(pattern, flags)
            return _REAL_COMPILE(pattern, flags)

        global _active
        with _swapping:
            previous = re.compile  # a deferring one when imported from another deferred module
            re.compile = deferring_compile
            _active += 1
        try:
            self._loader.exec_module(module)
        finally:
            with _swapping:
                _active -= 1
                # The last one out puts the real re.compile back, whatever order imports in
                # several threads ended in.
                re.compile = previous if _active else _REAL_COMPILE


class _DeferringFinder(MetaPathFinder):
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
