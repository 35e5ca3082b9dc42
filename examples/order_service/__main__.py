"""`python -m examples.order_service --port N [--broken] [--contracts DIR]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from examples.order_service.app import create_app
from examples.order_service.data import load_seed


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m examples.order_service")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--broken", action="store_true", help="Serve the non-conforming variant.")
    parser.add_argument(
        "--contracts",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "contracts",
        help="The contract directory whose examples seed the data.",
    )
    args = parser.parse_args()
    app = create_app(load_seed(args.contracts), broken=args.broken)
    # Flask's development server: enough for tests and demos, single process, threaded.
    app.run(host=args.host, port=args.port, threaded=True)


if __name__ == "__main__":
    main()
