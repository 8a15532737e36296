"""Shared fixtures for the real-client interop suite.

The target broker comes from env AMQP_URL (default amqp://guest:guest@127.0.0.1:5672/).
Every test gets a hard time limit (SIGALRM) so the suite always stops by itself.
"""
import os
import signal
import socket
import uuid

import pika
import pytest

from helpers import Target, delete_all

AMQP_URL = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
TEST_TIME_LIMIT = int(os.environ.get("INTEROP_TEST_TIME_LIMIT", "60"))


def pytest_sessionstart(session):
    """Fail fast when nothing answers AMQP at AMQP_URL (oslo's driver would otherwise retry per test)."""
    if session.config.option.collectonly:
        return
    t = Target(AMQP_URL)
    try:
        with socket.create_connection((t.host, t.port), timeout=5) as s:
            s.settimeout(5)
            s.sendall(b"AMQP\x00\x00\x09\x01")
            if s.recv(1) != b"\x01":
                raise OSError("no connection.start frame")
    except OSError as e:
        pytest.exit("no AMQP 0-9-1 broker answers at %s (%s); set AMQP_URL" % (AMQP_URL, e), returncode=1)


@pytest.fixture(scope="session")
def target():
    return Target(AMQP_URL)


@pytest.fixture(autouse=True)
def _time_limit(request):
    def on_alarm(signum, frame):
        raise TimeoutError("test exceeded %ds: %s" % (TEST_TIME_LIMIT, request.node.nodeid))

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(TEST_TIME_LIMIT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def uid():
    """Unique suffix so parallel/repeated runs never share names."""
    return uuid.uuid4().hex[:10]


@pytest.fixture
def conn(target):
    c = pika.BlockingConnection(target.pika_params())
    yield c
    if c.is_open:
        c.close()


@pytest.fixture
def ch(conn):
    return conn.channel()


@pytest.fixture
def cleanup(target):
    """Register queues/exchanges to delete after the test on a fresh connection."""
    queues, exchanges = [], []

    class Registry:
        def queue(self, name):
            queues.append(name)
            return name

        def exchange(self, name):
            exchanges.append(name)
            return name

    yield Registry()
    if queues or exchanges:
        delete_all(target, queues, exchanges)
