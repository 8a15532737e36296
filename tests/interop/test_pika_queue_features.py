"""pika: queue arguments and lifecycles (TTL, expiry, length limits, dead-lettering, priority, auto-delete)."""
import time

import pika
import pytest

from helpers import drain, expect_channel_close, message_count, queue_gone, wait_until


def test_per_message_expiration(ch, cleanup, uid):
    q = cleanup.queue("itq.expiration." + uid)
    ch.queue_declare(q)
    ch.basic_publish("", q, b"short", pika.BasicProperties(expiration="50"))
    ch.basic_publish("", q, b"long", pika.BasicProperties(expiration="60000"))
    ch.queue_declare(q, passive=True)  # a sync call on the same channel: both publishes are queued now
    time.sleep(0.3)
    assert drain(ch, q) == [b"long"]


def test_expiration_zero_is_dropped_unless_deliverable(ch, cleanup, uid):
    q = cleanup.queue("itq.expzero." + uid)
    ch.queue_declare(q)
    ch.basic_publish("", q, b"never", pika.BasicProperties(expiration="0"))
    assert wait_until(lambda: message_count(ch, q) == 0)
    assert drain(ch, q) == []


def test_x_message_ttl(ch, cleanup, uid):
    q = cleanup.queue("itq.ttl." + uid)
    control = cleanup.queue("itq.ttl.control." + uid)
    x = cleanup.exchange("itx.ttl." + uid)
    ch.exchange_declare(x, "fanout")
    ch.queue_declare(q, arguments={"x-message-ttl": 100})
    ch.queue_declare(control)
    ch.queue_bind(q, x)
    ch.queue_bind(control, x)
    ch.basic_publish(x, "", b"a")
    assert wait_until(lambda: message_count(ch, control) == 1)
    assert wait_until(lambda: message_count(ch, q) == 0, timeout=10)
    assert message_count(ch, control) == 1


def test_x_expires_removes_unused_queue(conn, ch, uid):
    q = "itq.xexpires." + uid
    ch.queue_declare(q, arguments={"x-expires": 200})
    # A (passive) declare renews the lease: poll less often than the expiry.
    assert wait_until(lambda: queue_gone(conn, q), timeout=10, interval=1.0, sleep=conn.sleep)


def test_x_expires_not_while_consumed(conn, ch, cleanup, uid):
    q = cleanup.queue("itq.xexpires.used." + uid)
    ch.queue_declare(q, arguments={"x-expires": 300})
    ch.basic_consume(q, lambda *a: None, auto_ack=True)
    conn.sleep(1.0)
    assert not queue_gone(conn, q)


def test_x_max_length_drops_head(ch, cleanup, uid):
    q = cleanup.queue("itq.maxlen." + uid)
    ch.queue_declare(q, arguments={"x-max-length": 3})
    for i in range(5):
        ch.basic_publish("", q, b"%d" % i)
    assert wait_until(lambda: message_count(ch, q) == 3)
    assert drain(ch, q) == [b"2", b"3", b"4"]


def test_x_max_length_bytes_drops_head(ch, cleanup, uid):
    q = cleanup.queue("itq.maxbytes." + uid)
    ch.queue_declare(q, arguments={"x-max-length-bytes": 25})
    for i in range(5):
        ch.basic_publish("", q, b"%d" % i * 10)  # 10 bytes each
    assert wait_until(lambda: message_count(ch, q) == 2)
    assert drain(ch, q) == [b"3" * 10, b"4" * 10]


def test_overflow_reject_publish_nacks_with_confirms(ch, cleanup, uid):
    q = cleanup.queue("itq.rejectpub." + uid)
    ch.queue_declare(q, arguments={"x-max-length": 2, "x-overflow": "reject-publish"})
    ch.confirm_delivery()
    ch.basic_publish("", q, b"1")
    ch.basic_publish("", q, b"2")
    with pytest.raises(pika.exceptions.NackError):
        ch.basic_publish("", q, b"3")
    assert drain(ch, q) == [b"1", b"2"]


def _dlx_pair(ch, cleanup, uid, args):
    dlx = cleanup.exchange("itx.dlx." + uid)
    dlq = cleanup.queue("itq.dlq." + uid)
    ch.exchange_declare(dlx, "fanout")
    ch.queue_declare(dlq)
    ch.queue_bind(dlq, dlx)
    q = cleanup.queue("itq.src." + uid)
    arguments = {"x-dead-letter-exchange": dlx}
    arguments.update(args)
    ch.queue_declare(q, arguments=arguments)
    return q, dlq


def _one(ch, queue):
    assert wait_until(lambda: message_count(ch, queue) >= 1)
    method, props, body = ch.basic_get(queue, auto_ack=True)
    assert method is not None
    return method, props, body


def test_dead_letter_on_reject_with_x_death(ch, cleanup, uid):
    q, dlq = _dlx_pair(ch, cleanup, uid, {})
    ch.basic_publish("", q, b"bad", pika.BasicProperties(headers={"orig": "yes"}))
    m, _, _ = ch.basic_get(q)
    ch.basic_reject(m.delivery_tag, requeue=False)
    method, props, body = _one(ch, dlq)
    assert body == b"bad" and props.headers["orig"] == "yes"
    assert method.routing_key == q  # original routing key kept
    death = props.headers["x-death"][0]
    assert death["reason"] == "rejected" and death["queue"] == q and death["count"] == 1
    assert death["exchange"] == "" and list(death["routing-keys"]) == [q]
    assert props.headers["x-first-death-reason"] == "rejected"
    assert props.headers["x-first-death-queue"] == q


def test_dead_letter_on_expiry_with_routing_key_override(ch, cleanup, uid):
    q, dlq = _dlx_pair(ch, cleanup, uid, {"x-message-ttl": 50, "x-dead-letter-routing-key": "rk-" + uid})
    ch.basic_publish("", q, b"old")
    method, props, body = _one(ch, dlq)
    assert body == b"old" and method.routing_key == "rk-" + uid
    death = props.headers["x-death"][0]
    assert death["reason"] == "expired" and death["queue"] == q


def test_dead_letter_on_maxlen(ch, cleanup, uid):
    q, dlq = _dlx_pair(ch, cleanup, uid, {"x-max-length": 1})
    ch.basic_publish("", q, b"first")
    ch.basic_publish("", q, b"second")
    _, props, body = _one(ch, dlq)
    assert body == b"first" and props.headers["x-death"][0]["reason"] == "maxlen"


def test_dead_letter_on_nack(ch, cleanup, uid):
    q, dlq = _dlx_pair(ch, cleanup, uid, {})
    ch.basic_publish("", q, b"n")
    m, _, _ = ch.basic_get(q)
    ch.basic_nack(m.delivery_tag, requeue=False)
    _, props, body = _one(ch, dlq)
    assert body == b"n" and props.headers["x-death"][0]["reason"] == "rejected"


def test_per_message_expiration_dead_letters_and_strips_expiration(ch, cleanup, uid):
    q, dlq = _dlx_pair(ch, cleanup, uid, {})
    ch.basic_publish("", q, b"p", pika.BasicProperties(expiration="50"))
    ch.queue_declare(q, passive=True)
    time.sleep(0.3)
    ch.basic_get(q)  # expiry of a head message is observed on access
    _, props, body = _one(ch, dlq)
    assert body == b"p" and props.expiration is None
    death = props.headers["x-death"][0]
    assert death["reason"] == "expired" and death["original-expiration"] == "50"


def test_x_max_priority_orders_by_priority(ch, cleanup, uid):
    q = cleanup.queue("itq.prio." + uid)
    ch.queue_declare(q, arguments={"x-max-priority": 10})
    for prio in (1, 5, 3, 9, 0):
        ch.basic_publish("", q, b"%d" % prio, pika.BasicProperties(priority=prio))
    assert wait_until(lambda: message_count(ch, q) == 5)
    assert drain(ch, q) == [b"9", b"5", b"3", b"1", b"0"]


def test_auto_delete_queue_goes_after_last_consumer_cancels(conn, ch, uid):
    q = "itq.autodel." + uid
    ch.queue_declare(q, auto_delete=True)
    t1 = ch.basic_consume(q, lambda *a: None)
    t2 = ch.basic_consume(q, lambda *a: None)
    ch.basic_cancel(t1)
    assert not queue_gone(conn, q)
    ch.basic_cancel(t2)
    assert wait_until(lambda: queue_gone(conn, q), sleep=conn.sleep)


def test_auto_delete_exchange_goes_after_last_binding(conn, ch, uid):
    x = "itx.autodel." + uid
    ch.exchange_declare(x, "fanout", auto_delete=True)
    q = ch.queue_declare("", exclusive=True).method.queue
    ch.queue_bind(q, x)
    ch.queue_unbind(q, x)

    def exchange_gone():
        try:
            conn.channel().exchange_declare(x, "fanout", passive=True)
            return False
        except pika.exceptions.ChannelClosedByBroker as e:
            assert e.reply_code == 404
            return True

    assert wait_until(exchange_gone, sleep=conn.sleep)


def test_alternate_exchange_receives_unroutable(ch, cleanup, uid):
    ae = cleanup.exchange("itx.ae." + uid)
    x = cleanup.exchange("itx.withae." + uid)
    q = cleanup.queue("itq.ae." + uid)
    ch.exchange_declare(ae, "fanout")
    ch.queue_declare(q)
    ch.queue_bind(q, ae)
    ch.exchange_declare(x, "direct", arguments={"alternate-exchange": ae})
    returned = []
    ch.add_on_return_callback(lambda *a: returned.append(a))
    ch.basic_publish(x, "nowhere", b"to-ae", mandatory=True)
    _, _, body = _one(ch, q)
    assert body == b"to-ae"
    ch.connection.sleep(0.2)
    assert returned == []  # routed via the AE: not returned


def test_server_cancels_consumer_when_queue_deleted(conn, ch, uid):
    q = "itq.srvcancel." + uid
    ch.queue_declare(q)
    cancelled = []
    ch.add_on_cancel_callback(lambda frame: cancelled.append(frame.method.consumer_tag))
    tag = ch.basic_consume(q, lambda *a: None)
    conn.channel().queue_delete(q)
    assert wait_until(lambda: cancelled, sleep=conn.sleep)
    assert cancelled == [tag]


def test_basic_recover_requeues_unacked(ch, cleanup, uid):
    q = cleanup.queue("itq.recover." + uid)
    ch.queue_declare(q)
    ch.basic_publish("", q, b"r")
    got = []
    ch.basic_consume(q, lambda c, m, p, b: got.append(m))
    assert wait_until(lambda: len(got) == 1, sleep=ch.connection.sleep)
    ch.basic_recover(requeue=True)
    assert wait_until(lambda: len(got) == 2, sleep=ch.connection.sleep)
    assert got[1].redelivered
    ch.basic_ack(got[1].delivery_tag)


@pytest.mark.parametrize("args", [
    {"x-queue-type": "classic"},
    {"x-ha-policy": "all"},
    {"x-cancel-on-ha-failover": True},
    {"x-queue-mode": "lazy"},
])
def test_accepted_queue_arguments(ch, cleanup, uid, args):
    q = cleanup.queue("itq.args." + uid)
    ch.queue_declare(q, arguments=args)
    ch.basic_publish("", q, b"ok")
    assert wait_until(lambda: ch.basic_get(q, auto_ack=True)[2] == b"ok")


def test_quorum_queue_durable_declare_publish_get(ch, cleanup, uid):
    q = cleanup.queue("itq.quorum." + uid)
    ch.queue_declare(q, durable=True, arguments={"x-queue-type": "quorum", "x-delivery-limit": 5})
    ch.confirm_delivery()
    ch.basic_publish("", q, b"qq", pika.BasicProperties(delivery_mode=2))
    assert wait_until(lambda: ch.basic_get(q, auto_ack=True)[2] == b"qq")


def test_quorum_queue_must_be_durable_406(conn, uid):
    # RabbitMQ refuses non-durable (or exclusive/auto-delete) quorum queues.
    expect_channel_close(406, conn.channel().queue_declare, "itq.quorum.nd." + uid,
                         durable=False, arguments={"x-queue-type": "quorum"})
