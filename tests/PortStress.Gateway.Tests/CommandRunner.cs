using System.CommandLine;

namespace PortStress.Gateway.Tests;

/// <summary>Runs a <c>portstress</c> command line in process and captures what it prints.</summary>
internal static class CommandRunner
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
