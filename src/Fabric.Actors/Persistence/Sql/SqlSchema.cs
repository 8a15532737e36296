using System.Data.Common;

namespace Fabric.Persistence.Sql;

/// <summary>Creates missing tables and checks the schema version row at start.</summary>
internal static class SqlSchema
{
    internal static void Ensure(DbConnection connection, SqlDialect dialect, string storeDescription)
    {
        using var transaction = connection.BeginTransaction();
        if (dialect.SchemaLock is { } schemaLock) SqlCommands.ExecuteNonQuery(connection, transaction, schemaLock);
        var ddl = dialect.CreateSchema;
        for (var i = 0; i < ddl.Count; i++) SqlCommands.ExecuteNonQuery(connection, transaction, ddl[i]);

        using (var read = SqlCommands.Create(connection, dialect.ReadVersion))
        {
            read.Transaction = transaction;
            var found = read.ExecuteScalar();
            if (found is null || found is DBNull)
            {
                using var insert = SqlCommands.Create(connection, dialect.InsertVersion);
                insert.Transaction = transaction;
                SqlCommands.Add(insert, "@version", System.Data.DbType.Int32, SqlDialect.SchemaVersion);
                insert.ExecuteNonQuery();
            }
            else
            {
                var version = Convert.ToInt64(found, System.Globalization.CultureInfo.InvariantCulture);
                if (version > SqlDialect.SchemaVersion)
                {
                    throw new PersistenceStartupException(
                        $"{storeDescription} has schema version {version}, newer than the version {SqlDialect.SchemaVersion} " +
                        "this Fabric understands; refusing to start (upgrade Fabric or use another store).");
                }
            }
        }

        transaction.Commit();
    }
}
