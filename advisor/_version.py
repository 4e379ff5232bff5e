"""The package version (read by the build, shown by ``advisor --version``)."""

__version__ = "0.2.0"
