using CdkInfra.Emulator.Provider;

namespace CdkInfra.Emulator.Tests;

/// <summary>
/// The call counts are written to calls.json by a timer while Terraform's calls arrive on other threads. Copying a
/// ConcurrentDictionary through its ICollection interface (what LINQ's ordering does) throws when a key is added
/// between the count and the copy; the emulator crashed that way mid-plan ("Plugin did not respond").
/// </summary>
public sealed class CallCounterTests
{
    [Test]
    public void Counts_are_written_while_new_kinds_of_call_arrive()
    {
        var counter = new CallCounter();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 5000; i++)
            {
                counter.Count($"Method{w}_{i}");
            }
        })).ToArray();
        var written = 0;
        while (!Task.WhenAll(writers).IsCompleted)
        {
            Assert.That(counter.ToJson(), Does.StartWith("{").And.EndWith("}"));
            written++;
        }

        Task.WaitAll(writers);
        Assert.That(counter.ToJson().Split(',').Length, Is.EqualTo(4 * 5000), $"after {written} writes beside the counting");
    }

    [Test]
    public void Counts_are_written_in_order_of_the_call_name()
    {
        var counter = new CallCounter();
        counter.Count("ReadResource");
        counter.Count("ApplyResourceChange");
        counter.Count("ReadResource");
        Assert.That(counter.ToJson(), Is.EqualTo("""{"ApplyResourceChange":1,"ReadResource":2}"""));
    }
}
