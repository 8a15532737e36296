namespace Fabric.Configuration;

/// <summary><c>fabric.persistence.postgres</c>. <see cref="ToString"/> leaves the connection string out (it may hold a password).</summary>
public sealed record PostgresSettings(string ConnectionString, string Schema)
{
    public override string ToString() => $"PostgresSettings {{ Schema = {Schema} }}";
}
