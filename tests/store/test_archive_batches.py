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
def test_deferred_puts_are_readable_and_sync_clears_the_batch(tmp_path, use_syncfs):
    archive = Archive(tmp_path / "archive", use_syncfs=use_syncfs)
    payloads = [f"Hồ sơ số {i}".encode() * (i + 1) for i in range(5)]
    digests = [archive.put(data, sync=False) for data in payloads]
    assert digests == [hashlib.sha256(data).hexdigest() for data in payloads]
    assert [archive.get(d) for d in digests] == payloads
    assert len(archive._unsynced) == 5

    archive.sync()

    assert archive._unsynced == [] and archive._unsynced_dirs == {}
    assert not list((tmp_path / "archive").rglob(".*.tmp"))
    archive.sync()  # nothing pending: a no-op, not an error


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
    first = archive.put(b"first", sync=False)
    shutil.rmtree(tmp_path / "archive" / "raw")  # e.g. an operator restoring a backup while it runs
    again = archive.put(b"first", sync=False)
    archive.sync()
    assert again == first and archive.get(first) == b"first"


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed (scripts/setup.sh installs it)")
def test_a_batch_costs_one_syncfs_instead_of_two_fsyncs_per_file(tmp_path):
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from store.archive import Archive
        archive = Archive({str(tmp_path / 'archive')!r})
        for i in range(20):
            archive.put(b"message %d" % i, sync=False)
        archive.sync()
        archive.put(b"one durable put")
        """
    )
    trace = tmp_path / "trace"
    subprocess.run(["strace", "-f", "-qq", "-e", "trace=fsync,fdatasync,syncfs", "-o", str(trace),
                    sys.executable, "-c", script], check=True, timeout=60)
    calls = [line.split("(")[0].split()[-1] for line in trace.read_text().splitlines() if "(" in line]
    # the batch of 20: one syncfs; the single durable put: its file and its three new parent directories
    assert calls.count("syncfs") == 1, json.dumps(calls)
    assert calls.count("fsync") == 4, json.dumps(calls)
