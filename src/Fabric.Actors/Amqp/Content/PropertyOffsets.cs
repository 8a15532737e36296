using System.Runtime.CompilerServices;

namespace Fabric.Amqp.Content;

/// <summary>Start offset of each of the 14 basic properties' values inside the raw properties (-1: absent).</summary>
[InlineArray(BasicPropertiesView.PropertyCount)]
internal struct PropertyOffsets
{
    private int _element;
}
