namespace Fabric.Rpc.Transport.InProcess;

/// <summary>
/// The in-memory bus behind <see cref="InProcessRpcTransport"/>: the default exchange (to the queue named by the
/// routing key), topic and fanout exchanges with bindings, and queues. Several transports sharing one broker
/// behave like several processes sharing one AMQP broker.
/// </summary>
public sealed class InProcessBroker
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, InProcessQueue> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Exchange> _exchanges = new(StringComparer.Ordinal);

    internal InProcessQueue DeclareQueue(string name)
    {
        lock (_lock)
        {
            if (!_queues.TryGetValue(name, out var queue))
            {
                queue = new InProcessQueue(name);
                _queues.Add(name, queue);
            }

            return queue;
        }
    }

    internal void DeleteQueue(string name)
    {
        lock (_lock)
        {
            if (_queues.Remove(name, out var queue))
            {
                queue.Delete();
                foreach (var exchange in _exchanges.Values)
                {
                    exchange.Bindings.RemoveAll(b => b.Queue == name);
                }
            }
        }
    }

    internal void DeclareExchange(string name, bool fanout)
    {
        lock (_lock)
        {
            if (!_exchanges.ContainsKey(name))
            {
                _exchanges.Add(name, new Exchange(fanout));
            }
        }
    }

    internal void Bind(string queue, string exchange, string routingKey)
    {
        lock (_lock)
        {
            var bindings = _exchanges[exchange].Bindings;
            var binding = new Binding(queue, routingKey);
            if (!bindings.Contains(binding))
            {
                bindings.Add(binding);
            }
        }
    }

    /// <summary>Routes a message; returns how many queues received it.</summary>
    internal int Publish(string exchange, string routingKey, InProcessMessage message)
    {
        lock (_lock)
        {
            if (exchange.Length == 0)
            {
                if (!_queues.TryGetValue(routingKey, out var direct))
                {
                    return 0;
                }

                direct.Enqueue(message);
                return 1;
            }

            if (!_exchanges.TryGetValue(exchange, out var target))
            {
                return 0;
            }

            int routed = 0;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var binding in target.Bindings)
            {
                if ((target.Fanout || TopicPattern.Matches(binding.RoutingKey, routingKey))
                    && seen.Add(binding.Queue) && _queues.TryGetValue(binding.Queue, out var queue))
                {
                    queue.Enqueue(message);
                    routed++;
                }
            }

            return routed;
        }
    }

    private sealed class Exchange(bool fanout)
    {
        public bool Fanout { get; } = fanout;
        public List<Binding> Bindings { get; } = [];
    }

    private readonly record struct Binding(string Queue, string RoutingKey);
}
