using Amazon.JSII.Runtime.Deputy;
using HashiCorp.Cdktf;

namespace CdkInfra.Terraform;

/// <summary>Expressions the library builds, handed out as CDKTF tokens: opaque text that resolves when the stack is synthesized.</summary>
internal static class Tokens
{
    /// <summary>A string token that resolves to <paramref name="expression"/>.</summary>
    public static string Of(string expression) => Lazy.StringValue(new Producer(expression));

    private sealed class Producer(string expression) : DeputyBase, IStringProducer
    {
        public string? Produce(IResolveContext context) => expression;
    }
}
