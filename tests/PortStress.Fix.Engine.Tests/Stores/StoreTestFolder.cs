using System.Text;
using PortStress.Fix.Engine.Stores;
using PortStress.Fix.Engine.Stores.Internal;

namespace PortStress.Fix.Engine.Tests.Stores;

/// <summary>A fresh folder under the temp path for one test's store files, deleted afterwards.</summary>
internal sealed class StoreTestFolder : IDisposable
{
    public const string Prefix = "FIX.4.4-GW-VENUE";

    public StoreTestFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "portstress-store-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Body => StoreFiles.Body(Path, Prefix);

    public string Index => StoreFiles.Index(Path, Prefix);

    public string Counters => StoreFiles.Counters(Path, Prefix);

    public FileStore Open(StoreFlushPolicy policy = StoreFlushPolicy.OperatingSystem, TimeProvider? time = null, TimeSpan? batchInterval = null) =>
        new(Path, Prefix, policy, batchInterval, time);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    /// <summary>A recognisable frame for a MsgSeqNum (not a valid FIX message; the store does not care).</summary>
    public static byte[] FrameFor(int seqNum, int padding = 0) =>
        Encoding.ASCII.GetBytes($"8=FIX.4.4\u00019=000\u000135=D\u000134={seqNum}\u0001{new string('x', padding)}10=000\u0001");

    public static List<(int SeqNum, byte[] Frame)> ReadAll(IMessageStore store, int begin = 1, int end = int.MaxValue)
    {
        var read = new List<(int, byte[])>();
        store.Get(begin, end, (seq, frame) => read.Add((seq, frame.ToArray())));
        return read;
    }
}
