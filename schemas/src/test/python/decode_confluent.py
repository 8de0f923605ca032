"""Decodes one Confluent wire-format Avro record with Confluent's own Python client, an independent reader.

Usage: /usr/bin/python3 decode_confluent.py <schema registry url>  (base64 of the record's bytes on stdin)
Prints the decoded record as JSON on stdout.
Debian's python3-confluent-kafka 1.7 lacks fastavro, so this uses its legacy avro module.
"""
import base64
import json
import sys

try:
    from confluent_kafka.avro.cached_schema_registry_client import CachedSchemaRegistryClient
    from confluent_kafka.avro.serializer.message_serializer import MessageSerializer
except ImportError as missing:
    sys.stderr.write("Python modules missing (%s): run apt-get install -y python3-confluent-kafka python3-avro "
                     "python3-requests, and use /usr/bin/python3\n" % missing)
    sys.exit(3)


def main():
    record = base64.b64decode(sys.stdin.read().strip())
    client = CachedSchemaRegistryClient({"url": sys.argv[1]})
    decoded = MessageSerializer(client).decode_message(record)
    print(json.dumps(decoded, default=str, sort_keys=True))


if __name__ == "__main__":
    main()
