"""kombu over py-amqp: logins, producer/consumer, confirms, oslo-style queue arguments, heartbeats."""
import socket

import amqp
import kombu
import pytest

from helpers import wait_until


@pytest.fixture
def kconn(target):
    c = kombu.Connection(target.kombu_url(), transport_options={"confirm_publish": True}, connect_timeout=10)
    c.connect()
    yield c
    c.release()


@pytest.mark.parametrize("method", ["AMQPLAIN", "PLAIN"])
def test_py_amqp_login_methods(target, method):
    c = amqp.Connection("%s:%d" % (target.host, target.port), userid=target.user, password=target.password,
                        virtual_host=target.vhost, login_method=method, connect_timeout=10)
    c.connect()
    try:
        assert c.connected
        caps = c.server_properties["capabilities"]
        assert caps["publisher_confirms"] and caps["basic.nack"] and caps["consumer_cancel_notify"]
        ch = c.channel()
        q, _, _ = ch.queue_declare("", exclusive=True)
        assert q.startswith("amq.gen-")
    finally:
        c.close()


def test_py_amqp_bad_password_access_refused(target):
    c = amqp.Connection("%s:%d" % (target.host, target.port), userid=target.user, password="wrong-password",
                        virtual_host=target.vhost, login_method="AMQPLAIN", connect_timeout=10)
    with pytest.raises(amqp.exceptions.AccessRefused) as err:
        c.connect()
    assert err.value.reply_code == 403


def test_kombu_produce_consume_with_confirms(kconn, cleanup, uid):
    exchange = kombu.Exchange("itx.kombu." + uid, type="topic", durable=False, auto_delete=False)
    queue = kombu.Queue("itq.kombu." + uid, exchange, routing_key="orders.*", durable=False)
    cleanup.exchange(exchange.name)
    cleanup.queue(queue.name)
    producer = kconn.Producer()
    for i in range(20):
        producer.publish({"n": i, "text": "ünïcode"}, exchange=exchange, routing_key="orders.new",
                         declare=[queue], serializer="json", delivery_mode=2)
    got = []

    def on_message(body, message):
        got.append(body["n"])
        message.ack()

    with kconn.Consumer(queue, callbacks=[on_message], prefetch_count=5):
        while len(got) < 20:
            kconn.drain_events(timeout=10)
    assert got == list(range(20))


def test_kombu_reject_requeue_redelivered(kconn, cleanup, uid):
    queue = kombu.Queue("itq.kombu.requeue." + uid, routing_key="itq.kombu.requeue." + uid)
    cleanup.queue(queue.name)
    kconn.Producer().publish(b"again", routing_key=queue.name, declare=[queue], serializer=None,
                             content_type="application/octet-stream")
    seen = []

    def on_message(body, message):
        seen.append(message.delivery_info["redelivered"])
        if len(seen) == 1:
            message.requeue()
        else:
            message.ack()

    with kconn.Consumer(queue, callbacks=[on_message]):
        while len(seen) < 2:
            kconn.drain_events(timeout=10)
    assert seen == [False, True]


def test_kombu_simple_queue_get(kconn, cleanup, uid):
    name = cleanup.exchange(cleanup.queue("itq.kombu.simple." + uid))  # SimpleQueue declares both
    sq = kconn.SimpleQueue(name)
    try:
        sq.put({"hello": "world"})
        msg = sq.get(block=True, timeout=10)
        assert msg.payload == {"hello": "world"}
        msg.ack()
    finally:
        sq.close()


def test_kombu_oslo_style_queue_arguments(kconn, cleanup, uid):
    # What oslo.messaging's rabbit driver declares for reply/fanout queues.
    args = {"x-expires": 1800000, "x-ha-policy": "all", "x-cancel-on-ha-failover": True, "x-queue-type": "classic"}
    exchange = kombu.Exchange("itx.oslo." + uid, type="fanout", durable=False, auto_delete=True)
    queue = kombu.Queue("itq.oslo." + uid, exchange, durable=False, auto_delete=True, queue_arguments=args,
                        consumer_arguments={"x-priority": 1})
    cleanup.queue(queue.name)
    cleanup.exchange(exchange.name)
    got = []
    with kconn.Consumer(queue, callbacks=[lambda body, m: (got.append(body), m.ack())]):
        kconn.Producer().publish("ping", exchange=exchange, routing_key="", expiration=30)
        while not got:
            kconn.drain_events(timeout=10)
    assert got == ["ping"]


def test_kombu_quorum_queue(kconn, cleanup, uid):
    queue = kombu.Queue("itq.kombu.quorum." + uid, routing_key="itq.kombu.quorum." + uid, durable=True,
                        queue_arguments={"x-queue-type": "quorum"})
    cleanup.queue(queue.name)
    kconn.Producer().publish("q", routing_key=queue.name, declare=[queue], delivery_mode=2)
    got = []
    with kconn.Consumer(queue, callbacks=[lambda body, m: (got.append(body), m.ack())]):
        while not got:
            kconn.drain_events(timeout=10)
    assert got == ["q"]


def test_kombu_mandatory_return(kconn, uid):
    # py-amqp with confirm_publish: an unroutable mandatory publish comes back as basic.return (312).
    returned = []
    chan = kconn.default_channel
    chan.events["basic_return"].add(lambda exc, exchange, routing_key, message: returned.append(exc.reply_code))
    kconn.Producer(chan).publish("lost", exchange="amq.direct", routing_key="nobody." + uid, mandatory=True)
    assert wait_until(lambda: returned or _pump(kconn), timeout=10)
    assert returned == [312]


def _pump(kconn):
    try:
        kconn.drain_events(timeout=0.1)
    except socket.timeout:
        pass
    return False


def test_kombu_large_message(kconn, cleanup, uid):
    queue = kombu.Queue("itq.kombu.large." + uid, routing_key="itq.kombu.large." + uid)
    cleanup.queue(queue.name)
    body = b"\xab\xcd" * (3 * 1024 * 1024)  # 6 MB
    kconn.Producer().publish(body, routing_key=queue.name, declare=[queue], serializer=None,
                             content_type="application/octet-stream")
    got = []
    with kconn.Consumer(queue, callbacks=[lambda b, m: (got.append(b), m.ack())], accept=["application/octet-stream"]):
        while not got:
            kconn.drain_events(timeout=15)
    assert got[0] == body


def test_kombu_heartbeat(target, cleanup, uid):
    c = kombu.Connection(target.kombu_url(), heartbeat=2, connect_timeout=10)
    c.connect()
    try:
        assert c.connection.heartbeat == 2
        import time
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # idle for > 2 intervals, answering heartbeats
            c.heartbeat_check()
            try:
                c.drain_events(timeout=0.25)
            except socket.timeout:
                pass
        assert c.connected
        with c.SimpleQueue(cleanup.exchange("itq.kombu.hb." + uid), queue_opts={"auto_delete": True}) as sq:
            sq.put("alive")
            m = sq.get(timeout=10)
            assert m.payload == "alive"
            m.ack()
    finally:
        c.release()
