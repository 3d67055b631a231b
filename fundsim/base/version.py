"""The installed fundsim version, recorded in every output."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fundsim")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
