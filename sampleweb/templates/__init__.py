"""Jinja2 templates of the sample web (a package so that setuptools ships them)."""
