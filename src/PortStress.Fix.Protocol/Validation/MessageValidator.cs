using PortStress.Fix.Protocol.Dictionary;

namespace PortStress.Fix.Protocol.Validation;

/// <summary>
/// Checks one frame against its dictionaries in a single pass over the fields and answers with
/// the SessionRejectReason and RefTagID a Reject (35=3) needs. Allocation-free; one instance per
/// session (it keeps scratch state), the dictionaries are shared.
/// </summary>
/// <remarks>
/// Order of checks for each field, in wire order: tag number, value present, place (header,
/// body, trailer, group entry), repeats, format, enumeration, then required fields at the end.
/// FIXT sessions take the transport dictionary for the header, trailer and session messages and
/// an application dictionary chosen by ApplVerID (1128) or the default for the rest.
/// </remarks>
public sealed class MessageValidator
{
    private readonly DataDictionary _transport;
    private readonly DataDictionary _defaultApplication;
    private readonly Dictionary<ulong, DataDictionary> _applications = [];
    private readonly ValidationOptions _options;
    private readonly Context[] _stack;
    private DataFieldMap _dataFields;
    private int[] _seen;
    private int _stamp;
    private int _depth;
    private int _messageStamp;
    private Section _section;
    private MessageDefinition? _message;
    private ulong _applVerId;

    private enum Section
    {
        Header,
        Body,
        Trailer,
    }

    /// <summary>Creates a validator for a FIX 4.x session (one dictionary).</summary>
    /// <param name="dictionary">The session's dictionary.</param>
    /// <param name="options">Checks to relax; strict if null.</param>
    public MessageValidator(DataDictionary dictionary, ValidationOptions? options = null)
        : this(dictionary, dictionary, options)
    {
    }

    /// <summary>Creates a validator for a FIXT.1.1 session.</summary>
    /// <param name="transport">The transport dictionary (FIXT11.xml).</param>
    /// <param name="defaultApplication">The application dictionary for DefaultApplVerID.</param>
    /// <param name="options">Checks to relax; strict if null.</param>
    public MessageValidator(DataDictionary transport, DataDictionary defaultApplication, ValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(defaultApplication);
        _transport = transport;
        _defaultApplication = defaultApplication;
        _options = options ?? ValidationOptions.Strict;
        _stack = new Context[_options.Limits.MaxGroupDepth + 1];
        _seen = new int[Math.Max(transport.MaxTag, defaultApplication.MaxTag) + 1];
        _dataFields = ReferenceEquals(transport, defaultApplication)
            ? transport.DataFields
            : new DataFieldMap(transport.DataFields.Pairs.Concat(defaultApplication.DataFields.Pairs).Distinct());
    }

    /// <summary>Adds an application dictionary for messages that carry ApplVerID (1128) = <paramref name="applVerId"/>.</summary>
    /// <param name="applVerId">E.g. <c>9</c> for FIX.5.0SP2.</param>
    /// <param name="dictionary">The application dictionary.</param>
    public void AddApplicationDictionary(string applVerId, DataDictionary dictionary)
    {
        ArgumentException.ThrowIfNullOrEmpty(applVerId);
        ArgumentNullException.ThrowIfNull(dictionary);
        _applications[MsgTypeKey.Pack(applVerId)] = dictionary;
        if (dictionary.MaxTag >= _seen.Length)
        {
            _seen = new int[dictionary.MaxTag + 1];
            _stamp = 0;
        }

        _dataFields = new DataFieldMap(_dataFields.Pairs.Concat(dictionary.DataFields.Pairs).Distinct());
    }

    /// <summary>The length/data field pairs of every dictionary this validator knows.</summary>
    public DataFieldMap DataFields => _dataFields;

    /// <summary>Validates one frame that the scanner accepted.</summary>
    /// <param name="frame">The whole frame, <c>8=</c> to the CheckSum's SOH.</param>
    public ValidationResult Validate(ReadOnlySpan<byte> frame)
    {
        var reader = new FieldReader(frame, _dataFields);
        var result = Walk(ref reader);
        if (!result.IsValid && result.Status != ValidationStatus.Garbled)
        {
            // A message whose fields cannot all be read is garbled, whatever else is wrong with it.
            while (reader.MoveNext())
            {
            }

            if (reader.Error != FieldReadError.None)
            {
                return ValidationResult.Garble(reader.Error);
            }
        }

        return result;
    }

    private ValidationResult Walk(ref FieldReader reader)
    {
        _messageStamp = NextStamp();
        _depth = 0;
        _section = Section.Header;
        _applVerId = 0;
        _stack[0] = new Context(_transport.Header, null, _messageStamp, 0);

        // The scanner guarantees 8, 9 and 35 lead; check anyway for callers that skip it.
        if (!Expect(ref reader, Tags.BeginString) || !Expect(ref reader, Tags.BodyLength) || !Expect(ref reader, Tags.MsgType))
        {
            return reader.Error != FieldReadError.None
                ? ValidationResult.Garble(reader.Error)
                : ValidationResult.Reject(SessionRejectReason.TagSpecifiedOutOfRequiredOrder, reader.Tag);
        }

        var msgType = reader.Value;
        _seen[Tags.BeginString] = _seen[Tags.BodyLength] = _seen[Tags.MsgType] = _messageStamp;
        _message = _transport.GetMessage(msgType);
        if (_message is null && !IsApplicationMsgType(msgType))
        {
            return ValidationResult.Reject(SessionRejectReason.InvalidMsgType);
        }

        var fields = 3;
        var maxFields = _options.Limits.MaxFieldCount;
        while (reader.MoveNext())
        {
            if (++fields > maxFields)
            {
                return ValidationResult.Reject(SessionRejectReason.Other, reader.Tag);
            }

            var tag = reader.Tag;
            if (tag <= 0)
            {
                return ValidationResult.Reject(SessionRejectReason.InvalidTagNumber, tag);
            }

            if (tag > _options.MaxTagNumber)
            {
                return ValidationResult.Reject(SessionRejectReason.UndefinedTag, tag);
            }

            if (reader.Value.IsEmpty && !_options.AllowEmptyFields)
            {
                return ValidationResult.Reject(SessionRejectReason.TagSpecifiedWithoutValue, tag);
            }

            var placed = Place(tag, reader.Value, msgType);
            if (!placed.IsValid)
            {
                return placed;
            }
        }

        if (reader.Error != FieldReadError.None)
        {
            return ValidationResult.Garble(reader.Error);
        }

        return Finish(msgType);
    }

    private static bool Expect(ref FieldReader reader, int tag) => reader.MoveNext() && reader.Tag == tag;

    private ValidationResult Place(int tag, ReadOnlySpan<byte> value, ReadOnlySpan<byte> msgType)
    {
        while (true)
        {
            if (_depth > 0)
            {
                ref var ctx = ref _stack[_depth];
                var group = ctx.Group!;
                if (tag == group.DelimiterTag)
                {
                    if (ctx.Entries > 0)
                    {
                        var missing = CheckRequired(group, ctx.Stamp);
                        if (!missing.IsValid)
                        {
                            return missing;
                        }
                    }

                    ctx.Entries++;
                    ctx.Stamp = NextStamp();
                    ctx.LastIndex = 0;
                    _seen[tag] = ctx.Stamp;
                    return CheckValue(group, 0, tag, value);
                }

                var index = group.IndexOf(tag);
                if (index >= 0)
                {
                    if (ctx.Entries == 0)
                    {
                        return new ValidationResult(ValidationStatus.Rejected, SessionRejectReason.Other, group.CountTag, FieldReadError.None, group.DelimiterTag);
                    }

                    if (index < ctx.LastIndex && !_options.AllowUnorderedGroupFields)
                    {
                        return ValidationResult.Reject(SessionRejectReason.RepeatingGroupFieldsOutOfOrder, tag);
                    }

                    if (_seen[tag] == ctx.Stamp)
                    {
                        return ValidationResult.Reject(SessionRejectReason.TagAppearsMoreThanOnce, tag);
                    }

                    ctx.LastIndex = index;
                    _seen[tag] = ctx.Stamp;
                    return CheckValue(group, index, tag, value);
                }

                var closed = CloseGroup();
                if (!closed.IsValid)
                {
                    return closed;
                }

                continue;
            }

            switch (_section)
            {
                case Section.Header:
                    {
                        var index = _transport.Header.IndexOf(tag);
                        if (index >= 0)
                        {
                            if (tag == Tags.ApplVerID)
                            {
                                _applVerId = value.Length <= 8 ? MsgTypeKey.Pack(value) : 0;
                            }

                            return TopLevel(_transport.Header, index, tag, value);
                        }

                        if (ResolveMessage(msgType) is null)
                        {
                            return ValidationResult.Reject(SessionRejectReason.InvalidMsgType);
                        }

                        _section = Section.Body;
                        continue;
                    }

                case Section.Body:
                    {
                        var index = _message!.IndexOf(tag);
                        if (index >= 0)
                        {
                            return TopLevel(_message, index, tag, value);
                        }

                        var headerIndex = _transport.Header.IndexOf(tag);
                        if (headerIndex >= 0)
                        {
                            return _options.AllowFieldsOutOfOrder
                                ? TopLevel(_transport.Header, headerIndex, tag, value)
                                : ValidationResult.Reject(SessionRejectReason.TagSpecifiedOutOfRequiredOrder, tag);
                        }

                        if (_transport.Trailer.Contains(tag))
                        {
                            _section = Section.Trailer;
                            continue;
                        }

                        return Unknown(tag, value, _message.Owner);
                    }

                default:
                    {
                        var index = _transport.Trailer.IndexOf(tag);
                        if (index >= 0)
                        {
                            return TopLevel(_transport.Trailer, index, tag, value);
                        }

                        if (_transport.Header.Contains(tag) || _message!.Contains(tag))
                        {
                            return _options.AllowFieldsOutOfOrder
                                ? ValidationResult.Valid
                                : ValidationResult.Reject(SessionRejectReason.TagSpecifiedOutOfRequiredOrder, tag);
                        }

                        return Unknown(tag, value, _message.Owner);
                    }
            }
        }
    }

    private ValidationResult TopLevel(MessageLayout layout, int index, int tag, ReadOnlySpan<byte> value)
    {
        if (_seen[tag] == _messageStamp)
        {
            return ValidationResult.Reject(SessionRejectReason.TagAppearsMoreThanOnce, tag);
        }

        _seen[tag] = _messageStamp;
        return CheckValue(layout, index, tag, value);
    }

    private ValidationResult Unknown(int tag, ReadOnlySpan<byte> value, DataDictionary dictionary)
    {
        // On FIXT a tag may be defined by the application dictionary though the message is a session one.
        var field = dictionary.GetField(tag) ?? _transport.GetField(tag) ?? _defaultApplication.GetField(tag);
        if (field is not null)
        {
            return _options.AllowUnknownMessageFields
                ? CheckFormat(field, tag, value)
                : ValidationResult.Reject(SessionRejectReason.TagNotDefinedForMessageType, tag);
        }

        return tag >= 5000 && _options.AllowUserDefinedFields
            ? ValidationResult.Valid
            : ValidationResult.Reject(SessionRejectReason.InvalidTagNumber, tag);
    }

    private ValidationResult CheckValue(MessageLayout layout, int index, int tag, ReadOnlySpan<byte> value)
    {
        var field = layout.Owner.GetField(tag);
        if (field is null || value.IsEmpty)
        {
            return ValidationResult.Valid;
        }

        var format = CheckFormat(field, tag, value);
        if (!format.IsValid)
        {
            return format;
        }

        var group = layout.MemberArray[index].Group;
        return group is null ? ValidationResult.Valid : OpenGroup(group, tag, value);
    }

    private ValidationResult CheckFormat(FieldDefinition field, int tag, ReadOnlySpan<byte> value)
    {
        var ok = field.Type switch
        {
            FixType.Int => FixValue.IsInt(value),
            FixType.Length or FixType.SeqNum or FixType.NumInGroup => value[0] != (byte)'-' && FixValue.IsInt(value),
            FixType.DayOfMonth => FixValue.TryParseInt32(value, out var day) && day is >= 1 and <= 31,
            FixType.Float => FixValue.IsFloat(value),
            FixType.Char => value.Length == 1,
            FixType.Boolean => FixValue.TryParseBoolean(value, out _),
            FixType.UtcTimestamp => FixValue.TryParseUtcTimestampNanos(value, out _, out _),
            FixType.UtcTimeOnly => FixValue.TryParseUtcTimeOnly(value, out _, out _),
            FixType.UtcDateOnly or FixType.LocalMktDate => FixValue.TryParseUtcDateOnly(value, out _),
            FixType.MonthYear => FixValue.TryParseMonthYear(value, out _),
            _ => true,
        };
        if (!ok)
        {
            return ValidationResult.Reject(SessionRejectReason.IncorrectDataFormat, tag);
        }

        if (field.Enum is { } values && !_options.AllowUnknownEnumValues
            && !(field.Type == FixType.MultipleValue ? values.ContainsAll(value) : values.Contains(value)))
        {
            return ValidationResult.Reject(SessionRejectReason.ValueIsIncorrect, tag);
        }

        return ValidationResult.Valid;
    }

    private ValidationResult OpenGroup(GroupDefinition group, int tag, ReadOnlySpan<byte> value)
    {
        if (!FixValue.TryParseInt32(value, out var count) || count < 0)
        {
            return ValidationResult.Reject(SessionRejectReason.IncorrectDataFormat, tag);
        }

        if (count > _options.Limits.MaxFieldCount)
        {
            return ValidationResult.Reject(SessionRejectReason.IncorrectNumInGroupCount, tag);
        }

        if (count == 0)
        {
            return ValidationResult.Valid;
        }

        if (_depth + 1 >= _stack.Length)
        {
            return ValidationResult.Reject(SessionRejectReason.Other, tag);
        }

        _stack[++_depth] = new Context(group, group, 0, count);
        return ValidationResult.Valid;
    }

    private ValidationResult CloseGroup()
    {
        ref var ctx = ref _stack[_depth];
        if (ctx.Entries > 0)
        {
            var missing = CheckRequired(ctx.Group!, ctx.Stamp);
            if (!missing.IsValid)
            {
                return missing;
            }
        }

        if (ctx.Entries != ctx.Declared)
        {
            return ValidationResult.Reject(SessionRejectReason.IncorrectNumInGroupCount, ctx.Group!.CountTag);
        }

        _depth--;
        return ValidationResult.Valid;
    }

    private ValidationResult Finish(ReadOnlySpan<byte> msgType)
    {
        while (_depth > 0)
        {
            var closed = CloseGroup();
            if (!closed.IsValid)
            {
                return closed;
            }
        }

        var message = _section == Section.Header ? ResolveMessage(msgType) : _message;
        if (message is null)
        {
            return ValidationResult.Reject(SessionRejectReason.InvalidMsgType);
        }

        if (_options.AllowMissingRequiredFields)
        {
            return ValidationResult.Valid;
        }

        var result = CheckRequired(_transport.Header, _messageStamp);
        if (result.IsValid)
        {
            result = CheckRequired(message, _messageStamp);
        }

        return result.IsValid ? CheckRequired(_transport.Trailer, _messageStamp) : result;
    }

    private ValidationResult CheckRequired(MessageLayout layout, int stamp)
    {
        if (_options.AllowMissingRequiredFields)
        {
            return ValidationResult.Valid;
        }

        foreach (var tag in layout.RequiredTagArray)
        {
            if (_seen[tag] != stamp)
            {
                return ValidationResult.Reject(SessionRejectReason.RequiredTagMissing, tag);
            }
        }

        return ValidationResult.Valid;
    }

    private MessageDefinition? ResolveMessage(ReadOnlySpan<byte> msgType)
    {
        if (_message is { IsAdmin: true } || ReferenceEquals(_transport, _defaultApplication))
        {
            return _message;
        }

        var application = _applVerId != 0 && _applications.TryGetValue(_applVerId, out var chosen) ? chosen : _defaultApplication;
        _message = application.GetMessage(msgType) ?? _message;
        return _message;
    }

    private bool IsApplicationMsgType(ReadOnlySpan<byte> msgType)
    {
        if (_defaultApplication.GetMessage(msgType) is not null)
        {
            return true;
        }

        foreach (var application in _applications.Values)
        {
            if (application.GetMessage(msgType) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private int NextStamp()
    {
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_seen);
            _stamp = 1;
        }

        return _stamp;
    }

    private struct Context(MessageLayout layout, GroupDefinition? group, int stamp, int declared)
    {
        public readonly MessageLayout Layout = layout;
        public readonly GroupDefinition? Group = group;
        public int Stamp = stamp;
        public int Declared = declared;
        public int Entries;
        public int LastIndex = -1;
    }
}
