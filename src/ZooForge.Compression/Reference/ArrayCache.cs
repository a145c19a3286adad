namespace ZooForge.Compression.Reference;

/// <summary>
/// Per-thread free lists of arrays by exact length, for the references' streaming execution
/// (one image's intermediate tensors recycled for the next image instead of fresh large-object
/// allocations). Rented arrays hold stale values: callers overwrite every element.
/// </summary>
internal static class ArrayCache<T>
{
    [ThreadStatic] private static Dictionary<int, Stack<T[]>>? _free;

    public static T[] Rent(int length)
    {
        var free = _free ??= [];
        return free.TryGetValue(length, out var stack) && stack.TryPop(out var array) ? array : new T[length];
    }

    public static void Return(T[] array)
    {
        var free = _free ??= [];
        if (!free.TryGetValue(array.Length, out var stack)) free[array.Length] = stack = new Stack<T[]>();
        if (stack.Count < 16) stack.Push(array);
    }
}
