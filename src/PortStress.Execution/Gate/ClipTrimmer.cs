namespace PortStress.Execution.Gate;

/// <summary>
/// The clip trim: <c>quantity × (1 − trim)</c> rounded down to the lot size, never below the venue's floor (one lot,
/// or the minimum quantity rounded up to a lot, whichever is larger). An order already at or below the floor goes
/// untrimmed. A trim of 0 changes nothing, even for a quantity that is not a multiple of the lot.
/// </summary>
public static class ClipTrimmer
{
    /// <summary>The quantity to send after trimming <paramref name="quantity"/> by <paramref name="trim"/>.</summary>
    /// <param name="quantity">The intent's quantity (positive).</param>
    /// <param name="trim">The fraction to remove, 0 to less than 1.</param>
    /// <param name="lotSize">The venue's lot size (positive).</param>
    /// <param name="minimumQuantity">The venue's minimum quantity (0 for none).</param>
    public static decimal Trim(decimal quantity, double trim, decimal lotSize, decimal minimumQuantity)
    {
        if (trim <= 0)
            return quantity;
        var floor = Floor(lotSize, minimumQuantity);
        if (quantity <= floor)
            return quantity;
        var kept = quantity * (1m - (decimal)trim);
        var rounded = decimal.Floor(kept / lotSize) * lotSize;
        return rounded < floor ? floor : rounded;
    }

    /// <summary>The smallest quantity a trim or a cap may leave: one lot, or the minimum rounded up to a lot.</summary>
    /// <param name="lotSize">The venue's lot size.</param>
    /// <param name="minimumQuantity">The venue's minimum quantity.</param>
    public static decimal Floor(decimal lotSize, decimal minimumQuantity)
    {
        var min = decimal.Ceiling(minimumQuantity / lotSize) * lotSize;
        return min < lotSize ? lotSize : min;
    }

    /// <summary><paramref name="quantity"/> rounded down to a multiple of <paramref name="lotSize"/>.</summary>
    /// <param name="quantity">A quantity.</param>
    /// <param name="lotSize">The lot size.</param>
    public static decimal RoundDown(decimal quantity, decimal lotSize) => decimal.Floor(quantity / lotSize) * lotSize;
}
