namespace Fabric.Configuration;

/// <summary><c>fabric.persistence.sqlite</c>. <see cref="File"/> is absolute (relative paths are against the data dir).</summary>
public sealed record SqliteSettings(string File);
