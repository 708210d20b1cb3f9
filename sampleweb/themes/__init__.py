"""The sample web's theme tables, one YAML file a theme (a package: setuptools ships them)."""
