namespace PortStress.Fix.Engine.Stores.Internal;

internal static class StoreTime
{
    /// <summary>The same instant as UTC; an unspecified kind is taken as UTC already.</summary>
    public static DateTime AsUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };
}
