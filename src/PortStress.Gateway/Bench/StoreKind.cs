namespace PortStress.Gateway.Bench;

/// <summary>The message store both bench sessions use.</summary>
internal enum StoreKind
{
    /// <summary><c>MemoryStore</c>: copies each sent frame into a new array (by design).</summary>
    Memory,

    /// <summary><c>FileStore</c> in a temporary folder with batched fsync.</summary>
    File,

    /// <summary>
    /// <c>MemoryStore</c> with PersistMessages off: sequence numbers only, no saved frames (nothing to resend).
    /// Not a production setting: it isolates the session and transport from the store.
    /// </summary>
    None,
}
