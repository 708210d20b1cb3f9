"""A registry block drafted from site discovery, every value marked seen or guessed.

``draft_block`` turns a ``SiteDiscovery`` into the block ``crawler/sites.yaml``
holds (docs/sites.md); ``append_block`` adds it to a registry file and checks
the file, putting it back as it was when the check finds an error.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from archive.provinces import provinces_before_reform
from crawler.registry import RegistryCheck, check_registry
from crawler.site_discovery import Found, SiteDiscovery

# Trailing labels that say nothing of who publishes the site.
_SUFFIXES = ("vn", "com", "net", "org", "gov", "edu", "dcs", "info")


def _labels(host: str) -> list[str]:
    name = host.lower().split(":")[0].removeprefix("www.")
    labels = name.split(".")
    while len(labels) > 1 and labels[-1] in _SUFFIXES:
        labels.pop()
    return labels


def site_id(host: str) -> str:
    """``angiang.dcs.vn`` → ``tinhuy-angiang``; ``btg.dongthap.gov.vn`` → ``btg-dongthap``."""
    labels = _labels(host)
    if host.lower().removeprefix("www.").split(":")[0].endswith(".dcs.vn") and len(labels) == 1:
        labels = ["tinhuy", *labels]
    text = "-".join(labels) + ("-" + host.split(":")[1] if ":" in host else "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "site"


def publisher_type(host: str) -> str:
    """A guess from the host name (the block says it is one)."""
    name = host.lower()
    if "tuyengiao" in name or name.startswith(("btg", "www.btg")):
        return "ban_tuyen_giao"
    if name.removeprefix("www.").startswith("bao"):
        return "bao"
    if ".gov.vn" in name:
        return "cong_thong_tin"
    return "tinh_uy"


def province_from_host(host: str) -> str | None:
    """The province whose unaccented name the host spells (``angiang`` → An Giang)."""
    joined = "".join(_labels(host))
    best = None
    for province in provinces_before_reform():
        spelled = province.slug.replace("-", "")
        if len(spelled) >= 5 and spelled in joined and (not best or len(spelled) > len(best[0])):
            best = (spelled, province.name)
    return best[1] if best else None


def _evidence(found: Found) -> dict[str, str]:
    return {"seen": found.how} if found.seen else {"guessed": found.how}


def draft_block(found: SiteDiscovery, **given: str | None) -> dict[str, Any]:
    """The registry block for ``found``; ``given`` (id, name, province,
    publisher_type) overrides what the host name suggests."""
    host = found.host
    province = given.get("province") or province_from_host(host)
    block: dict[str, Any] = {
        "id": given.get("id") or site_id(host),
        "name": given.get("name") or found.name or host,
        "publisher_type": given.get("publisher_type") or publisher_type(host),
        "province": province,
        "family": found.family.value,
        "hosts": [host],
    }
    evidence: dict[str, Any] = {
        "hosts": {"seen": f"discover {found.day}: the home page answered at {found.url}"},
        "family": _evidence(found.family),
    }
    for key, values in (("listings", found.listings), ("feeds", found.feeds),
                        ("sitemaps", found.sitemaps)):  # fmt: skip
        if values:
            block[key] = [value.value for value in values]
            evidence.update({value.value: _evidence(value) for value in values})
    if province and not given.get("province"):
        evidence["province"] = {"guessed": f"the host name {host}"}
    if not province:
        del block["province"]
    block["evidence"] = evidence
    guessed = [] if given.get("publisher_type") else ["publisher_type"]
    note = f"Drafted by `partyline sites discover` on {found.day}"
    block["note"] = note + (
        f"; {', '.join(guessed)} guessed from the host name." if guessed else "."
    )
    return block


def block_yaml(block: dict[str, Any]) -> str:
    """The block as the registry writes it: a list item at the left margin."""
    return yaml.safe_dump([block], allow_unicode=True, sort_keys=False, width=100)


def append_block(path: Path, block: dict[str, Any]) -> RegistryCheck:
    """Add ``block`` at the end of the registry at ``path`` and check the file; on an
    error the file is put back as it was (the check says why)."""
    before = path.read_text(encoding="utf-8") if path.exists() else "sites:\n"
    separator = "" if before.endswith("\n") else "\n"
    path.write_text(before + separator + block_yaml(block), encoding="utf-8")
    check = check_registry(path)
    if check.errors:
        path.write_text(before, encoding="utf-8")
    return check
