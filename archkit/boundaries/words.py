"""Where a service name written as one word may break: the words it is made of.

Names such as Online Boutique's ``checkoutservice`` or ``productcatalogservice`` have no
separator and no capitals, so the diagram's line wrapping cut them at whatever letter
filled the line ("checkou / tservice", scout AT). :func:`segment` splits such a word into
the words of a small vocabulary of what services, stores and their domains are called,
only when the whole word is made of them (``productcatalogservice`` -> ``product``,
``catalog``, ``service``) or, failing that, at a generic suffix (``ts-xyzservice`` ->
``xyz``, ``service``). Anything else is left to the caller (a hyphenated cut)."""

from __future__ import annotations

from functools import lru_cache

#: what services, stores and workers are called after what they do
SUFFIXES = frozenset("""
service services svc srv server servers api apis gateway gw backend frontend db database
store storage cache queue worker workers manager mgr handler processor consumer producer
scheduler controller proxy client engine adapter connector listener publisher subscriber
aggregator orchestrator registry provider repository repo broker bus hub portal app ui web
""".split())

#: domain words of common systems (shops, social networks, bookings, banking, media)
DOMAIN = frozenset("""
account accounts ad ads admin analytics audit auth authentication authorization basket
billing booking bookings cart catalog catalogue checkout comment comments compose config
configuration content currency customer customers dashboard delivery discount email event
events feed file files fulfilment fulfillment geo graph home hotel identity image images
index inventory invoice invoices ledger loyalty mail media message messages messaging
metadata notification notifications offer offers order orders payment payments plan post
posts price pricing product products profile profiles promotion promotions rate rating
ratings recommendation recommendations report reporting reservation reservations review
reviews route routes search seat session sessions shipment shipping social station
stock subscription subscriptions tax text ticket tickets timeline train transaction
transactions travel upload url user users video wallet warehouse
""".split())

_WORDS = SUFFIXES | DOMAIN
_LONGEST = max(map(len, _WORDS))


@lru_cache(maxsize=4096)
def segment(word: str) -> tuple[str, ...] | None:
    """The known words ``word`` is made of, in its own spelling (case kept), or it cut
    before a generic suffix; None when neither applies."""
    lower = word.lower()
    whole = _whole(lower)
    if whole is not None:
        return _pieces(word, whole)
    for size in range(min(_LONGEST, len(lower) - 3), 1, -1):     # (a stem of 3 or more)
        if lower[-size:] in SUFFIXES:
            return word[:-size], word[-size:]
    return None


def _whole(lower: str) -> tuple[int, ...] | None:
    """Lengths of the fewest vocabulary words that make up ``lower`` exactly, or None."""
    best: list[tuple[int, ...] | None] = [None] * (len(lower) + 1)
    best[0] = ()
    for end in range(1, len(lower) + 1):
        for size in range(1, min(_LONGEST, end) + 1):
            prev = best[end - size]
            if prev is not None and lower[end - size:end] in _WORDS:
                if best[end] is None or len(prev) + 1 < len(best[end]):  # type: ignore[arg-type]
                    best[end] = (*prev, size)
    found = best[len(lower)]
    return found if found is not None and len(found) > 1 else None


def _pieces(word: str, sizes: tuple[int, ...]) -> tuple[str, ...]:
    out, at = [], 0
    for size in sizes:
        out.append(word[at:at + size])
        at += size
    return tuple(out)
