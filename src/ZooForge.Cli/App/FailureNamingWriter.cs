using System.Text;

namespace ZooForge.Cli.App;

/// <summary>
/// Passes text on to another writer; when that write fails (a full disk behind a redirected
/// standard output) the error names the stream, so the one-line report says what could not be written.
/// </summary>
internal sealed class FailureNamingWriter(TextWriter inner, string name) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => Guard(() => inner.Write(value));

    public override void Write(string? value) => Guard(() => inner.Write(value));

    public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));

    public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));

    public override void Flush() => Guard(inner.Flush);

    private void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (IOException e)
        {
            throw new IOException($"cannot write {name}: {e.Message}", e);
        }
    }
}
