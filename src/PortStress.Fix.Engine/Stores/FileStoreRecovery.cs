namespace PortStress.Fix.Engine.Stores;

/// <summary>What a <see cref="FileStore"/> found and repaired when it opened its files.</summary>
public sealed class FileStoreRecovery
{
    internal FileStoreRecovery()
    {
    }

    /// <summary>True when no store existed and new files were made.</summary>
    public bool CreatedNew { get; internal set; }

    /// <summary>Body offset where an invalid (torn or corrupt) record began and the file was cut; -1 when the body ended cleanly.</summary>
    public long TornTailOffset { get; internal set; } = -1;

    /// <summary>Bytes cut from the end of the body file (a record interrupted by a crash); 0 when none.</summary>
    public long TornTailBytes { get; internal set; }

    /// <summary>Valid records read past the last checkpoint (their index entries were rewritten).</summary>
    public int RecordsScanned { get; internal set; }

    /// <summary>True when the body and index files belonged to an earlier period (a crash during a reset) or were unreadable, and were emptied.</summary>
    public bool StaleFilesDiscarded { get; internal set; }

    /// <summary>True when the counter file had no valid slot: NextSenderSeqNum was recovered from the messages, NextTargetSeqNum fell back to 1.</summary>
    public bool CountersLost { get; internal set; }

    /// <summary>True when anything had to be repaired (a torn tail, stale files, lost counters).</summary>
    public bool RepairsMade => TornTailBytes > 0 || StaleFilesDiscarded || CountersLost;

    /// <inheritdoc />
    public override string ToString() =>
        CreatedNew ? "created new store"
        : !RepairsMade ? $"clean open ({RecordsScanned} records past the checkpoint)"
        : string.Join("; ", new[]
        {
            TornTailBytes > 0 ? $"torn tail of {TornTailBytes} bytes at offset {TornTailOffset} cut" : null,
            StaleFilesDiscarded ? "body and index from an earlier period or unreadable, discarded" : null,
            CountersLost ? "counter file unreadable: sender number recovered from messages, target number reset to 1" : null,
            $"{RecordsScanned} records past the checkpoint",
        }.Where(s => s is not null));
}
