"""Market and account eligibility validation API."""

__version__ = "0.1.0"
