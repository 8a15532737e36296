"""Helpers shared by the interop tests (importable as `helpers`: pytest puts this folder on sys.path)."""
import time
from urllib.parse import quote, unquote, urlparse

import pika
import pytest


class Target:
    """Broker coordinates parsed once from AMQP_URL."""

    def __init__(self, url):
        u = urlparse(url)
        self.url = url
        self.host = u.hostname or "127.0.0.1"
        self.port = u.port or 5672
        self.user = unquote(u.username or "guest")
        self.password = unquote(u.password or "guest")
        path = u.path[1:] if u.path.startswith("/") else u.path
        self.vhost = unquote(path) if path else "/"

    def pika_params(self, **kw):
        kw.setdefault("connection_attempts", 1)
        kw.setdefault("socket_timeout", 10)
        kw.setdefault("blocked_connection_timeout", 30)
        kw.setdefault("virtual_host", self.vhost)
        kw.setdefault("credentials", pika.PlainCredentials(self.user, self.password))
        return pika.ConnectionParameters(host=self.host, port=self.port, **kw)

    def kombu_url(self, vhost=None):
        v = self.vhost if vhost is None else vhost
        return "pyamqp://%s:%s@%s:%d/%s" % (
            quote(self.user, safe=""), quote(self.password, safe=""), self.host, self.port, quote(v, safe=""))

    def rabbit_url(self):
        """oslo.messaging transport url."""
        return "rabbit://%s:%s@%s:%d/%s" % (
            quote(self.user, safe=""), quote(self.password, safe=""), self.host, self.port,
            "" if self.vhost == "/" else quote(self.vhost, safe=""))


def delete_all(target, queues=(), exchanges=()):
    """Best-effort delete on a fresh connection; one channel per item since a failure closes it."""
    c = pika.BlockingConnection(target.pika_params())
    try:
        for q in queues:
            try:
                c.channel().queue_delete(q)
            except pika.exceptions.AMQPError:
                pass
        for x in exchanges:
            try:
                c.channel().exchange_delete(x)
            except pika.exceptions.AMQPError:
                pass
    finally:
        if c.is_open:
            c.close()


def expect_channel_close(code, fn, *args, **kwargs):
    """Runs fn and asserts the broker closed the channel with reply code `code`; returns the reply text."""
    with pytest.raises(pika.exceptions.ChannelClosedByBroker) as err:
        fn(*args, **kwargs)
    assert err.value.reply_code == code, (err.value.reply_code, err.value.reply_text)
    return err.value.reply_text


def wait_until(predicate, timeout=10.0, interval=0.05, sleep=time.sleep):
    """Polls predicate until true or timeout; returns its last value. `sleep` may be a pika connection's sleep."""
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        sleep(interval)
        value = predicate()
    return value


def drain(ch, queue, field=lambda method, body: body):
    """basic.get with auto-ack until empty; returns field(method, body) for each message in order."""
    out = []
    while True:
        method, _, body = ch.basic_get(queue, auto_ack=True)
        if method is None:
            return out
        out.append(field(method, body))


def message_count(ch, queue):
    return ch.queue_declare(queue, passive=True).method.message_count


def queue_gone(conn, queue):
    """True when a passive declare on a fresh channel says 404 (note: a passive declare renews x-expires)."""
    try:
        conn.channel().queue_declare(queue, passive=True)
        return False
    except pika.exceptions.ChannelClosedByBroker as e:
        assert e.reply_code == 404, (e.reply_code, e.reply_text)
        return True
