"""One module per CMS family: its URL scheme and its page markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sampleweb.families.base import Family

if TYPE_CHECKING:
    from sampleweb.site import SampleSite


def family_for(site: SampleSite) -> Family:
    """The renderer for ``site``'s theme."""
    from sampleweb.families.extraction_themes import EXTRACTION_THEMES
    from sampleweb.families.liferay import Liferay
    from sampleweb.families.newspaper import Newspaper
    from sampleweb.families.nukeviet import NukeVietDefault, NukeVietEgov

    themes: dict[str, type[Family]] = {
        "default": NukeVietDefault,
        "egov": NukeVietEgov,
        "liferay": Liferay,
        "newspaper": Newspaper,
        **EXTRACTION_THEMES,
    }
    return themes[site.spec.theme](site)
