"""What to do with a message in the mailbox once it is safely stored.

One small class per action, chosen by the mailbox's ``after`` setting.
Each runs only after the message's row has committed.
"""

from __future__ import annotations

from imapclient import IMAPClient
from imapclient.imapclient import SEEN


class KeepAction:
    def apply(self, client: IMAPClient, uids: list[int]) -> None:
        return None


class SeenAction:
    def apply(self, client: IMAPClient, uids: list[int]) -> None:
        if uids:
            client.add_flags(uids, [SEEN], silent=True)


class MoveAction:
    def __init__(self, folder: str):
        self.folder = folder

    def apply(self, client: IMAPClient, uids: list[int]) -> None:
        if not uids:
            return
        if not client.folder_exists(self.folder):
            client.create_folder(self.folder)
        if client.has_capability("MOVE"):
            client.move(uids, self.folder)  # RFC 6851
        else:
            client.copy(uids, self.folder)
            client.delete_messages(uids, silent=True)
            client.uid_expunge(uids) if client.has_capability("UIDPLUS") else client.expunge()


def action_for(setting: str) -> KeepAction | SeenAction | MoveAction:
    if setting == "keep":
        return KeepAction()
    if setting == "seen":
        return SeenAction()
    if setting.startswith("move:"):
        return MoveAction(setting[len("move:") :])
    raise ValueError(f"unknown after action {setting!r}")
