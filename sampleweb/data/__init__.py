"""Data files of the sample web (a package so that setuptools ships them)."""
