using System.Reflection;
using System.Text.Json;
using Fabric.Rpc.Envelope;

namespace Fabric.Rpc.Server;

/// <summary>
/// Finds the endpoint method for a request as oslo's RPCDispatcher: endpoints are tried in order; one whose
/// namespace matches and whose version is compatible serves the method if it has it; when a compatible endpoint
/// exists but none has the method the error is <see cref="NoSuchMethodException"/>, otherwise
/// <see cref="UnsupportedVersionException"/>.
/// </summary>
public sealed class RpcDispatcher
{
    private readonly Endpoint[] _endpoints;

    public RpcDispatcher(IEnumerable<object> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var list = new List<Endpoint>();
        foreach (var endpoint in endpoints)
        {
            list.Add(new Endpoint(endpoint));
        }

        _endpoints = [.. list];
    }

    public Task<JsonElement?> DispatchAsync(RpcRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string method = request.Method ?? "";
        bool foundCompatible = false;
        foreach (var endpoint in _endpoints)
        {
            if (endpoint.Namespace != request.Namespace || !RpcVersion.IsCompatible(endpoint.Version ?? "1.0", request.Version))
            {
                continue;
            }

            // As oslo's default access policy: names starting with '_' are private.
            if (!method.StartsWith('_') && endpoint.Methods.TryGetValue(method, out var target))
            {
                return target.InvokeAsync(request.Context, request.Args, cancellationToken);
            }

            foundCompatible = true;
        }

        throw foundCompatible ? new NoSuchMethodException(method) : new UnsupportedVersionException(request.Version, method);
    }

    private sealed class Endpoint
    {
        public Endpoint(object instance)
        {
            ArgumentNullException.ThrowIfNull(instance);
            var type = instance.GetType();
            var attribute = type.GetCustomAttribute<RpcEndpointAttribute>();
            Namespace = attribute?.Namespace;
            Version = attribute?.Version;
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                if (method.DeclaringType == typeof(object) || method.IsSpecialName || method.IsGenericMethodDefinition
                    || method.GetCustomAttribute<RpcIgnoreAttribute>() is not null)
                {
                    continue;
                }

                string name = method.GetCustomAttribute<RpcMethodAttribute>()?.Name ?? SnakeCase.From(method.Name);
                if (!Methods.TryAdd(name, new EndpointMethod(instance, method, name)))
                {
                    throw new ArgumentException($"Endpoint {type.Name} has more than one method named '{name}' (overloads are not supported).");
                }
            }
        }

        public string? Namespace { get; }
        public string? Version { get; }
        public Dictionary<string, EndpointMethod> Methods { get; } = new(StringComparer.Ordinal);
    }
}
