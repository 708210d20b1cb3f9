"""Loading the registry: the file is checked first and refused with line-level messages."""

from __future__ import annotations

from pathlib import Path

from crawler.registry.check import check_registry
from crawler.registry.entries import RegistryError, SiteConfig, site_from_entry

DEFAULT_REGISTRY = Path(__file__).parents[1] / "sites.yaml"


def load_registry(path: Path | str = DEFAULT_REGISTRY) -> list[SiteConfig]:
    """Read every site of the registry at ``path``; a file with errors is refused."""
    check = check_registry(Path(path))
    if check.errors:
        shown = "\n  ".join(str(problem) for problem in check.errors[:20])
        more = len(check.errors) - 20
        raise RegistryError(
            f"the sites registry has {len(check.errors)} error(s); "
            f"run `partyline sites validate --registry {path}`:\n  {shown}"
            + (f"\n  … and {more} more" if more > 0 else "")
        )
    return [site_from_entry(entry) for entry in check.entries]


def select_sites(sites: list[SiteConfig], ids: list[str] | None) -> list[SiteConfig]:
    """The sites named in ``ids`` (all when empty); unknown ids are an error."""
    if not ids:
        return sites
    by_id = {site.id: site for site in sites}
    unknown = [site_id for site_id in ids if site_id not in by_id]
    if unknown:
        raise RegistryError(
            f"Unknown site id(s): {', '.join(unknown)}. Run `partyline sites list` to see them."
        )
    return [by_id[site_id] for site_id in ids]
