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
public static class TerraformText
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

    /// <summary>True when the text holds a CDKTF token marker, which no escaping can keep literal.</summary>
    public static bool HasTokenMarker(string text) => text.Contains(CdktfTokenMarker, StringComparison.Ordinal);
}
