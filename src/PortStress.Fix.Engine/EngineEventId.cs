namespace PortStress.Fix.Engine;

/// <summary>Event ids of the engine's log, in ranges by area: 1000 connection, 1100 logon/logout, 1200 sequence, 1300 messages, 1400 hosting.</summary>
public static class EngineEventId
{
#pragma warning disable CS1591 // the names say what they are
    public const int Connected = 1000;
    public const int Disconnected = 1001;
    public const int BacklogFull = 1002;
    public const int Silent = 1003;
    public const int AcceptorListening = 1010;
    public const int AcceptorRefused = 1011;
    public const int AcceptFailed = 1012;
    public const int AcceptorSkippedNoise = 1013;
    public const int ConnectFailed = 1020;
    public const int LoggedOn = 1100;
    public const int LogoutSent = 1101;
    public const int LogoutCompleted = 1102;
    public const int ResetRequested = 1103;
    public const int NewPeriod = 1104;
    public const int ResendRequested = 1200;
    public const int ResendCompleted = 1201;
    public const int ResendServing = 1202;
    public const int Queued = 1203;
    public const int Dequeued = 1204;
    public const int DuplicateIgnored = 1205;
    public const int SequenceReset = 1206;
    public const int Incoming = 1300;
    public const int Outgoing = 1301;
    public const int Garbled = 1302;
    public const int Rejected = 1303;
    public const int Vetoed = 1304;
    public const int PostedWorkFailed = 1305;
    public const int HostingStarting = 1400;
    public const int HostingSessionCreated = 1401;
    public const int HostingFileLogPathIgnored = 1402;
    public const int HostingStopping = 1403;
    public const int HostingStopped = 1404;
    public const int HostingStartFailed = 1405;
#pragma warning restore CS1591
}
