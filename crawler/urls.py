"""URL canonicalisation: one URL per article, whatever view or decoration links to it."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from crawler.profiles import FamilyProfile
from crawler.registry import SiteConfig, article_patterns, home_netloc

TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "zarsrc", "_ga", "mc_cid", "mc_eid", "ref", "share", "amp"}
)
SESSION_PARAMS = frozenset({"jsessionid", "phpsessid", "sid", "sessionid", "nvsid", "aspsessionid"})
_PATH_SESSION = re.compile(r";jsessionid=[^/?#]*", re.IGNORECASE)


def _keep_param(name: str, profile: FamilyProfile) -> bool:
    lowered = name.lower()
    if lowered.startswith("utm_") or lowered in TRACKING_PARAMS or lowered in SESSION_PARAMS:
        return False
    return name not in profile.drop_params


def _unwrapped(url: str, profile: FamilyProfile) -> str:
    """The page a wrapper link of the family stands for (itself when it is none)."""
    parts = urlsplit(url)
    for rule in profile.unwrap:
        if rule.path.search(parts.path):
            target = dict(parse_qsl(parts.query)).get(rule.param)
            return urljoin(url, target) if target else url
    return url


def canonicalize(url: str, profile: FamilyProfile, site: SiteConfig | None = None) -> str:
    """The one URL the archive keys an article or listing page by.

    With ``site``, a link to one of its hosts takes the registered form: ``www.``
    or bare host as registered, and the scheme of the site's start URLs.
    Memoised: listing pages repeat the same menu, sidebar and related links.
    """
    home = (site.hosts, site.start_urls) if site is not None else None
    return _canonicalize(url, profile, home)


@lru_cache(maxsize=50_000)
def _canonicalize(
    url: str, profile: FamilyProfile, home: tuple[tuple[str, ...], tuple[str, ...]] | None
) -> str:
    parts = urlsplit(_unwrapped(url, profile).strip())
    path = _PATH_SESSION.sub("", parts.path) or "/"
    for rewrite in profile.rewrites:
        path = rewrite.pattern.sub(rewrite.replace, path)
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if _keep_param(k, profile)
        ]
    )
    scheme, netloc = parts.scheme.lower(), parts.netloc.lower()
    registered = home_netloc(*home, netloc) if home is not None else None
    if registered is not None:
        scheme, netloc = registered
    for default_scheme, port in (("http", ":80"), ("https", ":443")):
        if scheme == default_scheme:
            netloc = netloc.removesuffix(port)
    rebuilt = urlunsplit((scheme, netloc, path, query, ""))
    return canonicalize_url(rebuilt, keep_fragments=False)


def page_number(url: str, profile: FamilyProfile) -> int | None:
    """The listing page number in ``url`` (None for a first page)."""
    if profile.pagination is None:
        return None
    match = profile.pagination.search(url)
    if not match:
        return None
    return int(next(group for group in match.groups() if group is not None))


def listing_key(url: str, profile: FamilyProfile) -> str:
    """``url`` without its page number: all pages of one listing share this key."""
    if profile.pagination is not None:
        match = profile.pagination.search(url)
        if match:
            url = (
                url[: match.start()]
                + ("?" if match.group().startswith("?") else "")
                + url[match.end() :]
            )
    parts = urlsplit(url)
    ignore = profile.listing_ignore_params
    params = parse_qsl(parts.query.lstrip("&"))
    query = urlencode(sorted((k, v) for k, v in params if not (ignore and ignore.search(k))))
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), query, ""))


def is_article_url(url: str, site: SiteConfig, profile: FamilyProfile) -> bool:
    """An article of ``site``: its family's article patterns or the site's own ones."""
    if not site.owns(url):
        return False
    if profile.is_article_url(url):
        return True
    if any(pattern.search(url) for pattern in profile.exclude_urls):
        return False
    return any(pattern.search(url) for pattern in article_patterns(site))
