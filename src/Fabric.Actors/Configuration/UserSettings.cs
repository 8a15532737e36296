namespace Fabric.Configuration;

/// <summary>A user of <c>fabric.auth.users</c>. <see cref="ToString"/> leaves the password out.</summary>
public sealed record UserSettings(string Name, string Password, IReadOnlyList<string> Tags)
{
    public override string ToString() => $"{Name} [{string.Join(", ", Tags)}]";

    internal static UserSettings From(SettingsReader user) =>
        new(user.NonEmptyString("name"), user.String("password"),
            user.Has("tags") ? user.StringList("tags") : []);
}
