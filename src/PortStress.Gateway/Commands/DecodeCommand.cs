using System.CommandLine;
using PortStress.Fix.Protocol.Dictionary;
using PortStress.Gateway.Decoding;

namespace PortStress.Gateway.Commands;

/// <summary><c>portstress decode</c>: prints FIX messages from logs or captures with field names and meanings.</summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Files to read ('-' or none: standard input).", Arity = ArgumentArity.ZeroOrMore };
        var dictionary = new Option<FileInfo?>("--dictionary", "-d") { Description = "A QuickFIX-format dictionary to use for every message." };
        var folder = new Option<DirectoryInfo?>("--dictionaries") { Description = "Folder of dictionaries chosen by BeginString (FIX42.xml, FIX44.xml, FIXT11.xml + FIX50SP2.xml). Default: the ones shipped with portstress." };
        var validate = new Option<bool>("--validate") { Description = "Validate each message against its dictionary and print the result." };
        var json = new Option<bool>("--json") { Description = "One JSON object per message (JSON Lines)." };
        var command = new Command("decode", "Print FIX messages from a log, capture or standard input: raw SOH, '|'-separated, or log lines with a prefix.")
        {
            files, dictionary, folder, validate, json,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(Run(
            parse.GetValue(files) ?? [], parse.GetValue(dictionary), parse.GetValue(folder), parse.GetValue(validate), parse.GetValue(json),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error)));
        return command;
    }

    internal static int Run(FileInfo[] files, FileInfo? dictionaryFile, DirectoryInfo? folder, bool validate, bool json, TextWriter output, TextWriter error)
    {
        DataDictionary? fixedDictionary = null;
        if (dictionaryFile is not null)
        {
            try
            {
                fixedDictionary = DataDictionary.Load(dictionaryFile.FullName);
            }
            catch (DictionaryException e)
            {
                error.WriteLine($"decode: {e.Message}");
                return 2;
            }
        }

        var catalog = new DictionaryCatalog(fixedDictionary, folder?.FullName ?? DictionaryCatalog.DefaultFolder);
        var decoder = new FixLogDecoder(catalog, validate);
        var counts = new Dictionary<DecodedKind, int>();
        var invalid = 0;
        using var jsonOut = new MemoryStream();
        foreach (var source in files.Length == 0 ? [new FileInfo("-")] : files)
        {
            byte[] input;
            try
            {
                input = Read(source);
            }
            catch (IOException e)
            {
                error.WriteLine($"decode: cannot read {source.Name}: {e.Message}");
                return 2;
            }
            catch (UnauthorizedAccessException e)
            {
                error.WriteLine($"decode: cannot read {source.Name}: {e.Message}");
                return 2;
            }

            foreach (var item in decoder.Decode(input))
            {
                counts[item.Kind] = counts.GetValueOrDefault(item.Kind) + 1;
                invalid += item.Validation is { IsValid: false } ? 1 : 0;
                if (json)
                {
                    jsonOut.SetLength(0);
                    DecodeRenderer.WriteJson(jsonOut, item);
                    output.Write(System.Text.Encoding.UTF8.GetString(jsonOut.ToArray()));
                }
                else
                {
                    DecodeRenderer.WriteText(output, item);
                }
            }
        }

        var summary = $"{counts.GetValueOrDefault(DecodedKind.Message)} messages decoded{(validate ? $" ({invalid} invalid)" : string.Empty)}, "
            + $"{counts.GetValueOrDefault(DecodedKind.Rejected)} rejected, {counts.GetValueOrDefault(DecodedKind.Truncated)} truncated";
        (json ? error : output).WriteLine(summary);
        return 0;
    }

    private static byte[] Read(FileInfo source)
    {
        if (source.Name == "-")
        {
            using var stdin = Console.OpenStandardInput();
            using var buffer = new MemoryStream();
            stdin.CopyTo(buffer);
            return buffer.ToArray();
        }

        return File.ReadAllBytes(source.FullName);
    }
}
