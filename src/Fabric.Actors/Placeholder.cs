namespace Fabric; internal static class Placeholder {}
