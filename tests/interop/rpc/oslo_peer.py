#!/usr/bin/python3
"""The Python side of the RPC interop tests: real oslo.messaging (Debian's python3-oslo.messaging) over RabbitMQ
or a Fabric node.

  oslo_peer.py server   --url URL --topic T --server S [--lifetime SECONDS]
      Serves a compute-like endpoint (version 1.3) on T / T.S / T_fanout. Prints "READY" once consuming and
      "CAST <server>:<item>" for every record() cast. Stops at stdin EOF or after the lifetime.
  oslo_peer.py client   --url URL --topic T --servers a,b [--lifetime SECONDS]
      Runs the client checks against servers named a and b (e.g. C# ones); prints "OK <check>" per check and
      exits 0 when all pass, 1 otherwise.
  oslo_peer.py selftest --url URL --topic T
      Python <-> Python: starts two servers in this process and runs the client checks against them.
  oslo_peer.py notify   --url URL --topic T
      Sends one INFO and one ERROR notification (publisher "py.host").
  oslo_peer.py listen   --url URL --topic T [--lifetime SECONDS]
      Prints "READY", then "NOTIFY <priority> <publisher_id> <event_type> <payload json>" per notification.

Every mode stops by itself (--lifetime, default 60 s).
"""
import argparse
import json
import sys
import threading
import time
import traceback

from oslo_config import cfg
import oslo_messaging


def make_conf():
    # The global CONF: oslo.messaging registers some options (metrics) only there.
    if not getattr(make_conf, "done", False):
        cfg.CONF([], project="fabric-interop")
        make_conf.done = True
    return cfg.CONF


def rabbit_url(url):
    # amqp://user:pass@host:port/vhost -> rabbit://user:pass@host:port/vhost
    return "rabbit://" + url.split("://", 1)[1] if url.startswith("amqp://") else url


class ComputeEndpoint(object):
    target = oslo_messaging.Target(version="1.3")

    def __init__(self, name, out):
        self.name = name
        self.out = out

    def add(self, ctxt, a, b):
        return a + b

    def echo(self, ctxt, text):
        return text

    def who_am_i(self, ctxt):
        return self.name

    def get_user(self, ctxt):
        return ctxt.get("user_id")

    def fail(self, ctxt, message):
        raise ValueError(message)

    def slow(self, ctxt, delayMs, value):
        time.sleep(delayMs / 1000.0)
        return value

    def describe(self, ctxt, instance_id, vcpus=1):
        return {"instance_id": instance_id, "vcpus": vcpus, "host": self.name}

    def record(self, ctxt, item):
        self.out("CAST %s:%s" % (self.name, item))


def emit(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def start_server(conf, url, topic, name, out=emit):
    transport = oslo_messaging.get_rpc_transport(conf, url=rabbit_url(url))
    target = oslo_messaging.Target(topic=topic, server=name)
    server = oslo_messaging.get_rpc_server(transport, target, [ComputeEndpoint(name, out)], executor="threading")
    server.start()
    return server, transport


def wait_until_stopped(lifetime):
    """Returns at stdin EOF or when the lifetime is over."""
    done = threading.Event()

    def watch_stdin():
        try:
            while sys.stdin.readline():
                pass
        finally:
            done.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    done.wait(lifetime)


def run_server(args):
    conf = make_conf()
    server, transport = start_server(conf, args.url, args.topic, args.server)
    emit("READY")
    wait_until_stopped(args.lifetime)
    server.stop()
    server.wait()
    transport.cleanup()


def expect_remote_error(call, exc_type, value_part):
    try:
        call()
    except oslo_messaging.RemoteError as e:
        assert e.exc_type == exc_type, "exc_type %r, expected %r" % (e.exc_type, exc_type)
        assert value_part in e.value, "value %r lacks %r" % (e.value, value_part)
        return
    raise AssertionError("no RemoteError (expected %s)" % exc_type)


def client_checks(conf, url, topic, servers, casts=None):
    """casts: a callable returning the cast lines seen so far (for in-process servers), or None (caller checks)."""
    transport = oslo_messaging.get_rpc_transport(conf, url=rabbit_url(url))
    client = oslo_messaging.get_rpc_client(transport, oslo_messaging.Target(topic=topic), timeout=20)
    ctxt = {"user_id": "bob", "project_id": "p9"}
    try:
        assert client.call(ctxt, "add", a=2, b=3) == 5
        emit("OK call")
        assert client.call(ctxt, "echo", text=u"h\u00e9llo") == u"h\u00e9llo"
        emit("OK echo")
        assert client.call(ctxt, "get_user") == "bob"
        emit("OK context")
        described = client.call(ctxt, "describe", instance_id="vm-1")
        assert described["instance_id"] == "vm-1" and described["vcpus"] == 1, described
        emit("OK dict-result")
        for _ in range(5):
            assert client.prepare(server=servers[1]).call(ctxt, "who_am_i") == servers[1]
        emit("OK targeted")
        assert client.prepare(version="1.2").call(ctxt, "add", a=1, b=1) == 2
        expect_remote_error(lambda: client.prepare(version="1.4").call(ctxt, "add", a=1, b=1),
                            "UnsupportedVersion", "Endpoint does not support RPC version 1.4")
        emit("OK version")
        expect_remote_error(lambda: client.call(ctxt, "no_such_thing"), "NoSuchMethod",
                            "Endpoint does not support RPC method no_such_thing")
        emit("OK no-such-method")
        try:
            client.call(ctxt, "fail", message="boom")
            raise AssertionError("fail() did not raise")
        except oslo_messaging.RemoteError as e:
            assert "boom" in e.value, e.value
            emit("OK remote-error %s" % e.exc_type)
        except ValueError as e:
            # A Python server's ValueError is rebuilt as such (builtins are allowed remote modules).
            assert "boom" in str(e), str(e)
            emit("OK remote-error ValueError")
        started = time.time()
        try:
            client.prepare(topic=topic + "-nobody", timeout=1).call(ctxt, "add", a=1, b=2)
            raise AssertionError("no timeout")
        except oslo_messaging.MessagingTimeout:
            assert time.time() - started >= 0.9
            emit("OK timeout")
        assert client.prepare(call_monitor_timeout=2).call(ctxt, "slow", delayMs=3500, value=7) == 7
        emit("OK call-monitor")
        results = []
        threads = [threading.Thread(target=lambda i=i: results.append(
            (i, client.call(ctxt, "slow", delayMs=10 * (i % 4), value=i)))) for i in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == [(i, i) for i in range(20)], results
        emit("OK concurrent")
        client.cast(ctxt, "record", item="py-cast")
        client.prepare(fanout=True).cast(ctxt, "record", item="py-fanout")
        client.prepare(server=servers[0]).cast(ctxt, "record", item="py-targeted")
        emit("OK casts-sent")
        if casts is not None:
            deadline = time.time() + 20
            want = {"%s:py-fanout" % s for s in servers} | {"%s:py-targeted" % servers[0]}
            while time.time() < deadline:
                seen = set(casts())
                if want <= seen and any(line.endswith(":py-cast") for line in seen):
                    break
                time.sleep(0.05)
            seen = casts()
            assert want <= set(seen), seen
            assert sum(1 for line in seen if line.endswith(":py-cast")) == 1, seen
            emit("OK casts-received")
    finally:
        transport.cleanup()


def run_client(args):
    conf = make_conf()
    watchdog = threading.Timer(args.lifetime, lambda: (emit("FAIL lifetime exceeded"), sys.stdout.flush(),
                                                       __import__("os")._exit(2)))
    watchdog.daemon = True
    watchdog.start()
    try:
        client_checks(conf, args.url, args.topic, args.servers.split(","))
        emit("DONE")
    except Exception:
        emit("FAIL " + traceback.format_exc().replace("\n", " | "))
        sys.exit(1)


def run_selftest(args):
    conf = make_conf()
    lines = []
    lock = threading.Lock()

    def out(line):
        with lock:
            lines.append(line)

    def seen():
        with lock:
            return [l[len("CAST "):] for l in lines]

    servers = [start_server(conf, args.url, args.topic, name, out) for name in ("pa", "pb")]
    try:
        client_checks(conf, args.url, args.topic, ["pa", "pb"], casts=seen)
        emit("DONE")
    except Exception:
        emit("FAIL " + traceback.format_exc().replace("\n", " | "))
        sys.exit(1)
    finally:
        for server, transport in servers:
            server.stop()
            server.wait()
            transport.cleanup()


def run_notify(args):
    conf = make_conf()
    transport = oslo_messaging.get_notification_transport(conf, url=rabbit_url(args.url))
    notifier = oslo_messaging.Notifier(transport, publisher_id="py.host", driver="messagingv2", topics=[args.topic])
    notifier.info({"request_id": "req-py"}, "compute.instance.create.end", {"instance_id": "vm-py"})
    notifier.error({}, "compute.instance.error", {"code": 500})
    transport.cleanup()
    emit("DONE")


class NotificationEndpoint(object):
    def _print(self, priority, publisher_id, event_type, payload):
        emit("NOTIFY %s %s %s %s" % (priority, publisher_id, event_type, json.dumps(payload, sort_keys=True)))

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        self._print("INFO", publisher_id, event_type, payload)

    def error(self, ctxt, publisher_id, event_type, payload, metadata):
        self._print("ERROR", publisher_id, event_type, payload)


def run_listen(args):
    conf = make_conf()
    transport = oslo_messaging.get_notification_transport(conf, url=rabbit_url(args.url))
    listener = oslo_messaging.get_notification_listener(
        transport, [oslo_messaging.Target(topic=args.topic)], [NotificationEndpoint()], executor="threading")
    listener.start()
    emit("READY")
    wait_until_stopped(args.lifetime)
    listener.stop()
    listener.wait()
    transport.cleanup()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["server", "client", "selftest", "notify", "listen"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--server", default="py")
    parser.add_argument("--servers", default="a,b")
    parser.add_argument("--lifetime", type=float, default=60.0)
    args = parser.parse_args()
    {"server": run_server, "client": run_client, "selftest": run_selftest,
     "notify": run_notify, "listen": run_listen}[args.mode](args)


if __name__ == "__main__":
    main()
