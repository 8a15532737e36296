namespace Fabric.Amqp.Tables;

/// <summary>Field-table decimal ('D'): a scale octet and a 32-bit unscaled value; value = Unscaled / 10^Scale.</summary>
public readonly record struct AmqpDecimal(byte Scale, int Unscaled)
{
    public decimal ToDecimal()
    {
        if (Scale > 28)
        {
            throw new OverflowException($"Decimal scale {Scale} exceeds 28.");
        }

        uint magnitude = (uint)Math.Abs((long)Unscaled);
        return new decimal(unchecked((int)magnitude), 0, 0, Unscaled < 0, Scale);
    }

    /// <summary>Converts when the value fits: scale at most 255 and unscaled value in 32 bits.</summary>
    public static AmqpDecimal FromDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if (bits[1] != 0 || bits[2] != 0 || bits[0] < 0)
        {
            throw new OverflowException($"{value} does not fit an AMQP decimal (32-bit unscaled value).");
        }

        byte scale = (byte)((bits[3] >> 16) & 0xFF);
        bool negative = bits[3] < 0;
        return new AmqpDecimal(scale, negative ? -bits[0] : bits[0]);
    }

    public override string ToString() => Scale <= 28 ? ToDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Unscaled}e-{Scale}";
}
