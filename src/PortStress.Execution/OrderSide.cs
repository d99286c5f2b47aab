namespace PortStress.Execution;

/// <summary>Order side, valued as FIX Side (54).</summary>
public enum OrderSide : byte
{
    /// <summary>Buy (54=1).</summary>
    Buy = (byte)'1',

    /// <summary>Sell (54=2).</summary>
    Sell = (byte)'2',

    /// <summary>Sell short (54=5).</summary>
    SellShort = (byte)'5',
}
