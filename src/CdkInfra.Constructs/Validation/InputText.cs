using CdkInfra.Terraform;

namespace CdkInfra.Validation;

/// <summary>The rules every piece of input text follows (settings values and keys, roster fields).</summary>
public static class InputText
{
    /// <summary>
    /// What is wrong with <paramref name="text"/>, or null. Control characters (a newline in a display name or tag)
    /// are refused here, where the message can name the entry, rather than by Databricks during an apply. CDKTF's
    /// token marker is refused because synthesis would replace it with another construct's value. Template sequences
    /// (<c>${</c>, <c>%{</c>) are accepted: the constructs write input as literals (<see cref="TerraformText"/>).
    /// </summary>
    public static string? Problem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return $"contains the control character U+{(int)c:X4}; input text is a single line of printable characters";
            }
        }

        return TerraformText.HasTokenMarker(text)
            ? $"contains '{TerraformText.CdktfTokenMarker}', which CDKTF reserves for its own references"
            : null;
    }
}
