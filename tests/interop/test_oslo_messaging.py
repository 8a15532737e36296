"""oslo.messaging's rabbit driver (kombu + py-amqp): rpc call/cast/fanout/targeted, timeouts, remote errors,
notifications. Each test uses its own control exchange and topic."""
import threading
import time

import oslo_messaging
import pytest
from oslo_config import cfg
from oslo_messaging._drivers import impl_rabbit
from oslo_messaging._metrics import client as metrics_client

from helpers import delete_all


class Harness:
    """One oslo ConfigOpts + transports per test; stops every server it started."""

    def __init__(self, target, uid, rabbit_options=None):
        self.uid = uid
        self.exchange = "itx-oslo-" + uid
        self.topic = "ittopic-" + uid
        self.conf = cfg.ConfigOpts()
        self.conf([], project="fabric-interop")
        # The rpc client's metrics collector reads this group from whatever conf it is given first.
        self.conf.register_opts(metrics_client.oslo_messaging_metrics, group="oslo_messaging_metrics")
        # Driver options must be set before the transport makes its first connection.
        self.conf.register_opts(impl_rabbit.rabbit_opts, group="oslo_messaging_rabbit")
        for name, value in (rabbit_options or {}).items():
            self.conf.set_override(name, value, group="oslo_messaging_rabbit")
        url = target.rabbit_url()
        self.transport = oslo_messaging.get_rpc_transport(self.conf, url=url)
        self.conf.set_override("control_exchange", self.exchange)
        self.notify_transport = None
        self.url = url
        self.servers = []

    def target(self, **kw):
        kw.setdefault("topic", self.topic)
        kw.setdefault("exchange", self.exchange)
        return oslo_messaging.Target(**kw)

    def server(self, endpoints, server):
        s = oslo_messaging.get_rpc_server(self.transport, self.target(server=server), endpoints,
                                          executor="threading")
        s.start()
        self.servers.append(s)
        return s

    def client(self, **kw):
        kw.setdefault("timeout", 10)
        return oslo_messaging.get_rpc_client(self.transport, self.target(), **kw)

    def notifier(self, topic):
        self.notify_transport = self.notify_transport or oslo_messaging.get_notification_transport(
            self.conf, url=self.url)
        return oslo_messaging.Notifier(self.notify_transport, publisher_id="interop." + self.uid,
                                       driver="messaging", topics=[topic])

    def listener(self, topic, endpoints):
        self.notify_transport = self.notify_transport or oslo_messaging.get_notification_transport(
            self.conf, url=self.url)
        l = oslo_messaging.get_notification_listener(self.notify_transport, [self.target(topic=topic)], endpoints,
                                                     executor="threading")
        l.start()
        self.servers.append(l)
        return l

    def close(self):
        # The driver's reply queue (x-expires would remove it later anyway).
        self.reply_queue = getattr(self.transport._driver, "_reply_q", None)
        for s in self.servers:
            s.stop()
        for s in self.servers:
            s.wait()
        self.transport.cleanup()
        if self.notify_transport:
            self.notify_transport.cleanup()


@pytest.fixture
def oslo(request, target, uid):
    h = Harness(target, uid, getattr(request, "param", None))
    yield h
    h.close()
    # Topic queues are durable-less but not auto-delete: remove what the driver declared.
    notification_queues = ["notif-%s.%s" % (uid, level) for level in ("info", "warn", "error")]
    delete_all(target, queues=[q for q in [h.reply_queue] if q] + [h.topic, "%s.s1" % h.topic, "%s.s2" % h.topic]
               + notification_queues,
               exchanges=[h.exchange, h.topic + "_fanout"])


class Calculator:
    def __init__(self, name="s"):
        self.name = name
        self.casts = []
        self.event = threading.Event()

    def add(self, ctxt, a, b):
        return a + b

    def whoami(self, ctxt):
        return self.name

    def echo(self, ctxt, value):
        return value

    def record(self, ctxt, value):
        self.casts.append(value)
        self.event.set()

    def fail(self, ctxt, text):
        raise ValueError(text)

    def slow(self, ctxt, seconds):
        time.sleep(seconds)
        return "late"


def test_rpc_call_returns_reply(oslo):
    oslo.server([Calculator()], "s1")
    client = oslo.client()
    assert client.call({}, "add", a=2, b=40) == 42
    payload = {"ünï": ["cödé", 1, 2.5, None, True], "big": "x" * 200000}
    assert client.call({}, "echo", value=payload) == payload


def test_rpc_cast_is_delivered(oslo):
    calc = Calculator()
    oslo.server([calc], "s1")
    oslo.client().cast({}, "record", value="fire-and-forget")
    assert calc.event.wait(10)
    assert calc.casts == ["fire-and-forget"]


def test_fanout_cast_reaches_both_servers(oslo):
    a, b = Calculator("s1"), Calculator("s2")
    oslo.server([a], "s1")
    oslo.server([b], "s2")
    oslo.client().prepare(fanout=True).cast({}, "record", value="to-all")
    assert a.event.wait(10) and b.event.wait(10)
    assert a.casts == ["to-all"] and b.casts == ["to-all"]


def test_targeted_call_goes_to_named_server(oslo):
    oslo.server([Calculator("s1")], "s1")
    oslo.server([Calculator("s2")], "s2")
    client = oslo.client()
    for _ in range(3):
        assert client.prepare(server="s2").call({}, "whoami") == "s2"
        assert client.prepare(server="s1").call({}, "whoami") == "s1"


def test_call_times_out_without_server(oslo):
    client = oslo.client().prepare(timeout=2)
    started = time.monotonic()
    with pytest.raises(oslo_messaging.MessagingTimeout):
        client.call({}, "add", a=1, b=1)
    assert time.monotonic() - started < 15


def test_call_times_out_on_slow_server(oslo):
    oslo.server([Calculator()], "s1")
    with pytest.raises(oslo_messaging.MessagingTimeout):
        oslo.client().prepare(timeout=1).call({}, "slow", seconds=3)


def test_remote_exception_is_reraised(oslo):
    oslo.server([Calculator()], "s1")
    with pytest.raises(ValueError) as err:
        oslo.client().call({}, "fail", text="boom-" + oslo.uid)
    assert "boom-" + oslo.uid in str(err.value)


def test_notifier_and_listener(oslo):
    received = []
    done = threading.Event()

    class Endpoint:
        def info(self, ctxt, publisher_id, event_type, payload, metadata):
            received.append((publisher_id, event_type, payload))
            done.set()

    topic = "notif-" + oslo.uid
    oslo.listener(topic, [Endpoint()])
    oslo.notifier(topic).info({}, "compute.instance.create.end", {"id": oslo.uid, "ok": True})
    assert done.wait(10)
    assert received == [("interop." + oslo.uid, "compute.instance.create.end", {"id": oslo.uid, "ok": True})]


@pytest.mark.parametrize("oslo", [
    {"rabbit_login_method": "PLAIN"},
    {"rabbit_ha_queues": True},
    {"rabbit_quorum_queue": True, "rabbit_quorum_delivery_limit": 3, "rabbit_quroum_max_memory_length": 100},
    {"enable_cancel_on_failover": True},
    {"rabbit_qos_prefetch_count": 1},
    {"rabbit_transient_queues_ttl": 5},
], indirect=True, ids=["plain-login", "ha-queues", "quorum-queues", "cancel-on-failover", "prefetch-1",
                       "transient-ttl"])
def test_driver_options_call_and_fanout(oslo):
    a, b = Calculator("s1"), Calculator("s2")
    oslo.server([a], "s1")
    oslo.server([b], "s2")
    client = oslo.client()
    assert client.call({}, "add", a=1, b=2) == 3
    assert client.prepare(server="s2").call({}, "whoami") == "s2"
    client.prepare(fanout=True).cast({}, "record", value="both")
    assert a.event.wait(10) and b.event.wait(10)


@pytest.mark.parametrize("oslo", [{"heartbeat_timeout_threshold": 4, "heartbeat_rate": 2}], indirect=True,
                         ids=["heartbeat-4s"])
def test_idle_connection_survives_with_driver_heartbeats(oslo):
    oslo.server([Calculator()], "s1")
    client = oslo.client()
    assert client.call({}, "add", a=1, b=1) == 2
    time.sleep(9)  # > 2 heartbeat timeouts without RPC traffic
    assert client.call({}, "add", a=2, b=2) == 4


def test_notification_priorities_and_pools(oslo):
    received = {"info": [], "error": [], "warn": []}
    done = threading.Event()

    class Endpoint:
        def _record(self, level, payload):
            received[level].append(payload["n"])
            if sum(len(v) for v in received.values()) == 3:
                done.set()

        def info(self, ctxt, publisher_id, event_type, payload, metadata):
            self._record("info", payload)

        def warn(self, ctxt, publisher_id, event_type, payload, metadata):
            self._record("warn", payload)

        def error(self, ctxt, publisher_id, event_type, payload, metadata):
            self._record("error", payload)

    topic = "notif-" + oslo.uid
    oslo.listener(topic, [Endpoint()])
    notifier = oslo.notifier(topic)
    notifier.info({}, "e.info", {"n": 1})
    notifier.warn({}, "e.warn", {"n": 2})
    notifier.error({}, "e.error", {"n": 3})
    assert done.wait(10)
    assert received == {"info": [1], "warn": [2], "error": [3]}
