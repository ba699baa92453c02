using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CdkInfra.Course;

namespace CdkInfra.Settings;

// What each settings key accepts beyond the serializer's own types. Each converter reads one value and throws a
// SettingValueException that says, in the settings' words, what the key accepts; the binder names the key.

/// <summary>A non-empty string, trimmed.</summary>
internal sealed class NonEmptyStringConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return string.IsNullOrWhiteSpace(text) ? throw new SettingValueException("a non-empty string") : text.Trim();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>A name, or <c>false</c> for none (<see cref="TextOrOff.Text"/> null).</summary>
internal sealed record TextOrOff(string? Text);

/// <summary>Reads <see cref="TextOrOff"/>: <c>false</c>, or a non-empty string.</summary>
internal sealed class TextOrOffConverter : JsonConverter<TextOrOff>
{
    public override TextOrOff Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.False ? new TextOrOff(null) : new TextOrOff(new NonEmptyStringConverter().Read(ref reader, typeof(string), options));

    public override void Write(Utf8JsonWriter writer, TextOrOff value, JsonSerializerOptions options) => throw new NotSupportedException();
}

/// <summary>A positive whole number, as a JSON number or a string of digits (workspace ids exceed what some editors keep exact).</summary>
internal sealed class PositiveIntegerConverter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number) && number > 0)
        {
            return number;
        }

        if (reader.TokenType == JsonTokenType.String
            && long.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0)
        {
            return number;
        }

        throw new SettingValueException("a positive whole number");
    }

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

/// <summary>An array of strings (no nulls).</summary>
internal sealed class StringArrayConverter : JsonConverter<string[]>
{
    public override string[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadArray(ref reader);

    public override void Write(Utf8JsonWriter writer, string[] value, JsonSerializerOptions options) => throw new NotSupportedException();

    /// <summary>Reads the array at the reader, or throws "an array of strings".</summary>
    public static string[] ReadArray(ref Utf8JsonReader reader, string? subKey = null)
    {
        var start = reader;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new SettingValueException("an array of strings", subKey, subKey is null ? null : Raw(ref start));
        }

        var items = new List<string>();
        var ok = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                items.Add(reader.GetString()!);
            }
            else
            {
                ok = false;
                reader.Skip();
            }
        }

        return ok ? items.ToArray() : throw new SettingValueException("an array of strings", subKey, subKey is null ? null : Raw(ref start));
    }

    /// <summary>The raw JSON of the value at <paramref name="reader"/> (a copy; the caller's reader does not move).</summary>
    public static string Raw(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }
}

/// <summary>An object of catalog names to arrays of schema names; a bad array is named by its catalog.</summary>
internal sealed class CatalogMapConverter : JsonConverter<Dictionary<string, string[]>>
{
    public override Dictionary<string, string[]> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new SettingValueException("an object of catalog name to schema names");
        }

        var map = new Dictionary<string, string[]>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var catalog = reader.GetString()!;
            reader.Read();
            map[catalog] = StringArrayConverter.ReadArray(ref reader, catalog);
        }

        return map;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, string[]> value, JsonSerializerOptions options) => throw new NotSupportedException();
}

/// <summary>An object of names to string values (tags).</summary>
internal sealed class StringMapConverter : JsonConverter<Dictionary<string, string>>
{
    public override Dictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var ok = reader.TokenType == JsonTokenType.StartObject;
        while (ok && reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                map[name] = reader.GetString()!;
            }
            else
            {
                ok = false;
            }
        }

        return ok ? map : throw new SettingValueException("an object of tag names to string values");
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, string> value, JsonSerializerOptions options) => throw new NotSupportedException();
}

/// <summary>One of the values <see cref="SettingValues"/> spells for <typeparamref name="T"/>.</summary>
internal abstract class SpelledConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    protected abstract IReadOnlyDictionary<string, T> Values { get; }

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Values.TryGetValue(reader.GetString()!, out var value)
            ? value
            : throw new SettingValueException($"one of {string.Join(", ", Values.Keys.Select(k => $"\"{k}\""))}");

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => throw new NotSupportedException();
}

internal sealed class GroupsLevelConverter : SpelledConverter<GroupsLevelSetting>
{
    protected override IReadOnlyDictionary<string, GroupsLevelSetting> Values => SettingValues.Levels;
}

internal sealed class PrincipalModeConverter : SpelledConverter<PrincipalMode>
{
    protected override IReadOnlyDictionary<string, PrincipalMode> Values => SettingValues.PrincipalModes;
}

internal sealed class StudentComputeConverter : SpelledConverter<StudentCompute>
{
    protected override IReadOnlyDictionary<string, StudentCompute> Values => SettingValues.StudentComputes;
}

internal sealed class DestroyScopeConverter : SpelledConverter<DestroyScope>
{
    protected override IReadOnlyDictionary<string, DestroyScope> Values => SettingValues.DestroyScopes;
}

/// <summary>
/// The kinds to adopt: <c>true</c> (every kind found by a lookup: all but the secret scope, which is imported without
/// one), <c>false</c> (none) or an array of kind names.
/// </summary>
internal sealed class AdoptKindsConverter : JsonConverter<HashSet<AdoptSetting>>
{
    public override HashSet<AdoptSetting> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var kinds = SettingValues.AdoptKinds;
        var allowed = $"true, false or an array of {string.Join(", ", kinds.Keys.Select(k => $"\"{k}\""))}";
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return kinds.Values.Where(k => k != AdoptSetting.SecretScope).ToHashSet();
            case JsonTokenType.False:
                return [];
            case JsonTokenType.StartArray:
                var set = new HashSet<AdoptSetting>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var item = reader;
                    if (reader.TokenType == JsonTokenType.String && kinds.TryGetValue(reader.GetString()!, out var kind))
                    {
                        set.Add(kind);
                        continue;
                    }

                    throw new SettingValueException(allowed, fullMessage: $"unknown kind {StringArrayConverter.Raw(ref item)}; must be {allowed}");
                }

                return set;
            default:
                throw new SettingValueException(allowed);
        }
    }

    public override void Write(Utf8JsonWriter writer, HashSet<AdoptSetting> value, JsonSerializerOptions options) => throw new NotSupportedException();
}
