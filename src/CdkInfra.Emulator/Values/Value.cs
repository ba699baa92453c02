using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MessagePack;

namespace CdkInfra.Emulator.Values;

/// <summary>
/// A value Terraform does not know yet. Kept as the bytes Terraform sent (msgpack extension 0, or 12 with refinements
/// such as "not null"), so a value passed through is echoed exactly.
/// </summary>
internal sealed class Unknown
{
    public static readonly Unknown Plain = new([0xd4, 0x00, 0x00]);

    public Unknown(byte[] raw) => Raw = raw;

    public byte[] Raw { get; }
}

/// <summary>
/// Terraform values as plain .NET objects: null, string, bool, long or double (numbers), <see cref="List{T}"/> of
/// values (lists, sets, tuples), <see cref="Dictionary{TKey,TValue}"/> (objects and maps) and <see cref="Unknown"/>.
/// The wire format is msgpack as described in Terraform's docs/plugin-protocol/object-wire-format.md.
/// </summary>
internal static class Value
{
    public static Dictionary<string, object?> Object() => new(StringComparer.Ordinal);

    public static object? FromMsgpack(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return null;
        }

        var sequence = new ReadOnlySequence<byte>(bytes);
        var reader = new MessagePackReader(sequence);
        return Read(ref reader, sequence);
    }

    private static object? Read(ref MessagePackReader reader, ReadOnlySequence<byte> sequence)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return null;
            case MessagePackType.Boolean:
                return reader.ReadBoolean();
            case MessagePackType.Integer:
                return reader.ReadInt64();
            case MessagePackType.Float:
                return reader.ReadDouble();
            case MessagePackType.String:
                return reader.ReadString();
            case MessagePackType.Array:
                {
                    var count = reader.ReadArrayHeader();
                    var list = new List<object?>(count);
                    for (var i = 0; i < count; i++)
                    {
                        list.Add(Read(ref reader, sequence));
                    }

                    return list;
                }

            case MessagePackType.Map:
                {
                    var count = reader.ReadMapHeader();
                    var map = Object();
                    for (var i = 0; i < count; i++)
                    {
                        var key = reader.ReadString() ?? string.Empty;
                        map[key] = Read(ref reader, sequence);
                    }

                    return map;
                }

            case MessagePackType.Extension:
                {
                    var start = reader.Position;
                    reader.Skip();
                    return new Unknown(sequence.Slice(start, reader.Position).ToArray());
                }

            default:
                throw new InvalidOperationException($"unexpected msgpack type {reader.NextMessagePackType}");
        }
    }

    public static byte[] ToMsgpack(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        Write(ref writer, value);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(ref MessagePackWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNil();
                break;
            case string s:
                writer.Write(s);
                break;
            case bool b:
                writer.Write(b);
                break;
            case long l:
                writer.Write(l);
                break;
            case int i:
                writer.Write(i);
                break;
            case double d:
                if (Math.Abs(d % 1) < double.Epsilon && Math.Abs(d) < 9e15)
                {
                    writer.Write((long)d);
                }
                else
                {
                    writer.Write(d);
                }

                break;
            case Unknown u:
                writer.WriteRaw(u.Raw);
                break;
            case List<object?> list:
                writer.WriteArrayHeader(list.Count);
                foreach (var item in list)
                {
                    Write(ref writer, item);
                }

                break;
            case Dictionary<string, object?> map:
                writer.WriteMapHeader(map.Count);
                foreach (var (k, v) in map)
                {
                    writer.Write(k);
                    Write(ref writer, v);
                }

                break;
            default:
                throw new InvalidOperationException($"cannot encode {value.GetType().Name}");
        }
    }

    public static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => FromJson(p.Value), StringComparer.Ordinal),
        JsonArray a => a.Select(FromJson).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => v.TryGetValue<long>(out var l) ? l : v.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };

    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        double d => JsonValue.Create(d),
        List<object?> list => new JsonArray(list.Select(ToJson).ToArray()),
        Dictionary<string, object?> map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, ToJson(p.Value)))),
        Unknown => throw new InvalidOperationException("an unknown value cannot be stored"),
        _ => throw new InvalidOperationException($"cannot store {value.GetType().Name}"),
    };

    public static object? Clone(object? value) => value switch
    {
        List<object?> list => list.Select(Clone).ToList(),
        Dictionary<string, object?> map => map.ToDictionary(p => p.Key, p => Clone(p.Value), StringComparer.Ordinal),
        _ => value,
    };

    public static bool IsKnown(object? value) => value switch
    {
        Unknown => false,
        List<object?> list => list.All(IsKnown),
        Dictionary<string, object?> map => map.Values.All(IsKnown),
        _ => true,
    };

    public static bool Same(object? a, object? b)
    {
        switch (a, b)
        {
            case (null, null):
                return true;
            case (null, _) or (_, null):
                return false;
            case (Unknown, _) or (_, Unknown):
                return false;
            case (string x, string y):
                return string.Equals(x, y, StringComparison.Ordinal);
            case (bool x, bool y):
                return x == y;
            case (List<object?> x, List<object?> y):
                return x.Count == y.Count && x.Zip(y).All(p => Same(p.First, p.Second));
            case (Dictionary<string, object?> x, Dictionary<string, object?> y):
                return x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out var other) && Same(p.Value, other));
            default:
                return IsNumber(a) && IsNumber(b) && Convert.ToDouble(a, CultureInfo.InvariantCulture) == Convert.ToDouble(b, CultureInfo.InvariantCulture);
        }
    }

    private static bool IsNumber(object o) => o is long or int or double;

    public static string? Str(this Dictionary<string, object?> o, string key) => o.TryGetValue(key, out var v) ? v as string : null;

    public static bool Bool(this Dictionary<string, object?> o, string key) => o.TryGetValue(key, out var v) && v is true;

    public static List<Dictionary<string, object?>> Blocks(this Dictionary<string, object?> o, string key) =>
        o.TryGetValue(key, out var v) && v is List<object?> list ? list.OfType<Dictionary<string, object?>>().ToList() : [];

    public static List<string> Strings(this Dictionary<string, object?> o, string key) =>
        o.TryGetValue(key, out var v) && v is List<object?> list ? list.OfType<string>().ToList() : [];

    public static Dictionary<string, object?>? Map(this Dictionary<string, object?> o, string key) =>
        o.TryGetValue(key, out var v) ? v as Dictionary<string, object?> : null;
}
