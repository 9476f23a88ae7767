"""The campaign file: a campaign as YAML, to load, check and export (pure Python, no database).

    spec = load_campaign_file(text, sources=registry)   # raises CampaignFileError
    text = dump_campaign_file(spec)                     # load(dump(spec)) == spec

The format is described in docs/scoring.md.
"""

from __future__ import annotations

from .export import campaign_to_data, dump_campaign_file
from .messages import CampaignFileError, FileProblem
from .parse import Organisation, load_campaign_file
from .presets import preset_names, read_preset
from .spec import (
    FORMAT_VERSION,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    METHOD_NAMES,
    PERIOD_LENGTHS,
    WHEN_EMPTY_CHOICES,
    CampaignSpec,
    GroupSpec,
    IndicatorNode,
)

__all__ = [
    "FORMAT_VERSION",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "METHOD_NAMES",
    "PERIOD_LENGTHS",
    "WHEN_EMPTY_CHOICES",
    "CampaignFileError",
    "CampaignSpec",
    "FileProblem",
    "GroupSpec",
    "IndicatorNode",
    "Organisation",
    "campaign_to_data",
    "dump_campaign_file",
    "load_campaign_file",
    "preset_names",
    "read_preset",
]
