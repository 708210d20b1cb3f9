"""The installed Partyline version: recorded in export manifests and topic snapshots."""

from importlib.metadata import PackageNotFoundError, version

try:
    SOFTWARE_VERSION = version("partyline")
except PackageNotFoundError:  # running from a source tree that was not installed
    SOFTWARE_VERSION = "0.0.0+source"
