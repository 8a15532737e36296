namespace Fabric.Hocon;

/// <summary>Several definitions of one field that can only be merged after resolution, because some are
/// substitutions that may turn out to be objects. <see cref="Layers"/> run from lowest to highest priority.</summary>
internal sealed class HoconMerge : HoconValue
{
    public HoconMerge(HoconValue[] layers) : base(layers[^1].Origin) => Layers = layers;

    public HoconValue[] Layers { get; }

    public override HoconValueType Type => HoconValueType.Unresolved;

    internal override bool NeedsResolution => true;
}
