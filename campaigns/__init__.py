"""Campaigns: the letters' batches and deadlines, the rosters of expected units.

The flow mirrors the rest of the tree: ``roster`` reads the expected units,
``submissions`` reads what came in from the store, ``matching`` attributes
each submission to a unit and a batch, ``status`` puts it together; the
digest section, ``reminders`` and ``report`` all read that one status.
"""
