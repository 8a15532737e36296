using System.Data;
using System.Data.Common;

namespace Fabric.Persistence.Sql;

/// <summary>Small ADO.NET helpers shared by the providers.</summary>
internal static class SqlCommands
{
    internal static DbCommand Create(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    /// <summary>A command with typed parameters (in this order), prepared for reuse on its connection.</summary>
    internal static DbCommand Prepare(DbConnection connection, string sql, params (string Name, DbType Type)[] parameters)
    {
        var command = Create(connection, sql);
        foreach (var (name, type) in parameters) Add(command, name, type);
        command.Prepare();
        return command;
    }

    internal static DbParameter Add(DbCommand command, string name, DbType type, object? value = null)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.DbType = type;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
        return p;
    }

    internal static void ExecuteNonQuery(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = Create(connection, sql);
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    /// <summary>Ticks (UTC) as stored in the created columns: exact, comparable, provider-neutral.</summary>
    internal static long ToStored(DateTimeOffset timestamp) => timestamp.UtcTicks;

    internal static DateTimeOffset FromStored(long ticks) => new(ticks, TimeSpan.Zero);
}
