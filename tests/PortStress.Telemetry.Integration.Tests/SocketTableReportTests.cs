using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PortStress.Telemetry.Sampling;

namespace PortStress.Telemetry.Integration.Tests;

public sealed class SocketTableReportTests
{
    [NetnsFact]
    public void The_report_lists_each_destination_with_pressure_states_and_relief()
    {
        using var ns = NetworkNamespace.Create(40000, 40063);
        var (text, json) = ns.Run(() =>
        {
            using var listener = NetworkNamespace.Listen(9001);
            var clients = Enumerable.Range(0, 4).Select(_ =>
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                s.Connect(new IPEndPoint(IPAddress.Loopback, 9001));
                return s;
            }).ToList();
            using var sampler = new TransportSampler();
            sampler.Counters!.Sample();
            var sample = sampler.SampleTable();
            var writer = new StringWriter();
            SocketTableReport.WriteText(writer, sample, sampler.Counters);
            using var stream = new MemoryStream();
            using (var jsonWriter = new Utf8JsonWriter(stream))
                SocketTableReport.WriteJson(jsonWriter, sample, sampler.Counters);
            clients.ForEach(c => c.Dispose());
            return (writer.ToString(), Encoding.UTF8.GetString(stream.ToArray()));
        });

        text.Should().Contain("127.0.0.1:9001").And.Contain("sock_diag").And.Contain("usable 64");
        using var document = JsonDocument.Parse(json);
        var destination = document.RootElement.GetProperty("destinations")[0];
        destination.GetProperty("destination").GetString().Should().Be("127.0.0.1:9001");
        destination.GetProperty("states").GetProperty("established").GetInt32().Should().Be(4);
        destination.GetProperty("portPressureRatio").GetDouble().Should().Be(4 / 64.0);
        document.RootElement.GetProperty("counters").GetProperty("socketsInUse").GetInt64().Should().BeGreaterThan(0);
    }
}
