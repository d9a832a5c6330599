"""Campaigns: the letters' batches and deadlines, the rosters of expected units.

The flow mirrors the rest of the tree: ``roster`` reads the expected units,
``submissions`` reads what came in from the store, ``names`` and
``matching`` attribute each submission to a unit and a batch, ``status``
puts it together; the digest section (``digest_section``), ``reminders``,
``report`` (rows and CSV; ``report_xlsx`` lays out the printable XLSX) and
``views`` all read that one status. ``aliases`` keeps the
reviewers' resolutions; ``vocabulary`` the Vietnamese wording.
"""

from campaigns.aliases import AliasError, list_aliases, remove_alias, set_alias
from campaigns.digest_section import CampaignSection, campaign_sections
from campaigns.reminders import run_reminders
from campaigns.report import write_csv as write_report_csv
from campaigns.report_xlsx import write_xlsx as write_report_xlsx
from campaigns.roster import RosterError
from campaigns.status import campaign_roster, campaign_status, find_campaign
from campaigns.views import print_status, status_dict

__all__ = [
    "AliasError", "CampaignSection", "RosterError", "campaign_roster", "campaign_sections", "campaign_status",
    "find_campaign", "list_aliases", "print_status", "remove_alias", "run_reminders", "set_alias", "status_dict",
    "write_report_csv", "write_report_xlsx",
]
