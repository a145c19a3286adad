namespace ZooForge.Cli.Rendering;

/// <summary>
/// An <see cref="IProgress{T}"/> that reports on the calling thread at once. <see cref="Progress{T}"/>
/// posts to a synchronization context instead, which would let lines arrive after the work
/// they describe, or out of order.
/// </summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
