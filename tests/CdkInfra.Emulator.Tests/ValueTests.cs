using CdkInfra.Emulator.Schema;
using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Tests;

/// <summary>Values on the wire (Terraform's object-wire-format.md): msgpack in and out, unknowns echoed byte for byte.</summary>
public sealed class ValueTests
{
    [Test]
    public void An_object_with_every_kind_of_value_round_trips()
    {
        var value = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["s"] = "text",
            ["n"] = 42L,
            ["f"] = 1.5,
            ["b"] = true,
            ["null"] = null,
            ["list"] = new List<object?> { "a", "b" },
            ["map"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["k"] = "v" },
        };
        var back = Value.FromMsgpack(Value.ToMsgpack(value));
        Assert.That(Value.Same(back, value), Is.True);
    }

    [Test]
    public void An_unknown_with_refinements_is_echoed_unchanged()
    {
        // fixext1 type 12 (a refined unknown, e.g. "not null") as Terraform sends it, inside a one-key map.
        byte[] refined = [0xd4, 0x0c, 0x01];
        byte[] wire = [0x81, 0xa1, (byte)'x', .. refined];
        var value = (Dictionary<string, object?>)Value.FromMsgpack(wire)!;
        Assert.Multiple(() =>
        {
            Assert.That(value["x"], Is.InstanceOf<Unknown>());
            Assert.That(Value.ToMsgpack(value), Is.EqualTo(wire));
        });
    }

    [Test]
    public void Completing_an_object_adds_nulls_and_empty_blocks_and_drops_unknown_attributes()
    {
        var schema = ProviderSchema.Load();
        var grants = schema.Resources["databricks_grants"].Complete(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["catalog"] = "main",
            ["not_an_attribute"] = "x",
        });
        Assert.Multiple(() =>
        {
            Assert.That(grants, Does.Not.ContainKey("not_an_attribute"));
            Assert.That(grants["schema"], Is.Null);
            Assert.That(grants["grant"], Is.EqualTo(new List<object?>()));
        });
    }
}
