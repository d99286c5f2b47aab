namespace PortStress.Fix.Protocol;

/// <summary>Tag numbers the codec and the session layer refer to by name.</summary>
public static class Tags
{
#pragma warning disable CS1591 // the names are the FIX field names
    public const int BeginString = 8;
    public const int BodyLength = 9;
    public const int CheckSum = 10;
    public const int MsgType = 35;
    public const int MsgSeqNum = 34;
    public const int SenderCompID = 49;
    public const int TargetCompID = 56;
    public const int SendingTime = 52;
    public const int OrigSendingTime = 122;
    public const int PossDupFlag = 43;
    public const int PossResend = 97;
    public const int SecureDataLen = 90;
    public const int SecureData = 91;
    public const int SignatureLength = 93;
    public const int Signature = 89;
    public const int RawDataLength = 95;
    public const int RawData = 96;
    public const int XmlDataLen = 212;
    public const int XmlData = 213;
    public const int EncodedTextLen = 354;
    public const int EncodedText = 355;
    public const int EncodedHeadlineLen = 358;
    public const int EncodedHeadline = 359;
    public const int Text = 58;
    public const int RefSeqNum = 45;
    public const int RefTagID = 371;
    public const int RefMsgType = 372;
    public const int SessionRejectReason = 373;
    public const int BusinessRejectReason = 380;
    public const int ApplVerID = 1128;
    public const int DefaultApplVerID = 1137;
    public const int HeartBtInt = 108;
    public const int TestReqID = 112;
    public const int BeginSeqNo = 7;
    public const int EndSeqNo = 16;
    public const int NewSeqNo = 36;
    public const int GapFillFlag = 123;
    public const int ResetSeqNumFlag = 141;
    public const int EncryptMethod = 98;
    public const int Username = 553;
    public const int Password = 554;
    public const int NewPassword = 925;
    public const int NextExpectedMsgSeqNum = 789;
    public const int ClOrdID = 11;
    public const int OrigClOrdID = 41;
    public const int OrderID = 37;
    public const int ExecID = 17;
    public const int ExecType = 150;
    public const int OrdStatus = 39;
    public const int Symbol = 55;
    public const int Side = 54;
    public const int OrderQty = 38;
    public const int OrdType = 40;
    public const int Price = 44;
    public const int TimeInForce = 59;
    public const int TransactTime = 60;
    public const int HandlInst = 21;
    public const int Account = 1;
    public const int LeavesQty = 151;
    public const int CumQty = 14;
    public const int AvgPx = 6;
    public const int LastQty = 32;
    public const int LastPx = 31;
    public const int ExDestination = 100;
#pragma warning restore CS1591
}
