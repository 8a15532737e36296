using Xunit.Sdk;

namespace Fabric.TestKit;

/// <summary>A failed expectation of the test kit (reported by xunit like an assertion).</summary>
public sealed class TestKitAssertionException(string message) : XunitException(message);
