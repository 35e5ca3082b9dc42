"""`python -m examples.kitchen_kafka [--kafka HOST:PORT] [--prefix P] [--broken]`."""

from __future__ import annotations

import argparse
import contextlib

from examples.kitchen_kafka.service import KafkaKitchenService, create_topics


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m examples.kitchen_kafka")
    parser.add_argument("--kafka", default="127.0.0.1:9092", metavar="HOST:PORT")
    parser.add_argument("--prefix", default="", help="Put in front of both topics.")
    parser.add_argument("--broken", action="store_true", help="Break the contract three ways.")
    args = parser.parse_args()
    create_topics(args.kafka, args.prefix)
    service = KafkaKitchenService(args.kafka, args.prefix, args.broken)
    with contextlib.suppress(KeyboardInterrupt):
        service.serve()


if __name__ == "__main__":
    main()
