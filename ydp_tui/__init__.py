"""ydp-tui: the desk application of Yeongdeungpo-gu's Job Policy Division (일자리정책과)."""

__version__ = "0.1.0"
