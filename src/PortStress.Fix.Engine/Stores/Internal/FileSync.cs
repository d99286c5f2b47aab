using Microsoft.Win32.SafeHandles;

namespace PortStress.Fix.Engine.Stores.Internal;

/// <summary>Which of a <see cref="FileStore"/>'s files an fsync is for.</summary>
internal enum StoreFileKind
{
    Body,
    Index,
    Counters,
}

/// <summary>
/// Forces one of the store's files to stable storage (fsync). The store makes every fsync through one of these;
/// tests substitute one that observes or holds the call (the real work must still be done by calling
/// <see cref="RandomAccess.FlushToDisk"/>).
/// </summary>
/// <param name="file">Which file.</param>
/// <param name="handle">Its handle.</param>
internal delegate void FileSync(StoreFileKind file, SafeFileHandle handle);
