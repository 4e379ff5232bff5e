"""Benchmark: advice over HTTP against a trivial endpoint on the same server.

    python bench/http_bench.py [--seconds 2] [--rounds 4] [--connections 4]
                               [--client raw|httpx|both]

Starts the real server (``python -m advisor.server``: uvicorn, one process,
access log off) on a free loopback port and loads it from this process:
``--connections`` threads, each with its own keep-alive connection, send
requests back to back. Rounds alternate between ``GET /healthz`` (a FastAPI
endpoint returning a constant) and ``POST /v1/advice`` (a rotating set of
realistic facts), so machine noise hits both alike.

Two clients. ``httpx`` is what a Python program would use: a realistic client,
and the one the target is set for. It costs the client about as much CPU as the
server, so on a small machine it measures the client as much as the server.
``raw`` writes HTTP/1.1 requests on plain sockets and reads the replies by their
Content-Length: it costs little, so the server is the bottleneck and the ratio
is that of the server's own costs (shown per request, from its CPU time).

For each client it prints the requests per second of each endpoint (best
round), the server's CPU use, and the ratio advice / healthz (median of the
rounds' ratios). The target is a ratio of at least 0.5 with the httpx client;
the exit status is 1 when it is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]

FACTS = [
    {"sms_version": "2.0", "server_platform": "windows_nt", "file_in_use": True,
     "use_forced_disconnect": 0},
    {"sms_version": "1.1", "server_platform": "windows_nt", "file_in_use": True},
    {"sms_version": "2.0", "server_platform": "netware", "file_in_use": True},
    {"sms_version": "1.2", "server_platform": "windows_nt", "file_in_use": True,
     "use_forced_disconnect": 1, "job_type": "share_package_on_server",
     "value_on_target_site": True, "despooler_paused_continued": True,
     "response_setting": "fast", "number_of_retries": None,
     "forced_disconnection_delay": 5, "minutes_since_first_failure": 300},
    {"file_in_use": True},
    {},
]
BODIES = [json.dumps(f).encode() for f in FACTS]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {**os.environ, "ADVISOR_HOME": str(db.parent), "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "advisor.server", "--port", str(port), "--db", str(db),
         "--no-access-log", "--log-level", "warning"], cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with status {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc, port
        except httpx.TransportError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("the server did not start within 30 s")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# The clients: each returns a function that sends request n and checks the reply.

def raw_client(port: int, endpoint: str) -> tuple[Callable[[int], None], Callable[[], None]]:
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if endpoint == "advice":
        requests = [b"POST /v1/advice HTTP/1.1\r\nHost: bench\r\nContent-Type: "
                    b"application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(b), b)
                    for b in BODIES]
    else:
        requests = [b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n"]
    buffer = b""

    def send(n: int) -> None:
        nonlocal buffer
        sock.sendall(requests[n % len(requests)])
        while b"\r\n\r\n" not in buffer:
            buffer += _recv(sock)
        head, buffer = buffer.split(b"\r\n\r\n", 1)
        if not head.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(f"{endpoint}: {head[:100]!r}")
        length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length:"))
        while len(buffer) < length:
            buffer += _recv(sock)
        buffer = buffer[length:]

    return send, sock.close


def _recv(sock: socket.socket) -> bytes:
    data = sock.recv(65536)
    if not data:
        raise RuntimeError("the server closed the connection")
    return data


def httpx_client(port: int, endpoint: str) -> tuple[Callable[[int], None], Callable[[], None]]:
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10)

    def send(n: int) -> None:
        if endpoint == "advice":
            r = client.post("/v1/advice", content=BODIES[n % len(BODIES)],
                            headers={"content-type": "application/json"})
        else:
            r = client.get("/healthz")
        if r.status_code != 200:
            raise RuntimeError(f"{endpoint}: {r.status_code} {r.text[:100]}")

    return send, client.close


CLIENTS = {"raw": raw_client, "httpx": httpx_client}


def load(client: str, port: int, endpoint: str, seconds: float, connections: int
         ) -> tuple[float, int]:
    """Requests per second over ``connections`` keep-alive connections, and how
    many requests were sent."""
    counts = [0] * connections
    failures: list[str] = []
    start = threading.Barrier(connections + 1)
    stop = threading.Event()

    def worker(index: int) -> None:
        send, close = CLIENTS[client](port, endpoint)
        try:
            send(0)  # connect before the clock starts
            start.wait()
            n = 0
            while not stop.is_set():
                send(n)
                n += 1
            counts[index] = n
        except (RuntimeError, OSError, httpx.HTTPError) as exc:
            failures.append(str(exc))
            stop.set()
        finally:
            close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    start.wait(timeout=30)
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    if failures:
        raise SystemExit(failures[0])
    return sum(counts) / elapsed, sum(counts) + connections


def measure(client: str, proc: subprocess.Popen[bytes], port: int,
            args: argparse.Namespace) -> bool:
    load(client, port, "advice", 1.0, args.connections)  # warm up
    load(client, port, "healthz", 0.5, args.connections)
    rates: dict[str, list[float]] = {"healthz": [], "advice": []}
    busy: dict[str, list[float]] = {"healthz": [], "advice": []}
    cost: dict[str, list[float]] = {"healthz": [], "advice": []}
    for index in range(args.rounds):
        # Alternate the order too, so that drift does not favour one.
        for endpoint in sorted(rates, reverse=index % 2 == 1):
            cpu, began = cpu_seconds(proc.pid), time.perf_counter()
            rate, sent = load(client, port, endpoint, args.seconds, args.connections)
            used = cpu_seconds(proc.pid) - cpu
            rates[endpoint].append(rate)
            busy[endpoint].append(used / (time.perf_counter() - began))
            cost[endpoint].append(used / sent)
    ratio = statistics.median(a / h for a, h in zip(rates["advice"], rates["healthz"],
                                                    strict=True))
    print(f"\n{client} client: {args.connections} threads, one keep-alive connection each; "
          f"{args.rounds} rounds x {args.seconds:g} s per endpoint")
    for endpoint, label in (("healthz", "GET  /healthz  "), ("advice", "POST /v1/advice")):
        print(f"  {label} {max(rates[endpoint]):7.0f} requests/s (best round); server: "
              f"{statistics.median(busy[endpoint]):.0%} of a CPU busy, "
              f"{statistics.median(cost[endpoint]) * 1e6:.0f} us of CPU per request")
    print("  per round (advice/healthz): " + ", ".join(
        f"{a:.0f}/{h:.0f}" for a, h in zip(rates["advice"], rates["healthz"], strict=True)))
    if client == "httpx":
        verdict = "target >= 0.5: " + ("met" if ratio >= 0.5 else "MISSED")
    else:
        verdict = "the server's own costs; no target"
    print(f"  ratio advice/healthz {ratio:.2f} (median of the rounds; {verdict})")
    return ratio >= 0.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="per round and endpoint")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--client", choices=["raw", "httpx", "both"], default="both")
    args = parser.parse_args()
    clients = ["raw", "httpx"] if args.client == "both" else [args.client]
    print(f"server: uvicorn, one process, on this machine ({os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory() as tmp:
        proc, port = start_server(Path(tmp) / "sessions.sqlite3")
        try:
            met = {client: measure(client, proc, port, args) for client in clients}
        finally:
            proc.terminate()
            proc.wait(10)
    # The target is set for the httpx client; the raw client shows the server's costs.
    return 0 if met.get("httpx", True) else 1


if __name__ == "__main__":
    sys.exit(main())
