namespace Fabric.TestKit; internal static class Placeholder {}
