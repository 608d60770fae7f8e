#!/usr/bin/env python3
"""Load for the backup benchmark, over swarmd's unix socket (stdlib only).

    backup-load.py fill SOCKET KIND COUNT CLIENTS BYTES PREFIX [text|random]
        creates COUNT configs or secrets (KIND) of BYTES bytes each with CLIENTS concurrent
        clients; prints "created N" and the seconds taken. The data is config-file-like text
        with random numbers (zstd level 1 makes it 2.5x smaller), or
        random bytes (not compressible at all: the worst case for a backup's size and time).
    backup-load.py write SOCKET CLIENTS SECONDS PREFIX
        creates 256-byte configs with CLIENTS clients for SECONDS; prints "creates_per_s R" and
        "longest_gap_ms G", the longest time without any acknowledged create.

Stops by itself; talks only to the socket."""
import asyncio, base64, json, random, sys, time

WORDS = ["listen", "port", "timeout", "replicas", "image", "host", "user", "path", "level", "cache", "region", "limit"]


def payloads(kind, size, count=2048):
    """COUNT distinct base64 payloads of SIZE bytes, seeded: 2,048 of 1 KiB span more than
    zstd's window, so no config compresses against an earlier copy of itself."""
    rng = random.Random(7)
    result = []
    for _ in range(count):
        if kind == "random":
            data = rng.randbytes(size)
        else:
            text = bytearray()
            while len(text) < size:
                text += f"{rng.choice(WORDS)}_{rng.randrange(1000)} = {rng.choice(WORDS)}-{rng.randrange(1 << 32):08x}\n".encode()
            data = bytes(text[:size])
        result.append(base64.b64encode(data).decode())
    return result


async def request(reader, writer, method, path, body):
    payload = json.dumps(body).encode()
    head = f"{method} {path} HTTP/1.1\r\nHost: swarmd\r\nContent-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
    writer.write(head.encode() + payload)
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length, chunked = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        key, _, value = line.decode().partition(":")
        if key.lower() == "content-length": length = int(value)
        if key.lower() == "transfer-encoding" and "chunked" in value: chunked = True
    if chunked:
        while (size := int((await reader.readline()).strip(), 16)) > 0:
            await reader.readexactly(size); await reader.readline()
        await reader.readline()
    elif length:
        await reader.readexactly(length)
    return status


async def fill(socket, kind, count, clients, size, prefix, payload):
    pool = payloads(payload, size)
    next_index = iter(range(count))
    created = 0

    async def client():
        nonlocal created
        reader, writer = await asyncio.open_unix_connection(socket)
        for index in next_index:
            for _ in range(20):  # bounded retries of a refused create
                if await request(reader, writer, "POST", f"/{kind}s/create", {"Name": f"{prefix}{index}", "Data": pool[index % len(pool)]}) == 201:
                    created += 1
                    break
                await asyncio.sleep(0.05)
        writer.close()

    start = time.monotonic()
    await asyncio.gather(*(client() for _ in range(clients)))
    print(f"created {created}")
    print(f"seconds {time.monotonic() - start:.2f}")


async def write(socket, clients, seconds, prefix):
    data = base64.b64encode(b"v" * 256).decode()
    acknowledged = []
    deadline = time.monotonic() + seconds
    counter = iter(range(10**9))

    async def client():
        reader, writer = await asyncio.open_unix_connection(socket)
        while time.monotonic() < deadline:
            if await request(reader, writer, "POST", "/configs/create", {"Name": f"{prefix}{next(counter)}", "Data": data}) == 201:
                acknowledged.append(time.monotonic())
        writer.close()

    start = time.monotonic()
    await asyncio.gather(*(client() for _ in range(clients)))
    times = sorted([start] + acknowledged + [time.monotonic()])
    print(f"creates_per_s {len(acknowledged) / seconds:.1f}")
    print(f"longest_gap_ms {max(b - a for a, b in zip(times, times[1:])) * 1000:.1f}")


mode = sys.argv[1]
if mode == "fill":
    payload = sys.argv[8] if len(sys.argv) > 8 else "text"
    if payload not in ("text", "random"):
        sys.exit(f"backup-load.py: unknown payload {payload} (text or random)")
    asyncio.run(fill(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7], payload))
elif mode == "write":
    asyncio.run(write(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]))
else:
    sys.exit(f"backup-load.py: unknown mode {mode} (fill or write)")
