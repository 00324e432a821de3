"""Core layer (Qt-free): ``python -m shared.sync`` runs the sync worker without the ``citadel`` CLI or a
settings file (service units, the kill tests, the benchmark). ``citadel sync run`` is the same worker
configured from the device's settings.

    python -m shared.sync --local sqlite:///journal.sqlite3 --central postgresql://gate@central/citadel
        [--batch-size 500] [--drain | --once] [--role ROLE] [--device-id ID] [--no-capture]

Exit code 0 when the run ended with nothing left to send (``--drain``/``--once``), 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

from shared import db
from shared.sync.outbox import SyncWorker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.sync", description=__doc__.splitlines()[0])
    parser.add_argument("--local", required=True, help="the device journal's database URL")
    parser.add_argument("--central", required=True, help="central PostgreSQL URL (password via PGPASSWORD)")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--role", default=None, help="SET ROLE on central connections")
    parser.add_argument("--device-id", default=None)
    parser.add_argument("--no-capture", action="store_true")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="one batch")
    mode.add_argument("--drain", action="store_true", help="batches until nothing is due")
    args = parser.parse_args(argv)

    local = db.make_engine(args.local)
    worker = SyncWorker(
        local,
        args.central,
        batch_size=args.batch_size,
        central_role=args.role,
        device_id=args.device_id,
        capture=not args.no_capture,
    )
    try:
        if args.once or args.drain:
            result = worker.run_once() if args.once else worker.drain()
            print(
                json.dumps(
                    {
                        "sent": result.sent,
                        "failed": result.failed,
                        "backlog": result.backlog,
                        "error": result.error,
                    }
                )
            )
            return 0 if result.backlog == 0 and result.error is None else 1
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        worker.run_forever(stop)
        return 0
    finally:
        worker.close()
        local.dispose()


if __name__ == "__main__":
    sys.exit(main())
