"""The Scrapy project: site registry, CMS-family profiles, spiders, pipelines, extraction."""
