"""What every command shares: settings, ``--data-dir`` standing for the environment."""

from __future__ import annotations

import os
from pathlib import Path

from eligibility.settings import Settings, load_settings

__all__ = ["settings_for"]


def settings_for(data_dir: Path | None) -> Settings:
    """Settings, ``--data-dir`` standing for ELIGIBILITY_DATA_DIR.

    It is set in the environment because the workers read their settings there.
    """
    if data_dir is not None:
        os.environ["ELIGIBILITY_DATA_DIR"] = str(data_dir)
    return load_settings()
