"""An import killed midway (``kill -9`` while its transaction is open and half written) leaves
the database exactly as before; the same bundle then imports normally."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from tests.sync_helpers import PASS, fingerprint, machine
from ydp_tui import demo
from ydp_tui.sync import service

ROOT = Path(__file__).resolve().parents[1]

# The real command, with the change log's insert paused halfway: the rows are written, half the
# changes too, the transaction is open.  The test waits for "MIDWAY" and kills the process.
HALFWAY = """
import sys
from ydp_tui.sync import merge
insert = merge._insert_ops
def paused(conn, new, progress, done, total):
    insert(conn, new[: len(new) // 2], progress, done, total)
    print("MIDWAY", flush=True)
    sys.stdin.read()
merge._insert_ops = paused
from ydp_tui import cli
sys.exit(cli.main(sys.argv[1:]))
"""


def test_kill_9_during_import_leaves_the_database_as_before(tmp_path):
    laptop = machine(tmp_path, "N1")
    scale = demo.Scale("test", 120, demo.SCALES["seed"].start, demo.SCALES["seed"].end, 1.0)
    made = demo.seekers_step(laptop, scale, random.Random(6), None)
    assert made > 50
    bundle = tmp_path / "laptop.ydpb"
    service.export_bundle(laptop, bundle, PASS)
    laptop.dispose()
    counter = machine(tmp_path, "C1")
    counter.dispose()
    env = {**os.environ, "YDP_BUNDLE_PASSPHRASE": PASS, "YDP_OPERATOR": "창구"}
    # Today's automatic backup (made when a command first opens the file each day, on the real
    # clock, like the killed command's) is its own commit before any import: let it happen first,
    # so "before" is the state the import starts from.
    subprocess.run([sys.executable, "-m", "ydp_tui", "--db", str(tmp_path / "C1.sqlite3"), "bundle", "peers"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    counter = machine(tmp_path, "C1")
    before = fingerprint(counter)
    counter.dispose()

    proc = subprocess.Popen([sys.executable, "-c", HALFWAY, "--db", str(tmp_path / "C1.sqlite3"), "bundle",
                             "import", str(bundle)], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.strip() == "MIDWAY", proc.stderr.read()
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=60) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdin.close()
        proc.stdout.close()
        proc.stderr.close()

    counter = machine(tmp_path, "C1")   # opening runs SQLite's quick_check
    assert fingerprint(counter) == before
    summary = service.import_bundle(counter, bundle, PASS)
    assert summary.new == made and not summary.already
    counter.dispose()
