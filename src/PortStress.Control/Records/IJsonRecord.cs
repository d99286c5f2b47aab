using System.Text.Json;

namespace PortStress.Control.Records;

/// <summary>
/// One record of the record stream (see docs/records.md): a struct that writes its own properties, so appending
/// it copies a value into a queue and allocates nothing. Each record type has its own file in the records
/// directory, named by <see cref="StreamName"/> (<c>{StreamName}.jsonl</c>), and every line carries
/// <c>"type": StreamName</c>.
/// </summary>
public interface IJsonRecord
{
    /// <summary>The stream (file stem and <c>type</c> value) of this record type, e.g. <c>order</c>.</summary>
    static abstract string StreamName { get; }

    /// <summary>Writes the record's properties into the object the writer has already opened.</summary>
    /// <param name="writer">The JSON writer, positioned inside the record's object.</param>
    void WriteProperties(Utf8JsonWriter writer);
}
