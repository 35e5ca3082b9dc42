"""`python -m examples.order_broker [--url URL] [--prefix P] [--broken] [--delete]`."""

from __future__ import annotations

import argparse
import contextlib

from examples.order_broker.service import Names, OrderService, delete


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m examples.order_broker")
    parser.add_argument("--url", default="amqp://guest:guest@127.0.0.1:5672/")
    parser.add_argument(
        "--kafka", metavar="HOST:PORT", help="Serve on this Kafka broker instead of RabbitMQ."
    )
    parser.add_argument("--prefix", default="", help="Put in front of every exchange and queue.")
    parser.add_argument("--broken", action="store_true", help="Break the contract three ways.")
    parser.add_argument(
        "--delete", action="store_true", help="Delete the exchanges and the queue, then exit."
    )
    args = parser.parse_args()
    if args.delete:
        import pika

        connection = pika.BlockingConnection(pika.URLParameters(args.url))
        delete(connection.channel(), Names.with_prefix(args.prefix))
        connection.close()
        return
    if args.kafka:
        from examples.order_broker.kafka_service import KafkaOrderService, create_topics

        create_topics(args.kafka, args.prefix)
        kafka = KafkaOrderService(args.kafka, args.prefix, args.broken)
        with contextlib.suppress(KeyboardInterrupt):
            kafka.serve()
        return
    service = OrderService(args.url, args.prefix, args.broken)
    with contextlib.suppress(KeyboardInterrupt):
        service.serve()


if __name__ == "__main__":
    main()
