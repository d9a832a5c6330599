"""Archive batches: files written without a sync each, made durable by one sync() before commit."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from store.archive import Archive
from store.fs_sync import SyncFs

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("use_syncfs", [True, False], ids=["syncfs", "fsync-each"])
def test_batched_puts_are_readable_and_sync_empties_the_batch(tmp_path, use_syncfs):
    archive = Archive(tmp_path / "archive", use_syncfs=use_syncfs)
    batch = archive.batch()
    payloads = [f"Hồ sơ số {i}".encode() * (i + 1) for i in range(5)]
    digests = [batch.put(data) for data in payloads]
    assert digests == [hashlib.sha256(data).hexdigest() for data in payloads]
    assert [archive.get(d) for d in digests] == payloads
    assert len(batch._files) == 5

    batch.sync()

    assert batch._files == {}
    assert not list((tmp_path / "archive").rglob(".*.tmp"))
    batch.sync()  # nothing pending: a no-op, not an error
    assert archive.put(payloads[0]) == digests[0]  # a durable put of bytes already there


def test_syncfs_is_available_on_this_linux():
    import platform

    release = tuple(int(part) for part in platform.release().split("-")[0].split(".")[:2])
    if platform.system() != "Linux" or release < (5, 8):
        pytest.skip("syncfs reports writeback errors only on Linux 5.8 and later")
    syncer = SyncFs.for_path_or_none(Path("/tmp"))
    assert syncer is not None
    syncer.sync()


def test_a_directory_removed_behind_the_archive_is_made_again(tmp_path):
    archive = Archive(tmp_path / "archive")
    first = archive.put(b"first")
    shutil.rmtree(tmp_path / "archive" / "raw")  # e.g. an operator restoring a backup while it runs
    again = archive.put(b"first")
    assert again == first and archive.get(first) == b"first"


def _sync_calls(tmp_path: Path, use_syncfs: bool, payloads: list[bytes]) -> list[str]:
    """The fsync/fdatasync/syncfs calls a process makes to write ``payloads`` as one batch."""
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from store.archive import Archive
        batch = Archive({str(tmp_path / "archive")!r}, use_syncfs={use_syncfs}).batch()
        for data in {payloads!r}:
            batch.put(data)
        batch.sync()
        """
    )
    tmp_path.mkdir()
    trace = tmp_path / "trace"
    subprocess.run(["strace", "-f", "-qq", "-e", "trace=fsync,fdatasync,syncfs", "-o", str(trace),
                    sys.executable, "-c", script], check=True, timeout=60)
    return [line.split("(")[0].split()[-1] for line in trace.read_text().splitlines() if "(" in line]


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed (scripts/setup.sh installs it)")
def test_a_batch_costs_one_syncfs_instead_of_fsyncs_per_file(tmp_path):
    payloads = [b"message %d" % i for i in range(20)]

    assert _sync_calls(tmp_path / "a", True, payloads) == ["syncfs"]

    # without syncfs: each file, then each directory from it up to the archive root, once
    digests = [hashlib.sha256(data).hexdigest() for data in payloads]
    directories = {d[:2] + "/" + d[2:4] for d in digests} | {d[:2] for d in digests} | {"raw", "."}
    calls = _sync_calls(tmp_path / "b", False, payloads)
    assert calls == ["fsync"] * (len(payloads) + len(directories)), json.dumps(calls)
