"""Scrapy settings for Partyline: polite by default, for small and slow government servers."""

BOT_NAME = "partyline"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# An honest User-Agent naming the project; PARTYLINE_CONTACT_URL adds the operator's contact.
PARTYLINE_CONTACT_URL = "https://github.com/partyline-archive/partyline"
USER_AGENT = f"Partyline/0.1 (research web archive; +{PARTYLINE_CONTACT_URL})"

ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
CONCURRENT_REQUESTS = 16
# Requests carry download_slot=<site id>: this is "per site", whatever its hosts.
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Each retry waits RETRY_BACKOFF_BASE * 2**(attempt-1) seconds, at most RETRY_BACKOFF_MAX.
RETRY_BACKOFF_BASE = 2.0
RETRY_BACKOFF_MAX = 60.0
REDIRECT_MAX_TIMES = 10
# Each response schedules few items; the default 100 only adds task overhead.
CONCURRENT_ITEMS = 4
# Scrapy re-parses a callback's source for every response when callbacks are bound
# methods (its cache is keyed weakly by the short-lived method object): ~0.25 ms a page.
WARN_ON_GENERATOR_RETURN_VALUE = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"

ITEM_PIPELINES = {"crawler.pipelines.ArchivePipeline": 300}
DOWNLOADER_MIDDLEWARES = {
    # Before Scrapy's HttpProxyMiddleware (750), which reads the proxy it sets.
    "crawler.middlewares.ProxyMiddleware": 740,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    # Above the redirect middleware (600): sees each 3xx before it is followed.
    "crawler.middlewares.RedirectLoopMiddleware": 610,
    # Below the redirect middleware (600): sees the final response of each fetch.
    "crawler.middlewares.TLSCheckMiddleware": 650,
}
# Check each https host's certificate chain once per run (Scrapy fetches anyway).
PARTYLINE_TLS_CHECK = True
EXTENSIONS = {
    "crawler.extensions.RunStatsExtension": 500,
    # Only with a shared frontier (crawler/frontier.py): keeps idle workers open.
    "crawler.frontier.SharedFrontierExtension": 510,
    # Documents linked from articles, fetched when the spider is idle.
    "crawler.attachment_fetch.AttachmentFetchExtension": 520,
}
# Attached documents (PDF, Word, OpenDocument) of the sites' own hosts: fetched,
# each at most this size; an idle crawl waits at most this long for extraction
# to find the links of its last articles.
PARTYLINE_ATTACHMENTS = True
PARTYLINE_ATTACHMENT_MAXSIZE = 32 * 1024 * 1024
PARTYLINE_ATTACHMENT_WAIT = 30.0

# Partyline's own settings (set by crawler.crawl, or with -s on `scrapy crawl`).
PARTYLINE_DB_URL = None
PARTYLINE_RUN_ID = None
PARTYLINE_REGISTRY = None
PARTYLINE_SITES = []
PARTYLINE_MODE = "incremental"
PARTYLINE_REFRESH = False
PARTYLINE_SEED = True
# An HTTP proxy every request goes through (the demo's named sample sites), or None.
PARTYLINE_PROXY = None

# For the bundled sample web on 127.0.0.1: politeness limits lifted, short timeouts.
LOCAL_SAMPLE_OVERRIDES = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "DOWNLOAD_TIMEOUT": 5,
    "RETRY_TIMES": 1,
    "RETRY_BACKOFF_BASE": 0.2,
}
