"""pika: the broker's error replies (codes exact, texts loosely) and that they close only what they should."""
import pika
import pytest

from helpers import expect_channel_close, queue_gone, wait_until


def test_passive_declare_missing_queue_404(conn, uid):
    text = expect_channel_close(404, conn.channel().queue_declare, "itq.missing." + uid, passive=True)
    assert "NOT_FOUND" in text
    assert conn.is_open  # a channel error leaves the connection usable
    conn.channel().queue_declare("", exclusive=True)


def test_passive_declare_missing_exchange_404(conn, uid):
    expect_channel_close(404, conn.channel().exchange_declare, "itx.missing." + uid, passive=True)


def test_exclusive_queue_other_connection_405(target, conn, uid):
    q = conn.channel().queue_declare("itq.excl." + uid, exclusive=True).method.queue
    other = pika.BlockingConnection(target.pika_params())
    try:
        text = expect_channel_close(405, other.channel().queue_declare, q, passive=True)
        assert "RESOURCE_LOCKED" in text
        expect_channel_close(405, other.channel().basic_get, q)
        expect_channel_close(405, other.channel().queue_delete, q)
    finally:
        other.close()


def test_exclusive_queue_deleted_with_its_connection(target, conn, uid):
    q = "itq.excl.gone." + uid
    owner = pika.BlockingConnection(target.pika_params())
    owner.channel().queue_declare(q, exclusive=True)
    owner.close()
    assert wait_until(lambda: queue_gone(conn, q), timeout=10, sleep=conn.sleep)


def test_redeclare_queue_with_different_flags_406(conn, cleanup, uid):
    q = cleanup.queue("itq.redecl." + uid)
    conn.channel().queue_declare(q, durable=False)
    text = expect_channel_close(406, conn.channel().queue_declare, q, durable=True)
    assert "PRECONDITION_FAILED" in text
    expect_channel_close(406, conn.channel().queue_declare, q, arguments={"x-message-ttl": 1000})


def test_redeclare_exchange_with_different_type_406(conn, cleanup, uid):
    x = cleanup.exchange("itx.redecl." + uid)
    conn.channel().exchange_declare(x, "direct")
    expect_channel_close(406, conn.channel().exchange_declare, x, "fanout")
    expect_channel_close(406, conn.channel().exchange_declare, x, "direct", durable=True)


def test_unknown_exchange_type_503_closes_connection(conn, uid):
    # RabbitMQ treats an unknown type as a connection error (COMMAND_INVALID).
    with pytest.raises(pika.exceptions.ConnectionClosedByBroker) as err:
        conn.channel().exchange_declare("itx.badtype." + uid, exchange_type="no-such-type")
    assert err.value.reply_code == 503


def test_delete_default_exchange_403(conn):
    text = expect_channel_close(403, conn.channel().exchange_delete, "")
    assert "ACCESS_REFUSED" in text


def test_bind_to_default_exchange_403(conn, cleanup, uid):
    q = cleanup.queue("itq.binddef." + uid)
    conn.channel().queue_declare(q)
    expect_channel_close(403, conn.channel().queue_bind, q, "", routing_key="x")


def test_declare_reserved_amq_names_403(conn, uid):
    expect_channel_close(403, conn.channel().exchange_declare, "amq.itx." + uid, "direct")
    expect_channel_close(403, conn.channel().queue_declare, "amq.itq." + uid)


def test_publish_to_missing_exchange_404(conn, uid):
    ch = conn.channel()
    ch.basic_publish("itx.nowhere." + uid, "k", b"x")
    # basic.publish has no reply: the channel close arrives asynchronously; any sync call surfaces it.
    with pytest.raises(pika.exceptions.ChannelClosedByBroker) as err:
        ch.queue_declare("", exclusive=True)
    assert err.value.reply_code == 404
    assert conn.is_open


def test_publish_to_internal_exchange_403(conn, cleanup, uid):
    x = cleanup.exchange("itx.internal." + uid)
    conn.channel().exchange_declare(x, "fanout", internal=True)
    ch = conn.channel()
    ch.basic_publish(x, "", b"x")
    with pytest.raises(pika.exceptions.ChannelClosedByBroker) as err:
        ch.queue_declare("", exclusive=True)
    assert err.value.reply_code == 403


def test_ack_unknown_delivery_tag_406(conn):
    ch = conn.channel()
    ch.basic_ack(999)
    with pytest.raises(pika.exceptions.ChannelClosedByBroker) as err:
        ch.queue_declare("", exclusive=True)
    assert err.value.reply_code == 406


def test_queue_delete_if_unused_and_if_empty_406(conn, cleanup, uid):
    q = cleanup.queue("itq.ifx." + uid)
    ch = conn.channel()
    ch.queue_declare(q)
    ch.basic_publish("", q, b"x")
    expect_channel_close(406, conn.channel().queue_delete, q, if_empty=True)
    ch.basic_consume(q, lambda *a: None)
    expect_channel_close(406, conn.channel().queue_delete, q, if_unused=True)


def test_exchange_delete_if_unused_406(conn, cleanup, uid):
    x = cleanup.exchange("itx.ifunused." + uid)
    ch = conn.channel()
    ch.exchange_declare(x, "fanout")
    q = ch.queue_declare("", exclusive=True).method.queue
    ch.queue_bind(q, x)
    expect_channel_close(406, conn.channel().exchange_delete, x, if_unused=True)
    ch.queue_unbind(q, x)
    conn.channel().exchange_delete(x, if_unused=True)


def test_exclusive_consumer_blocks_others_403(target, conn, cleanup, uid):
    q = cleanup.queue("itq.exclcons." + uid)
    ch = conn.channel()
    ch.queue_declare(q)
    ch.basic_consume(q, lambda *a: None, exclusive=True)
    other = pika.BlockingConnection(target.pika_params())
    try:
        expect_channel_close(403, other.channel().basic_consume, q, lambda *a: None)
    finally:
        other.close()


def test_invalid_queue_argument_406(conn, uid):
    expect_channel_close(406, conn.channel().queue_declare, "itq.badarg." + uid,
                         arguments={"x-max-length": "not-a-number"})


def test_channel_error_leaves_other_channels_working(conn, cleanup, uid):
    q = cleanup.queue("itq.survivor." + uid)
    good = conn.channel()
    good.queue_declare(q)
    expect_channel_close(404, conn.channel().queue_declare, "itq.missing." + uid, passive=True)
    good.basic_publish("", q, b"still-fine")
    assert good.basic_get(q, auto_ack=True)[2] == b"still-fine"
