using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;

namespace Fabric.Rpc.Server;

/// <summary>
/// One callable endpoint method: binds keyword arguments to parameters by name (as written, or its snake_case),
/// passes <see cref="RpcContext"/> and <see cref="CancellationToken"/> parameters, awaits Task / ValueTask results
/// and serializes the result to JSON.
/// </summary>
internal sealed class EndpointMethod
{
    private readonly object _endpoint;
    private readonly MethodInfo _method;
    private readonly ParameterInfo[] _parameters;
    private readonly string[] _snakeNames;
    private readonly Type _resultType;
    private readonly PropertyInfo? _taskResult;
    private readonly MethodInfo? _asTask;

    public EndpointMethod(object endpoint, MethodInfo method, string name)
    {
        _endpoint = endpoint;
        _method = method;
        Name = name;
        _parameters = method.GetParameters();
        _snakeNames = new string[_parameters.Length];
        for (int i = 0; i < _parameters.Length; i++)
        {
            _snakeNames[i] = SnakeCase.From(_parameters[i].Name ?? "");
        }

        var returnType = method.ReturnType;
        bool isValueTask = returnType == typeof(ValueTask) || (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>));
        _asTask = isValueTask ? returnType.GetMethod(nameof(ValueTask.AsTask), Type.EmptyTypes) : null;
        var taskType = isValueTask
            ? (returnType.IsGenericType ? typeof(Task<>).MakeGenericType(returnType.GetGenericArguments()[0]) : typeof(Task))
            : returnType;
        if (typeof(Task).IsAssignableFrom(taskType))
        {
            _taskResult = taskType.IsGenericType ? taskType.GetProperty(nameof(Task<int>.Result)) : null;
            _resultType = taskType.IsGenericType ? taskType.GetGenericArguments()[0] : typeof(void);
        }
        else
        {
            _resultType = returnType;
        }
    }

    public string Name { get; }

    public async Task<JsonElement?> InvokeAsync(RpcContext context, JsonElement args, CancellationToken cancellationToken)
    {
        var values = Bind(context, args, cancellationToken);
        object? returned;
        try
        {
            returned = _method.Invoke(_endpoint, values);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }

        object? result = returned;
        if (_asTask is not null && returned is not null)
        {
            returned = _asTask.Invoke(returned, null);
        }

        if (returned is Task task)
        {
            await task.ConfigureAwait(false);
            result = _taskResult?.GetValue(task);
        }

        return _resultType == typeof(void) ? null : JsonSerializer.SerializeToElement(result, _resultType, RpcJson.Options);
    }

    private object?[] Bind(RpcContext context, JsonElement args, CancellationToken cancellationToken)
    {
        var values = new object?[_parameters.Length];
        int used = 0;
        for (int i = 0; i < _parameters.Length; i++)
        {
            var parameter = _parameters[i];
            if (parameter.ParameterType == typeof(RpcContext))
            {
                values[i] = context;
            }
            else if (parameter.ParameterType == typeof(CancellationToken))
            {
                values[i] = cancellationToken;
            }
            else if (args.TryGetProperty(parameter.Name!, out var value) || args.TryGetProperty(_snakeNames[i], out value))
            {
                values[i] = value.Deserialize(parameter.ParameterType, RpcJson.Options);
                used++;
            }
            else if (parameter.HasDefaultValue)
            {
                values[i] = parameter.DefaultValue;
            }
            else
            {
                throw new ArgumentException($"{Name}() missing 1 required positional argument: '{_snakeNames[i]}'");
            }
        }

        if (used != CountProperties(args))
        {
            foreach (var property in args.EnumerateObject())
            {
                if (!Accepts(property.Name))
                {
                    throw new ArgumentException($"{Name}() got an unexpected keyword argument '{property.Name}'");
                }
            }
        }

        return values;
    }

    private bool Accepts(string name)
    {
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (name == _parameters[i].Name || name == _snakeNames[i])
            {
                return true;
            }
        }

        return false;
    }

    private static int CountProperties(JsonElement args)
    {
        int count = 0;
        foreach (var unused in args.EnumerateObject())
        {
            count++;
        }

        return count;
    }
}
