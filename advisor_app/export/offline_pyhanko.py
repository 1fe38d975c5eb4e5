"""pyHanko, offline. Importing `pyhanko.sign` imports its HTTP time-stamp client and its HTTP
fetchers of revocation data, and with them aiohttp: half a second, and memory, for a network this
app never uses (signatures carry no time stamp; validation runs with fetching off). Before pyHanko
is first imported, those two modules are stood in for by ones that say so if ever called."""

import sys
import types


class Offline:
    """Stands where pyHanko's HTTP time stamper or fetcher backend would."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("AIPI Advisor works offline: it fetches nothing from the network")


# The modules stood in for, and the names pyHanko imports from each.
_STAND_INS = {
    "pyhanko.sign.timestamps.aiohttp_client": ("HTTPTimeStamper",),
    "pyhanko_certvalidator.fetchers.aiohttp_fetchers": ("AIOHttpFetcherBackend",),
}


def prepare() -> None:
    """Call before the first pyHanko import (cheap after that)."""
    for name, exported in _STAND_INS.items():
        if name in sys.modules:
            continue
        module = types.ModuleType(name, "Offline stand-in (advisor_app.export.offline_pyhanko)")
        for attribute in exported:
            setattr(module, attribute, Offline)
        sys.modules[name] = module
