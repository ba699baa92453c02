namespace CdkInfra.Terraform;

/// <summary>
/// Turns input text (the roster, the settings, file names) into a Terraform string that evaluates to exactly that
/// text. Terraform reads every string of <c>cdk.tf.json</c> as a template, so an unescaped <c>${...}</c> or <c>%{...}</c>
/// in a display name would run as an expression (<c>file("/etc/passwd")</c>) on the machine running terraform.
/// </summary>
/// <remarks>
/// CDKTF's <c>Fn.rawString</c> is not used: it escapes for HCL (it also rewrites quotes and newlines as backslash
/// sequences, which the JSON output then keeps literally) and leaves <c>%{</c> directives alone.
/// Terraform's template syntax: <c>$${</c> is a literal <c>${</c> and <c>%%{</c> a literal <c>%{</c>; no other
/// sequence is special (https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences).
/// </remarks>
internal static class TerraformText
{
    /// <summary>
    /// The marker CDKTF puts in a string to stand for a token (<c>${TfToken[TOKEN.12]}</c>); a literal that contains
    /// it would be replaced by another construct's value at synthesis, escaped or not, so validation refuses it.
    /// </summary>
    public const string CdktfTokenMarker = "${TfToken[";

    /// <summary>The Terraform string whose value is <paramref name="text"/>, byte for byte.</summary>
    public static string Literal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains('{', StringComparison.Ordinal))
        {
            return text;
        }

        return text.Replace("${", "$${", StringComparison.Ordinal).Replace("%{", "%%{", StringComparison.Ordinal);
    }

    /// <summary><see cref="Literal"/> for an optional value: null stays null (the attribute is left out).</summary>
    public static string? LiteralOrNull(string? text) => text is null ? null : Literal(text);

    /// <summary>
    /// A quoted HCL string literal (<c>"..."</c>) for text placed inside an expression, such as an object in
    /// <c>jsonencode({ catalog = "..." })</c>: backslash, quote and the control characters get HCL's backslash escapes,
    /// and template sequences are escaped as in <see cref="Literal"/>.
    /// </summary>
    public static string Quoted(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new System.Text.StringBuilder(text.Length + 2).Append('"');
        foreach (var c in Literal(text))
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '"' => builder.Append("\\\""),
                '\n' => builder.Append(@"\n"),
                '\r' => builder.Append(@"\r"),
                '\t' => builder.Append(@"\t"),
                _ when char.IsControl(c) => builder.Append(System.FormattableString.Invariant($@"\u{(int)c:X4}")),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }

    /// <summary>True when the text holds a CDKTF token marker, which no escaping can keep literal.</summary>
    public static bool HasTokenMarker(string text) => text.Contains(CdktfTokenMarker, StringComparison.Ordinal);
}
