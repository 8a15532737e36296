using FsCheck;
using FsCheck.Fluent;

namespace Fabric.Actors.Tests.Routing;

/// <summary>Small-alphabet keys and patterns so that matches, empty words and wildcards are all frequent.</summary>
internal static class RoutingGenerators
{
    public static readonly Gen<string> Key =
        Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Gen.Elements("a", "b", ""), n)).Select(Join);

    public static readonly Gen<string> Pattern =
        Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Gen.Elements("a", "b", "", "*", "#", "#"), n)).Select(Join);

    public static readonly Gen<string> QueueName = Gen.Elements("q0", "q1", "q2", "q3");

    private static string Join(string[] words) => string.Join('.', words);
}
