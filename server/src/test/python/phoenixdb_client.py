"""A Python DB-API client (phoenixdb, over Avatica's protobuf) against a running Sluice server.

Run by PhoenixdbClientTest: python3 phoenixdb_client.py URL. Prints one JSON object per line:
what a snapshot query with bound parameters and a push query returned, with Python's types.
With python3 phoenixdb_client.py URL silence, runs only a push query whose second row comes after
a silence longer than the server's idle timeout, and prints its rows.
"""
import json
import sys

import phoenixdb


def typed(value):
    return [type(value).__name__, value]


def silence(url):
    conn = phoenixdb.connect(url, autocommit=True)
    cur = conn.cursor()
    # the first row is there; the fetch for the second waits through the silence; LIMIT ends it
    cur.execute("SELECT STREAM id, name FROM orders WHERE id > ? LIMIT 2", (3,))
    rows = [[typed(v) for v in row] for row in cur]
    print(json.dumps({"silence": rows}), flush=True)
    conn.close()


def main(url):
    conn = phoenixdb.connect(url, autocommit=True)
    cur = conn.cursor()

    # a snapshot query with bound ? parameters over a REAL column
    cur.execute(
        "SELECT id, name, price FROM orders WHERE id > ? AND price < ? ORDER BY id", (1, 99.5)
    )
    rows = [[typed(v) for v in row] for row in cur.fetchall()]
    print(json.dumps({"snapshot": rows}), flush=True)

    # a push query: rows that are there, then one that lands while it runs; LIMIT ends it
    cur.execute("SELECT STREAM id, name, price FROM orders WHERE price > ? LIMIT 4", (10.0,))
    pushed = []
    for row in cur:
        pushed.append([typed(v) for v in row])
    print(json.dumps({"push": pushed}), flush=True)
    conn.close()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[2] == "silence":
        silence(sys.argv[1])
    else:
        main(sys.argv[1])
