"""pika (BlockingConnection): connect, topology, publish/consume, acks, qos, get, confirms, returns."""
import pika
import pytest

from helpers import drain, message_count, wait_until


def test_connect_plain_and_server_properties(conn):
    props = conn._impl.server_properties
    caps = props["capabilities"]
    for cap in ("publisher_confirms", "exchange_exchange_bindings", "basic.nack", "consumer_cancel_notify",
                "connection.blocked", "authentication_failure_close", "per_consumer_qos"):
        assert caps.get(cap) is True, cap
    assert conn.is_open


def test_wrong_password_is_refused(target):
    params = target.pika_params()
    params.credentials = pika.PlainCredentials(target.user, "definitely-wrong")
    with pytest.raises((pika.exceptions.ProbableAuthenticationError, pika.exceptions.AMQPConnectionError)) as err:
        pika.BlockingConnection(params)
    # authentication_failure_close: the broker says 403 ACCESS_REFUSED before closing
    assert "403" in repr(err.value) or "ACCESS_REFUSED" in repr(err.value)


def test_unknown_vhost_is_not_allowed(target, uid):
    params = target.pika_params(virtual_host="no-such-vhost-" + uid)
    with pytest.raises(pika.exceptions.AMQPConnectionError) as err:
        pika.BlockingConnection(params)
    assert "530" in repr(err.value) or "NOT_ALLOWED" in repr(err.value)


@pytest.mark.parametrize("kind", ["direct", "topic", "fanout", "headers"])
def test_declare_exchange_types(ch, cleanup, uid, kind):
    name = cleanup.exchange("itx.%s.%s" % (kind, uid))
    ch.exchange_declare(name, exchange_type=kind, durable=False, auto_delete=False)
    ch.exchange_declare(name, exchange_type=kind, passive=True)  # exists now
    ch.exchange_delete(name)


def test_predeclared_exchanges_exist(ch):
    for name, kind in (("amq.direct", "direct"), ("amq.topic", "topic"), ("amq.fanout", "fanout"),
                       ("amq.headers", "headers"), ("amq.match", "headers")):
        ch.exchange_declare(name, exchange_type=kind, passive=True)


def test_server_named_queue_and_declare_ok_counts(ch, cleanup):
    ok = ch.queue_declare("", exclusive=True)
    q = ok.method.queue
    assert q.startswith("amq.gen-")
    assert ok.method.message_count == 0 and ok.method.consumer_count == 0
    for i in range(3):
        ch.basic_publish("", q, b"m%d" % i)
    assert wait_until(lambda: message_count(ch, q) == 3)


@pytest.mark.parametrize("durable,auto_delete", [(False, False), (True, False), (False, True), (True, True)])
def test_queue_flags(ch, cleanup, uid, durable, auto_delete):
    q = cleanup.queue("itq.flags.%s" % uid)
    ch.queue_declare(q, durable=durable, auto_delete=auto_delete)
    # same flags again: ok
    ch.queue_declare(q, durable=durable, auto_delete=auto_delete)
    ch.queue_delete(q)


def test_bind_unbind_direct(ch, cleanup, uid):
    x = cleanup.exchange("itx.bind." + uid)
    q = cleanup.queue("itq.bind." + uid)
    ch.exchange_declare(x, "direct")
    ch.queue_declare(q)
    ch.queue_bind(q, x, routing_key="k1")
    ch.basic_publish(x, "k1", b"one")
    ch.basic_publish(x, "k2", b"dropped")
    ch.queue_unbind(q, x, routing_key="k1")
    ch.basic_publish(x, "k1", b"after-unbind")
    method, _, body = ch.basic_get(q, auto_ack=True)
    assert body == b"one"
    assert ch.basic_get(q, auto_ack=True)[0] is None


def test_topic_routing_star_and_hash(ch, cleanup, uid):
    x = cleanup.exchange("itx.topic." + uid)
    ch.exchange_declare(x, "topic")
    patterns = {"star": "a.*.c", "hash": "a.#", "all": "#", "mid": "*.b.#"}
    queues = {}
    for tag, pattern in patterns.items():
        q = cleanup.queue("itq.topic.%s.%s" % (tag, uid))
        ch.queue_declare(q)
        ch.queue_bind(q, x, routing_key=pattern)
        queues[tag] = q
    for key in ("a.b.c", "a", "a.b.c.d", "x.b", ""):
        ch.basic_publish(x, key, key.encode() or b"<empty>")

    def drain_keys(q):
        return sorted(drain(ch, q, lambda m, _: m.routing_key))

    assert wait_until(lambda: message_count(ch, queues["all"]) == 5)
    assert drain_keys(queues["star"]) == ["a.b.c"]
    assert drain_keys(queues["hash"]) == sorted(["a.b.c", "a", "a.b.c.d"])  # '#' matches zero words
    assert drain_keys(queues["all"]) == sorted(["a.b.c", "a", "a.b.c.d", "x.b", ""])
    assert drain_keys(queues["mid"]) == sorted(["a.b.c", "a.b.c.d", "x.b"])


def test_fanout_ignores_key(ch, cleanup, uid):
    x = cleanup.exchange("itx.fan." + uid)
    ch.exchange_declare(x, "fanout")
    qs = [cleanup.queue("itq.fan.%d.%s" % (i, uid)) for i in range(2)]
    for q in qs:
        ch.queue_declare(q)
        ch.queue_bind(q, x, routing_key="ignored")
    ch.basic_publish(x, "whatever", b"hello")
    for q in qs:
        assert wait_until(lambda: ch.basic_get(q, auto_ack=True)[2] == b"hello")


def test_headers_exchange_all_any(ch, cleanup, uid):
    x = cleanup.exchange("itx.hdr." + uid)
    ch.exchange_declare(x, "headers")
    q_all = cleanup.queue("itq.hdr.all." + uid)
    q_any = cleanup.queue("itq.hdr.any." + uid)
    ch.queue_declare(q_all)
    ch.queue_declare(q_any)
    ch.queue_bind(q_all, x, arguments={"x-match": "all", "format": "pdf", "type": "report"})
    ch.queue_bind(q_any, x, arguments={"x-match": "any", "format": "pdf", "type": "report"})
    for i, headers in enumerate(({"format": "pdf", "type": "report"}, {"format": "pdf"}, {"type": "log"}, {})):
        ch.basic_publish(x, "", b"%d" % i, pika.BasicProperties(headers=headers))

    def bodies(q):
        return sorted(drain(ch, q))

    assert wait_until(lambda: message_count(ch, q_any) == 2)
    assert bodies(q_all) == [b"0"]
    assert bodies(q_any) == [b"0", b"1"]


def test_consume_auto_ack(ch, cleanup, uid):
    q = cleanup.queue("itq.autoack." + uid)
    ch.queue_declare(q)
    for i in range(10):
        ch.basic_publish("", q, b"%d" % i)
    got = []
    for method, props, body in ch.consume(q, auto_ack=True, inactivity_timeout=10):
        assert method is not None, "timed out waiting for deliveries"
        got.append(body)
        if len(got) == 10:
            break
    ch.cancel()
    assert got == [b"%d" % i for i in range(10)]  # FIFO order from one publisher
    assert message_count(ch, q) == 0


def test_consume_manual_ack_and_unacked_requeued_on_close(target, conn, ch, cleanup, uid):
    q = cleanup.queue("itq.manack." + uid)
    ch.queue_declare(q)
    for i in range(4):
        ch.basic_publish("", q, b"%d" % i)
    c2 = pika.BlockingConnection(target.pika_params())
    ch2 = c2.channel()
    seen = []
    for method, _, body in ch2.consume(q, auto_ack=False, inactivity_timeout=10):
        assert method is not None
        seen.append((method.delivery_tag, body))
        if len(seen) == 4:
            break
    ch2.basic_ack(seen[0][0])
    ch2.basic_ack(seen[2][0], multiple=True)  # acks tags 2 and 3
    c2.close()  # tag 4 was unacked: back to the queue, redelivered
    method, _, body = ch.basic_get(q, auto_ack=True)
    assert body == b"3" and method.redelivered
    assert ch.basic_get(q, auto_ack=True)[0] is None


def test_prefetch_limits_unacked(ch, cleanup, uid):
    q = cleanup.queue("itq.qos." + uid)
    ch.queue_declare(q)
    for i in range(10):
        ch.basic_publish("", q, b"%d" % i)
    ch.basic_qos(prefetch_count=3)
    received = []
    ch.basic_consume(q, lambda c, m, p, b: received.append(m.delivery_tag), auto_ack=False)
    assert wait_until(lambda: len(received) >= 3, sleep=ch.connection.sleep)
    ch.connection.sleep(0.5)  # would-be extra deliveries have time to arrive
    assert len(received) == 3
    ch.basic_ack(received[-1], multiple=True)
    assert wait_until(lambda: len(received) >= 6, sleep=ch.connection.sleep)
    ch.connection.sleep(0.5)
    assert len(received) == 6


def test_reject_and_nack_requeue_redelivered(ch, cleanup, uid):
    q = cleanup.queue("itq.requeue." + uid)
    ch.queue_declare(q)
    ch.basic_publish("", q, b"a")
    ch.basic_publish("", q, b"b")
    m1, _, b1 = ch.basic_get(q)
    assert b1 == b"a" and not m1.redelivered
    ch.basic_reject(m1.delivery_tag, requeue=True)
    m2, _, b2 = ch.basic_get(q)
    assert b2 == b"a" and m2.redelivered
    m3, _, b3 = ch.basic_get(q)
    assert b3 == b"b"
    ch.basic_nack(m3.delivery_tag, multiple=True, requeue=True)  # nacks a and b
    got = []
    for _ in range(2):
        m, _, body = ch.basic_get(q, auto_ack=True)
        got.append((body, m.redelivered))
    assert sorted(got) == [(b"a", True), (b"b", True)]


def test_reject_without_requeue_drops(ch, cleanup, uid):
    q = cleanup.queue("itq.drop." + uid)
    ch.queue_declare(q)
    ch.basic_publish("", q, b"x")
    m, _, _ = ch.basic_get(q)
    ch.basic_reject(m.delivery_tag, requeue=False)
    assert ch.basic_get(q)[0] is None


def test_basic_get_empty_and_counts(ch, cleanup, uid):
    q = cleanup.queue("itq.get." + uid)
    ch.queue_declare(q)
    assert ch.basic_get(q) == (None, None, None)
    ch.basic_publish("", q, b"1")
    ch.basic_publish("", q, b"2")
    m, _, body = ch.basic_get(q, auto_ack=True)
    assert body == b"1" and m.message_count == 1


def test_publisher_confirms(ch, cleanup, uid):
    q = cleanup.queue("itq.confirm." + uid)
    ch.queue_declare(q)
    ch.confirm_delivery()
    for i in range(50):
        ch.basic_publish("", q, b"%d" % i, pika.BasicProperties(delivery_mode=2))  # raises on nack
    assert message_count(ch, q) == 50


def test_mandatory_unroutable_is_returned_312(ch, uid):
    returned = []
    ch.add_on_return_callback(lambda c, m, p, b: returned.append((m.reply_code, m.reply_text, b)))
    ch.basic_publish("amq.direct", "nobody-home." + uid, b"lost", mandatory=True)
    assert wait_until(lambda: returned, sleep=ch.connection.sleep)
    assert returned[0][0] == 312 and returned[0][1] == "NO_ROUTE" and returned[0][2] == b"lost"


def test_mandatory_unroutable_with_confirms_raises(ch, uid):
    ch.confirm_delivery()
    with pytest.raises(pika.exceptions.UnroutableError):
        ch.basic_publish("amq.direct", "nobody-home." + uid, b"lost", mandatory=True)


def test_purge_and_delete_if_empty_if_unused(ch, cleanup, uid):
    q = cleanup.queue("itq.purge." + uid)
    ch.queue_declare(q)
    for i in range(5):
        ch.basic_publish("", q, b"x")
    assert wait_until(lambda: message_count(ch, q) == 5)
    assert ch.queue_purge(q).method.message_count == 5
    ok = ch.queue_delete(q, if_empty=True)
    assert ok.method.message_count == 0


def test_large_message_split_across_frames(ch, cleanup, uid):
    q = cleanup.queue("itq.large." + uid)
    ch.queue_declare(q)
    body = bytes(range(256)) * (5 * 1024 * 1024 // 256 + 3)  # just over 5 MB, not frame aligned
    ch.basic_publish("", q, body)
    m, _, got = ch.basic_get(q, auto_ack=True)
    assert m is not None and got == body


def test_unicode_keys_and_headers(ch, cleanup, uid):
    x = cleanup.exchange("itx.ünï.ключ.%s" % uid)
    q = cleanup.queue("itq.ünï.队列.%s" % uid)
    ch.exchange_declare(x, "topic")
    ch.queue_declare(q)
    key = "ключ.日本語.émoji-✓"
    ch.queue_bind(q, x, routing_key=key)
    headers = {"名前": "値", "emoji": "🚀", "nested": {"ä": ["ö", 1, True]}}
    ch.basic_publish(x, key, "тело".encode(), pika.BasicProperties(headers=headers, content_type="text/plain"))
    m, props, body = ch.basic_get(q, auto_ack=True)
    assert m.routing_key == key and m.exchange == x
    assert body.decode() == "тело"
    assert props.headers["名前"] == "値" and props.headers["emoji"] == "🚀"
    assert props.headers["nested"]["ä"] == ["ö", 1, True]


def test_all_basic_properties_round_trip(ch, cleanup, uid):
    import datetime
    import decimal
    q = cleanup.queue("itq.props." + uid)
    ch.queue_declare(q)
    headers = {"str": "s", "int": 42, "neg": -7, "big": 2 ** 40, "bool": False,
               "ts": datetime.datetime(2024, 1, 2, 3, 4, 5),
               "dec": decimal.Decimal("3.14"), "bytes": b"\x00\x01", "list": [1, "two", [3]],
               "table": {"k": "v"}, "none": None}
    props = pika.BasicProperties(
        content_type="application/json", content_encoding="utf-8", headers=headers, delivery_mode=2,
        priority=5, correlation_id="corr-1", reply_to="reply-q", expiration="60000", message_id="mid-1",
        timestamp=1700000000, type="kind", user_id=ch.connection._impl.params.credentials.username,
        app_id="interop", cluster_id="cid")
    ch.basic_publish("", q, b"{}", props)
    _, got, _ = ch.basic_get(q, auto_ack=True)
    for field in ("content_type", "content_encoding", "delivery_mode", "priority", "correlation_id", "reply_to",
                  "expiration", "message_id", "timestamp", "type", "user_id", "app_id", "cluster_id"):
        assert getattr(got, field) == getattr(props, field), field
    for k, v in headers.items():
        if k == "bytes":
            assert got.headers[k] in (v, v.decode())  # pika decodes longstr 'S' to str when it can
        else:
            assert got.headers[k] == v, k


def test_heartbeat_keeps_idle_connection_alive(target, cleanup, uid):
    c = pika.BlockingConnection(target.pika_params(heartbeat=1))
    try:
        assert c._impl.params.heartbeat == 1  # negotiated: server default 60, client asks 1 -> 1
        c.sleep(4)  # several heartbeat intervals with no traffic but heartbeats
        assert c.is_open
        q = cleanup.queue("itq.hb." + uid)
        chan = c.channel()
        chan.queue_declare(q)
        chan.basic_publish("", q, b"alive")
        assert chan.basic_get(q, auto_ack=True)[2] == b"alive"
    finally:
        if c.is_open:
            c.close()


def test_exchange_to_exchange_binding(ch, cleanup, uid):
    src = cleanup.exchange("itx.e2e.src." + uid)
    dst = cleanup.exchange("itx.e2e.dst." + uid)
    q = cleanup.queue("itq.e2e." + uid)
    ch.exchange_declare(src, "topic")
    ch.exchange_declare(dst, "fanout")
    ch.queue_declare(q)
    ch.queue_bind(q, dst)
    ch.exchange_bind(dst, src, routing_key="a.#")
    ch.basic_publish(src, "a.b", b"via-e2e")
    ch.basic_publish(src, "b.a", b"not-routed")
    assert wait_until(lambda: message_count(ch, q) == 1)
    ch.exchange_unbind(dst, src, routing_key="a.#")
    ch.basic_publish(src, "a.b", b"after-unbind")
    assert ch.basic_get(q, auto_ack=True)[2] == b"via-e2e"
    assert ch.basic_get(q, auto_ack=True)[0] is None


def test_tx_commit_and_rollback(ch, cleanup, uid):
    q = cleanup.queue("itq.tx." + uid)
    ch.queue_declare(q)
    ch.tx_select()
    ch.basic_publish("", q, b"rolled-back")
    ch.tx_rollback()
    ch.basic_publish("", q, b"committed")
    assert message_count(ch, q) == 0
    ch.tx_commit()
    assert message_count(ch, q) == 1
    assert ch.basic_get(q, auto_ack=True)[2] == b"committed"


def test_direct_reply_to_rpc(conn, ch, target, cleanup, uid):
    """RPC with direct reply-to as pika's tutorials do it: the reply reaches the caller without a reply queue."""
    q = cleanup.queue("itq.rpc.%s" % uid)
    ch.queue_declare(q)
    replies = []
    ch.basic_consume("amq.rabbitmq.reply-to", lambda c, m, p, b: replies.append((m.routing_key, p.correlation_id, b)),
                     auto_ack=True)
    ch.basic_publish("", q, b"ping", pika.BasicProperties(reply_to="amq.rabbitmq.reply-to", correlation_id="c-1"))

    server = pika.BlockingConnection(target.pika_params())
    try:
        sch = server.channel()
        assert wait_until(lambda: message_count(sch, q) == 1)
        method, props, body = sch.basic_get(q, auto_ack=True)
        assert body == b"ping" and props.reply_to.startswith("amq.rabbitmq.reply-to.")
        sch.basic_publish("", props.reply_to, b"pong", pika.BasicProperties(correlation_id=props.correlation_id))
    finally:
        server.close()
    assert wait_until(lambda: len(replies) == 1, sleep=conn.sleep)
    assert replies[0][1:] == ("c-1", b"pong") and replies[0][0] == props.reply_to
